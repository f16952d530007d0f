/**
 * Usage counters against plan limits. Totals (users, clients, storage bytes) live on one item; monthly
 * counters (appointments, API calls) on one item per month of the tenant's calendar. Writers change a
 * counter in the same transaction as the item it counts, through `counterIncrement`, whose condition
 * keeps it within the limit.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { tenantDb } from '../db/tenant-client';
import { monthlyUsageKey, tenantMetaKey, usageKey } from '../db/keys';
import { type LimitName, type Limits, type Plan, isUnlimited } from '../domain/plans';
import { monthIn } from '../domain/calendar';
import type { TenantContext } from '../domain/tenant-context';
import { isDeleted, salonLimits, salonPlan, salonTimezone } from '../entities/salon';
import { NotFoundError } from '../errors';
export { planLimitError } from '../domain/plan-limits';

export interface UsageReport {
  plan: Plan;
  limits: Limits;
  usage: { users: number; clients: number; appointmentsThisMonth: number; storageBytes: number; apiCallsThisMonth: number };
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

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
  const bySk = new Map(items.map((i) => [String(i.SK), i]));
  const tenant = bySk.get(tenantMetaKey(ctx.tenantId).SK);
  if (!tenant || isDeleted(tenant)) throw new NotFoundError();
  const totals = bySk.get(usageKey(ctx.tenantId).SK) ?? {};
  const month = bySk.get(monthlyUsageKey(ctx.tenantId, monthIn(salonTimezone(tenant), now)).SK) ?? {};
  return {
    plan: salonPlan(tenant),
    limits: salonLimits(tenant),
    usage: {
      users: num(totals.users),
      clients: num(totals.clients),
      storageBytes: num(totals.storageBytes),
      appointmentsThisMonth: num(month.appointments),
      apiCallsThisMonth: num(month.apiCalls),
    },
  };
}

/** Maps a limit to the counter attribute that measures it. */
export const COUNTER_OF: Readonly<Record<LimitName, string>> = {
  maxUsers: 'users',
  maxClients: 'clients',
  maxStorage: 'storageBytes',
  maxAppointmentsPerMonth: 'appointments',
  maxApiCalls: 'apiCalls',
};

/**
 * A transaction item that adds `amount` to a counter only while the result stays within `limit`.
 * Negative amounts (deletes) always succeed.
 */
export function counterIncrement(key: Record<string, string>, limitName: LimitName, limit: number, amount: number) {
  const counter = COUNTER_OF[limitName];
  const bounded = amount > 0 && !isUnlimited(limit);
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'ADD #c :amount',
      ...(bounded ? { ConditionExpression: 'attribute_not_exists(#c) OR #c <= :max' } : {}),
      ExpressionAttributeNames: { '#c': counter },
      ExpressionAttributeValues: { ':amount': amount, ...(bounded ? { ':max': limit - amount } : {}) },
    },
  };
}
