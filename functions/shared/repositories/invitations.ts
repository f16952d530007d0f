/**
 * Invitations to join a salon. An invitation is three items written together: the invitation in the
 * tenant's partition (listing), a global pointer (accept by id), and a per-email lock (one pending
 * invitation per person and salon); plus the invitation email. Accepting removes all three and adds
 * the membership and the user count in one transaction bounded by the plan's limit.
 */
import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { appConfig } from '../config';
import { documentClient, tableName } from '../db/client';
import { failedConditions } from '../db/conditions';
import {
  INVITE_PREFIX,
  invitationEmailKey,
  invitationKey,
  invitationPointerKey,
  membershipKeys,
  tenantMetaKey,
  tenantPk,
  usageKey,
} from '../db/keys';
import { TABLE } from '../db/table';
import { type Plan, isUnlimited } from '../domain/plans';
import { ROLE_RANK, type Role } from '../domain/rbac';
import type { TenantContext } from '../domain/tenant-context';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { findOrCreateUserByEmail } from '../identity/user-directory';
import { newId } from './ids';
import { queueEmail } from './outbox';
import { type Page, decodeCursor, encodeCursor } from './pagination';
import { counterIncrement, planLimitError } from './usage';

export const INVITATION_TTL_DAYS = 7;

export interface Invitation {
  invitationId: string;
  email: string;
  role: Role;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
}

const emailHash = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);

const toInvitation = (item: Record<string, unknown>): Invitation => ({
  invitationId: String(item.invitationId),
  email: String(item.email),
  role: item.role as Role,
  invitedBy: String(item.invitedBy),
  createdAt: String(item.createdAt),
  expiresAt: new Date(Number(item[TABLE.ttlAttribute]) * 1000).toISOString(),
});

async function readTenant(tenantId: string): Promise<Record<string, unknown>> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: tenantMetaKey(tenantId), ConsistentRead: true }),
  );
  if (!out.Item || out.Item.deletedAt) throw new NotFoundError();
  return out.Item;
}

export async function createInvitation(ctx: TenantContext, input: { email: string; role: Role }): Promise<Invitation> {
  if (ROLE_RANK[input.role] > ROLE_RANK[ctx.role]) {
    throw new ForbiddenError(`A ${ctx.role} cannot invite a ${input.role}.`, { role: ctx.role, requestedRole: input.role });
  }
  const email = input.email.trim().toLowerCase();
  const table = tableName();
  const [tenant, usage] = await Promise.all([
    readTenant(ctx.tenantId),
    documentClient().send(new GetCommand({ TableName: table, Key: usageKey(ctx.tenantId), ConsistentRead: true })),
  ]);
  // Early answer for the common case; the authoritative check is the bounded counter at acceptance.
  const limit = Number((tenant.limits as { maxUsers?: number } | undefined)?.maxUsers ?? 0);
  const users = Number(usage.Item?.users ?? 0);
  if (!isUnlimited(limit) && users >= limit) throw planLimitError(tenant.plan as Plan, 'maxUsers', limit, users);

  const user = await findOrCreateUserByEmail(email);
  const member = await documentClient().send(
    new GetCommand({ TableName: table, Key: pick(membershipKeys(ctx.tenantId, user.userId)), ConsistentRead: true }),
  );
  if (member.Item) throw new ConflictError('This person is already a member of the salon.', { email }, 'ALREADY_MEMBER');

  const now = new Date();
  const invitationId = newId();
  const expires = Math.floor(now.getTime() / 1000) + INVITATION_TTL_DAYS * 86_400;
  const common = {
    tenantId: ctx.tenantId,
    invitationId,
    email,
    role: input.role,
    invitedBy: ctx.userId,
    [TABLE.ttlAttribute]: expires,
  };
  const acceptUrl = `${appConfig().appUrl}/invitations/${invitationId}`;
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: {
                ...invitationKey(ctx.tenantId, invitationId),
                [TABLE.entityAttribute]: 'invitation',
                ...common,
                createdAt: now.toISOString(),
              },
            },
          },
          {
            Put: {
              TableName: table,
              Item: { ...invitationPointerKey(invitationId), [TABLE.entityAttribute]: 'invitationPointer', ...common },
            },
          },
          {
            Put: {
              TableName: table,
              Item: {
                ...invitationEmailKey(ctx.tenantId, emailHash(email)),
                [TABLE.entityAttribute]: 'invitationLock',
                ...common,
              },
              // An expired lock (TTL not yet applied) does not block a new invitation.
              ConditionExpression: 'attribute_not_exists(PK) OR #ttl < :now',
              ExpressionAttributeNames: { '#ttl': TABLE.ttlAttribute },
              ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
            },
          },
          queueEmail(
            table,
            ctx.tenantId,
            { template: 'invitation', to: email, data: { tenantName: String(tenant.name), role: input.role, acceptUrl } },
            now.toISOString(),
          ),
        ],
      }),
    );
  } catch (err) {
    if (failedConditions(err)?.includes(2)) {
      throw new ConflictError('This person already has a pending invitation.', { email }, 'INVITATION_PENDING');
    }
    throw err;
  }
  return toInvitation({ ...common, createdAt: now.toISOString() });
}

export async function listInvitations(ctx: TenantContext, page: { limit: number; cursor?: string }): Promise<Page<Invitation>> {
  const pk = tenantPk(ctx.tenantId);
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      FilterExpression: '#ttl > :now',
      ExpressionAttributeNames: { '#ttl': TABLE.ttlAttribute },
      ExpressionAttributeValues: { ':pk': pk, ':prefix': INVITE_PREFIX, ':now': Math.floor(Date.now() / 1000) },
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor, { attribute: TABLE.partitionKey, value: pk }),
    }),
  );
  return { items: (out.Items ?? []).map(toInvitation), nextCursor: encodeCursor(out.LastEvaluatedKey) };
}

export async function revokeInvitation(ctx: TenantContext, invitationId: string): Promise<void> {
  const table = tableName();
  const found = await documentClient().send(
    new GetCommand({ TableName: table, Key: invitationKey(ctx.tenantId, invitationId), ConsistentRead: true }),
  );
  if (!found.Item) throw new NotFoundError();
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: table,
              Key: invitationKey(ctx.tenantId, invitationId),
              ConditionExpression: 'attribute_exists(PK)',
            },
          },
          { Delete: { TableName: table, Key: invitationPointerKey(invitationId) } },
          { Delete: { TableName: table, Key: invitationEmailKey(ctx.tenantId, emailHash(String(found.Item.email))) } },
        ],
      }),
    );
  } catch (err) {
    if (failedConditions(err)?.includes(0)) throw new NotFoundError();
    throw err;
  }
}

export interface Acceptor {
  userId: string;
  email: string;
  emailVerified: boolean;
}

/**
 * Only the person invited may accept: the signed-in user's verified email must be the invited one.
 * Anyone else gets 404, as if the invitation did not exist.
 */
export async function acceptInvitation(
  invitationId: string,
  who: Acceptor,
): Promise<{ tenantId: string; slug: string; name: string; role: Role }> {
  const table = tableName();
  const pointer = await documentClient().send(
    new GetCommand({ TableName: table, Key: invitationPointerKey(invitationId), ConsistentRead: true }),
  );
  const nowSeconds = Math.floor(Date.now() / 1000);
  const item = pointer.Item;
  if (!item || Number(item[TABLE.ttlAttribute]) <= nowSeconds || String(item.email) !== who.email.trim().toLowerCase()) {
    throw new NotFoundError();
  }
  if (!who.emailVerified) {
    throw new ForbiddenError('Verify your email address before accepting an invitation.', undefined, 'EMAIL_NOT_VERIFIED');
  }
  const tenantId = String(item.tenantId);
  const role = item.role as Role;
  const tenant = await readTenant(tenantId);
  const limit = Number((tenant.limits as { maxUsers?: number } | undefined)?.maxUsers ?? 0);
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: table,
              Key: invitationPointerKey(invitationId),
              ConditionExpression: 'attribute_exists(PK) AND #ttl > :now',
              ExpressionAttributeNames: { '#ttl': TABLE.ttlAttribute },
              ExpressionAttributeValues: { ':now': nowSeconds },
            },
          },
          { Delete: { TableName: table, Key: invitationKey(tenantId, invitationId) } },
          { Delete: { TableName: table, Key: invitationEmailKey(tenantId, emailHash(who.email)) } },
          {
            Put: {
              TableName: table,
              Item: {
                ...membershipKeys(tenantId, who.userId),
                [TABLE.entityAttribute]: 'membership',
                tenantId,
                userId: who.userId,
                email: who.email.trim().toLowerCase(),
                role,
                joinedAt: new Date().toISOString(),
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          counterIncrement(usageKey(tenantId), 'maxUsers', limit, 1),
          tenantStillAccepts(table, tenantId, limit, role === 'owner'),
        ],
      }),
    );
  } catch (err) {
    const failed = failedConditions(err);
    if (failed?.includes(0)) throw new NotFoundError();
    if (failed?.includes(3)) throw new ConflictError('You are already a member of this salon.', undefined, 'ALREADY_MEMBER');
    if (failed?.includes(4)) {
      const usage = await documentClient().send(
        new GetCommand({ TableName: table, Key: usageKey(tenantId), ConsistentRead: true }),
      );
      throw planLimitError(tenant.plan as Plan, 'maxUsers', limit, Number(usage.Item?.users ?? limit));
    }
    if (failed?.includes(5)) throw new ConflictError('The salon changed meanwhile; try again.');
    throw err;
  }
  return { tenantId, slug: String(tenant.slug), name: String(tenant.name), role };
}

/**
 * The tenant is alive and its limit is the one the counter was bounded with. One operation on the
 * tenant item (a transaction may touch an item once): a check, or the owner count's update.
 */
function tenantStillAccepts(table: string, tenantId: string, limit: number, addsOwner: boolean) {
  const condition = {
    TableName: table,
    Key: tenantMetaKey(tenantId),
    ConditionExpression: 'attribute_not_exists(deletedAt) AND limits.maxUsers = :limit',
  };
  return addsOwner
    ? {
        Update: {
          ...condition,
          UpdateExpression: 'ADD ownerCount :one',
          ExpressionAttributeValues: { ':limit': limit, ':one': 1 },
        },
      }
    : { ConditionCheck: { ...condition, ExpressionAttributeValues: { ':limit': limit } } };
}

function pick(keys: { PK: string; SK: string }) {
  return { PK: keys.PK, SK: keys.SK };
}
