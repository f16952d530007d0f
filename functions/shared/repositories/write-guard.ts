/**
 * What every tenant write proves inside its own transaction, beside its own conditions: the caller's
 * membership still holds the role the tenant gate decided with, and the salon is neither deleted nor,
 * for writes that suspension blocks, suspended. So a demotion, a removal, a deletion or a suspension
 * committed a millisecond before the write cancels it, whatever the authorizer cached.
 *
 * Cost: two ConditionChecks (2 WCU each in a transaction); a single-item write that becomes a
 * transaction also pays double for its own item (2 WCU instead of 1). Transactions that already touch
 * the salon item merge the salon's condition into that step instead (`salonGuard`).
 */
import { resolveTenantAccess } from '../auth/tenant-access';
import { tableName } from '../db/client';
import { membershipKeys, tenantMetaKey } from '../db/keys';
import { tenantDb } from '../db/tenant-client';
import { type Step, step } from '../db/transact';
import type { LimitName } from '../domain/plans';
import { accessFor } from '../domain/rbac';
import { SUSPENDED_STATUSES, isSuspended } from '../domain/subscription';
import type { TenantContext } from '../domain/tenant-context';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import type { SalonChange } from '../entities/salon';

/** Billing must stay reachable to a suspended salon: that is how it pays its way back. */
const blockedBySuspension = (ctx: TenantContext) => !ctx.permission.startsWith('billing:');

/**
 * Why the caller may no longer make this write, decided from DynamoDB now; undefined when nothing
 * about the caller or the salon changed (the failure was another step's).
 */
export async function authorizationLost(ctx: TenantContext): Promise<Error | undefined> {
  const now = await resolveTenantAccess(ctx.tenantId, ctx.userId, { db: tenantDb(ctx) });
  if (!now) return new NotFoundError();
  if (blockedBySuspension(ctx) && isSuspended(now.subscriptionStatus)) {
    return new ForbiddenError(
      'This salon is suspended until its subscription is paid; reading and billing still work.',
      { subscriptionStatus: now.subscriptionStatus },
      'TENANT_SUSPENDED',
    );
  }
  if (accessFor(now.role, ctx.permission) === 'none') {
    return new ForbiddenError(`Your role (${now.role}) does not grant ${ctx.permission}.`, {
      permission: ctx.permission,
      role: now.role,
    });
  }
  if (now.role !== ctx.role) {
    return new ConflictError(
      'Your role in this salon changed while this request ran; retry.',
      { role: now.role },
      'ROLE_CHANGED',
    );
  }
  return undefined;
}

/** The caller's membership still holds the role the request was authorized with. */
export function callerStep(ctx: TenantContext): Step {
  const { PK, SK } = membershipKeys(ctx.tenantId, ctx.userId);
  return step(
    'caller',
    {
      ConditionCheck: {
        TableName: tableName(),
        Key: { PK, SK },
        ConditionExpression: '#gRole = :gRole',
        ExpressionAttributeNames: { '#gRole': 'role' },
        ExpressionAttributeValues: { ':gRole': ctx.role },
      },
    },
    () => authorizationLost(ctx),
  );
}

export interface ConditionPart {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/** The salon's half of the guard, to AND into a step of the write that already touches the salon item. */
export function salonGuard(ctx: TenantContext): ConditionPart {
  const names: Record<string, string> = { '#gDeletedAt': 'deletedAt' };
  const values: Record<string, unknown> = {};
  let expression = 'attribute_exists(PK) AND attribute_not_exists(#gDeletedAt)';
  if (blockedBySuspension(ctx)) {
    names['#gStatus'] = 'subscriptionStatus';
    const refs = SUSPENDED_STATUSES.map((status, i) => {
      values[`:gSuspended${i}`] = status;
      return `:gSuspended${i}`;
    });
    expression += ` AND NOT (#gStatus IN (${refs.join(', ')}))`;
  }
  return { expression, names, values };
}

/** A ConditionCheck of the salon item alone, for writes that do not otherwise touch it. */
export function salonStep(ctx: TenantContext): Step {
  const guard = salonGuard(ctx);
  return step(
    'salon',
    {
      ConditionCheck: {
        TableName: tableName(),
        Key: tenantMetaKey(ctx.tenantId),
        ConditionExpression: guard.expression,
        ExpressionAttributeNames: guard.names,
        ...(Object.keys(guard.values).length ? { ExpressionAttributeValues: guard.values } : {}),
      },
    },
    () => authorizationLost(ctx),
  );
}

/** Both halves as steps: first in a write's step list, so a lost authorization answers before anything else. */
export function guardSteps(ctx: TenantContext): Step[] {
  return [callerStep(ctx), salonStep(ctx)];
}

/** ANDs the salon's guard into a condition of the write's own step on the salon item. */
export function withSalonGuard(
  ctx: TenantContext,
  own: { expression?: string; names?: Record<string, string>; values?: Record<string, unknown> },
) {
  const guard = salonGuard(ctx);
  const values = { ...own.values, ...guard.values };
  return {
    ConditionExpression: own.expression ? `(${own.expression}) AND ${guard.expression}` : guard.expression,
    ExpressionAttributeNames: { ...own.names, ...guard.names },
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
}

/**
 * The salon's step of a write that relies on one of its limits as read (clients, files): the limit
 * unchanged, with the guard ANDed in. Its failure is a lost authorization, or else the limit moved
 * meanwhile (409: try again).
 */
export function salonLimitStep(ctx: TenantContext, limit: LimitName, value: number): Step {
  return step(
    'salon',
    {
      ConditionCheck: {
        TableName: tableName(),
        Key: tenantMetaKey(ctx.tenantId),
        ...withSalonGuard(ctx, { expression: `limits.${limit} = :limit`, values: { ':limit': value } }),
      },
    },
    async () => (await authorizationLost(ctx)) ?? new ConflictError('The salon changed meanwhile; try again.'),
  );
}

/**
 * The guard for the booking core (repositories/appointments.ts), which builds its transactions itself: a
 * member's booking or change proves the caller's role and the salon's state in its own transaction; online
 * booking has no member and checks the salon itself.
 */
export interface MemberGuard {
  /** Steps of the guard on what the booking does not touch otherwise (the caller's membership). */
  steps: Step[];
  /** ANDed into the booking's own check of the salon item; a change, which has none, adds `salonStep`. */
  salon: ConditionPart;
  salonStep: Step;
  /** Why the caller may no longer write, decided now; undefined when nothing changed. */
  lost(): Promise<Error | undefined>;
}

export function memberGuard(ctx: TenantContext): MemberGuard {
  return {
    steps: [callerStep(ctx)],
    salon: salonGuard(ctx),
    salonStep: salonStep(ctx),
    lost: () => authorizationLost(ctx),
  };
}

/**
 * A write whose own step is an Update of the salon item: the caller's step and that Update, with the
 * salon's guard ANDed into its condition. `otherwise`: what the Update's own condition failing means
 * when the caller and the salon are fine.
 */
export function salonUpdateSteps(ctx: TenantContext, update: SalonChange, otherwise: () => Error): Step[] {
  return [
    callerStep(ctx),
    step(
      'salon',
      {
        Update: {
          TableName: tableName(),
          Key: tenantMetaKey(ctx.tenantId),
          UpdateExpression: update.expression,
          ...withSalonGuard(ctx, {
            ...(update.condition ? { expression: update.condition } : {}),
            ...(update.names ? { names: update.names } : {}),
            ...(update.values ? { values: update.values } : {}),
          }),
        },
      },
      async () => (await authorizationLost(ctx)) ?? otherwise(),
    ),
  ];
}
