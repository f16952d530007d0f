/**
 * The booker entity: `BOOKER#<email hash>`, one online booker's open bookings in a salon (appointment
 * id -> end) and the version their writes condition on. Its codec and the release of a place; online
 * booking (repositories/public-booking.ts) adds places in its transactions.
 */
import { bookerKey } from '../db/keys';
import { type Step, StaleReadError, step } from '../db/transact';
import { type Item, mapOf, num, str } from './codec';

export { bookerKey };

const E = 'booker';

/** A map of ids to ISO instants (a booker's open bookings, a day's holds), every value checked. */
export function instantsOf(item: Item, entity: string, field: string): Record<string, string> {
  const map = mapOf(item, entity, field);
  const out: Record<string, string> = {};
  for (const id of Object.keys(map)) out[id] = str(map, entity, id);
  return out;
}

/** The booker's open bookings: appointment id -> end. */
export const bookerOpen = (item: Item): Record<string, string> => instantsOf(item, E, 'open');

export const bookerVersion = (item: Item): number => num(item, E, 'version');

/**
 * Frees a closed online booking's place among its booker's open bookings. The version moves too, so a
 * booking that read the map before cannot write the place back.
 */
export const bookerRelease = (table: string, key: { PK: string; SK: string }, appointmentId: string): Step =>
  step(
    'booker',
    {
      Update: {
        TableName: table,
        Key: key,
        UpdateExpression: 'REMOVE #open.#id ADD version :one',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#open': 'open', '#id': appointmentId },
        ExpressionAttributeValues: { ':one': 1 },
      },
    },
    () => new StaleReadError('booker'),
  );
