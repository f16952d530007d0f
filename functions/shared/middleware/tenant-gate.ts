/**
 * The one place a TenantContext is made: who may act in the path's salon, with which role.
 *
 * Reads trust the authorizer's decision (DynamoDB, cached by API Gateway for its TTL): a demotion or
 * removal reaches reads within that bound. Writes never do: each write is decided again from DynamoDB
 * here (one consistent BatchGet) and then proves the role and the salon's state again inside its own
 * transaction (repositories/write-guard.ts). A refusal is never trusted from the cache either, so a
 * join, an upgrade or an un-suspension takes effect at once.
 *
 * Every member's request then spends one request of the salon's rate budget (repositories/request-rate.ts),
 * before any refusal and before the handler: 429 RATE_LIMITED once the plan's rate is spent.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { type TenantAccess, resolveTenantAccess } from '../auth/tenant-access';
import { tenantDbForAccessCheck, tenantRateClient } from '../db/tenant-client';
import { planLimitError } from '../domain/plan-limits';
import { PLANS, rateLimitFor } from '../domain/plans';
import { accessFor, isRole } from '../domain/rbac';
import { SUBSCRIPTION_STATUSES, isSuspended } from '../domain/subscription';
import type { TenantContext } from '../domain/tenant-context';
import { type AppError, ForbiddenError, NotFoundError } from '../errors';
import { tenantRateConfig } from '../config';
import { requestMetaOf } from '../http/request-meta';
import { type RateState, spendRequest } from '../repositories/request-rate';
import { type Caller, type TenantRouteDef, isRecord } from './http-route';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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

/*
 * The authorizer context is written by our own authorizer, so it is read with plain checks rather than
 * zod schemas. Anything else than a member's decision for this very tenant is undefined: decide again.
 */
function cachedDecisionOf(context: unknown, tenantId: string): TenantAccess | undefined {
  if (!isRecord(context) || context.tenantId !== tenantId) return undefined;
  const { role, plan, subscriptionStatus } = context;
  const apiCalls = countOf(context.apiCalls);
  const maxApiCalls = countOf(context.maxApiCalls);
  const perMinute = countOf(context.requestsPerMinute);
  const perSecond = countOf(context.requestsPerSecond);
  if (
    !isRole(role) ||
    !isOneOf(PLANS, plan) ||
    !isOneOf(SUBSCRIPTION_STATUSES, subscriptionStatus) ||
    Number.isNaN(apiCalls) ||
    Number.isNaN(maxApiCalls) ||
    Number.isNaN(perMinute) ||
    Number.isNaN(perSecond)
  ) {
    return undefined;
  }
  const rateOverride = { ...(perMinute ? { perMinute } : {}), ...(perSecond ? { perSecond } : {}) };
  return { role, plan, subscriptionStatus, apiCalls: apiCalls ?? 0, maxApiCalls: maxApiCalls ?? -1, rateOverride };
}

/** Why this decision does not let the caller run this route, or undefined when it does. */
function refusalOf(route: TenantRouteDef, method: string, access: TenantAccess): AppError | undefined {
  const { role, plan, subscriptionStatus, apiCalls, maxApiCalls } = access;
  const permission = route.permission;
  if (accessFor(role, permission) === 'none') {
    return new ForbiddenError(`Your role (${role}) does not grant ${permission}.`, { permission, role });
  }
  const billing = permission.startsWith('billing:');
  if (isSuspended(subscriptionStatus) && !READ_METHODS.has(method) && !billing) {
    return new ForbiddenError(
      'This salon is suspended until its subscription is paid; reading and billing still work.',
      { subscriptionStatus },
      'TENANT_SUSPENDED',
    );
  }
  // Metered from access logs and read by the authorizer (so up to its cache TTL late); billing stays open.
  if (maxApiCalls >= 0 && apiCalls >= maxApiCalls && !billing) return planLimitError(plan, 'maxApiCalls', maxApiCalls, apiCalls);
  return undefined;
}

export { requestMetaOf };

function contextOf(
  route: TenantRouteDef,
  tenantId: string,
  caller: Caller,
  access: TenantAccess,
  event: APIGatewayProxyEvent,
): TenantContext {
  const { role, plan, subscriptionStatus } = access;
  const permission = route.permission;
  const grant = accessFor(role, permission) === 'own' ? 'own' : 'all';
  const request = requestMetaOf(event, access.email);
  return { tenantId, userId: caller.userId, role, plan, subscriptionStatus, permission, access: grant, request } as TenantContext;
}

/** Decides from DynamoDB now, with the path tenant's credentials; not a member (or no such salon) is 404. */
export async function freshAccess(tenantId: string, userId: string): Promise<TenantAccess | undefined> {
  return resolveTenantAccess(tenantId, userId, { db: tenantDbForAccessCheck(tenantId) });
}

const rateStates = new WeakMap<APIGatewayProxyEvent, RateState>();

/** What the gate spent of the salon's request budget for this request (for the RateLimit headers). */
export function rateStateOf(event: APIGatewayProxyEvent): RateState | undefined {
  return rateStates.get(event);
}

export async function tenantContextOf(
  route: TenantRouteDef,
  event: APIGatewayProxyEvent,
  caller: Caller,
): Promise<TenantContext> {
  const tenantId = event.pathParameters?.tenantId;
  if (typeof tenantId !== 'string') throw new NotFoundError();
  const method = event.httpMethod;
  let access: TenantAccess | undefined;
  if (READ_METHODS.has(method)) {
    const cached = cachedDecisionOf(event.requestContext?.authorizer, tenantId);
    if (cached && !refusalOf(route, method, cached)) access = cached;
  }
  access ??= await freshAccess(tenantId, caller.userId);
  if (!access) throw new NotFoundError();
  // Only members spend a salon's budget: anyone's token could otherwise exhaust another salon's.
  const limit = rateLimitFor(access.plan, access.rateOverride, tenantRateConfig().factor);
  rateStates.set(event, await spendRequest(tenantRateClient(tenantId), tenantId, limit));
  const refusal = refusalOf(route, method, access);
  if (refusal) throw refusal;
  return contextOf(route, tenantId, caller, access, event);
}
