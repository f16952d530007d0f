/**
 * The authorizer's second half: is this user a member of this tenant, with which role, and in which
 * subscription state is the tenant? One BatchGetItem, strongly consistent.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client';
import { membershipKeys, tenantMetaKey } from '../db/keys';
import { type Role, isRole } from '../domain/rbac';
import type { Plan } from '../domain/plans';
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from '../domain/subscription';
import { ULID } from '../domain/tenant-context';

export interface TenantAccess {
  role: Role;
  plan: Plan;
  subscriptionStatus: SubscriptionStatus;
}

export async function resolveTenantAccess(tenantId: string, userId: string): Promise<TenantAccess | undefined> {
  if (!ULID.test(tenantId)) return undefined;
  const meta = tenantMetaKey(tenantId);
  const { PK, SK } = membershipKeys(tenantId, userId);
  const table = tableName();
  const out = await documentClient().send(
    new BatchGetCommand({
      RequestItems: {
        [table]: {
          Keys: [meta, { PK, SK }],
          ConsistentRead: true,
          ProjectionExpression: 'SK, #role, #plan, subscriptionStatus, deletedAt',
          ExpressionAttributeNames: { '#role': 'role', '#plan': 'plan' },
        },
      },
    }),
  );
  // Two small items never exceed BatchGet's limits; unprocessed keys only come with throttling.
  if (Object.keys(out.UnprocessedKeys ?? {}).length) throw new Error('Tenant access lookup was throttled');
  const items = out.Responses?.[table] ?? [];
  const tenant = items.find((i) => i.SK === meta.SK);
  const member = items.find((i) => i.SK === SK);
  if (!tenant || tenant.deletedAt || !member || !isRole(member.role)) return undefined;
  const status = SUBSCRIPTION_STATUSES.find((s) => s === tenant.subscriptionStatus);
  if (!status) return undefined;
  return { role: member.role, plan: tenant.plan as Plan, subscriptionStatus: status };
}
