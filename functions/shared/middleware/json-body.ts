import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';
import { headerOf } from '../http/headers';

const bodies = new WeakMap<object, unknown>();

/** The parsed JSON body of an event (undefined when there was none). */
export function parsedBody(event: APIGatewayProxyEvent): unknown {
  return bodies.get(event);
}

/** Size limit first (before any work on the body), then media type, then JSON syntax. */
export function jsonBody(maxBytes: number): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    // Synchronous: Middy awaits whatever it returns, and an async hook costs a promise per request.
    before: ({ event }): undefined => {
      if (event.body === null || event.body === undefined || event.body === '') return;
      const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
      if (raw.byteLength > maxBytes) throw new PayloadTooLargeError(maxBytes);
      const type = headerOf(event, 'content-type')?.split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/json' && !type?.endsWith('+json')) throw new UnsupportedMediaTypeError();
      try {
        bodies.set(event, JSON.parse(raw.toString('utf8')));
      } catch {
        throw new ValidationError('The request body is not valid JSON.', undefined, 'INVALID_JSON');
      }
    },
  };
}
