/**
 * What callers may send about appointments and availability, as zod schemas.
 *
 * Every schema is built in a closure marked `@__PURE__`, so that a route bundles (and builds at cold
 * start) only the schemas it uses: esbuild keeps any call it cannot prove free of side effects, and it
 * reads zod's own `@__NO_SIDE_EFFECTS__` marks only inside zod's files.
 */
import * as z from 'zod/mini';
import { ULID } from './tenant-context';
import { APPOINTMENT_STATUSES } from './appointment-status';
import { WindowDate, windowInstant } from './date-window';
import { displayName } from './text';

const Id = /* @__PURE__ */ (() => z.string().check(z.regex(ULID, 'Expected an id of 26 characters.')))();
/** An instant with its offset (`2026-03-02T10:00:00+01:00` or `...Z`), inside the API's date window. */
export const Instant = /* @__PURE__ */ (() =>
  windowInstant('Use an ISO 8601 date-time with an offset, e.g. 2026-03-02T10:00:00+01:00.'))();
const Notes = /* @__PURE__ */ (() => z.string().check(z.maxLength(2000)))();
const Status = /* @__PURE__ */ (() => z.enum(APPOINTMENT_STATUSES))();

export const CreateAppointmentBody = /* @__PURE__ */ (() =>
  z.strictObject({
    clientId: Id,
    serviceId: Id,
    staffId: Id,
    start: Instant,
    notes: z.optional(Notes),
  }))();

/**
 * Reschedule (`start`, `staffId`), notes, or a status change; a status change travels alone so that a
 * transition is never half applied with a move.
 */
export const UpdateAppointmentBody = /* @__PURE__ */ (() =>
  z
    .strictObject({
      start: z.optional(Instant),
      staffId: z.optional(Id),
      notes: z.optional(z.nullable(Notes)),
      status: z.optional(Status),
    })
    .check(
      z.refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.'),
      z.refine(
        (b) => b.status === undefined || (b.start === undefined && b.staffId === undefined),
        'Change the status and the time or staff member in separate requests.',
      ),
    ))();

export const ListAppointmentsQuery = /* @__PURE__ */ (() =>
  z
    .object({
      from: z.optional(Instant),
      to: z.optional(Instant),
      staffId: z.optional(Id),
      clientId: z.optional(Id),
      status: z.optional(Status),
    })
    .check(z.refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), '`from` must be before `to`.')))();

/** The longest range one availability request may cover, both ends included: six weeks, a month view. */
export const MAX_AVAILABILITY_DAYS = 42;

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/**
 * One date (`date`), or a range (`from` and `to`, both included, at most 42 days); `summary=1` (range
 * only) answers a count per date instead of the slots.
 */
export const AvailabilityQuery = /* @__PURE__ */ (() =>
  z
    .object({
      serviceId: Id,
      date: z.optional(WindowDate),
      from: z.optional(WindowDate),
      to: z.optional(WindowDate),
      staffId: z.optional(Id),
      summary: z.optional(z.enum(['1', 'true', '0', 'false'])),
    })
    .check(
      z.refine((q) => (q.date === undefined) !== (q.from === undefined && q.to === undefined), {
        message: 'Send either `date`, or `from` and `to`.',
        path: ['date'],
      }),
      z.refine((q) => q.date !== undefined || (q.from !== undefined) === (q.to !== undefined), {
        message: 'Send both `from` and `to`.',
        path: ['to'],
      }),
      z.refine((q) => !q.from || !q.to || q.from <= q.to, { message: '`to` must not be before `from`.', path: ['to'] }),
      // NaN (a malformed date, reported by its own check) passes.
      z.refine((q) => !q.from || !q.to || !(dayNumber(q.to) - dayNumber(q.from) >= MAX_AVAILABILITY_DAYS), {
        message: `Ask for at most ${MAX_AVAILABILITY_DAYS} days, \`from\` and \`to\` included.`,
        path: ['to'],
      }),
      z.refine((q) => q.summary === undefined || q.date === undefined, {
        message: '`summary` goes with `from` and `to`.',
        path: ['summary'],
      }),
    ))();
export type AvailabilityInput = z.infer<typeof AvailabilityQuery>;

const Email = /* @__PURE__ */ (() => z.email().check(z.maxLength(254)))();
const Phone = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^\+?[0-9][0-9 ().-]{2,30}$/, 'Use digits, spaces, ( ) . - and an optional leading +.')))();

export const PublicBookingBody = /* @__PURE__ */ (() =>
  z.strictObject({
    serviceId: Id,
    staffId: z.optional(Id),
    start: Instant,
    client: z.strictObject({
      name: displayName(),
      email: Email,
      phone: z.optional(Phone),
      /** What the booker accepts besides this booking's own messages (both on if absent). */
      notifications: z.optional(z.strictObject({ email: z.boolean(), sms: z.boolean() })),
    }),
    notes: z.optional(z.string().check(z.maxLength(500))),
  }))();
export type PublicBookingInput = z.infer<typeof PublicBookingBody>;

/** The manage token handed out with an online booking: 32 random bytes, base64url. */
export const CancelBookingBody = /* @__PURE__ */ (() =>
  z.strictObject({
    token: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'Expected the manage token of the booking.')),
  }))();

export const ConfirmBookingBody = /* @__PURE__ */ (() =>
  z.strictObject({
    token: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'Expected the confirmation token from the booking email.')),
  }))();
