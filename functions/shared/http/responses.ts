import type { APIGatewayProxyResult } from 'aws-lambda';

/** Headers every API answer carries: JSON, never cached by intermediaries, never sniffed. */
export const baseHeaders: Readonly<Record<string, string>> = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function json(statusCode: number, body: unknown, headers?: Record<string, string>): APIGatewayProxyResult {
  return { statusCode, headers: { ...baseHeaders, ...headers }, body: JSON.stringify(body) };
}

export const ok = (body: unknown) => json(200, body);
export const created = (body: unknown) => json(201, body);
export const noContent = (): APIGatewayProxyResult => ({ statusCode: 204, headers: { ...baseHeaders }, body: '' });
