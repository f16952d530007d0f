/**
 * Wall-clock <-> instant conversion in an IANA timezone, with no dependency: the offset at an instant is
 * read from `Intl.DateTimeFormat`, and a wall time is resolved by trying the offsets in force around it.
 * Dates are `YYYY-MM-DD`, times `HH:MM`; offsets are assumed to be whole minutes (true since the 1970s).
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
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // h23: some locales and engines otherwise print midnight as `24`.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at an instant, as if it were a UTC timestamp (ms), to the second. */
function wallClock(instant: number, timeZone: string): number {
  const n: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) n[p.type] = Number(p.value);
  return Date.UTC(n.year ?? 0, (n.month ?? 1) - 1, n.day ?? 1, n.hour ?? 0, n.minute ?? 0, n.second ?? 0);
}

function offsetAt(instant: number, timeZone: string): number {
  return wallClock(instant, timeZone) - Math.floor(instant / 1000) * 1000;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
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
  return WEEKDAYS[(sundayFirst + 6) % 7] as Weekday;
}

export function localParts(instant: Date, timeZone: string): LocalParts {
  const wall = new Date(wallClock(instant.getTime(), timeZone));
  const date = wall.toISOString().slice(0, 10);
  const minutesOfDay = wall.getUTCHours() * 60 + wall.getUTCMinutes();
  return { date, time: wall.toISOString().slice(11, 16), weekday: weekdayOf(date), minutesOfDay };
}

/** `2026-03-29T03:00:00+02:00`: seconds always shown, and `+00:00` rather than `Z`, so every zone reads alike. */
export function toOffsetIso(instant: Date, timeZone: string): string {
  const t = instant.getTime();
  const offsetMinutes = Math.round(offsetAt(t, timeZone) / MINUTE);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const wall = new Date(wallClock(t, timeZone)).toISOString().slice(0, 19);
  return `${wall}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function addDays(date: string, n: number): string {
  return new Date(wallMs(date, '00:00') + n * DAY).toISOString().slice(0, 10);
}

/** A real calendar date in `YYYY-MM-DD` form (rejects `2026-02-30`). */
export function isValidDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
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
