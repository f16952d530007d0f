/**
 * The pending-holds entity: `HOLDS#<salon-local date>`, the day's unconfirmed online bookings
 * (appointment id -> hold expiry, bounded by `maxPendingHoldsPerDay`) and the version their writes
 * condition on. Its codec and its writes: a hold added, a hold released. How many holds a day takes is
 * online booking's rule (repositories/public-booking.ts).
 */
import { type ItemKey, pendingHoldsKey } from '../db/keys';
import { TABLE } from '../db/table';
import { type Step, StaleReadError, type TransactItem, step } from '../db/transact';
import { instantsOf } from './booker';
import { type Item, num } from './codec';

export { pendingHoldsKey };

const E = 'pending holds';

/** The day's holds: appointment id -> expiry. */
export const pendingHolds = (item: Item): Record<string, string> => instantsOf(item, E, 'holds');

export const pendingHoldsVersion = (item: Item): number => num(item, E, 'version');

/** Frees a pending booking's hold on its day; the version moves so a booking that read the map re-reads. */
export const pendingHoldRelease = (table: string, tenantId: string, date: string, appointmentId: string): Step =>
  step(
    'holds',
    {
      Update: {
        TableName: table,
        Key: pendingHoldsKey(tenantId, date),
        UpdateExpression: 'REMOVE holds.#id ADD version :one',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#id': appointmentId },
        ExpressionAttributeValues: { ':one': 1 },
      },
    },
    () => new StaleReadError('holds'),
  );

/**
 * Adds the hold of `appointmentId` until `until` to the day's map as read (`item`; `read` entries of
 * which `live` have not expired), the map holding at most `max`. While it has room even counting expired
 * holds, the hold is added on its own, conditioned on the map's size rather than its version, so that
 * concurrent bookings of one day do not collide on this item; a first hold that loses the race to create
 * the item is added to it the same way. Only when expired holds must go is the map rewritten, on
 * condition of the version read. Every write moves the version, so a rewrite based on an older read
 * cannot drop a hold added meanwhile.
 */
export function pendingHoldAdded(
  table: string,
  key: ItemKey,
  item: Item | undefined,
  counts: { read: number; live: Array<[string, string]>; max: number },
  appointmentId: string,
  until: string,
  fails: Step['fails'],
): Step {
  // Expired holds still count in `size`: the bound holds whatever was added since the read.
  const added: TransactItem = {
    Update: {
      TableName: table,
      Key: key,
      UpdateExpression: 'SET holds.#id = :until ADD version :one',
      ConditionExpression: 'size(holds) < :max',
      ExpressionAttributeNames: { '#id': appointmentId },
      ExpressionAttributeValues: { ':until': until, ':one': 1, ':max': counts.max },
    },
  };
  if (!item) {
    const first: TransactItem = {
      Put: {
        TableName: table,
        Item: { ...key, [TABLE.entityAttribute]: 'pendingHolds', holds: { [appointmentId]: until }, version: 1 },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
    return step('holds', first, fails, added);
  }
  if (counts.read < counts.max) return step('holds', added, fails);
  return step(
    'holds',
    {
      Update: {
        TableName: table,
        Key: key,
        UpdateExpression: 'SET holds = :holds, version = :next',
        ConditionExpression: 'version = :read',
        ExpressionAttributeValues: {
          ':holds': { ...Object.fromEntries(counts.live), [appointmentId]: until },
          ':next': pendingHoldsVersion(item) + 1,
          ':read': pendingHoldsVersion(item),
        },
      },
    },
    fails,
  );
}
