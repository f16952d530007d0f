/**
 * The edge every HTTP handler shares: observability, JSON body with a size limit (or, for webhooks that
 * verify a signature, the raw body), zod validation of path, query and body, caller identity from the authorizer, and one error contract. A handler is then
 * only "call the domain, map the result".
 */
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { issueDetails } from '../validation';
import { planLimitError } from '../domain/plan-limits';
import type { RouteDef } from '../../routes';
import { httpConfig } from '../config';
import { type Permission, ROLES, accessFor } from '../domain/rbac';
import { PLANS } from '../domain/plans';
import { SUBSCRIPTION_STATUSES, isSuspended } from '../domain/subscription';
import type { TenantContext } from '../domain/tenant-context';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../errors';
import { cors } from './cors';
import { errorHandler } from './error-handler';
import { jsonBody, parsedBody } from './json-body';
import { observability, requestIdOf } from './observability';
import { rawBody, rawBodyOf } from './raw-body';

/** Who is calling, as established by the authorizer (never read from the body or headers). */
export interface Caller {
  userId: string;
  username: string;
}

interface Schemas {
  params?: z.ZodMiniType;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
}

type Out<S, K extends keyof Schemas> = S extends Record<K, infer T extends z.ZodMiniType> ? z.infer<T> : undefined;

export interface RouteInput<S extends Schemas, A, T> {
  params: Out<S, 'params'>;
  query: Out<S, 'query'>;
  body: Out<S, 'body'>;
  caller: A;
  tenant: T;
  requestId: string;
  event: APIGatewayProxyEvent;
  /** The body's bytes as sent, only with the `rawBody` option (then `body` is never parsed). */
  rawBody: Buffer | undefined;
}

export interface RouteOptions {
  /**
   * Webhooks that verify a signature over the exact bytes: the body is kept raw (up to `maxBytes`),
   * neither parsed nor checked for a media type; `schemas.body` must then be absent.
   */
  rawBody?: { maxBytes: number };
}

type CallerFor<R extends RouteDef> = R['auth'] extends 'public' ? undefined : Caller;
type TenantFor<R extends RouteDef> = R['auth'] extends 'tenant' ? TenantContext : undefined;

const AuthorizerContext = z.object({ userId: z.string().check(z.minLength(1)), username: z.string() });
const TenantAuthorizerContext = z.object({
  tenantId: z.string(),
  role: z.enum(ROLES),
  plan: z.enum(PLANS),
  subscriptionStatus: z.enum(SUBSCRIPTION_STATUSES),
  // API Gateway hands context values to the handler as strings.
  apiCalls: z.optional(z.coerce.number()),
  maxApiCalls: z.optional(z.coerce.number()),
});
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function parse(schema: z.ZodMiniType | undefined, value: unknown, where: 'path' | 'query' | 'body'): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(`The request ${where} is invalid.`, issueDetails(result.error.issues, where));
}

/**
 * The one place a TenantContext is made: from what the authorizer read in DynamoDB, for the tenant in
 * the path, after the route's permission and the tenant's subscription state are checked.
 */
function tenantOf(route: RouteDef, event: APIGatewayProxyEvent, caller: Caller | undefined): TenantContext | undefined {
  if (route.auth !== 'tenant' || !caller) return undefined;
  const parsed = TenantAuthorizerContext.safeParse(event.requestContext?.authorizer);
  // A decision made for another tenant (or none) never serves this path.
  if (!parsed.success || parsed.data.tenantId !== event.pathParameters?.tenantId) throw new NotFoundError();
  const { tenantId, role, plan, subscriptionStatus, apiCalls = 0, maxApiCalls = -1 } = parsed.data;
  const permission: Permission = route.permission;
  const access = accessFor(role, permission);
  if (access === 'none') {
    throw new ForbiddenError(`Your role (${role}) does not grant ${permission}.`, { permission, role });
  }
  if (isSuspended(subscriptionStatus) && !READ_METHODS.has(event.httpMethod) && !permission.startsWith('billing:')) {
    throw new ForbiddenError(
      'This salon is suspended until its subscription is paid; reading and billing still work.',
      { subscriptionStatus },
      'TENANT_SUSPENDED',
    );
  }
  // Metered from access logs and read by the authorizer (so up to its cache TTL late); billing stays open.
  if (maxApiCalls >= 0 && apiCalls >= maxApiCalls && !permission.startsWith('billing:')) {
    throw planLimitError(plan, 'maxApiCalls', maxApiCalls, apiCalls);
  }
  return { tenantId, userId: caller.userId, role, plan, subscriptionStatus, access } as TenantContext;
}

function callerOf(route: RouteDef, event: APIGatewayProxyEvent): Caller | undefined {
  if (route.auth === 'public') return undefined;
  // Defence in depth: a misconfigured route without the authorizer must not run as anonymous.
  const parsed = AuthorizerContext.safeParse(event.requestContext?.authorizer);
  if (!parsed.success) throw new UnauthorizedError();
  return parsed.data;
}

export function httpRoute<R extends RouteDef, S extends Schemas>(
  routeId: string,
  route: R,
  schemas: S,
  fn: (input: RouteInput<S, CallerFor<R>, TenantFor<R>>) => Promise<APIGatewayProxyResult>,
  options: RouteOptions = {},
) {
  if (options.rawBody && schemas.body) throw new Error(`${routeId}: a raw-body route cannot have a body schema`);
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use(observability(routeId))
    .use(cors())
    .use(options.rawBody ? rawBody(options.rawBody.maxBytes) : jsonBody(httpConfig().maxBodyBytes))
    .use(errorHandler())
    .handler(async (event, context) => {
      const caller = callerOf(route, event);
      const input = {
        caller,
        tenant: tenantOf(route, event, caller),
        params: parse(schemas.params, event.pathParameters ?? {}, 'path'),
        query: parse(schemas.query, event.queryStringParameters ?? {}, 'query'),
        body: parse(schemas.body, parsedBody(event), 'body'),
        requestId: requestIdOf(event, context),
        event,
        rawBody: options.rawBody ? rawBodyOf(event) : undefined,
      } as RouteInput<S, CallerFor<R>, TenantFor<R>>;
      return fn(input);
    });
}
