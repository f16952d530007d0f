/**
 * The edge of tenant routes: the shared HTTP edge plus the tenant gate, which makes the request's
 * TenantContext (middleware/tenant-gate.ts). Only tenant routes bundle the gate. Each request's
 * DynamoDB capacity is measured and reported for the salon's cost (metering/capacity.ts).
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { measured, meterWork } from '../metering/capacity';
import { type RouteInput, type RouteOptions, type TenantRouteDef, httpEdge } from './http-route';
import { rateLimitHeaders } from '../repositories/request-rate';
import { rateStateOf, tenantContextOf } from './tenant-gate';
import type { Caller } from './http-route';
import type { TenantContext } from '../domain/tenant-context';

type EdgeSchemas = Parameters<typeof httpEdge>[1];

export function httpRoute<R extends TenantRouteDef, S extends EdgeSchemas>(
  route: R,
  schemas: S,
  fn: (input: RouteInput<S, Caller, TenantContext>) => Promise<APIGatewayProxyResult>,
  options: RouteOptions = {},
) {
  // The gate has spent the request by the time `fn` runs: its answer tells what is left.
  const withRateHeaders = async (input: RouteInput<S, Caller, TenantContext>) => {
    const result = await fn(input);
    const state = rateStateOf(input.event);
    return state ? { ...result, headers: { ...result.headers, ...rateLimitHeaders(state) } } : result;
  };
  const edge = httpEdge(route, schemas, withRateHeaders as Parameters<typeof httpEdge<R, S>>[2], options, tenantContextOf);
  return (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> =>
    measured(
      () => edge(event, context),
      (tally) => meterWork(event.pathParameters?.tenantId, tally, 'api'),
    );
}
