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

export function cors(): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  // Synchronous hooks: Middy awaits whatever they return, and an async one costs a promise per request.
  const apply = (request: middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult>): undefined => {
    if (!request.response) return;
    const origin = request.event.headers?.origin ?? headerOf(request.event, 'origin');
    const headers: Record<string, string | number | boolean> = { ...request.response.headers, vary: 'origin' };
    if (origin && corsConfig().origins.includes(origin)) {
      headers['access-control-allow-origin'] = origin;
      headers['access-control-expose-headers'] = exposed;
    }
    request.response.headers = headers;
  };
  return { after: apply, onError: apply };
}
