import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { AppError, RateLimitError, toErrorBody } from '../errors';
import { json } from '../http/responses';
import { logger } from '../logger';
import { requestIdOf } from './observability';

/** The only place an error becomes an HTTP answer: typed errors keep their status, others are a bare 500. */
export function errorHandler(): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    onError: async (request) => {
      const { error } = request;
      const { status, body } = toErrorBody(error, requestIdOf(request.event, request.context));
      if (!(error instanceof AppError)) {
        logger.error('unhandled error', error instanceof Error ? error : String(error));
      }
      request.response = json(status, body, error instanceof RateLimitError ? rateLimitHeaders(error) : undefined);
    },
  };
}

function rateLimitHeaders(error: RateLimitError): Record<string, string> {
  return {
    ...error.headers,
    ...(error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) }),
  };
}
