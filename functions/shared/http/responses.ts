import type { APIGatewayProxyResult } from 'aws-lambda';

/** Headers every API answer carries: JSON, never cached by intermediaries, never sniffed. */
export const baseHeaders: Readonly<Record<string, string>> = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function json(statusCode: number, body: unknown, headers?: Record<string, string>): APIGatewayProxyResult {
  // Object.assign, not a spread: V8's spread of these hyphenated keys plus more costs µs per answer.
  return { statusCode, headers: Object.assign({}, baseHeaders, headers), body: JSON.stringify(body) };
}

export const ok = (body: unknown) => json(200, body);
export const created = (body: unknown) => json(201, body);
export const noContent = (): APIGatewayProxyResult => ({ statusCode: 204, headers: Object.assign({}, baseHeaders), body: '' });

/**
 * An HTML page (the unsubscribe link opened in a browser): nothing but inline style, forms only back to
 * this API, never framed, and no Referer, since the page's URL holds a token.
 */
export function htmlPage(statusCode: number, body: string): APIGatewayProxyResult {
  return {
    statusCode,
    headers: {
      ...baseHeaders,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      'referrer-policy': 'no-referrer',
    },
    body,
  };
}

/** Whether the caller asked for HTML over JSON (a browser's form post or navigation). */
export function wantsHtml(accept: string | undefined, byDefault: boolean): boolean {
  const a = (accept ?? '').toLowerCase();
  if (a.includes('text/html')) return true;
  if (a.includes('application/json')) return false;
  return byDefault;
}
