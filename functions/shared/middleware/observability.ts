import { LogLevelThreshold } from '@aws-lambda-powertools/logger';
import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { PlanLimitError, RateLimitError } from '../errors';
import { logger } from '../logger';
import { BUSINESS_METRICS, recordEvent, recordRequest } from '../metrics';

/** API Gateway's request id: the one clients see in error bodies and ops find in access logs. */
export function requestIdOf(event: Partial<APIGatewayProxyEvent> | undefined, context: Partial<Context>): string {
  return event?.requestContext?.requestId ?? context.awsRequestId ?? 'unknown';
}

type Timing = {
  startedAt?: number;
};

/**
 * Tags every log line of the invocation with request id (and tenant id when the path has one), and
 * writes one access line and one metrics line (count, latency, 4xx, 5xx per route; metrics.ts) per
 * request, plus the limit refusals it answered. Never logs the event: it holds tokens.
 */
export function observability(
  routeId: string,
): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context, Timing> {
  const done = (request: middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context, Timing>) => {
    const started = Number(request.internal.startedAt ?? performance.now());
    const status = request.response?.statusCode ?? 500;
    const durationMs = Math.round(performance.now() - started);
    const threshold = status >= 500 ? LogLevelThreshold.ERROR : LogLevelThreshold.INFO;
    if (logger.writes(threshold)) {
      logger[status >= 500 ? 'error' : 'info']('request', {
        route: routeId,
        method: request.event.httpMethod,
        status,
        durationMs,
      });
    }
    logger.clearRequestKeys();
    const tenantId = request.event.pathParameters?.tenantId;
    const requestId = requestIdOf(request.event, request.context);
    recordRequest({ route: routeId, status, latencyMs: durationMs, tenantId, requestId });
    const { error } = request;
    if (error instanceof RateLimitError) recordEvent(BUSINESS_METRICS.rateLimitRefusal, { route: routeId, tenantId });
    if (error instanceof PlanLimitError) {
      const limitName = (error.details as { limitName?: string } | undefined)?.limitName;
      recordEvent(BUSINESS_METRICS.planLimitRefusal, { route: routeId, tenantId, limitName });
    }
  };
  // Synchronous hooks: Middy awaits whatever they return, and an async one costs a promise per request.
  return {
    before: (request): undefined => {
      // Per request, not per closure: the local gateway runs concurrent requests in one process.
      request.internal.startedAt = performance.now();
      const tenantId = request.event.pathParameters?.tenantId;
      const requestId = requestIdOf(request.event, request.context);
      logger.setRequestKeys(tenantId ? { requestId, tenantId } : { requestId });
    },
    after: (request): undefined => {
      done(request);
    },
    onError: (request): undefined => {
      // Runs after the error handler has set the response (Middy runs onError in reverse order).
      if (request.response) done(request);
    },
  };
}
