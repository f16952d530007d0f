/**
 * The authorizer's second half: is this user a member of this tenant, with which role, in which
 * subscription state is the tenant, and how many API calls has it made this month? One BatchGetItem,
 * strongly consistent.
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client';
import { membershipKeys, monthlyUsageKey, tenantMetaKey } from '../db/keys';
import { monthIn } from '../domain/calendar';
import type { Plan, RateLimit } from '../domain/plans';
import { type Role, isRole } from '../domain/rbac';
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from '../domain/subscription';
import { ULID } from '../domain/tenant-context';
import { type Item, mapOf, optNum, optStr } from '../entities/codec';
import { isDeleted, salonLimit, salonPlan, salonTimezone } from '../entities/salon';
import { usageCount } from '../entities/usage';

export interface TenantAccess {
  role: Role;
  plan: Plan;
  subscriptionStatus: SubscriptionStatus;
  apiCalls: number;
  maxApiCalls: number;
  /** The salon's own request rate, when `limits` sets one (else its plan's applies). */
  rateOverride: Partial<RateLimit>;
  /** The member's email as their membership holds it (for the audit log's actor). */
  email?: string;
}

/** The salon's own request rate (its `limits` overrides); absent or not positive: its plan's applies. */
function rateOverrideOf(salon: Item): Partial<RateLimit> {
  const limits = mapOf(salon, 'salon', 'limits');
  const override: Partial<RateLimit> = {};
  for (const [name, field] of [
    ['perMinute', 'requestsPerMinute'],
    ['perSecond', 'requestsPerSecond'],
  ] as const) {
    const v = optNum(limits, 'salon limits', field);
    if (v !== undefined && v > 0) override[name] = v;
  }
  return override;
}

/**
 * `db`: the authorizer reads with its own role; a tenant route's handler, which re-decides writes and
 * refusals, reads with the path tenant's role (its only way into the table).
 */
export async function resolveTenantAccess(
  tenantId: string,
  userId: string,
  options: { now?: Date; db?: DynamoDBDocumentClient } = {},
): Promise<TenantAccess | undefined> {
  const now = options.now ?? new Date();
  if (!ULID.test(tenantId)) return undefined;
  const meta = tenantMetaKey(tenantId);
  const member = membershipKeys(tenantId, userId);
  // The tenant's month is one of these two whatever its timezone; the right one is picked below.
  const months = [...new Set([monthIn('Etc/GMT+12', now), monthIn('Etc/GMT-14', now)])];
  const table = tableName();
  const out = await (options.db ?? documentClient()).send(
    new BatchGetCommand({
      RequestItems: {
        [table]: {
          Keys: [meta, { PK: member.PK, SK: member.SK }, ...months.map((m) => monthlyUsageKey(tenantId, m))],
          ConsistentRead: true,
          ProjectionExpression:
            'SK, #role, #plan, email, subscriptionStatus, deletedAt, limits.maxApiCalls, limits.requestsPerMinute, limits.requestsPerSecond, settings.#tz, apiCalls',
          ExpressionAttributeNames: { '#role': 'role', '#plan': 'plan', '#tz': 'timezone' },
        },
      },
    }),
  );
  // A handful of small items never exceed BatchGet's limits; unprocessed keys only come with throttling.
  if (Object.keys(out.UnprocessedKeys ?? {}).length) throw new Error('Tenant access lookup was throttled');
  const items = new Map<string, Item>((out.Responses?.[table] ?? []).map((i) => [String(i.SK), i]));
  const tenant = items.get(meta.SK);
  const membership = items.get(member.SK);
  if (!tenant || isDeleted(tenant) || !membership || !isRole(membership.role)) return undefined;
  const status = SUBSCRIPTION_STATUSES.find((s) => s === tenant.subscriptionStatus);
  if (!status) return undefined;
  // Read through the salon's codec: a corrupt salon item is an error, never a plan of "undefined".
  const month = monthlyUsageKey(tenantId, monthIn(salonTimezone(tenant), now)).SK;
  const email = optStr(membership, 'email');
  return {
    role: membership.role,
    plan: salonPlan(tenant),
    subscriptionStatus: status,
    apiCalls: usageCount(items.get(month), 'apiCalls'),
    maxApiCalls: salonLimit(tenant, 'maxApiCalls'),
    ...(email !== undefined ? { email } : {}),
    rateOverride: rateOverrideOf(tenant),
  };
}
