/**
 * Usage counters against plan limits. Totals (users, clients, storage bytes) live on one item; monthly
 * counters (appointments, API calls) on one item per month of the tenant's calendar; the items and
 * their writes are entities/usage.ts.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { tenantDb } from '../db/tenant-client';
import { tenantMetaKey } from '../db/keys';
import type { Limits, Plan } from '../domain/plans';
import { monthIn } from '../domain/calendar';
import type { TenantContext } from '../domain/tenant-context';
import { isDeleted, salonLimits, salonPlan, salonTimezone } from '../entities/salon';
import { str } from '../entities/codec';
import { monthlyUsageKey, usageCount, usageKey } from '../entities/usage';
import { NotFoundError } from '../errors';
export { planLimitError } from '../domain/plan-limits';

export interface UsageReport {
  plan: Plan;
  limits: Limits;
  usage: { users: number; clients: number; appointmentsThisMonth: number; storageBytes: number; apiCallsThisMonth: number };
}

/** One BatchGet: the tenant (plan, limits, timezone), the totals and both candidate months. */
export async function getUsage(ctx: TenantContext, now = new Date()): Promise<UsageReport> {
  // The tenant's month is one of these two whatever its timezone (UTC-12 to UTC+14).
  const months = [...new Set([monthIn('Etc/GMT+12', now), monthIn('Etc/GMT-14', now)])];
  const table = tableName();
  const out = await tenantDb(ctx).send(
    new BatchGetCommand({
      RequestItems: {
        [table]: {
          Keys: [tenantMetaKey(ctx.tenantId), usageKey(ctx.tenantId), ...months.map((m) => monthlyUsageKey(ctx.tenantId, m))],
          ConsistentRead: true,
        },
      },
    }),
  );
  const items = out.Responses?.[table] ?? [];
  const bySk = new Map(items.map((i) => [str(i, 'item', 'SK'), i]));
  const tenant = bySk.get(tenantMetaKey(ctx.tenantId).SK);
  if (!tenant || isDeleted(tenant)) throw new NotFoundError();
  const totals = bySk.get(usageKey(ctx.tenantId).SK);
  const month = bySk.get(monthlyUsageKey(ctx.tenantId, monthIn(salonTimezone(tenant), now)).SK);
  return {
    plan: salonPlan(tenant),
    limits: salonLimits(tenant),
    usage: {
      users: usageCount(totals, 'users'),
      clients: usageCount(totals, 'clients'),
      storageBytes: usageCount(totals, 'storageBytes'),
      appointmentsThisMonth: usageCount(month, 'appointments'),
      apiCallsThisMonth: usageCount(month, 'apiCalls'),
    },
  };
}

export { COUNTER_OF, counterIncrement } from '../entities/usage';
