/**
 * Deleting one's own account (`DELETE /v1/me`): leave every salon, then the user pool. Memberships go
 * first, each in its own transaction that keeps the salon's `users` counter and `ownerCount` right
 * (the same counters as removing a member, repositories/memberships.ts), so a crash halfway leaves a
 * state the next call finishes; the Cognito user goes last. Runs with the function's own role: the
 * caller's salons are found through GSI1 (`USER#<id>`), which no tenant role may read.
 */
import { documentClient, tableName } from '../db/client';
import { hasTransactionConflict } from '../db/conditions';
import { tenantMetaKey } from '../db/keys';
import { batchGetAll } from '../db/read';
import { StaleReadError, type Step, step, transact } from '../db/transact';
import { changesOf } from '../domain/audit';
import type { RequestMeta } from '../domain/tenant-context';
import { auditStep, userOrigin } from '../entities/audit';
import { type Item, str } from '../entities/codec';
import { type Member, membershipDelete, membershipKey, toMember, userCountReturned } from '../entities/membership';
import { isDeleted, ownerCountUpdate, salonName, salonOwnerCount, salonPlan, salonSlug } from '../entities/salon';
import { ConflictError } from '../errors';
import type { TransactItem } from './idempotency';
import { membershipRefsOfUser } from './user-memberships';

/** A salon that would be left without an owner. */
export interface OwnedSalon {
  tenantId: string;
  slug: string;
  name: string;
}

export const lastOwnerError = (salons: ReadonlyArray<OwnedSalon>) =>
  new ConflictError(
    'You are the last owner of a salon: make someone else owner, or delete the salon, first.',
    { salons },
    'LAST_OWNER',
  );

/** What one membership removal starts from: the membership (through its codec) and its salon item, read consistently. */
interface Held {
  tenantId: string;
  membership: Member | undefined;
  tenant: Item | undefined;
}

/** Attempts per membership before answering 409: each lost race (a concurrent role change) re-reads. */
const ATTEMPTS = 5;

/** Each membership and its salon, read consistently (BatchGet: 100 keys, two per salon). */
async function readHeld(userId: string, tenantIds: ReadonlyArray<string>): Promise<Held[]> {
  const id = (k: { PK: string; SK: string }) => `${k.PK}\n${k.SK}`;
  const keys = tenantIds.flatMap((t) => [membershipKey(t, userId), tenantMetaKey(t)]);
  const items = await batchGetAll(documentClient(), keys, { consistent: true });
  const found = new Map(items.map((item) => [id({ PK: str(item, 'item', 'PK'), SK: str(item, 'item', 'SK') }), item]));
  return tenantIds.map((tenantId) => {
    const membership = found.get(id(membershipKey(tenantId, userId)));
    return { tenantId, membership: membership && toMember(membership), tenant: found.get(id(tenantMetaKey(tenantId))) };
  });
}

const isLive = (tenant: Item | undefined): tenant is Item => tenant !== undefined && !isDeleted(tenant);

/** The caller is an owner of a live salon that has no other owner. */
const isLastOwner = (h: Held): h is Held & { tenant: Item } =>
  h.membership?.role === 'owner' && isLive(h.tenant) && salonOwnerCount(h.tenant) <= 1;

/**
 * The salon's entry for the user leaving it, in that salon's audit partition, by the user as its
 * member. A salon already purged gets none: its audit partition went with it.
 */
const leftEntry = (h: Held & { membership: Member; tenant: Item }, request: RequestMeta | undefined): Step =>
  auditStep(userOrigin(h.tenantId, salonPlan(h.tenant), h.membership, request), {
    action: 'delete',
    resource: 'member',
    resourceId: h.membership.userId,
    changes: changesOf(h.tenantId, 'member', { ...h.membership }, undefined),
  });

/** Only for a salon read (the caller is its last owner). */
const ownedSalon = (h: Held & { tenant: Item }): OwnedSalon => ({
  tenantId: h.tenantId,
  slug: salonSlug(h.tenant),
  name: salonName(h.tenant),
});

/**
 * The removal of one membership as read: the membership (on condition its role is still the one read),
 * the salon's `users` counter, and the salon itself, whose owner count drops with an owner (never below
 * one while the salon is live, as in removeMember) or which must still exist (so a counter is never
 * written into a salon purged meanwhile). A salon already purged leaves only its membership to delete.
 */
function removalSteps(table: string, userId: string, h: Held & { membership: Member }, request?: RequestMeta): Step[] {
  const role = h.membership.role;
  const stale = (name: string) => () => new StaleReadError(name);
  const membership = membershipDelete(table, h.tenantId, userId, role, stale('membership'), 'membership');
  if (!h.tenant) return [membership];
  const salonKey = tenantMetaKey(h.tenantId);
  const salon: TransactItem =
    role === 'owner'
      ? ownerCountUpdate(table, h.tenantId, -1, {
          ConditionExpression: 'attribute_exists(PK) AND (ownerCount > :one OR attribute_exists(deletedAt))',
          ExpressionAttributeValues: { ':one': 1 },
        })
      : { ConditionCheck: { TableName: table, Key: salonKey, ConditionExpression: 'attribute_exists(PK)' } };
  return [
    membership,
    userCountReturned(h.tenantId),
    step('salon', salon, stale('salon')),
    leftEntry({ ...h, membership: h.membership, tenant: h.tenant }, request),
  ];
}

/**
 * Removes one membership; a membership already gone is done. Whichever condition failed (its role
 * changed, the owner count reached one, the salon was purged, or another transaction held an item),
 * the answer is the same: read both again and decide from that; becoming the last owner meanwhile is 409.
 */
async function removeMembership(userId: string, first: Held, request: RequestMeta | undefined): Promise<void> {
  const table = tableName();
  let held = first;
  for (let attempt = 1; ; attempt++) {
    const { membership } = held;
    if (!membership) return;
    if (isLastOwner(held)) throw lastOwnerError([ownedSalon(held)]);
    try {
      await transact(documentClient(), removalSteps(table, userId, { ...held, membership }, request));
      return;
    } catch (err) {
      if (!(err instanceof StaleReadError) && !hasTransactionConflict(err)) throw err;
      if (attempt >= ATTEMPTS) throw new ConflictError('Your memberships are changing meanwhile; try again.');
    }
    const [again] = await readHeld(userId, [held.tenantId]);
    if (!again) return;
    held = again;
  }
}

/**
 * Leaves every salon, refusing (409 LAST_OWNER, naming the salons, before anything changes) while the
 * user is the last owner of a live one. Each removal is idempotent, so calling this again finishes a
 * call that stopped halfway.
 */
export async function leaveAllSalons(userId: string, request?: RequestMeta): Promise<void> {
  const held = (await readHeld(userId, [...new Set((await membershipRefsOfUser(userId)).map((m) => m.tenantId))])).filter(
    (h) => h.membership,
  );
  const lastOwned = held.filter(isLastOwner);
  if (lastOwned.length > 0) throw lastOwnerError(lastOwned.map(ownedSalon));
  for (const h of held) await removeMembership(userId, h, request);
}
