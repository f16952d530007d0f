import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { AppError, RateLimitError, toErrorBody } from '../errors';
import { json } from '../http/responses';
import { logger } from '../logger';
import { requestIdOf } from './observability';

/**
 * The only place an error becomes an HTTP answer: typed errors keep their status (and their `Retry-After`:
 * every 429, 503 and 409 IDEMPOTENCY_KEY_IN_PROGRESS carries one), others are a bare 500.
 */
/** For a 429 or 503 whose error class names no wait of its own. */
const retryAfterByStatus: Readonly<Record<number, number>> = { 429: 60, 503: 30 };

export function errorHandler(): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    onError: async (request) => {
      const { error } = request;
      const { status, body } = toErrorBody(error, requestIdOf(request.event, request.context));
      if (!(error instanceof AppError)) {
        logger.error('unhandled error', error instanceof Error ? error : String(error));
      }
      const retryAfter = error instanceof AppError ? (error.retryAfterSeconds ?? retryAfterByStatus[status]) : undefined;
      request.response = json(status, body, {
        ...(error instanceof RateLimitError ? error.headers : undefined),
        ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }),
      });
    },
  };
}
