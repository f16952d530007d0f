/**
 * The invitation entity: `INVITE#<id>` in the tenant's partition (found by id through GSI1 when
 * accepted) and its per-email lock `INVITE_EMAIL#<hash>` (one pending invitation per person and salon).
 * Both expire by TTL. Its codecs and every write of both items: inviting and revoking
 * (repositories/invitations.ts) and accepting (repositories/invitation-acceptance.ts) build their steps here.
 */
import { INVITE_PREFIX, invitationEmailKey, invitationKey, invitationLookupKeys } from '../db/keys';
import { TABLE } from '../db/table';
import { type Step, step } from '../db/transact';
import { emailKeyHash } from '../domain/email';
import type { Role } from '../domain/rbac';
import { type Item, num, str } from './codec';
import { roleOf } from './membership';

export { INVITE_PREFIX, invitationKey, invitationLookupKeys };

const E = 'invitation';

export const emailHash = (email: string) => emailKeyHash(email).slice(0, 32);

export interface Invitation {
  invitationId: string;
  email: string;
  role: Role;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
}

/** What acceptance needs of a stored invitation: where, for whom, which role, until when (epoch seconds). */
export interface StoredInvitation extends Invitation {
  tenantId: string;
  expiresAtSeconds: number;
}

/** An invitation item; a missing or mistyped field (its expiry included) throws. */
export function toStoredInvitation(item: Item): StoredInvitation {
  const expiresAtSeconds = num(item, E, TABLE.ttlAttribute);
  return {
    tenantId: str(item, E, 'tenantId'),
    invitationId: str(item, E, 'invitationId'),
    email: str(item, E, 'email'),
    role: roleOf(item, E),
    invitedBy: str(item, E, 'invitedBy'),
    createdAt: str(item, E, 'createdAt'),
    expiresAt: new Date(expiresAtSeconds * 1000).toISOString(),
    expiresAtSeconds,
  };
}

/** An invitation as the API answers it. */
export function toInvitation(item: Item): Invitation {
  const { tenantId: _, expiresAtSeconds: __, ...invitation } = toStoredInvitation(item);
  return invitation;
}

type Answer = () => Error | undefined | Promise<Error | undefined>;

export type NewInvitation = Omit<StoredInvitation, 'expiresAt'>;

/** The stored attributes of an invitation (its lock has the same, less `createdAt`). */
export function invitationFields(invitation: NewInvitation): Item {
  const { expiresAtSeconds, ...rest } = invitation;
  return { ...rest, [TABLE.ttlAttribute]: expiresAtSeconds };
}

/**
 * A new invitation and its email lock; the lock is put unless another pending (unexpired) invitation
 * holds it, which `pending` answers.
 */
export function invitationPutSteps(table: string, invitation: NewInvitation, nowSeconds: number, pending: Answer): Step[] {
  const { createdAt: _, ...lock } = invitationFields(invitation);
  return [
    step('invitation', {
      Put: {
        TableName: table,
        Item: {
          ...invitationKey(invitation.tenantId, invitation.invitationId),
          ...invitationLookupKeys(invitation.invitationId),
          [TABLE.entityAttribute]: E,
          ...invitationFields(invitation),
        },
      },
    }),
    step(
      'emailLock',
      {
        Put: {
          TableName: table,
          Item: {
            ...invitationEmailKey(invitation.tenantId, emailHash(invitation.email)),
            [TABLE.entityAttribute]: 'invitationLock',
            ...lock,
          },
          // An expired lock (TTL not yet applied) does not block a new invitation.
          ConditionExpression: 'attribute_not_exists(PK) OR #ttl < :now',
          ExpressionAttributeNames: { '#ttl': TABLE.ttlAttribute },
          ExpressionAttributeValues: { ':now': nowSeconds },
        },
      },
      pending,
    ),
  ];
}

/**
 * The invitation and its email lock deleted: revoked (the invitation must exist) or accepted (it must
 * also be unexpired at `unexpiredAt`, epoch seconds). `gone` answers an invitation not there (or expired).
 */
export function invitationRemovalSteps(
  table: string,
  tenantId: string,
  invitationId: string,
  email: string,
  gone: Answer,
  unexpiredAt?: number,
): Step[] {
  const condition =
    unexpiredAt === undefined
      ? { ConditionExpression: 'attribute_exists(PK)' }
      : {
          ConditionExpression: 'attribute_exists(PK) AND #ttl > :now',
          ExpressionAttributeNames: { '#ttl': TABLE.ttlAttribute },
          ExpressionAttributeValues: { ':now': unexpiredAt },
        };
  return [
    step('invitation', { Delete: { TableName: table, Key: invitationKey(tenantId, invitationId), ...condition } }, gone),
    step('emailLock', { Delete: { TableName: table, Key: invitationEmailKey(tenantId, emailHash(email)) } }),
  ];
}
