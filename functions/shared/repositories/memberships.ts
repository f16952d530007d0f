/**
 * Memberships: who belongs to a tenant with which role. Role changes and removals that touch owners
 * move the tenant's owner count in the same transaction, with a condition that it never reaches zero,
 * so "the last owner" holds under concurrent requests too.
 */
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client';
import { failedConditions } from '../db/conditions';
import { MEMBER_PREFIX, TENANT_PREFIX, membershipKeys, tenantMetaKey, tenantPk, usageKey, userPk } from '../db/keys';
import { TABLE } from '../db/table';
import { ROLE_RANK, type Role } from '../domain/rbac';
import type { TenantContext } from '../domain/tenant-context';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { type Page, decodeCursor, encodeCursor } from './pagination';

export interface Member {
  userId: string;
  email: string;
  role: Role;
  joinedAt: string;
}

export interface MembershipSummary {
  tenantId: string;
  slug: string;
  name: string;
  role: Role;
}

const toMember = (item: Record<string, unknown>): Member => ({
  userId: String(item.userId),
  email: String(item.email),
  role: item.role as Role,
  joinedAt: String(item.joinedAt),
});

/** Every live tenant a user belongs to: one Query on GSI1, one BatchGet of the tenants. */
export async function listMembershipsOfUser(userId: string): Promise<MembershipSummary[]> {
  const { gsi1 } = TABLE.indexes;
  const memberships: Array<{ tenantId: string; role: Role }> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: gsi1.name,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :tenant)',
        ExpressionAttributeNames: { '#pk': gsi1.partitionKey, '#sk': gsi1.sortKey },
        ExpressionAttributeValues: { ':pk': userPk(userId), ':tenant': TENANT_PREFIX },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) memberships.push({ tenantId: String(item.tenantId), role: item.role as Role });
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  if (memberships.length === 0) return [];

  const table = tableName();
  const tenants = new Map<string, Record<string, unknown>>();
  // BatchGet takes 100 keys per call; a person belongs to a handful of salons.
  for (let i = 0; i < memberships.length; i += 100) {
    let keys: Array<Record<string, unknown>> = memberships.slice(i, i + 100).map((m) => tenantMetaKey(m.tenantId));
    while (keys.length) {
      const out = await documentClient().send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: keys,
              ProjectionExpression: 'id, slug, #name, deletedAt',
              ExpressionAttributeNames: { '#name': 'name' },
            },
          },
        }),
      );
      for (const t of out.Responses?.[table] ?? []) tenants.set(String(t.id), t);
      keys = (out.UnprocessedKeys?.[table]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
    }
  }
  return memberships.flatMap((m) => {
    const t = tenants.get(m.tenantId);
    if (!t || t.deletedAt) return [];
    return [{ tenantId: m.tenantId, slug: String(t.slug), name: String(t.name), role: m.role }];
  });
}

export async function listMembers(ctx: TenantContext, page: { limit: number; cursor?: string }): Promise<Page<Member>> {
  const pk = tenantPk(ctx.tenantId);
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :member)',
      ExpressionAttributeValues: { ':pk': pk, ':member': MEMBER_PREFIX },
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor, { attribute: TABLE.partitionKey, value: pk }),
    }),
  );
  return { items: (out.Items ?? []).map(toMember), nextCursor: encodeCursor(out.LastEvaluatedKey) };
}

async function getMember(ctx: TenantContext, userId: string): Promise<Member> {
  const { PK, SK } = membershipKeys(ctx.tenantId, userId);
  const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: { PK, SK }, ConsistentRead: true }));
  const item = out.Item;
  if (!item) throw new NotFoundError();
  return toMember(item);
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
    await documentClient().send(
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
    await documentClient().send(
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
