/**
 * Invitations to join a salon: the invitation in the tenant's partition (listed there, found by id
 * through GSI1 when accepted) and a per-email lock (one pending invitation per person and salon),
 * written with the invitation email in one transaction. Everything here runs with the tenant's
 * credentials; acceptance (invitation-acceptance.ts) runs for the invitee, who is not yet a member.
 */
import { keyring, createFirstKey } from '../crypto/keyring';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { queryFilledPage } from '../db/read';
import { appConfig } from '../config';
import { tableName } from '../db/client';
import { tenantDb } from '../db/tenant-client';
import { step, transact } from '../db/transact';
import { tenantMetaKey, tenantPk } from '../db/keys';
import { totalsCount } from '../entities/usage';
import { TABLE } from '../db/table';
import { isUnlimited } from '../domain/plans';
import { ROLE_RANK, type Role } from '../domain/rbac';
import {
  INVITE_PREFIX,
  type Invitation,
  invitationFields,
  invitationKey,
  invitationPutSteps,
  invitationRemovalSteps,
  toInvitation,
  toStoredInvitation,
} from '../entities/invitation';
import { membershipKey } from '../entities/membership';
import { isDeleted, salonLimit, salonName, salonPlan } from '../entities/salon';
import { auditStep } from '../entities/audit';
import { changesOf } from '../domain/audit';
import type { TenantContext } from '../domain/tenant-context';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { findOrCreateUserByEmail } from '../identity/user-directory';
import { newId } from './ids';
import { queueEmail } from '../entities/outbox';
import { type FilteredPage, decodeCursor, encodeCursor, equals, idUnder, keyUnder } from './pagination';
import { planLimitError } from './usage';
import { guardSteps } from './write-guard';

export const INVITATION_TTL_DAYS = 7;

export type { Invitation } from '../entities/invitation';

async function readTenant(ctx: TenantContext): Promise<Record<string, unknown>> {
  const out = await tenantDb(ctx).send(
    new GetCommand({ TableName: tableName(), Key: tenantMetaKey(ctx.tenantId), ConsistentRead: true }),
  );
  if (!out.Item || isDeleted(out.Item)) throw new NotFoundError();
  return out.Item;
}

export async function createInvitation(ctx: TenantContext, input: { email: string; role: Role }): Promise<Invitation> {
  if (ROLE_RANK[input.role] > ROLE_RANK[ctx.role]) {
    throw new ForbiddenError(`A ${ctx.role} cannot invite a ${input.role}.`, { role: ctx.role, requestedRole: input.role });
  }
  const email = input.email.trim().toLowerCase();
  const table = tableName();
  const [tenant, users] = await Promise.all([readTenant(ctx), totalsCount(tenantDb(ctx), ctx.tenantId, 'users')]);
  // Early answer for the common case; the authoritative check is the bounded counter at acceptance.
  const limit = salonLimit(tenant, 'maxUsers');
  if (!isUnlimited(limit) && users >= limit) throw planLimitError(salonPlan(tenant), 'maxUsers', limit, users);

  const user = await findOrCreateUserByEmail(email);
  const member = await tenantDb(ctx).send(
    new GetCommand({ TableName: table, Key: membershipKey(ctx.tenantId, user.userId), ConsistentRead: true }),
  );
  if (member.Item) throw new ConflictError('This person is already a member of the salon.', { email }, 'ALREADY_MEMBER');

  const now = new Date();
  const invitationId = newId();
  const expires = Math.floor(now.getTime() / 1000) + INVITATION_TTL_DAYS * 86_400;
  const invitation = {
    tenantId: ctx.tenantId,
    invitationId,
    email,
    role: input.role,
    invitedBy: ctx.userId,
    createdAt: now.toISOString(),
    expiresAtSeconds: expires,
  };
  const acceptUrl = `${appConfig().appUrl}/invitations/${invitationId}`;
  await transact(tenantDb(ctx), [
    ...guardSteps(ctx),
    ...invitationPutSteps(
      table,
      invitation,
      Math.floor(now.getTime() / 1000),
      () => new ConflictError('This person already has a pending invitation.', { email }, 'INVITATION_PENDING'),
    ),
    step(
      'email',
      queueEmail(
        table,
        ctx.tenantId,
        await keyring().cipherFor(ctx.tenantId, { create: createFirstKey }),
        { template: 'invitation', to: email, data: { tenantName: salonName(tenant), role: input.role, acceptUrl } },
        now.toISOString(),
      ),
    ),
    auditStep(ctx, {
      action: 'create',
      resource: 'invitation',
      resourceId: invitationId,
      changes: changesOf(ctx.tenantId, 'invitation', undefined, { email, role: input.role, expiresAtSeconds: expires }),
    }),
  ]);
  return toInvitation(invitationFields(invitation));
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
  const { role, email } = toStoredInvitation(found.Item);
  if (ROLE_RANK[role] > ROLE_RANK[ctx.role]) {
    throw new ForbiddenError(`A ${ctx.role} cannot revoke an invitation to the ${role} role.`, {
      role: ctx.role,
      invitedRole: role,
    });
  }
  await transact(tenantDb(ctx), [
    ...guardSteps(ctx),
    ...invitationRemovalSteps(table, ctx.tenantId, invitationId, email, () => new NotFoundError()),
    auditStep(ctx, {
      action: 'delete',
      resource: 'invitation',
      resourceId: invitationId,
      changes: changesOf(ctx.tenantId, 'invitation', { email, role }, undefined),
    }),
  ]);
}
