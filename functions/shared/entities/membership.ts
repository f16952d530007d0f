/**
 * The membership entity: `MEMBER#<userId>` in the tenant's partition, mirrored on GSI1 under the user
 * (`USER#<id>` -> `TENANT#<id>`, the user's index of salons). Its codecs (the member as the API answers
 * it, and the user's view: which tenant, which role) and every write of the item: onboarding, accepting
 * an invitation, changing a role, removing a member and deleting one's account all build their steps
 * here, each saying what a failure means for it.
 */
import { MEMBER_PREFIX, membershipKeys, usageKey } from '../db/keys';
import { TABLE } from '../db/table';
import { type Step, step } from '../db/transact';
import { type Role, isRole } from '../domain/rbac';
import { counterIncrement } from './usage';
import { CorruptItemError, type Item, str } from './codec';

export { MEMBER_PREFIX, membershipKeys };

const E = 'membership';

export interface Member {
  userId: string;
  email: string;
  role: Role;
  joinedAt: string;
}

/** The membership's own key (no index keys), for Get, Delete and ConditionCheck. */
export function membershipKey(tenantId: string, userId: string) {
  const { PK, SK } = membershipKeys(tenantId, userId);
  return { PK, SK };
}

export function roleOf(item: Item, entity: string): Role {
  const role = item.role;
  if (!isRole(role)) throw new CorruptItemError(entity, 'role');
  return role;
}

/** A membership item as the member routes answer it; a missing or mistyped field throws. */
export const toMember = (item: Item): Member => ({
  userId: str(item, E, 'userId'),
  email: str(item, E, 'email'),
  role: roleOf(item, E),
  joinedAt: str(item, E, 'joinedAt'),
});

/** A membership as the user's index (GSI1) lists it: which salon, which role. */
export const toMembershipRef = (item: Item): { tenantId: string; role: Role } => ({
  tenantId: str(item, E, 'tenantId'),
  role: roleOf(item, E),
});

type Answer = () => Error | undefined | Promise<Error | undefined>;

/**
 * A new membership (with its GSI1 mirror). `taken`: what an existing membership means; without it the
 * Put is unconditional (a salon created in the same transaction has no members yet).
 */
export function membershipPut(
  table: string,
  tenantId: string,
  member: { userId: string; email: string; role: Role; joinedAt: string },
  taken?: Answer,
): Step {
  return step(
    'membership',
    {
      Put: {
        TableName: table,
        Item: { ...membershipKeys(tenantId, member.userId), [TABLE.entityAttribute]: E, tenantId, ...member },
        ...(taken ? { ConditionExpression: 'attribute_not_exists(PK)' } : {}),
      },
    },
    taken,
  );
}

/** The member's role changed, on condition it is still the role read (else `changed`). */
export function membershipRoleChange(
  table: string,
  tenantId: string,
  userId: string,
  roles: { was: Role; now: Role },
  at: string,
  changed: Answer,
): Step {
  return step(
    'member',
    {
      Update: {
        TableName: table,
        Key: membershipKey(tenantId, userId),
        UpdateExpression: 'SET #role = :role, updatedAt = :now',
        ConditionExpression: '#role = :was',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':role': roles.now, ':was': roles.was, ':now': at },
      },
    },
    changed,
  );
}

/**
 * The membership deleted on condition its role is still the one read (else `changed`); `name` is the
 * step's name in the caller's transaction.
 */
export function membershipDelete(
  table: string,
  tenantId: string,
  userId: string,
  was: Role,
  changed: Answer,
  name = 'member',
): Step {
  return step(
    name,
    {
      Delete: {
        TableName: table,
        Key: membershipKey(tenantId, userId),
        ConditionExpression: 'attribute_exists(PK) AND #role = :was',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':was': was },
      },
    },
    changed,
  );
}

/** A member's place in `maxUsers` taken (bounded by `limit`; `full` when reached) or, with no limit, given back. */
export const userCountTaken = (tenantId: string, limit: number, full: Answer): Step =>
  step('userCount', counterIncrement(usageKey(tenantId), 'maxUsers', limit, 1), full);

export const userCountReturned = (tenantId: string): Step =>
  step('users', counterIncrement(usageKey(tenantId), 'maxUsers', -1, -1));
