/**
 * Invitations to join a salon: the invitation in the tenant's partition (listed there, found by id
 * through GSI1 when accepted) and a per-email lock (one pending invitation per person and salon),
 * written with the invitation email in one transaction. Everything here runs with the tenant's
 * credentials; acceptance (invitation-acceptance.ts) runs for the invitee, who is not yet a member.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { queryFilledPage } from '../db/read';
import { appConfig } from '../config';
import { tableName } from '../db/client';
import { tenantDb } from '../db/tenant-client';
import { step, transact } from '../db/transact';
import {
  INVITE_PREFIX,
  invitationEmailKey,
  invitationKey,
  invitationLookupKeys,
  membershipKeys,
  tenantMetaKey,
  tenantPk,
  usageKey,
} from '../db/keys';
import { TABLE } from '../db/table';
import { emailKeyHash } from '../domain/email';
import { type Plan, isUnlimited } from '../domain/plans';
import { ROLE_RANK, type Role, isRole } from '../domain/rbac';
import type { TenantContext } from '../domain/tenant-context';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { findOrCreateUserByEmail } from '../identity/user-directory';
import { newId } from './ids';
import { queueEmail } from './outbox';
import { type FilteredPage, decodeCursor, encodeCursor, equals, idUnder, keyUnder } from './pagination';
import { planLimitError } from './usage';
import { guardSteps } from './write-guard';

export const INVITATION_TTL_DAYS = 7;

export const emailHash = (email: string) => emailKeyHash(email).slice(0, 32);

export interface Invitation {
  invitationId: string;
  email: string;
  role: Role;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
}

const toInvitation = (item: Record<string, unknown>): Invitation => ({
  invitationId: String(item.invitationId),
  email: String(item.email),
  role: item.role as Role,
  invitedBy: String(item.invitedBy),
  createdAt: String(item.createdAt),
  expiresAt: new Date(Number(item[TABLE.ttlAttribute]) * 1000).toISOString(),
});

async function readTenant(ctx: TenantContext): Promise<Record<string, unknown>> {
  const out = await tenantDb(ctx).send(
    new GetCommand({ TableName: tableName(), Key: tenantMetaKey(ctx.tenantId), ConsistentRead: true }),
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
    readTenant(ctx),
    tenantDb(ctx).send(new GetCommand({ TableName: table, Key: usageKey(ctx.tenantId), ConsistentRead: true })),
  ]);
  // Early answer for the common case; the authoritative check is the bounded counter at acceptance.
  const limit = Number((tenant.limits as { maxUsers?: number } | undefined)?.maxUsers ?? 0);
  const users = Number(usage.Item?.users ?? 0);
  if (!isUnlimited(limit) && users >= limit) throw planLimitError(tenant.plan as Plan, 'maxUsers', limit, users);

  const user = await findOrCreateUserByEmail(email);
  const member = await tenantDb(ctx).send(
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
  await transact(tenantDb(ctx), [
    ...guardSteps(ctx),
    step('invitation', {
      Put: {
        TableName: table,
        Item: {
          ...invitationKey(ctx.tenantId, invitationId),
          ...invitationLookupKeys(invitationId),
          [TABLE.entityAttribute]: 'invitation',
          ...common,
          createdAt: now.toISOString(),
        },
      },
    }),
    step(
      'emailLock',
      {
        Put: {
          TableName: table,
          Item: { ...invitationEmailKey(ctx.tenantId, emailHash(email)), [TABLE.entityAttribute]: 'invitationLock', ...common },
          // An expired lock (TTL not yet applied) does not block a new invitation.
          ConditionExpression: 'attribute_not_exists(PK) OR #ttl < :now',
          ExpressionAttributeNames: { '#ttl': TABLE.ttlAttribute },
          ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
        },
      },
      () => new ConflictError('This person already has a pending invitation.', { email }, 'INVITATION_PENDING'),
    ),
    step(
      'email',
      queueEmail(
        table,
        ctx.tenantId,
        { template: 'invitation', to: email, data: { tenantName: String(tenant.name), role: input.role, acceptUrl } },
        now.toISOString(),
      ),
    ),
  ]);
  return toInvitation({ ...common, createdAt: now.toISOString() });
}

/** Pending invitations: expired ones wait for their TTL deletion, filtered out (the page filled, db/read.ts). */
export async function listInvitations(
  ctx: TenantContext,
  page: { limit: number; cursor?: string },
): Promise<FilteredPage<Invitation>> {
  const pk = tenantPk(ctx.tenantId);
  const rule = { [TABLE.partitionKey]: equals(pk), [TABLE.sortKey]: idUnder(INVITE_PREFIX) };
  const read = await queryFilledPage(
    tenantDb(ctx),
    {
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      FilterExpression: '#ttl > :now',
      ExpressionAttributeNames: { '#ttl': TABLE.ttlAttribute },
      ExpressionAttributeValues: { ':pk': pk, ':prefix': INVITE_PREFIX, ':now': Math.floor(Date.now() / 1000) },
    },
    page.limit,
    decodeCursor(page.cursor, rule),
    (item) => keyUnder(rule, item),
  );
  return { items: read.items.map(toInvitation), nextCursor: encodeCursor(read.lastKey), partial: read.partial };
}

/** Nobody revokes an invitation to a role above their own ("never acts above your own role"). */
export async function revokeInvitation(ctx: TenantContext, invitationId: string): Promise<void> {
  const table = tableName();
  const found = await tenantDb(ctx).send(
    new GetCommand({ TableName: table, Key: invitationKey(ctx.tenantId, invitationId), ConsistentRead: true }),
  );
  if (!found.Item) throw new NotFoundError();
  const role = found.Item.role as Role;
  if (!isRole(role)) throw new Error('Invitation item without a valid role');
  if (ROLE_RANK[role] > ROLE_RANK[ctx.role]) {
    throw new ForbiddenError(`A ${ctx.role} cannot revoke an invitation to the ${role} role.`, {
      role: ctx.role,
      invitedRole: role,
    });
  }
  await transact(tenantDb(ctx), [
    ...guardSteps(ctx),
    step(
      'invitation',
      {
        Delete: {
          TableName: table,
          Key: invitationKey(ctx.tenantId, invitationId),
          ConditionExpression: 'attribute_exists(PK)',
        },
      },
      () => new NotFoundError(),
    ),
    step('emailLock', {
      Delete: { TableName: table, Key: invitationEmailKey(ctx.tenantId, emailHash(String(found.Item?.email))) },
    }),
  ]);
}

function pick(keys: { PK: string; SK: string }) {
  return { PK: keys.PK, SK: keys.SK };
}
