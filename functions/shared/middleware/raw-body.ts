import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { PayloadTooLargeError } from '../errors';

const bodies = new WeakMap<object, Buffer>();

/** The body exactly as the caller sent it (bytes), for routes that verify a signature over it. */
export function rawBodyOf(event: APIGatewayProxyEvent): Buffer | undefined {
  return bodies.get(event);
}

/**
 * For webhooks: keeps the body as received, undecoded and unparsed (API Gateway hands it over as a
 * string, base64 when `isBase64Encoded`), with a size limit and no media-type rule.
 */
export function rawBody(maxBytes: number): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    before: async ({ event }) => {
      if (event.body === null || event.body === undefined || event.body === '') return;
      const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
      if (raw.byteLength > maxBytes) throw new PayloadTooLargeError(maxBytes);
      bodies.set(event, raw);
    },
  };
}

/** What `httpRoute`'s `rawBody` option takes: the middleware that keeps the body, and how to read it back. */
export interface RawBodyOption {
  middleware: middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>;
  read: (event: APIGatewayProxyEvent) => Buffer | undefined;
}

/**
 * `httpRoute(…, { rawBody: keepRawBody(maxBytes) })`: the route imports this module itself, so the
 * routes that parse JSON do not bundle it.
 */
export function keepRawBody(maxBytes: number): RawBodyOption {
  return { middleware: rawBody(maxBytes), read: rawBodyOf };
}
