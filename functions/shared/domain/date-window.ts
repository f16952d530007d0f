/**
 * The dates and instants the API accepts: calendar dates from 2000-01-01 to 2100-12-31, instants from
 * 2000-01-01T00:00:00Z up to (not including) 2101-01-01T00:00:00Z, whatever their offset. Nothing a salon
 * books or plans lies outside, and inside it every date, its neighbours and their instants are
 * representable (Date and Intl fail near year 10000 and ±275760), so extreme input is a 400 at
 * validation rather than a RangeError deep in the time arithmetic.
 */
import { _isoDateTime } from 'zod/v4/core';
import * as z from 'zod/mini';

export const DATE_WINDOW = { firstDate: '2000-01-01', lastDate: '2100-12-31' } as const;

const MIN_MS = Date.UTC(2000, 0, 1);
const END_MS = Date.UTC(2101, 0, 1);

export const DATE_WINDOW_MESSAGE = `Use a date from ${DATE_WINDOW.firstDate} to ${DATE_WINDOW.lastDate}.`;
export const INSTANT_WINDOW_MESSAGE = `Use an instant from ${DATE_WINDOW.firstDate}T00:00:00Z to ${DATE_WINDOW.lastDate}T23:59:59Z.`;

/** Epoch milliseconds inside the window (NaN and infinities are not). */
export function isInstantInWindow(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_MS && ms < END_MS;
}

/** `YYYY-MM-DD` strings compare like the dates they name. */
export function isDateInWindow(date: string): boolean {
  return date >= DATE_WINDOW.firstDate && date <= DATE_WINDOW.lastDate;
}

/** A real calendar date as `YYYY-MM-DD` (2026-02-30 is not). */
function isCalendarDate(d: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
}

/** A local date (`YYYY-MM-DD`) inside the window; each failure reported once. */
export const WindowDate = /* @__PURE__ */ (() =>
  z.string().check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date as YYYY-MM-DD.'),
    z.refine((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || isCalendarDate(d), 'No such date.'),
    z.refine((d) => !isCalendarDate(d) || isDateInWindow(d), DATE_WINDOW_MESSAGE),
  ))();

/**
 * An ISO 8601 date-time with an offset (a bare local time is ambiguous), inside the window. The window
 * is checked only on a well-formed value, so a malformed one gets the format message alone.
 */
export function windowInstant(formatMessage: string) {
  // `z.iso.datetime` is reached through the `iso` namespace object, which keeps every ISO format (date,
  // time, duration and their regexes) in the bundle; the factory and its class alone are what it calls.
  const format = _isoDateTime(z.ZodMiniISODateTime, { offset: true, error: formatMessage });
  return z.string().check(
    z.refine((s) => format.safeParse(s).success, formatMessage),
    z.refine((s) => !format.safeParse(s).success || isInstantInWindow(Date.parse(s)), INSTANT_WINDOW_MESSAGE),
  );
}
