/**
 * The booker entity: `BOOKER#<email hash>`, one online booker's open bookings in a salon (appointment
 * id -> end) and the version their writes condition on. Its codec and its writes: a place taken, a
 * place released, the item deleted with its client.
 */
import { type ItemKey, bookerKey } from '../db/keys';
import { TABLE } from '../db/table';
import { type Step, StaleReadError, type TransactItem, step } from '../db/transact';
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

/**
 * Takes a place for `appointmentId` (open until `end`) among the booker's open bookings as read: the
 * first one creates the item; later ones write the map `open` (what is still open of it) with the place
 * added, on condition of the version read.
 */
export function bookerPlaceTaken(
  table: string,
  key: ItemKey,
  booker: Item | undefined,
  open: Array<[string, string]>,
  appointmentId: string,
  end: string,
  fails: Step['fails'],
): Step {
  const write: TransactItem = booker
    ? {
        Update: {
          TableName: table,
          Key: key,
          UpdateExpression: 'SET #open = :open, version = :next',
          ConditionExpression: 'version = :read',
          ExpressionAttributeNames: { '#open': 'open' },
          ExpressionAttributeValues: {
            ':open': { ...Object.fromEntries(open), [appointmentId]: end },
            ':next': bookerVersion(booker) + 1,
            ':read': bookerVersion(booker),
          },
        },
      }
    : {
        Put: {
          TableName: table,
          Item: { ...key, [TABLE.entityAttribute]: 'booker', open: { [appointmentId]: end }, version: 1 },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      };
  return step('booker', write, fails);
}

/** The booker's item gone with the client it counted for (the client's erasure). */
export const bookerDelete = (table: string, key: ItemKey): Step => step('booker', { Delete: { TableName: table, Key: key } });
