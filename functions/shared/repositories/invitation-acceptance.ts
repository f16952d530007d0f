/**
 * Accepting an invitation: only the person invited may, with their verified email. Anyone else gets
 * 404, as if the invitation did not exist. Runs with the function's own role: the invitee is not a
 * member yet, so no tenant credentials exist for them.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client';
import { invitationEmailKey, invitationKey, invitationLookupKeys, membershipKeys, tenantMetaKey, usageKey } from '../db/keys';
import { TABLE } from '../db/table';
import { step, transact } from '../db/transact';
import type { Plan } from '../domain/plans';
import type { Role } from '../domain/rbac';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { emailHash } from './invitations';
import { counterIncrement, planLimitError } from './usage';

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
  if (!item || Number(item[TABLE.ttlAttribute]) <= nowSeconds || String(item.email) !== who.email.trim().toLowerCase()) {
    throw new NotFoundError();
  }
  if (!who.emailVerified) {
    throw new ForbiddenError('Verify your email address before accepting an invitation.', undefined, 'EMAIL_NOT_VERIFIED');
  }
  const tenantId = String(item.tenantId);
  const role = item.role as Role;
  const tenantRead = await documentClient().send(
    new GetCommand({ TableName: table, Key: tenantMetaKey(tenantId), ConsistentRead: true }),
  );
  const tenant = tenantRead.Item;
  if (!tenant || tenant.deletedAt) throw new NotFoundError();
  const limit = Number((tenant.limits as { maxUsers?: number } | undefined)?.maxUsers ?? 0);
  await transact(documentClient(), [
    step(
      'invitation',
      {
        Delete: {
          TableName: table,
          Key: invitationKey(tenantId, invitationId),
          ConditionExpression: 'attribute_exists(PK) AND #ttl > :now',
          ExpressionAttributeNames: { '#ttl': TABLE.ttlAttribute },
          ExpressionAttributeValues: { ':now': nowSeconds },
        },
      },
      () => new NotFoundError(),
    ),
    step('invitationEmail', { Delete: { TableName: table, Key: invitationEmailKey(tenantId, emailHash(who.email)) } }),
    step(
      'membership',
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
      () => new ConflictError('You are already a member of this salon.', undefined, 'ALREADY_MEMBER'),
    ),
    step('userCount', counterIncrement(usageKey(tenantId), 'maxUsers', limit, 1), async () => {
      const usage = await documentClient().send(
        new GetCommand({ TableName: table, Key: usageKey(tenantId), ConsistentRead: true }),
      );
      return planLimitError(tenant.plan as Plan, 'maxUsers', limit, Number(usage.Item?.users ?? limit));
    }),
    step(
      'salon',
      tenantStillAccepts(table, tenantId, limit, role === 'owner'),
      () => new ConflictError('The salon changed meanwhile; try again.'),
    ),
  ]);
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
