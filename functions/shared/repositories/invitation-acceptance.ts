/**
 * Accepting an invitation: only the person invited may, with their verified email. Anyone else gets
 * 404, as if the invitation did not exist. Runs with the function's own role: the invitee is not a
 * member yet, so no tenant credentials exist for them.
 */
import { auditStep, userOrigin } from '../entities/audit';
import type { RequestMeta } from '../domain/tenant-context';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client';
import { tenantMetaKey } from '../db/keys';
import { totalsCount } from '../entities/usage';
import { TABLE } from '../db/table';
import { step, transact } from '../db/transact';
import { normalizeEmail } from '../domain/email';
import type { Role } from '../domain/rbac';
import { invitationLookupKeys, invitationRemovalSteps, toStoredInvitation } from '../entities/invitation';
import { membershipPut, userCountTaken } from '../entities/membership';
import { isDeleted, ownerCountUpdate, salonLimit, salonName, salonPlan, salonSlug } from '../entities/salon';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { planLimitError } from './usage';

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
  request?: RequestMeta,
): Promise<{ tenantId: string; slug: string; name: string; role: Role }> {
  const table = tableName();
  const { gsi1 } = TABLE.indexes;
  const lookup = invitationLookupKeys(invitationId);
  // GSI reads are eventually consistent: an invitation is accepted from an email, seconds later at least.
  const found = await documentClient().send(
    new QueryCommand({
      TableName: table,
      IndexName: gsi1.name,
      KeyConditionExpression: '#pk = :pk AND #sk = :sk',
      ExpressionAttributeNames: { '#pk': gsi1.partitionKey, '#sk': gsi1.sortKey },
      ExpressionAttributeValues: { ':pk': lookup.GSI1PK, ':sk': lookup.GSI1SK },
    }),
  );
  const nowSeconds = Math.floor(Date.now() / 1000);
  const item = found.Items?.[0];
  const invitation = item && toStoredInvitation(item);
  if (!invitation || invitation.expiresAtSeconds <= nowSeconds || invitation.email !== normalizeEmail(who.email)) {
    throw new NotFoundError();
  }
  if (!who.emailVerified) {
    throw new ForbiddenError('Verify your email address before accepting an invitation.', undefined, 'EMAIL_NOT_VERIFIED');
  }
  const { tenantId, role } = invitation;
  const tenantRead = await documentClient().send(
    new GetCommand({ TableName: table, Key: tenantMetaKey(tenantId), ConsistentRead: true }),
  );
  const tenant = tenantRead.Item;
  if (!tenant || isDeleted(tenant)) throw new NotFoundError();
  const limit = salonLimit(tenant, 'maxUsers');
  await transact(documentClient(), [
    ...invitationRemovalSteps(table, tenantId, invitationId, invitation.email, () => new NotFoundError(), nowSeconds),
    membershipPut(
      table,
      tenantId,
      { userId: who.userId, email: invitation.email, role, joinedAt: new Date().toISOString() },
      () => new ConflictError('You are already a member of this salon.', undefined, 'ALREADY_MEMBER'),
    ),
    userCountTaken(tenantId, limit, async () => {
      const users = await totalsCount(documentClient(), tenantId, 'users', limit);
      return planLimitError(salonPlan(tenant), 'maxUsers', limit, users);
    }),
    step(
      'salon',
      tenantStillAccepts(table, tenantId, limit, role === 'owner'),
      () => new ConflictError('The salon changed meanwhile; try again.'),
    ),
    auditStep(userOrigin(tenantId, salonPlan(tenant), { userId: who.userId, email: invitation.email, role }, request), {
      action: 'update',
      resource: 'invitation',
      resourceId: invitationId,
      changes: { status: { from: 'pending', to: 'accepted' }, role: { to: role } },
    }),
  ]);
  return { tenantId, slug: salonSlug(tenant), name: salonName(tenant), role };
}

/**
 * The tenant is alive and its limit is the one the counter was bounded with. One operation on the
 * tenant item (a transaction may touch an item once): a check, or the owner count's update.
 */
function tenantStillAccepts(table: string, tenantId: string, limit: number, addsOwner: boolean) {
  const condition = 'attribute_not_exists(deletedAt) AND limits.maxUsers = :limit';
  const values = { ':limit': limit };
  return addsOwner
    ? ownerCountUpdate(table, tenantId, 1, { ConditionExpression: condition, ExpressionAttributeValues: values })
    : {
        ConditionCheck: {
          TableName: table,
          Key: tenantMetaKey(tenantId),
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
        },
      };
}
