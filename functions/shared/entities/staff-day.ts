/**
 * The staff-day entity: `DAY#<date>#<staffId>`, one staff member's occupied spans on one salon-local
 * date (by appointment id) and the version every booking that touches the day conditions on. Its codec;
 * the booking core (repositories/appointments.ts, public-booking.ts) writes it in its transactions.
 */
import { STAFF_DAY_PREFIX, staffDayKey } from '../db/keys';
import { CorruptItemError, type Item, mapOf, num, optStr, str } from './codec';

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
    if (typeof value !== 'object' || value === null) throw new CorruptItemError(E, `spans.${id}`);
    const span = value as Item;
    const holdUntil = optStr(span, 'holdUntil');
    spans.set(id, {
      start: instant(str(span, E, 'start'), 'start'),
      end: instant(str(span, E, 'end'), 'end'),
      ...(holdUntil ? { holdUntil: instant(holdUntil, 'holdUntil') } : {}),
    });
  }
  return { staffId: str(item, E, 'staffId'), date: str(item, E, 'date'), version: num(item, E, 'version'), spans };
}
