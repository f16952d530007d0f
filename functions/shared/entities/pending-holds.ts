/**
 * The pending-holds entity: `HOLDS#<salon-local date>`, the day's unconfirmed online bookings
 * (appointment id -> hold expiry, bounded by `maxPendingHoldsPerDay`) and the version their writes
 * condition on. Its codec and the release of a hold; online booking (repositories/public-booking.ts)
 * adds holds in its transactions.
 */
import { pendingHoldsKey } from '../db/keys';
import { type Step, StaleReadError, step } from '../db/transact';
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
