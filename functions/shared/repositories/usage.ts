/**
 * Usage counters against plan limits. Totals (users, clients, storage bytes) live on one item; monthly
 * counters (appointments, API calls) on one item per month of the tenant's calendar; the items and
 * their writes are entities/usage.ts.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { tenantDb } from '../db/tenant-client';
import { tenantMetaKey } from '../db/keys';
import { type CostEstimate, estimateCost, type MonthlyCounts } from '../domain/costs';
import type { Limits, Plan } from '../domain/plans';
import { accessFor } from '../domain/rbac';
import { monthIn } from '../domain/calendar';
import type { TenantContext } from '../domain/tenant-context';
import { isDeleted, salonLimits, salonPlan, salonTimezone } from '../entities/salon';
import { type Item, str } from '../entities/codec';
import { meteredCounts, monthlyUsageKey, usageCount, usageKey } from '../entities/usage';
import { NotFoundError } from '../errors';
export { planLimitError } from '../domain/plan-limits';

export interface UsageReport {
  plan: Plan;
  limits: Limits;
  usage: { users: number; clients: number; appointmentsThisMonth: number; storageBytes: number; apiCallsThisMonth: number };
  /** This month's estimated AWS cost of the salon: only for roles that manage billing (the owner). */
  cost?: CostEstimate;
}

/** What a monthly usage item (and the totals' stored bytes) hold for the cost estimate (absent counters are 0). */
export const monthlyCounts = (month: Item | undefined, totals?: Item): MonthlyCounts => ({
  ...meteredCounts(month),
  emailsSent: usageCount(month, 'emailsSent'),
  smsSent: usageCount(month, 'smsSent'),
  remindersFired: usageCount(month, 'remindersFired'),
  storageBytes: usageCount(totals, 'storageBytes'),
});

/**
 * The route functions' memory: every route function gets the stage's (lib/constructs/app-function.ts),
 * so this function's own is the figure; 512 MB (the stage default) outside Lambda.
 */
export const routeMemoryMb = (): number => Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE) || 512;

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
  const monthName = monthIn(salonTimezone(tenant), now);
  const month = bySk.get(monthlyUsageKey(ctx.tenantId, monthName).SK);
  const showCost = accessFor(ctx.role, 'billing:manage') === 'all';
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
    ...(showCost ? { cost: estimateCost(monthName, monthlyCounts(month, totals), routeMemoryMb()) } : {}),
  };
}

export { COUNTER_OF, counterIncrement } from '../entities/usage';
