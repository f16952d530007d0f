/**
 * Memberships: who belongs to a tenant with which role. Role changes and removals that touch owners
 * move the tenant's owner count in the same transaction, with a condition that it never reaches zero,
 * so "the last owner" holds under concurrent requests too.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { tenantDb } from '../db/tenant-client';
import { failedConditions } from '../db/conditions';
import { MEMBER_PREFIX, membershipKeys, tenantMetaKey, usageKey } from '../db/keys';
import { ROLE_RANK, type Role } from '../domain/rbac';
import type { TenantContext } from '../domain/tenant-context';
import { ConflictError, ForbiddenError } from '../errors';
import type { Page } from './pagination';
import { pageOfPrefix, readItem } from './tenant-items';

export interface Member {
  userId: string;
  email: string;
  role: Role;
  joinedAt: string;
}

const toMember = (item: Record<string, unknown>): Member => ({
  userId: String(item.userId),
  email: String(item.email),
  role: item.role as Role,
  joinedAt: String(item.joinedAt),
});

export async function listMembers(ctx: TenantContext, page: { limit: number; cursor?: string }): Promise<Page<Member>> {
  return pageOfPrefix(tenantDb(ctx), ctx.tenantId, MEMBER_PREFIX, page, toMember);
}

async function getMember(ctx: TenantContext, userId: string): Promise<Member> {
  const { PK, SK } = membershipKeys(ctx.tenantId, userId);
  return toMember(await readItem(tenantDb(ctx), { PK, SK }));
}

/** Nobody acts on a member ranked above them, nor grants a role above their own. */
function assertCanManage(ctx: TenantContext, target: Member, newRole?: Role): void {
  if (ROLE_RANK[target.role] > ROLE_RANK[ctx.role]) {
    throw new ForbiddenError(`A ${ctx.role} cannot change a ${target.role}.`, { role: ctx.role, targetRole: target.role });
  }
  if (newRole && ROLE_RANK[newRole] > ROLE_RANK[ctx.role]) {
    throw new ForbiddenError(`A ${ctx.role} cannot grant the ${newRole} role.`, { role: ctx.role, requestedRole: newRole });
  }
}

const LAST_OWNER = () =>
  new ConflictError('A salon keeps at least one owner: make someone else owner first.', undefined, 'LAST_OWNER');

export async function changeMemberRole(ctx: TenantContext, userId: string, role: Role): Promise<Member> {
  const target = await getMember(ctx, userId);
  assertCanManage(ctx, target, role);
  if (target.role === role) return target;
  const delta = (role === 'owner' ? 1 : 0) - (target.role === 'owner' ? 1 : 0);
  const table = tableName();
  const keys = membershipKeys(ctx.tenantId, userId);
  try {
    await tenantDb(ctx).send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: { PK: keys.PK, SK: keys.SK },
              UpdateExpression: 'SET #role = :role, updatedAt = :now',
              // The role we checked is still the role: a concurrent change makes us start over (409).
              ConditionExpression: '#role = :was',
              ExpressionAttributeNames: { '#role': 'role' },
              ExpressionAttributeValues: { ':role': role, ':was': target.role, ':now': new Date().toISOString() },
            },
          },
          ...(delta === 0 ? [] : [ownerCountChange(table, ctx.tenantId, delta)]),
        ],
      }),
    );
  } catch (err) {
    const failed = failedConditions(err);
    if (failed?.includes(1)) throw LAST_OWNER();
    if (failed?.includes(0)) throw new ConflictError('This member changed meanwhile; read it again and retry.');
    throw err;
  }
  return { ...target, role };
}

export async function removeMember(ctx: TenantContext, userId: string): Promise<void> {
  const target = await getMember(ctx, userId);
  assertCanManage(ctx, target);
  const table = tableName();
  const keys = membershipKeys(ctx.tenantId, userId);
  try {
    await tenantDb(ctx).send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: table,
              Key: { PK: keys.PK, SK: keys.SK },
              ConditionExpression: '#role = :was',
              ExpressionAttributeNames: { '#role': 'role' },
              ExpressionAttributeValues: { ':was': target.role },
            },
          },
          {
            Update: {
              TableName: table,
              Key: usageKey(ctx.tenantId),
              UpdateExpression: 'ADD #users :minus',
              ExpressionAttributeNames: { '#users': 'users' },
              ExpressionAttributeValues: { ':minus': -1 },
            },
          },
          ...(target.role === 'owner' ? [ownerCountChange(table, ctx.tenantId, -1)] : []),
        ],
      }),
    );
  } catch (err) {
    const failed = failedConditions(err);
    if (failed?.includes(2)) throw LAST_OWNER();
    if (failed?.includes(0)) throw new ConflictError('This member changed meanwhile; read it again and retry.');
    throw err;
  }
}

function ownerCountChange(table: string, tenantId: string, delta: number) {
  return {
    Update: {
      TableName: table,
      Key: tenantMetaKey(tenantId),
      UpdateExpression: 'ADD ownerCount :delta',
      ConditionExpression: delta < 0 ? 'ownerCount > :one' : 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':delta': delta, ...(delta < 0 ? { ':one': 1 } : {}) },
    },
  };
}
