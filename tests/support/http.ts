import { inject } from 'vitest';
import { contractViolation } from './contract';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * Calls the running local API; JSON bodies are encoded unless a raw string is given. Every answer is held
 * to docs/openapi.json (./contract.ts): one that breaks the contract fails the test that made the call.
 */
export async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const { apiUrl } = inject('endpoints');
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${apiUrl.replace('localhost', '127.0.0.1')}${path}`, { method, headers, body });
  const text = await res.text();
  // JSON unless the answer says otherwise (the unsubscribe pages are HTML, exports CSV or NDJSON): then the raw text.
  const type = res.headers.get('content-type') ?? '';
  const raw = type !== '' && !type.startsWith('application/json');
  const parsed: unknown = text ? (raw ? text : JSON.parse(text)) : undefined;
  const violation = contractViolation(method, path, res.status, res.headers, parsed);
  if (violation) throw new Error(`Contract (docs/openapi.json): ${violation}\n${text.slice(0, 2000)}`);
  return { status: res.status, headers: res.headers, body: parsed as T };
}
