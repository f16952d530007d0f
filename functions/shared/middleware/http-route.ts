/**
 * The edge every HTTP handler shares: observability, JSON body with a size limit (or, for webhooks that
 * verify a signature, the raw body), zod validation of path, query and body, caller identity from the authorizer, and one error contract. A handler is then
 * only "call the domain, map the result".
 */
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { issueDetails } from '../validation';
import { planLimitError } from '../domain/plan-limits';
import type { RouteDef } from '../../routes';
import { httpConfig } from '../config';
import { type Permission, accessFor, isRole } from '../domain/rbac';
import { PLANS, type Plan } from '../domain/plans';
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus, isSuspended } from '../domain/subscription';
import type { TenantContext } from '../domain/tenant-context';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../errors';
import { cors } from './cors';
import { errorHandler } from './error-handler';
import { jsonBody, parsedBody } from './json-body';
import { observability, requestIdOf } from './observability';
import type { RawBodyOption } from './raw-body';

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
   * Webhooks that verify a signature over the exact bytes, with `keepRawBody(maxBytes)` from
   * `./raw-body`: the body is kept raw (up to `maxBytes`), neither parsed nor checked for a media type;
   * `schemas.body` must then be absent.
   */
  rawBody?: RawBodyOption;
}

type CallerFor<R extends RouteDef> = R['auth'] extends 'public' ? undefined : Caller;
type TenantFor<R extends RouteDef> = R['auth'] extends 'tenant' ? TenantContext : undefined;

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/*
 * The authorizer context is written by our own authorizer, so it is read with plain checks rather than
 * zod schemas: routes without a schema of their own (health, plans, most reads) then bundle no validator.
 */
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isOneOf = <T extends string>(values: ReadonlyArray<T>, value: unknown): value is T =>
  (values as ReadonlyArray<unknown>).includes(value);

/** A count from the context (API Gateway hands values over as strings): absent, a finite number, or NaN. */
function countOf(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  try {
    const n = Number(value);
    return Number.isFinite(n) ? n : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

interface TenantDecision {
  tenantId: string;
  role: TenantContext['role'];
  plan: Plan;
  subscriptionStatus: SubscriptionStatus;
  apiCalls: number | undefined;
  maxApiCalls: number | undefined;
}

function tenantDecisionOf(context: unknown): TenantDecision | undefined {
  if (!isRecord(context)) return undefined;
  const { tenantId, role, plan, subscriptionStatus } = context;
  const apiCalls = countOf(context.apiCalls);
  const maxApiCalls = countOf(context.maxApiCalls);
  if (
    typeof tenantId !== 'string' ||
    !isRole(role) ||
    !isOneOf(PLANS, plan) ||
    !isOneOf(SUBSCRIPTION_STATUSES, subscriptionStatus) ||
    Number.isNaN(apiCalls) ||
    Number.isNaN(maxApiCalls)
  ) {
    return undefined;
  }
  return { tenantId, role, plan, subscriptionStatus, apiCalls, maxApiCalls };
}

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
  const decision = tenantDecisionOf(event.requestContext?.authorizer);
  // A decision made for another tenant (or none) never serves this path.
  if (!decision || decision.tenantId !== event.pathParameters?.tenantId) throw new NotFoundError();
  const { tenantId, role, plan, subscriptionStatus, apiCalls = 0, maxApiCalls = -1 } = decision;
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
  const context = event.requestContext?.authorizer;
  if (!isRecord(context)) throw new UnauthorizedError();
  const { userId, username } = context;
  if (typeof userId !== 'string' || userId.length === 0 || typeof username !== 'string') throw new UnauthorizedError();
  return { userId, username };
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
    .use(options.rawBody ? options.rawBody.middleware : jsonBody(httpConfig().maxBodyBytes))
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
        rawBody: options.rawBody?.read(event),
      } as RouteInput<S, CallerFor<R>, TenantFor<R>>;
      return fn(input);
    });
}
