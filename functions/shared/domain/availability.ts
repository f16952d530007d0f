/**
 * Which start times a salon offers, and whether one given start can be booked. Pure: no I/O, no clock.
 *
 * - Candidate starts on a date are the instants whose wall clock in `rules.timezone` shows that date at a
 *   multiple of `slotStepMinutes` from midnight. A wall time skipped by a spring-forward gap is not offered;
 *   one repeated by a fall-back overlap is offered at both instants (so `checkBookable` agrees with the list).
 * - Durations are elapsed time: a start occupies `[start - bufferBefore, start + duration + bufferAfter)`.
 * - That span must lie inside ONE working range of the date's weekday (its ends resolved with
 *   `zonedInstantOrNext`, so a range starting in a gap starts when the clocks jump), and overlap no time off
 *   and no busy span. Busy spans are the occupied spans of existing appointments, buffers included; all
 *   intervals are half-open, so back-to-back is fine. A busy span held by a pending online booking stops
 *   counting at its `holdUntil` (compared with `now`).
 * - Online booking also needs `now + minimumNotice <= start <= now + bookingHorizonDays`.
 *
 * Time-zone work is done once per date (zoned-time.ts `zonedDay`): a date's starts, working-hour bounds
 * (one per distinct time string) and offsets come from arithmetic on its one or two offsets, so a month
 * for many staff costs a few `Intl` calls a day. tests/support/reference-engine holds the engine as it
 * was (per staff member and start), which this one must match byte for byte.
 */
import type { BookingRules, ServiceTiming, TimeOff, WorkingHours } from './schedule';
import {
  type SteppedStart,
  type ZonedDay,
  dayInstantOrNext,
  dayStarts,
  localParts,
  startOffsetIso,
  weekdayOf,
  zonedDay,
} from './zoned-time';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface Interval {
  start: Date;
  end: Date;
  /** A pending hold's expiry: from then on the span is free (the day item keeps it until its next write). */
  holdUntil?: Date | undefined;
}

export interface StaffSchedule {
  staffId: string;
  workingHours: WorkingHours;
  timeOff: ReadonlyArray<TimeOff>;
  /** Occupied spans of the staff member's appointments that occupy time (when rescheduling, minus the one moved). */
  busy: ReadonlyArray<Interval>;
}

export interface SlotQuery {
  /** `YYYY-MM-DD` in the salon's timezone. */
  date: string;
  rules: BookingRules;
  service: ServiceTiming;
  staff: ReadonlyArray<StaffSchedule>;
  now: Date;
}

/** Several dates at once: each staff member's busy spans cover them all (and the day either side). */
export interface RangeSlotQuery extends Omit<SlotQuery, 'date'> {
  dates: ReadonlyArray<string>;
}

export interface Slot {
  start: Date;
  staffId: string;
}

/** A slot as the API answers it: the start with the salon's offset (`toOffsetIso`). */
export interface OpenSlot {
  start: string;
  staffId: string;
}

export type Unbookable =
  | 'outside_working_hours'
  | 'time_off'
  | 'slot_taken'
  | 'too_soon'
  | 'beyond_horizon'
  | 'off_step'
  | 'in_the_past';

/** Millisecond half-open interval, what the checks compare. */
interface Span {
  start: number;
  end: number;
}

/** One staff member's date with every bound resolved to an instant once. */
interface StaffDay {
  working: Span[];
  timeOff: Span[];
  busy: Span[];
}

export function occupiedSpan(start: Date, service: ServiceTiming): Interval {
  const t = start.getTime();
  return {
    start: new Date(t - service.bufferBeforeMinutes * MINUTE),
    end: new Date(t + (service.durationMinutes + service.bufferAfterMinutes) * MINUTE),
  };
}

export function availableSlots(q: SlotQuery): Slot[] {
  const slots: Slot[] = [];
  scanDates({ ...q, dates: [q.date] }, (_day, start, staffId) => {
    slots.push({ start: new Date(start.at), staffId });
  });
  return slots;
}

/** The open slots of each date, formatted as the API answers them. */
export function openSlotsByDate(q: RangeSlotQuery): Array<{ date: string; slots: OpenSlot[] }> {
  const out = q.dates.map((date): { date: string; slots: OpenSlot[] } => ({ date, slots: [] }));
  let last: { start: SteppedStart; iso: string } | undefined;
  scanDates(q, (day, start, staffId, index) => {
    // Staff free at the same start share one string.
    if (last?.start !== start) last = { start, iso: startOffsetIso(day, start) };
    out[index]?.slots.push({ start: last.iso, staffId });
  });
  return out;
}

/** How many open slots (start and staff member) each date has, for month calendars: nothing formatted. */
export function openSlotCounts(q: RangeSlotQuery): Array<{ date: string; count: number }> {
  const out = q.dates.map((date) => ({ date, count: 0 }));
  scanDates(q, (_day, _start, _staffId, index) => {
    const day = out[index];
    if (day) day.count += 1;
  });
  return out;
}

/** A staff member's blocked time over the whole query: time off and busy spans, merged, in order. */
interface PreparedStaff {
  staffId: string;
  workingHours: WorkingHours;
  blocked: Span[];
}

function prepare(staff: StaffSchedule, now: Date): PreparedStaff {
  const spans = [
    ...staff.timeOff.map((o) => ({ start: Date.parse(o.start), end: Date.parse(o.end) })),
    ...staff.busy.filter((b) => stillBusy(b, now)).map(toSpan),
  ].sort((a, b) => a.start - b.start);
  // Overlapping or touching spans merge: a half-open span overlaps the union iff it overlaps one of them.
  const blocked: Span[] = [];
  for (const s of spans) {
    const last = blocked[blocked.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else blocked.push({ ...s });
  }
  return { staffId: staff.staffId, workingHours: staff.workingHours, blocked };
}

/**
 * Every open (start, staff member) of the dates, in the order `availableSlots` lists them: by start, then
 * in the order of `staff`. Starts only grow within a date, so each staff member's working ranges and
 * blocked spans are walked with a cursor instead of searched per start.
 */
function scanDates(
  q: RangeSlotQuery,
  emit: (day: ZonedDay, start: SteppedStart, staffId: string, dateIndex: number) => void,
): void {
  const { rules, service, now } = q;
  const staff = q.staff.map((s) => prepare(s, now));
  const lead = service.bufferBeforeMinutes * MINUTE;
  const tail = (service.durationMinutes + service.bufferAfterMinutes) * MINUTE;
  const earliest = Math.max(now.getTime(), now.getTime() + rules.minimumNoticeMinutes * MINUTE);
  const latest = now.getTime() + rules.bookingHorizonDays * DAY;
  for (const [index, date] of q.dates.entries()) {
    const day = zonedDay(date, rules.timezone);
    const starts = dayStarts(day, rules.slotStepMinutes).filter((s) => s.at >= earliest && s.at <= latest);
    if (starts.length === 0) continue;
    // The `as SteppedStart` / `as Span` index reads below are sound: `starts` is not empty, and each other
    // index is bounded by its loop condition (noUncheckedIndexedAccess cannot see either; a hot loop).
    const bounds = new Map<string, number>();
    const bound = (time: string) => {
      let t = bounds.get(time);
      if (t === undefined) {
        t = dayInstantOrNext(day, time);
        bounds.set(time, t);
      }
      return t;
    };
    const weekday = weekdayOf(date);
    const cursors = staff
      .map((s) => ({
        staffId: s.staffId,
        // By end: a range ending before a start's span ends cannot hold it, nor any later one.
        working: (s.workingHours[weekday] ?? [])
          .map((r) => ({ start: bound(r.start), end: bound(r.end) }))
          .sort((a, b) => a.end - b.end),
        w: 0,
        blocked: s.blocked,
        b: firstEndingAfter(s.blocked, (starts[0] as SteppedStart).at - lead),
      }))
      .filter((c) => c.working.length > 0);
    if (cursors.length === 0) continue;
    for (const start of starts) {
      const from = start.at - lead;
      const to = start.at + tail;
      for (const c of cursors) {
        while (c.w < c.working.length && (c.working[c.w] as Span).end < to) c.w++;
        let inside = false;
        for (let i = c.w; i < c.working.length && !inside; i++) inside = (c.working[i] as Span).start <= from;
        if (!inside) continue;
        while (c.b < c.blocked.length && (c.blocked[c.b] as Span).end <= from) c.b++;
        const next = c.blocked[c.b];
        if (next && next.start < to) continue;
        emit(day, start, c.staffId, index);
      }
    }
  }
}

/** Index of the first of disjoint ordered spans that ends after `t`. */
function firstEndingAfter(spans: ReadonlyArray<Span>, t: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1; // lo <= mid < hi <= length: in bounds
    if ((spans[mid] as Span).end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Why `start` cannot be booked with this staff member, or `undefined` if it can. `enforceNotice: false`
 * (back office) also allows past starts, so staff can record what already happened.
 */
export function checkBookable(
  start: Date,
  staff: StaffSchedule,
  service: ServiceTiming,
  rules: BookingRules,
  now: Date,
  opts: { enforceNotice: boolean; enforceStep: boolean },
): Unbookable | undefined {
  if (opts.enforceNotice) {
    const problem = windowProblem(start, rules, now);
    if (problem) return problem;
  }
  const local = localParts(start, rules.timezone);
  if (opts.enforceStep && (local.minutesOfDay % rules.slotStepMinutes !== 0 || start.getTime() % MINUTE !== 0)) {
    return 'off_step';
  }
  return conflict(toSpan(occupiedSpan(start, service)), staffDay(staff, zonedDay(local.date, rules.timezone), now));
}

function windowProblem(start: Date, rules: BookingRules, now: Date): Unbookable | undefined {
  const t = start.getTime();
  if (t < now.getTime()) return 'in_the_past';
  if (t < now.getTime() + rules.minimumNoticeMinutes * MINUTE) return 'too_soon';
  if (t > now.getTime() + rules.bookingHorizonDays * DAY) return 'beyond_horizon';
  return undefined;
}

function conflict(span: Span, day: StaffDay): Unbookable | undefined {
  if (!day.working.some((w) => w.start <= span.start && span.end <= w.end)) return 'outside_working_hours';
  if (day.timeOff.some((o) => overlaps(span, o))) return 'time_off';
  if (day.busy.some((b) => overlaps(span, b))) return 'slot_taken';
  return undefined;
}

/** Whether a busy span still occupies time at `now`: lasting, or held by a hold not yet expired. */
export function stillBusy(span: Interval, now: Date): boolean {
  return span.holdUntil === undefined || span.holdUntil.getTime() > now.getTime();
}

function staffDay(staff: StaffSchedule, day: ZonedDay, now: Date): StaffDay {
  const ranges = staff.workingHours[weekdayOf(day.date)] ?? [];
  return {
    working: ranges.map((r) => ({ start: dayInstantOrNext(day, r.start), end: dayInstantOrNext(day, r.end) })),
    timeOff: staff.timeOff.map((o) => ({ start: Date.parse(o.start), end: Date.parse(o.end) })),
    busy: staff.busy.filter((b) => stillBusy(b, now)).map(toSpan),
  };
}

function toSpan(i: Interval): Span {
  return { start: i.start.getTime(), end: i.end.getTime() };
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}
