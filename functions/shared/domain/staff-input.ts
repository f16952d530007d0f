/**
 * What a member may send about a salon's staff member, as zod schemas producing the shapes of
 * `schedule.ts`. Working hours are `HH:MM` wall-clock ranges per weekday (`24:00` allowed as an end),
 * never overlapping within a day; time off is a list of instants with an explicit offset. Whether the
 * service ids and the user id name things of this salon is checked by the repository, in the write's
 * own transaction. Each schema is built in a closure marked `@__PURE__` so that a route bundles only
 * those it uses (see appointment-input.ts).
 */
import * as z from 'zod/mini';
import { ExternalId, Ulid } from '../http/params';
import { windowInstant } from './date-window';
import type { TimeOff, TimeRange, Weekday } from './schedule';
import { displayName } from './text';

export const MAX_SERVICES_PER_STAFF = 50;
export const MAX_RANGES_PER_DAY = 6;
export const MAX_TIME_OFF = 100;
export const MAX_TIME_OFF_DAYS = 366;

const Name = /* @__PURE__ */ (() => displayName())();

const START = /^([01]\d|2[0-3]):[0-5]\d$/;
const END = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const Start = /* @__PURE__ */ (() => z.string().check(z.regex(START, 'Use HH:MM, from 00:00 to 23:59.')))();
const End = /* @__PURE__ */ (() => z.string().check(z.regex(END, 'Use HH:MM, from 00:01 to 24:00.')))();

/** `HH:MM` strings compare like the times they name. */
const Range = /* @__PURE__ */ (() =>
  z
    .strictObject({ start: Start, end: End })
    .check(z.refine((r) => r.start < r.end, { message: 'The end must be after the start.', path: ['end'] })))();

const isRange = (r: TimeRange) => START.test(r.start) && END.test(r.end) && r.start < r.end;

/** One weekday's ranges, in any order, none overlapping another (touching is fine: 09:00-12:00, 12:00-18:00). */
function day(name: Weekday) {
  return z.optional(
    z.array(Range).check(
      z.maxLength(MAX_RANGES_PER_DAY),
      z.superRefine((ranges, ctx) => {
        const sorted = ranges.filter(isRange).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
        for (let i = 1; i < sorted.length; i++) {
          const [prev, next] = [sorted[i - 1], sorted[i]];
          if (prev && next && next.start < prev.end) {
            ctx.issues.push({
              code: 'custom',
              input: ranges,
              message: `The working hours of ${name} overlap: ${prev.start}-${prev.end} and ${next.start}-${next.end}.`,
            });
            return;
          }
        }
      }),
    ),
  );
}

/** Every weekday optional; a missing or empty day is a day off. Unknown keys (`monday`, `holidays`) are refused. */
export const WorkingHoursBody = /* @__PURE__ */ (() =>
  z.strictObject({
    mon: day('mon'),
    tue: day('tue'),
    wed: day('wed'),
    thu: day('thu'),
    fri: day('fri'),
    sat: day('sat'),
    sun: day('sun'),
  }))();

const Instant = /* @__PURE__ */ (() =>
  windowInstant('Use an ISO 8601 date-time with an offset, e.g. 2026-03-01T09:00:00+01:00.'))();
const MAX_TIME_OFF_MS = MAX_TIME_OFF_DAYS * 86_400_000;

const TimeOffEntry = /* @__PURE__ */ (() =>
  z.strictObject({ start: Instant, end: Instant }).check(
    z.superRefine((t: TimeOff, ctx) => {
      // Only between valid instants: Date.parse reads 2026-02-30 as March 2.
      if (!Instant.safeParse(t.start).success || !Instant.safeParse(t.end).success) return;
      const length = Date.parse(t.end) - Date.parse(t.start);
      if (length <= 0) ctx.issues.push({ code: 'custom', input: t, path: ['end'], message: 'The end must be after the start.' });
      else if (length > MAX_TIME_OFF_MS) {
        ctx.issues.push({
          code: 'custom',
          input: t,
          path: ['end'],
          message: `Time off lasts at most ${MAX_TIME_OFF_DAYS} days; split longer absences.`,
        });
      }
    }),
  ))();
const TimeOffList = /* @__PURE__ */ (() => z.array(TimeOffEntry).check(z.maxLength(MAX_TIME_OFF)))();

const ServiceIds = /* @__PURE__ */ (() =>
  z.array(Ulid).check(
    z.maxLength(MAX_SERVICES_PER_STAFF),
    z.refine((ids) => new Set(ids).size === ids.length, 'List each service once.'),
  ))();

export const CreateStaffBody = /* @__PURE__ */ (() =>
  z.strictObject({
    name: Name,
    serviceIds: ServiceIds,
    workingHours: WorkingHoursBody,
    timeOff: z.optional(TimeOffList),
    /** The member (Cognito subject) this staff record is; a member is at most one staff record. */
    userId: z.optional(ExternalId),
  }))();
export type CreateStaffInput = z.infer<typeof CreateStaffBody>;

/** Any subset; `timeOff`, `serviceIds` and `workingHours` replace the whole value; `userId: null` unlinks. */
export const UpdateStaffBody = /* @__PURE__ */ (() =>
  z
    .strictObject({
      name: z.optional(Name),
      serviceIds: z.optional(ServiceIds),
      workingHours: z.optional(WorkingHoursBody),
      timeOff: z.optional(TimeOffList),
      userId: z.optional(z.nullable(ExternalId)),
    })
    .check(z.refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.')))();
export type UpdateStaffInput = z.infer<typeof UpdateStaffBody>;
