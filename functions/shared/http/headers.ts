import type { APIGatewayProxyEvent } from 'aws-lambda';

/** A request header by case-insensitive name (API Gateway keeps the caller's casing). */
export function headerOf(event: Pick<APIGatewayProxyEvent, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value ?? undefined;
  }
  return undefined;
}

/**
 * Answer headers a browser app may read (CORS hides all but a few by default): the request id to quote,
 * whether an Idempotency-Key replayed, and when to retry. Handler answers, the local gateway's own and
 * API Gateway's gateway responses all expose them.
 */
export const EXPOSED_HEADERS = ['x-amzn-requestid', 'idempotent-replayed', 'retry-after'] as const;
