import type { APIGatewayProxyEvent } from 'aws-lambda';

/** A request header by case-insensitive name (API Gateway keeps the caller's casing). */
export function headerOf(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value ?? undefined;
  }
  return undefined;
}
