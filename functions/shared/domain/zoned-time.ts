/**
 * Wall-clock <-> instant conversion in an IANA timezone, with no dependency: the offset at an instant is
 * read from `Intl.DateTimeFormat`, and a wall time is resolved by trying the offsets in force around it.
 * Dates are `YYYY-MM-DD`, times `HH:MM`; offsets are assumed to be whole minutes (true since the 1970s).
 * The API accepts dates of 2000..2100 only (date-window.ts), but these functions are total over every
 * date a `Date` can hold (`±YYYYYY-MM-DD` beyond year 9999, as `toISOString` writes them): at the ends of
 * that range, where no wall clock can be computed, they find no instants rather than throw. Only
 * malformed strings throw.
 */
import { WEEKDAYS, type Weekday } from './schedule';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface LocalParts {
  date: string;
  time: string;
  weekday: Weekday;
  minutesOfDay: number;
}

// Building a formatter costs far more than using one, and every call of availability uses the same zone.
// Bounded (zone names come from tenant settings): past the bound the oldest is dropped.
const MAX_FORMATTERS = 64;
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // h23: some locales and engines otherwise print midnight as `24`.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      // The era, so that years before 1 (printed as 1 BC, 2 BC...) read back right.
      era: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    if (formatters.size >= MAX_FORMATTERS) formatters.delete(formatters.keys().next().value as string);
    formatters.set(timeZone, f);
  }
  return f;
}

/** `Date`'s own range: ±100,000,000 days around the epoch. */
const MAX_MS = 8.64e15;

/** The wall clock in `timeZone` at an instant, as if it were a UTC timestamp (ms), to the second; NaN outside `Date`'s range. */
function wallClock(instant: number, timeZone: string): number {
  if (!(Math.abs(instant) <= MAX_MS)) return Number.NaN;
  const n: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  let bc = false;
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type === 'era') bc = p.value === 'BC';
    else n[p.type] = Number(p.value);
  }
  const year = n.year ?? 0;
  // Not Date.UTC: it reads years 0..99 as 1900..1999.
  const wall = new Date(0);
  wall.setUTCFullYear(bc ? 1 - year : year, (n.month ?? 1) - 1, n.day ?? 1);
  return wall.setUTCHours(n.hour ?? 0, n.minute ?? 0, n.second ?? 0, 0);
}

function offsetAt(instant: number, timeZone: string): number {
  return wallClock(instant, timeZone) - Math.floor(instant / 1000) * 1000;
}

const DATE = /^(\d{4}|[+-]\d{6})-\d{2}-\d{2}$/;

/** The `YYYY-MM-DD` (or `±YYYYYY-MM-DD`) of a UTC timestamp, as `toISOString` writes it. */
function isoDateOf(ms: number): string {
  return new Date(ms).toISOString().split('T')[0] as string;
}
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** `date time` read as UTC (ms); `24:00` rolls over to the next day. Throws on malformed input. */
function wallMs(date: string, time: string): number {
  if (!isValidDate(date) || !TIME.test(time)) throw new RangeError(`Invalid wall time: ${date} ${time}`);
  const [h = 0, m = 0] = time.split(':').map(Number);
  return Date.parse(`${date}T00:00:00Z`) + (h * 60 + m) * MINUTE;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Every instant at which the wall clock in `timeZone` shows `date time`, earliest first: none in a
 * spring-forward gap, two in a fall-back overlap.
 */
export function zonedInstants(date: string, time: string, timeZone: string): Date[] {
  const wall = wallMs(date, time);
  // The true offset is one of those in force a day either side (no zone changes twice within 48 h).
  const offsets = new Set([offsetAt(wall - DAY, timeZone), offsetAt(wall, timeZone), offsetAt(wall + DAY, timeZone)]);
  return [...offsets]
    .map((offset) => wall - offset)
    .filter((t) => wallClock(t, timeZone) === wall)
    .sort((a, b) => a - b)
    .map((t) => new Date(t));
}

/** The instant the wall clock shows `date time`; `undefined` in a spring-forward gap, the earlier one in an overlap. */
export function zonedInstant(date: string, time: string, timeZone: string): Date | undefined {
  return zonedInstants(date, time, timeZone)[0];
}

/** Like `zonedInstant`, but a wall time in a gap resolves to the first instant after the gap (the jump itself). */
export function zonedInstantOrNext(date: string, time: string, timeZone: string): Date {
  const found = zonedInstant(date, time, timeZone);
  if (found) return found;
  const wall = wallMs(date, time);
  const before = offsetAt(wall - DAY, timeZone);
  const after = offsetAt(wall + DAY, timeZone);
  // Clocks read earlier than `wall` at `lo` and later at `hi`: bisect to the minute the clocks jumped.
  let lo = wall - Math.max(before, after);
  let hi = wall - Math.min(before, after);
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (wallClock(mid, timeZone) > wall) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/**
 * Every instant on `date` whose wall clock shows a multiple of `stepMinutes` since midnight, in order: wall
 * times in a gap are absent, those in an overlap appear twice.
 */
export function steppedInstants(date: string, stepMinutes: number, timeZone: string): Date[] {
  const first = zonedInstantOrNext(date, '00:00', timeZone).getTime();
  const next = zonedInstantOrNext(date, '24:00', timeZone).getTime();
  const minutes: number[] = [];
  for (let m = 0; m < 24 * 60; m += stepMinutes) minutes.push(m);
  const offset = offsetAt(first, timeZone);
  if (offsetAt(next - 1, timeZone) === offset) {
    // No change within the day (~363 days a year): one offset serves every wall time, no formatting needed.
    // Only a midnight skipped by a change just before `first` leaves wall times that precede it.
    const midnight = wallMs(date, '00:00');
    return minutes
      .map((m) => midnight + m * MINUTE - offset)
      .filter((t) => t >= first)
      .map((t) => new Date(t));
  }
  return minutes
    .flatMap((m) => zonedInstants(date, `${pad(Math.floor(m / 60))}:${pad(m % 60)}`, timeZone))
    .sort((a, b) => a.getTime() - b.getTime());
}

export function weekdayOf(date: string): Weekday {
  const sundayFirst = new Date(`${date}T00:00:00Z`).getUTCDay();
  // Sound for the validated YYYY-MM-DD dates callers pass: getUTCDay is then 0..6, an index of the 7 weekdays.
  return WEEKDAYS[(sundayFirst + 6) % 7] as Weekday;
}

/** At the very ends of `Date`'s range, where the zone's wall clock cannot be held, the UTC one is used. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const t = instant.getTime();
  if (!Number.isFinite(t)) throw new RangeError('Invalid instant');
  const clock = wallClock(t, timeZone);
  const wall = new Date(Number.isNaN(clock) ? t : clock);
  const date = isoDateOf(wall.getTime());
  const minutesOfDay = wall.getUTCHours() * 60 + wall.getUTCMinutes();
  return { date, time: wall.toISOString().split('T')[1]?.slice(0, 5) ?? '00:00', weekday: weekdayOf(date), minutesOfDay };
}

/** `2026-03-29T03:00:00+02:00`: seconds always shown, and `+00:00` rather than `Z`, so every zone reads alike. */
export function toOffsetIso(instant: Date, timeZone: string): string {
  const t = instant.getTime();
  if (!Number.isFinite(t)) throw new RangeError('Invalid instant');
  const offset = offsetAt(t, timeZone);
  if (Number.isNaN(offset)) return instant.toISOString().replace(/\.\d{3}Z$/, '+00:00');
  const offsetMinutes = Math.round(offset / MINUTE);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const wall = new Date(wallClock(t, timeZone)).toISOString().replace(/\.\d{3}Z$/, '');
  return `${wall}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The date `n` days on, saturated at the ends of `Date`'s range. */
export function addDays(date: string, n: number): string {
  return isoDateOf(Math.min(MAX_MS, Math.max(-MAX_MS, wallMs(date, '00:00') + n * DAY)));
}

/** A real calendar date in `YYYY-MM-DD` form (rejects `2026-02-30`). */
export function isValidDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const parsed = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed) && isoDateOf(parsed) === date;
}

/**
 * A zone name `Intl` knows. Not checked against `Intl.supportedValuesOf('timeZone')`: on Node 20 that list
 * holds ICU's legacy names only (`Asia/Calcutta`, no `Asia/Kolkata`, no `UTC`).
 */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * One date's clock in a zone, resolved once so that a whole day of starts, bounds and offsets costs a
 * handful of `Intl` calls instead of several per start: `first` and `next` are the instants of its
 * 00:00 and 24:00 (as `zonedInstantOrNext` gives them), `before` the offset from `first`, `after` the
 * offset up to `next`, `change` the instant the offset goes from one to the other (`next` when it does
 * not). `exact` says the arithmetic below agrees with the general functions on this date: whole-minute
 * offsets, at most one change, at a minute, with midnight and 24:00 where that change puts them. Days
 * that fail it (Apia's skipped 2011-12-30, far-off years) take the general path.
 */
export interface ZonedDay {
  date: string;
  timeZone: string;
  /** `date 00:00` read as UTC (ms). */
  midnight: number;
  first: number;
  next: number;
  before: number;
  after: number;
  change: number;
  exact: boolean;
}

export function zonedDay(date: string, timeZone: string): ZonedDay {
  const midnight = wallMs(date, '00:00');
  const first = zonedInstantOrNext(date, '00:00', timeZone).getTime();
  const next = zonedInstantOrNext(date, '24:00', timeZone).getTime();
  const before = offsetAt(first, timeZone);
  const after = offsetAt(next - 1, timeZone);
  const day: ZonedDay = { date, timeZone, midnight, first, next, before, after, change: next, exact: false };
  if (!(before % MINUTE === 0 && after % MINUTE === 0 && first % MINUTE === 0 && next % MINUTE === 0)) return day;
  if (before === after) {
    day.exact = next === midnight + DAY - after && first >= midnight - before;
    return day;
  }
  if (first !== midnight - before || next !== midnight + DAY - after) return day;
  // Bisect, by the minute, to the first instant showing the new offset.
  let lo = first;
  let hi = next - MINUTE;
  if (offsetAt(hi, timeZone) !== after) return day;
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetAt(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  day.change = hi;
  day.exact = offsetAt(hi - 1000, timeZone) === before && offsetAt(hi, timeZone) === after;
  return day;
}

/** `zonedInstantOrNext(day.date, time)` in ms, by arithmetic on an exact day. */
export function dayInstantOrNext(day: ZonedDay, time: string): number {
  if (!day.exact) return zonedInstantOrNext(day.date, time, day.timeZone).getTime();
  if (time === '00:00') return day.first;
  if (time === '24:00') return day.next;
  const wall = wallMs(day.date, time);
  if (day.before === day.after) return Math.max(day.first, wall - day.before);
  // The earlier instant in an overlap; in a gap, the change itself.
  const early = wall - day.before;
  if (early >= day.first && early < day.change) return early;
  const late = wall - day.after;
  return Math.max(late, day.change);
}

/** A start of `steppedInstants`, with the wall minute and offset it shows. */
export interface SteppedStart {
  at: number;
  minute: number;
  offset: number;
}

/** `steppedInstants(day.date, step)` with what formatting needs; general functions on an inexact day. */
export function dayStarts(day: ZonedDay, stepMinutes: number): SteppedStart[] {
  const out: SteppedStart[] = [];
  if (!day.exact) {
    for (const at of steppedInstants(day.date, stepMinutes, day.timeZone)) {
      const t = at.getTime();
      out.push({ at: t, minute: localParts(at, day.timeZone).minutesOfDay, offset: offsetAt(t, day.timeZone) });
    }
    return out;
  }
  for (let m = 0; m < 24 * 60; m += stepMinutes) {
    const wall = day.midnight + m * MINUTE;
    const early = wall - day.before;
    if (early >= day.first && early < day.change) out.push({ at: early, minute: m, offset: day.before });
    if (day.before === day.after) continue;
    const late = wall - day.after;
    if (late >= day.change && late < day.next) out.push({ at: late, minute: m, offset: day.after });
  }
  if (day.before !== day.after) out.sort((a, b) => a.at - b.at);
  return out;
}

// Each label made when a start at that minute is first formatted: a salon's steps use a few dozen of
// the day's 1,440, and building all of them cost every availability cold start about a millisecond.
const clockLabels: Array<string | undefined> = [];
const clockLabel = (minute: number): string => (clockLabels[minute] ??= `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}:00`);
const offsetLabels = new Map<number, string>();

/** `toOffsetIso` of a start of `dayStarts`, without `Intl` on an exact day. */
export function startOffsetIso(day: ZonedDay, start: SteppedStart): string {
  if (!day.exact) return toOffsetIso(new Date(start.at), day.timeZone);
  let suffix = offsetLabels.get(start.offset);
  if (suffix === undefined) {
    const minutes = Math.round(start.offset / MINUTE);
    const abs = Math.abs(minutes);
    suffix = `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
    offsetLabels.set(start.offset, suffix);
  }
  return `${day.date}T${clockLabel(start.minute)}${suffix}`;
}
