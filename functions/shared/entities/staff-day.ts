/**
 * The staff-day entity: `DAY#<date>#<staffId>`, one staff member's occupied spans on one salon-local
 * date (by appointment id) and the version every booking that touches the day conditions on. Its codec
 * and every write of it: the booking core (repositories/appointments.ts, public-booking.ts) composes
 * these steps in its transactions.
 */
import { type ItemKey, STAFF_DAY_PREFIX, staffDayKey } from '../db/keys';
import { TABLE } from '../db/table';
import { type Step, StaleReadError, type TransactItem, step } from '../db/transact';
import { stillBusy } from '../domain/availability';
import { CorruptItemError, type Item, asMap, mapOf, num, optStr, str } from './codec';

export { STAFF_DAY_PREFIX, staffDayKey };

const E = 'staff day';

export interface Span {
  start: Date;
  end: Date;
  /** A pending online booking's hold: the span stops occupying time at this instant. */
  holdUntil?: Date;
}

/** A staff member's day item: the occupied spans by appointment id, and the version writers condition on. */
export interface StaffDay {
  staffId: string;
  date: string;
  version: number;
  spans: Map<string, Span>;
}

function instant(value: string, field: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new CorruptItemError(E, field);
  return at;
}

export function staffDayOf(item: Item): StaffDay {
  const spans = new Map<string, Span>();
  for (const [id, value] of Object.entries(mapOf(item, E, 'spans'))) {
    const span = asMap(value, E, `spans.${id}`);
    const holdUntil = optStr(span, 'holdUntil');
    spans.set(id, {
      start: instant(str(span, E, 'start'), 'start'),
      end: instant(str(span, E, 'end'), 'end'),
      ...(holdUntil ? { holdUntil: instant(holdUntil, 'holdUntil') } : {}),
    });
  }
  return { staffId: str(item, E, 'staffId'), date: str(item, E, 'date'), version: num(item, E, 'version'), spans };
}

/** A day as a booking read it: absent (no item yet) or its item's codec. */
export interface DayRead {
  key: ItemKey;
  day: StaffDay | undefined;
}

/** A step on a staff day, named `day:<sort key>`: its failure means the day changed since read. */
export const dayStep = (sk: string, item: TransactItem, fails: Step['fails'] = () => new StaleReadError(`day:${sk}`)) =>
  step(`day:${sk}`, item, fails);

/**
 * Steps that claim `span` in the day item of `date` for `appointmentId`, on condition of the version
 * read, and check the neighbouring days are unchanged: one step per day read, in order. `leaving`: the
 * day item a moved appointment leaves, when it is one of `days`, released in the same operation as its
 * check (one operation per item in a transaction).
 */
export function claimDaySteps(
  table: string,
  days: ReadonlyArray<DayRead>,
  date: string,
  appointmentId: string,
  span: Span,
  leaving?: string,
): Step[] {
  const spanValue = {
    start: span.start.toISOString(),
    end: span.end.toISOString(),
    ...(span.holdUntil ? { holdUntil: span.holdUntil.toISOString() } : {}),
  };
  const now = new Date();
  return days.map(({ key, day }): Step => {
    const own = key.SK.includes(`#${date}#`);
    const read = day ? { ':read': day.version } : {};
    let item: TransactItem;
    if (own && !day) {
      item = {
        Put: {
          TableName: table,
          Item: {
            ...key,
            [TABLE.entityAttribute]: 'staffDay',
            staffId: key.SK.split('#')[2],
            date,
            version: 1,
            spans: { [appointmentId]: spanValue },
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      };
    } else if (own && day) {
      // Expired holds leave the day item here, on the version read (a confirmation bumps it first).
      const expired = [...day.spans].filter(([id, s]) => id !== appointmentId && !stillBusy(s, now)).map(([id]) => id);
      const names: Record<string, string> = { '#id': appointmentId };
      for (const [i, id] of expired.entries()) names[`#x${i}`] = id;
      item = {
        Update: {
          TableName: table,
          Key: key,
          UpdateExpression: `SET spans.#id = :span, version = :next${expired.length ? ` REMOVE ${expired.map((_, i) => `spans.#x${i}`).join(', ')}` : ''}`,
          ConditionExpression: 'version = :read',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':span': spanValue, ':next': day.version + 1, ...read },
        },
      };
    } else if (day && key.SK === leaving) {
      item = {
        Update: {
          TableName: table,
          Key: key,
          UpdateExpression: 'REMOVE spans.#id',
          ConditionExpression: 'version = :read',
          ExpressionAttributeNames: { '#id': appointmentId },
          ExpressionAttributeValues: read,
        },
      };
    } else {
      item = {
        ConditionCheck: {
          TableName: table,
          Key: key,
          ConditionExpression: day ? 'version = :read' : 'attribute_not_exists(PK)',
          ...(day ? { ExpressionAttributeValues: read } : {}),
        },
      };
    }
    return dayStep(key.SK, item);
  });
}

/**
 * Frees an appointment's span: removing time never creates an overlap, so no version is needed. `fails`:
 * what the day being gone means (by default, changed since read).
 */
export const spanRelease = (table: string, key: ItemKey, appointmentId: string, fails?: Step['fails']): Step =>
  dayStep(
    key.SK,
    {
      Update: {
        TableName: table,
        Key: key,
        UpdateExpression: 'REMOVE spans.#id',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#id': appointmentId },
      },
    },
    fails,
  );

/**
 * A confirmed hold's span lasts from now on; the version moves so a booking that read the hold as expired
 * re-reads.
 */
export const spanKept = (table: string, key: ItemKey, appointmentId: string, fails: Step['fails']): Step =>
  dayStep(
    key.SK,
    {
      Update: {
        TableName: table,
        Key: key,
        UpdateExpression: 'REMOVE spans.#id.holdUntil ADD version :one',
        ConditionExpression: 'attribute_exists(spans.#id)',
        ExpressionAttributeNames: { '#id': appointmentId },
        ExpressionAttributeValues: { ':one': 1 },
      },
    },
    fails,
  );
