/** The typed API client (types generated from docs/openapi.json into ./api/schema.d.ts). */
import createClient, { type Middleware } from 'openapi-fetch';
import type { operations, paths } from '../api/schema';

export type Api = ReturnType<typeof createClient<paths>>;

/** The API's one error envelope. */
export interface ApiError {
  error: { code: string; message: string; details?: unknown };
  requestId: string;
}

export function apiClient(baseUrl: string, token?: () => Promise<string | undefined>, onUnauthorized?: () => void): Api {
  const client = createClient<paths>({ baseUrl });
  const auth: Middleware = {
    async onRequest({ request }) {
      const value = token ? await token() : undefined;
      if (value) request.headers.set('Authorization', `Bearer ${value}`);
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401 && onUnauthorized) onUnauthorized();
      return response;
    },
  };
  client.use(auth);
  return client;
}

export function errorCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'error' in error) {
    const inner = (error as ApiError).error;
    return typeof inner?.code === 'string' ? inner.code : undefined;
  }
  return undefined;
}

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
/** The JSON body an operation answers on success (200 or 201), by its operationId. */
export type Answer<Op extends keyof operations> = operations[Op]['responses'] extends infer R
  ? R extends { 200: infer Ok }
    ? Json<Ok>
    : R extends { 201: infer Created }
      ? Json<Created>
      : never
  : never;
