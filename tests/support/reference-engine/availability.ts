/**
 * The availability engine as it was before per-date time-zone work (commit 2e5804c), kept verbatim as the
 * reference the current engine must match byte for byte (tests/unit/shared/availability-equivalence.test.ts)
 * and as the "before" column of `npm run bench -- --only engine`. Do not optimise it.
 */
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
 */
import type { BookingRules, ServiceTiming, TimeOff, WorkingHours } from '../../../functions/shared/domain/schedule';
import { localParts, steppedInstants, weekdayOf, zonedInstantOrNext } from './zoned-time';

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

export interface Slot {
  start: Date;
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
  const { date, rules, service, now } = q;
  const days = q.staff.map((s) => ({ staffId: s.staffId, day: staffDay(s, date, rules.timezone, now) }));
  const slots: Slot[] = [];
  for (const start of steppedInstants(date, rules.slotStepMinutes, rules.timezone)) {
    if (windowProblem(start, rules, now)) continue;
    const span = toSpan(occupiedSpan(start, service));
    for (const { staffId, day } of days) if (!conflict(span, day)) slots.push({ start, staffId });
  }
  return slots;
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
  return conflict(toSpan(occupiedSpan(start, service)), staffDay(staff, local.date, rules.timezone, now));
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

function staffDay(staff: StaffSchedule, date: string, timeZone: string, now: Date): StaffDay {
  const ranges = staff.workingHours[weekdayOf(date)] ?? [];
  return {
    working: ranges.map((r) => ({
      start: zonedInstantOrNext(date, r.start, timeZone).getTime(),
      end: zonedInstantOrNext(date, r.end, timeZone).getTime(),
    })),
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
