import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { corsConfig } from '../config';
import { EXPOSED_HEADERS, headerOf } from '../http/headers';

/**
 * CORS for the web app: an allowed Origin is echoed back (never `*`), on success and error answers
 * alike, so the browser lets the app read our error envelope. Preflights are answered by API Gateway
 * (locally, by the local gateway) from the same allow-list.
 */
const exposed = EXPOSED_HEADERS.join(',');
type Headers = NonNullable<APIGatewayProxyResult['headers']>;
const refused: Readonly<Headers> = Object.freeze({ vary: 'origin' });

/**
 * The headers an origin gets, built once per allowed origin (the allow-list bounds the cache); any other
 * origin shares `refused`. Keyed by the list read, so a test that changes the list gets fresh headers.
 */
let cache: { origins: readonly string[]; byOrigin: Map<string, Readonly<Headers>> } | undefined;
function corsHeaders(origin: string | undefined): Readonly<Headers> {
  const { origins } = corsConfig();
  if (cache?.origins !== origins) cache = { origins, byOrigin: new Map() };
  if (origin === undefined) return refused;
  let headers = cache.byOrigin.get(origin);
  if (headers === undefined) {
    if (!origins.includes(origin)) return refused;
    headers = Object.freeze({ vary: 'origin', 'access-control-allow-origin': origin, 'access-control-expose-headers': exposed });
    cache.byOrigin.set(origin, headers);
  }
  return headers;
}

export function cors(): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  // Synchronous hooks: Middy awaits whatever they return, and an async one costs a promise per request.
  const apply = (request: middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult>): undefined => {
    if (!request.response) return;
    const origin = request.event.headers?.origin ?? headerOf(request.event, 'origin');
    // A copy, not the handler's own object (it may be shared); Object.assign, not a spread: a spread
    // of these headers plus three more costs several µs in V8, Object.assign a fraction of one.
    request.response.headers = Object.assign({}, request.response.headers, corsHeaders(origin));
  };
  return { after: apply, onError: apply };
}
