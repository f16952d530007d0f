/**
 * Appointments, booked without double-booking. Each staff member has one item per salon-local day
 * (`DAY#<date>#<staffId>`) holding the occupied spans (buffers included) of its non-cancelled
 * appointments and a version. A booking reads the days around its start, checks the rules in code,
 * then commits one transaction that writes its day item on condition of the version it read (and
 * checks the neighbouring days' versions): of two overlapping bookings, the second's condition fails,
 * it reads again, sees the first and answers 409 SLOT_UNAVAILABLE. The same transaction writes the
 * appointment and its monthly counter (bounded by the plan's limit) and checks what the decision relied
 * on (the salon, staff member, service and client unchanged).
 */
import { tableName } from '../db/client';
import { hasTransactionConflict } from '../db/conditions';
import { queryFilledPage } from '../db/read';
import { StaleReadError, type Step, conflictedSteps, step, transact } from '../db/transact';
import { type AuditOrigin, auditStep } from '../entities/audit';
import { type Changes, changesOf } from '../domain/audit';
import type { MemberGuard } from './write-guard';
import {
  APPOINTMENT_PREFIX,
  appointmentIndexKeys,
  appointmentKey,
  appointmentTimelinePk,
  clientTimelinePk,
  clientKey,
  monthlyUsageKey,
  openTimelineKeys,
  serviceKey,
  staffDayKey,
  staffKey,
  STAFF_PREFIX,
  staffTimelinePk,
  tenantMetaKey,
  tenantPk,
} from '../db/keys';
import { TABLE } from '../db/table';
import {
  type AppointmentStatus,
  canReschedule,
  canTransition,
  holdsStaff,
  isOpen,
  occupiesTime,
} from '../domain/appointment-status';
import { type StaffSchedule, type Unbookable, checkBookable, occupiedSpan, stillBusy } from '../domain/availability';
import { appointmentEnd, bookedPrice, eligibility, fewestBookedFirst, ownRefusal } from '../domain/booking-rules';
import { monthIn } from '../domain/calendar';
import { str } from '../entities/codec';
import type { BookingRules, Staff } from '../domain/schedule';
import type { TenantSettings } from '../domain/tenant';
import { addDays, localParts, toOffsetIso } from '../domain/zoned-time';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { RecordFor } from './idempotency';
import { newId } from './ids';
import { type FilteredPage, decodeCursor, encodeCursor, equals, idUnder, keyUnder, within } from './pagination';
import {
  type Span,
  type StaffDay,
  batchGet,
  liveSalon,
  readCatalogItems,
  readStaffDayItems,
  rulesOf,
  staffDayOf,
} from './salon-schedule';
import type { TenantScope } from './scope';
import {
  type Appointment,
  appointmentBookerKey,
  appointmentDayKey,
  appointmentTiming,
  appointmentKeyVersions,
  appointmentChangeStep,
  appointmentVersion,
  newAppointmentPut,
  sealNotes,
  storedStatus,
  toAppointment,
} from '../entities/appointment';
import { keyring, createFirstKey } from '../crypto/keyring';
import { bookerRelease } from '../entities/booker';
import { pendingHoldRelease } from '../entities/pending-holds';
import { type DayRead, claimDaySteps, spanRelease } from '../entities/staff-day';
import { usageCount } from '../entities/usage';
import { type Service, toService } from '../entities/service';
import { staffUserOf, toStaff } from '../entities/staff';
import { counterIncrement, planLimitError } from './usage';
import { type StatsDelta, appointmentDelta, factsOf, mergeDeltas } from '../domain/analytics';
import { appointmentFactsOf, dailyStatsSteps } from '../entities/daily-stats';
import { type Item, readItem } from './tenant-items';
import { salonLimit, salonPlan, salonSettings, salonTimezone } from '../entities/salon';

export { type Appointment, toAppointment };

/** Attempts of read-check-commit before answering 409: each lost race re-reads the days. */
const ATTEMPTS = 8;
const pause = (attempt: number) => new Promise((r) => setTimeout(r, 5 + Math.random() * 15 * 2 ** Math.min(attempt, 4)));

const REASONS: Record<Unbookable, string> = {
  in_the_past: 'This time is in the past.',
  too_soon: 'This time is closer than the salon’s minimum notice.',
  beyond_horizon: 'This time is beyond how far ahead the salon takes bookings.',
  off_step: 'Appointments start on the salon’s slot step.',
  outside_working_hours: 'The staff member does not work then (the service and its buffers must fit).',
  time_off: 'The staff member is off then.',
  slot_taken: 'The staff member is already booked then.',
};

function slotUnavailable(reason: Unbookable, staffId: string, start: Date, timezone: string): ConflictError {
  return new ConflictError(REASONS[reason], { reason, staffId, start: toOffsetIso(start, timezone) }, 'SLOT_UNAVAILABLE');
}

const busyRetry = () =>
  new ConflictError(
    'This calendar (or this booker’s bookings) kept changing under other requests; retry shortly.',
    undefined,
    'CALENDAR_BUSY',
  );

const doesNotOffer = () =>
  new ValidationError(
    'This staff member does not offer this service.',
    [{ in: 'body', path: 'staffId', message: 'Does not offer the service' }],
    'STAFF_DOES_NOT_OFFER_SERVICE',
  );

const serviceInactive = () =>
  new ValidationError(
    'This service is not offered any more.',
    [{ in: 'body', path: 'serviceId', message: 'Inactive service' }],
    'SERVICE_INACTIVE',
  );

const unknownReference = (field: string, what: string) =>
  new ValidationError(`No ${what} with this id in this salon.`, [{ in: 'body', path: field, message: `Unknown ${what}` }]);

/** The day items a booking of `staffId` at `start` reads: its salon-local date and the dates either side. */
function dayDates(start: Date, timezone: string): { date: string; around: string[] } {
  const date = localParts(start, timezone).date;
  return { date, around: [addDays(date, -1), date, addDays(date, 1)] };
}

function scheduleOf(staff: Staff, days: ReadonlyArray<StaffDay>, except?: string): StaffSchedule {
  const busy: Span[] = [];
  for (const day of days) for (const [id, span] of day.spans) if (id !== except) busy.push(span);
  return { staffId: staff.staffId, workingHours: staff.workingHours, timeOff: staff.timeOff, busy };
}

const stale = (name: string) => () => new StaleReadError(name);

/** What a decision relied on (a staff member, a service) is as read; changed meanwhile: read again. */
const unchanged = (name: string, table: string, key: { PK: string; SK: string }, updatedAt: unknown): Step =>
  step(
    name,
    {
      ConditionCheck: {
        TableName: table,
        Key: key,
        ConditionExpression: 'updatedAt = :u',
        ExpressionAttributeValues: { ':u': updatedAt },
      },
    },
    stale(name),
  );

export interface NewBooking {
  serviceId: string;
  staffId: string;
  start: Date;
  notes?: string | undefined;
  /** An existing client (checked to exist in the transaction); online booking names it from `extras.prepare`. */
  clientId?: string;
  source: 'staff' | 'online';
  createdBy: string;
  /** Online: bookings outside the notice, horizon or slot step are refused; staff may book any time. */
  enforceRules: boolean;
  /** Fields stored on the appointment item but never returned (online booking's token hash, booker). */
  privateFields?: Item;
  /** An unconfirmed online booking: `pending`, its span held until the instant answered (none: a lasting booking). */
  holdUntil?: ((ctx: BookingContext, now: Date) => Date | undefined) | undefined;
}

export interface BookingContext {
  salon: Item;
  settings: TenantSettings;
  rules: BookingRules;
  service: Service;
  staff: Staff;
  staffItem: Item;
  serviceItem: Item;
}

/**
 * Reads what a booking needs in one BatchGet: the salon, service, staff member, client (unless absent)
 * and the staff member's days around the start.
 */
async function readForBooking(
  scope: TenantScope,
  b: { serviceId: string; staffId: string; start: Date; clientId?: string | undefined },
  timezoneGuess: string | undefined,
  extraKeys: ReadonlyArray<{ PK: string; SK: string }>,
) {
  const t = scope.tenantId;
  // The salon-local date needs the timezone; before the salon is read, the UTC date ±1 covers every zone.
  const utcDate = b.start.toISOString().slice(0, 10);
  const dates = timezoneGuess
    ? dayDates(b.start, timezoneGuess).around
    : [addDays(utcDate, -2), addDays(utcDate, -1), utcDate, addDays(utcDate, 1), addDays(utcDate, 2)];
  const keys = [
    tenantMetaKey(t),
    serviceKey(t, b.serviceId),
    staffKey(t, b.staffId),
    ...(b.clientId ? [clientKey(t, b.clientId)] : []),
    ...dates.map((d) => staffDayKey(t, d, b.staffId)),
    ...extraKeys,
  ];
  return batchGet(scope, keys);
}

function bookingContext(scope: TenantScope, found: Map<string, Item>, b: { serviceId: string; staffId: string }): BookingContext {
  const t = scope.tenantId;
  const salon = liveSalon(found.get(tenantMetaKey(t).SK));
  const settings = salonSettings(salon);
  const serviceItem = found.get(serviceKey(t, b.serviceId).SK);
  if (!serviceItem) throw unknownReference('serviceId', 'service');
  const service = toService(serviceItem);
  const staffItem = found.get(staffKey(t, b.staffId).SK);
  if (!staffItem) throw unknownReference('staffId', 'staff member');
  const staff = toStaff(staffItem);
  const ineligible = eligibility(service, staff);
  if (ineligible === 'service_inactive') throw serviceInactive();
  if (ineligible) throw doesNotOffer();
  return { salon, settings, rules: rulesOf(settings), service, staff, staffItem, serviceItem };
}

function daysRead(scope: TenantScope, found: Map<string, Item>, staffId: string, dates: string[]): DayRead[] {
  return dates.map((d) => {
    const key = staffDayKey(scope.tenantId, d, staffId);
    const item = found.get(key.SK);
    return { key, day: item ? staffDayOf(item) : undefined };
  });
}

/** What online booking adds to a booking, decided from the same read (repositories/public-booking.ts). */
export interface PreparedExtras {
  /** The client the appointment is for (created, or checked, by `items`). */
  clientId: string;
  /**
   * More steps: the client or a check of its email, the booker's open bookings. Each answers its own
   * failure (asked in this order, after the booking's own final answers); `undefined`: changed since
   * read, read again.
   */
  steps: (appointment: Appointment, ctx: BookingContext) => Step[];
  /** More private fields of the appointment item, decided from the same read. */
  fields?: (appointment: Appointment, ctx: BookingContext) => Item;
  /** What `steps` adds to the analytics counters (a client it creates), merged into the booking's own. */
  counts?: (appointment: Appointment, ctx: BookingContext) => StatsDelta;
}

export interface BookingExtras {
  guard?: MemberGuard | undefined;
  /** More keys for the booking's one BatchGet, handed to `prepare`. */
  keys?: ReadonlyArray<{ PK: string; SK: string }>;
  prepare?: (found: Map<string, Item>) => PreparedExtras;
  recordFor?: RecordFor<Appointment> | undefined;
  /** Who books, for the booking's audit entry (entities/audit.ts), written in its transaction. */
  audit?: BookingOrigin | undefined;
}

/**
 * Books one appointment. Reads (one BatchGet per attempt), checks in code, commits one transaction
 * conditioned on what it read; a lost race re-reads, up to ATTEMPTS times.
 */
export async function bookAppointment(scope: TenantScope, b: NewBooking, extras: BookingExtras = {}): Promise<Appointment> {
  const t = scope.tenantId;
  let timezone: string | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await pause(attempt);
    const found = await readForBooking(scope, b, timezone, extras.keys ?? []);
    const ctx = bookingContext(scope, found, b);
    timezone = ctx.rules.timezone;
    const prepared = extras.prepare?.(found);
    const clientItem = b.clientId ? found.get(clientKey(t, b.clientId).SK) : undefined;
    if (b.clientId && !clientItem) throw unknownReference('clientId', 'client');
    const now = new Date();
    const plan = planBooking(scope, found, b, ctx, now);
    if (plan.reason) throw slotUnavailable(plan.reason, b.staffId, b.start, timezone);
    try {
      return await commitBooking(scope, b, plan, now, { ...extras, prepared, clientItem });
    } catch (err) {
      // A day, the staff member, the service or the salon changed since we read them: read again.
      if (err instanceof StaleReadError || hasTransactionConflict(err)) continue;
      throw err;
    }
  }
  throw busyRetry();
}

/** A booking of one staff member, checked against what was read: where it goes, or why it cannot. */
interface BookingPlan {
  ctx: BookingContext;
  date: string;
  days: DayRead[];
  reason: Unbookable | undefined;
}

function planBooking(scope: TenantScope, found: Map<string, Item>, b: NewBooking, ctx: BookingContext, now: Date): BookingPlan {
  const { date, around } = dayDates(b.start, ctx.rules.timezone);
  const days = daysRead(scope, found, b.staffId, around);
  const schedule = scheduleOf(
    ctx.staff,
    days.flatMap((d) => (d.day ? [d.day] : [])),
  );
  const reason = checkBookable(b.start, schedule, ctx.service, ctx.rules, now, {
    enforceNotice: b.enforceRules,
    enforceStep: b.enforceRules,
  });
  return { ctx, date, days, reason };
}

/**
 * The booking's one transaction, from a plan that found the time free. A condition failure (or, on
 * DynamoDB, a concurrent transaction) on one of the staff member's days throws StaleReadError
 * `day:<key>`: that staff member's day changed since read.
 */
async function commitBooking(
  scope: TenantScope,
  b: NewBooking,
  plan: BookingPlan,
  now: Date,
  extras: BookingExtras & { prepared: PreparedExtras | undefined; clientItem: Item | undefined },
): Promise<Appointment> {
  const table = tableName();
  const t = scope.tenantId;
  const { ctx, date, days, prepared, clientItem } = { ...plan, ...extras };
  const timezone = ctx.rules.timezone;
  const clientId = prepared?.clientId ?? b.clientId;
  if (clientId === undefined) throw new Error('A booking names its client, or its extras do');
  const appointmentId = newId();
  const holdUntil = b.holdUntil?.(ctx, now);
  const span = { ...occupiedSpan(b.start, ctx.service), ...(holdUntil ? { holdUntil } : {}) };
  const end = appointmentEnd(b.start, ctx.service.durationMinutes);
  const nowIso = now.toISOString();
  const appointment: Appointment = {
    appointmentId,
    clientId,
    serviceId: b.serviceId,
    staffId: b.staffId,
    start: toOffsetIso(b.start, timezone),
    end: toOffsetIso(end, timezone),
    status: holdUntil ? 'pending' : 'scheduled',
    ...(holdUntil ? { holdExpiresAt: holdUntil.toISOString() } : {}),
    ...(b.notes ? { notes: b.notes } : {}),
    price: bookedPrice(ctx.service),
    source: b.source,
    createdAt: nowIso,
    updatedAt: nowIso,
  };
  const limit = salonLimit(ctx.salon, 'maxAppointmentsPerMonth');
  const claims = claimDaySteps(table, days, date, appointmentId, span);
  const extraSteps = prepared?.steps(appointment, ctx) ?? [];
  const month = monthIn(timezone, now);
  const guard = extras.guard;
  const counted = appointmentDelta(undefined, factsOf({ ...appointment, durationMinutes: ctx.service.durationMinutes }));
  const stats = dailyStatsSteps(table, t, mergeDeltas(counted, prepared?.counts?.(appointment, ctx) ?? new Map()));
  const steps: Step[] = [
    step(
      'appointment',
      newAppointmentPut(table, t, b.notes ? await keyring().cipherFor(t, { create: createFirstKey }) : undefined, {
        appointment,
        startUtc: b.start.toISOString(),
        day: staffDayKey(t, date, b.staffId),
        service: ctx.service,
        createdBy: b.createdBy,
        privateFields: { ...b.privateFields, ...prepared?.fields?.(appointment, ctx) },
      }),
      stale('appointment'),
    ),
    ...claims,
    step('monthlyCount', counterIncrement(monthlyUsageKey(t, month), 'maxAppointmentsPerMonth', limit, 1), async () => {
      const usage = await batchGet(scope, [monthlyUsageKey(t, month)]);
      const current = usageCount(usage.get(monthlyUsageKey(t, month).SK), 'appointments', limit);
      return planLimitError(salonPlan(ctx.salon), 'maxAppointmentsPerMonth', limit, current);
    }),
    // Analytics counters of the booking's date (and of a client it creates): no condition, never the answer.
    ...stats,
    // The salon's check carries the guard's half: authorization first, else its limit or timezone moved.
    step(
      'salon',
      {
        ConditionCheck: {
          TableName: table,
          Key: tenantMetaKey(t),
          ConditionExpression: `attribute_not_exists(deletedAt) AND limits.maxAppointmentsPerMonth = :limit AND settings.#tz = :tz${
            guard ? ` AND ${guard.salon.expression}` : ''
          }`,
          ExpressionAttributeNames: { '#tz': 'timezone', ...guard?.salon.names },
          ExpressionAttributeValues: { ':limit': limit, ':tz': timezone, ...guard?.salon.values },
        },
      },
      async () => guard?.lost(),
    ),
    unchanged('staff', table, staffKey(t, b.staffId), ctx.staffItem.updatedAt),
    unchanged('service', table, serviceKey(t, b.serviceId), ctx.serviceItem.updatedAt),
    ...(clientItem
      ? [
          step(
            'client',
            { ConditionCheck: { TableName: table, Key: clientKey(t, clientId), ConditionExpression: 'attribute_exists(PK)' } },
            () => unknownReference('clientId', 'client'),
          ),
        ]
      : []),
    ...extraSteps,
    ...(extras.audit
      ? [
          appointmentAudit(
            extras.audit,
            ctx.salon,
            'create',
            appointmentId,
            changesOf(t, 'appointment', undefined, { ...appointment }),
          ),
        ]
      : []),
    // No answer of its own: the key was used, and the caller answers from the record.
    ...(extras.recordFor ? [step('idempotency', extras.recordFor(appointment))] : []),
    ...(guard?.steps ?? []),
  ];
  // Only the days failed: nothing but this staff member's calendar changed (another read item did, too: read again).
  let daysOnly = false;
  try {
    await transact(scope.db, steps, {
      answerFirst: ['caller', 'salon', 'monthlyCount', 'client', ...extraSteps.map((x) => x.name), 'idempotency'],
      otherwise: stale('booking'),
      onFailure: (failed) => {
        daysOnly = failed.every((s) => s.name.startsWith('day:'));
      },
      // Others writing the day's counters or holds at that moment: send again; a day of this staff member: lost.
      resendConflicts: (conflicted) => !conflicted.some((s) => s.name.startsWith('day:')),
    });
    return appointment;
  } catch (err) {
    if (lostDayRace(err) && !daysOnly) throw new StaleReadError('booking');
    // Another transaction was writing one of these days at that moment (DynamoDB): the day changed under us.
    const conflicts = conflictedSteps(err, steps);
    if (conflicts?.length && conflicts.every((s) => s.name.startsWith('day:')))
      throw new StaleReadError(conflicts[0]?.name ?? 'day:');
    throw err;
  }
}

/** The staff member's day changed since read: another booking of theirs committed first. */
const lostDayRace = (err: unknown) => err instanceof StaleReadError && err.stepName.startsWith('day:');

/**
 * Books whoever offers the service and is free at `start` (online booking without `staffId`). One read
 * per attempt, its three calls at once: the catalog (every staff member and their working hours), the
 * staff days around the start (one Query) and `extras.keys` (one BatchGet). Of the staff free then it
 * books the one with the fewest appointments that salon-local day, ties in catalog order (the staff ids,
 * so the order they were added): one transaction. Only when that transaction loses the race for that
 * staff member's day does it try the next one free in the same read; anything else changed, or every
 * one of them lost, reads again.
 */
export async function bookAnyStaff(
  scope: TenantScope,
  b: Omit<NewBooking, 'staffId' | 'clientId'>,
  extras: BookingExtras = {},
): Promise<Appointment> {
  const t = scope.tenantId;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await pause(attempt);
    const found = await readForAnyStaff(scope, b.start, extras.keys ?? []);
    const salon = liveSalon(found.get(tenantMetaKey(t).SK));
    const prepared = extras.prepare?.(found);
    const serviceItem = found.get(serviceKey(t, b.serviceId).SK);
    if (!serviceItem) throw unknownReference('serviceId', 'service');
    if (!toService(serviceItem).active) throw serviceInactive();
    const offering = [...found]
      .filter(([sk]) => sk.startsWith(STAFF_PREFIX))
      .map(([, item]) => toStaff(item))
      .filter((staff) => staff.serviceIds.includes(b.serviceId));
    if (offering.length === 0) {
      throw new ConflictError('Nobody offers this service at the moment.', { reason: 'slot_taken' }, 'SLOT_UNAVAILABLE');
    }
    const now = new Date();
    const plans = offering.map((staff) => {
      const one = { ...b, staffId: staff.staffId };
      const plan = planBooking(scope, found, one, bookingContext(scope, found, one), now);
      const day = plan.days.find((d) => d.key.SK.includes(`#${plan.date}#`))?.day;
      const booked = day ? [...day.spans.values()].filter((s) => stillBusy(s, now)).length : 0;
      return { booking: one, plan, booked };
    });
    const free = plans.filter((p) => !p.plan.reason);
    if (free.length === 0) {
      // As if each were tried in catalog order: the last one's reason.
      const last = plans[plans.length - 1] as (typeof plans)[number];
      throw slotUnavailable(last.plan.reason as Unbookable, last.booking.staffId, b.start, salonTimezone(salon));
    }
    for (const { booking, plan } of fewestBookedFirst(free)) {
      try {
        return await commitBooking(scope, booking, plan, now, { ...extras, prepared, clientItem: undefined });
      } catch (err) {
        // Someone took this staff member's day first: the next one free in this read, without reading again.
        if (lostDayRace(err)) continue;
        if (err instanceof StaleReadError || hasTransactionConflict(err)) break;
        throw err;
      }
    }
  }
  throw busyRetry();
}

/**
 * What `bookAnyStaff` reads, all at once and consistent: the catalog, the staff days of the UTC date of
 * `start` ±2 (the salon-local date and its neighbours, in any timezone) and the extra keys; by sort key.
 */
async function readForAnyStaff(
  scope: TenantScope,
  start: Date,
  extraKeys: ReadonlyArray<{ PK: string; SK: string }>,
): Promise<Map<string, Item>> {
  const utcDate = start.toISOString().slice(0, 10);
  const [catalog, days, more] = await Promise.all([
    readCatalogItems(scope, true),
    readStaffDayItems(scope, addDays(utcDate, -1), addDays(utcDate, 1), { consistent: true }),
    extraKeys.length ? batchGet(scope, extraKeys) : new Map<string, Item>(),
  ]);
  const found = new Map<string, Item>(more);
  for (const item of [...catalog, ...days]) found.set(str(item, 'item', 'SK'), item);
  return found;
}

/** One consistent Get. */
export async function getAppointment(scope: TenantScope, appointmentId: string): Promise<Item> {
  return readItem(scope.db, appointmentKey(scope.tenantId, appointmentId));
}

/** A stored appointment as the API answers it (its notes decrypted). */
export async function appointmentView(scope: TenantScope, item: Item): Promise<Appointment> {
  return toAppointment(item, await keyring().cipherFor(scope.tenantId, { versions: appointmentKeyVersions(item) }));
}

/** `<start, UTC ISO>#<appointment id>`: the sort key of the three timelines. */
const TIMELINE_SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9A-HJKMNP-TV-Z]{26}$/;

export interface AppointmentFilter {
  from?: string | undefined;
  to?: string | undefined;
  staffId?: string | undefined;
  clientId?: string | undefined;
  status?: AppointmentStatus | undefined;
}

/**
 * A timeline by start time: one staff member's (GSI2) with `staffId`, else one client's (GSI3) with
 * `clientId`, else the salon's (GSI1). One Query, unless `status` (or `clientId` beside `staffId`)
 * filters it: then the page is read on until it holds `limit` matches, in at most FILLED_PAGE_READS
 * Queries (db/read.ts), and says `partial` when it stopped there first.
 */
export async function listAppointments(
  scope: TenantScope,
  filter: AppointmentFilter,
  page: { limit: number; cursor?: string },
): Promise<FilteredPage<Appointment>> {
  const { gsi1, gsi2, gsi3 } = TABLE.indexes;
  const [index, pk] = filter.staffId
    ? [gsi2, staffTimelinePk(scope.tenantId, filter.staffId)]
    : filter.clientId
      ? [gsi3, clientTimelinePk(scope.tenantId, filter.clientId)]
      : [gsi1, appointmentTimelinePk(scope.tenantId)];
  const values: Record<string, unknown> = { ':pk': pk };
  let range = '';
  // Sort keys are `<start UTC>#<id>`, so the bare instants bound a half-open range: a start at `from` is
  // in (`<from>#<id>` > `<from>`), a start at `to` is out (`<to>#<id>` > `<to>`).
  const from = filter.from ? new Date(filter.from).toISOString() : undefined;
  const to = filter.to ? new Date(filter.to).toISOString() : undefined;
  if (from && to) {
    range = ' AND #sk BETWEEN :from AND :to';
    values[':from'] = from;
    values[':to'] = to;
  } else if (from) {
    range = ' AND #sk >= :from';
    values[':from'] = from;
  } else if (to) {
    range = ' AND #sk <= :to';
    values[':to'] = to;
  }
  const filters: string[] = [];
  const names: Record<string, string> = { '#pk': index.partitionKey };
  if (range) names['#sk'] = index.sortKey;
  if (filter.clientId && index !== gsi3) {
    filters.push('clientId = :client');
    values[':client'] = filter.clientId;
  }
  if (filter.status) {
    names['#status'] = 'status';
    values[':status'] = filter.status;
    // A pending hold past its expiry is listed (and filtered) as expired, as toAppointment shows it.
    if (filter.status === 'pending' || filter.status === 'expired') {
      values[':now'] = new Date().toISOString();
      if (filter.status === 'pending') filters.push('(#status = :status AND holdExpiresAt > :now)');
      else {
        values[':pending'] = 'pending';
        filters.push('(#status = :status OR (#status = :pending AND holdExpiresAt <= :now))');
      }
    } else filters.push('#status = :status');
  }
  // An index page's key: the appointment's base keys and this index's keys, inside the asked range.
  const rule = {
    [TABLE.partitionKey]: equals(tenantPk(scope.tenantId)),
    [TABLE.sortKey]: idUnder(APPOINTMENT_PREFIX),
    [index.partitionKey]: equals(pk),
    [index.sortKey]: within(TIMELINE_SORT_KEY, from, to),
  };
  const read = await queryFilledPage(
    scope.db,
    {
      TableName: tableName(),
      IndexName: index.name,
      KeyConditionExpression: `#pk = :pk${range}`,
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
    page.limit,
    decodeCursor(page.cursor, rule),
    (item) => keyUnder(rule, item),
  );
  const cipher = await keyring().cipherFor(scope.tenantId, { versions: read.items.flatMap(appointmentKeyVersions) });
  return {
    items: read.items.map((i) => toAppointment(i, cipher)),
    nextCursor: encodeCursor(read.lastKey),
    partial: read.partial,
  };
}

export interface AppointmentChange {
  start?: Date | undefined;
  staffId?: string | undefined;
  notes?: string | null | undefined;
  status?: AppointmentStatus | undefined;
}

export interface Actor {
  userId: string;
  /** `own`: the actor may only change appointments of the staff record linked to them. */
  access: 'all' | 'own';
  /** A member's write: what it proves about the caller in its own transaction (memberGuard). */
  guard?: MemberGuard | undefined;
  /** Who changes it, for the change's audit entry (entities/audit.ts), written in its transaction. */
  audit?: BookingOrigin | undefined;
}

/** An audit origin whose plan (for the entry's retention) may come from the salon item the booking reads. */
export type BookingOrigin = Omit<AuditOrigin, 'plan'> & { plan?: AuditOrigin['plan'] };

/** The one audit step of a booking's or a change's transaction. */
const appointmentAudit = (
  origin: BookingOrigin,
  salon: Item,
  action: 'create' | 'update',
  appointmentId: string,
  changes: Changes,
): Step =>
  auditStep(
    { ...origin, plan: origin.plan ?? salonPlan(salon) },
    { action, resource: 'appointment', resourceId: appointmentId, changes },
  );

const transitionRefused = (from: AppointmentStatus, to: AppointmentStatus) =>
  new ConflictError(
    `An appointment that is ${from.replace('_', ' ')} cannot become ${to.replace('_', ' ')}.`,
    { from, to },
    'INVALID_TRANSITION',
  );

/** Frees a closed online booking's place among its booker's open bookings (repositories/public-booking.ts). */
function releaseBooker(item: Item): Step[] {
  const key = appointmentBookerKey(item);
  return key ? [bookerRelease(tableName(), key, str(item, 'appointment', 'appointmentId'))] : [];
}

/**
 * Frees a pending online booking's place among its salon-local day's holds (repositories/public-booking.ts):
 * the date of its stored start, which a pending booking never changes.
 */
export function releaseHold(tenantId: string, item: Item): Step[] {
  if (storedStatus(item) !== 'pending') return [];
  const date = str(item, 'appointment', 'start').slice(0, 10);
  return [pendingHoldRelease(tableName(), tenantId, date, str(item, 'appointment', 'appointmentId'))];
}

/** Where a change moves an appointment: another start, another staff member, or both. */
interface MoveTarget {
  staffId: string;
  start: Date;
}

/**
 * A move, planned in two steps: the keys it reads (read in one BatchGet with those of an `own` check),
 * then, from what was read, the new time checked as a booking is and what the transaction sets and writes.
 */
interface PlannedMove {
  keys: Array<{ PK: string; SK: string }>;
  apply(found: Map<string, Item>): { sets: Record<string, unknown>; items: Step[] };
}

type MovePlanner = (
  scope: TenantScope,
  appointmentId: string,
  current: Item,
  to: MoveTarget,
  settings: TenantSettings,
) => PlannedMove;

/**
 * Moving checks the new time against the target staff member's schedule and claims it in their day
 * item (releasing the old day's when it changes), on condition of the versions read.
 */
const planMove: MovePlanner = (scope, appointmentId, current, to, settings) => {
  const t = scope.tenantId;
  const { timezone } = settings;
  const { date, around } = dayDates(to.start, timezone);
  return {
    keys: [staffKey(t, to.staffId), ...around.map((d) => staffDayKey(t, d, to.staffId))],
    apply(found) {
      const table = tableName();
      const staffItem = found.get(staffKey(t, to.staffId).SK);
      if (!staffItem) throw unknownReference('staffId', 'staff member');
      const staff = toStaff(staffItem);
      // The booked service's timing is kept on the appointment: a later change to the service does not move it.
      const timing = appointmentTiming(current);
      // The booked service may since be inactive: only whether the target offers it matters for a move.
      if (eligibility({ serviceId: str(current, 'appointment', 'serviceId'), active: true }, staff)) throw doesNotOffer();
      const days = daysRead(scope, found, to.staffId, around);
      const schedule = scheduleOf(
        staff,
        days.flatMap((d) => (d.day ? [d.day] : [])),
        appointmentId,
      );
      const reason = checkBookable(to.start, schedule, timing, rulesOf(settings), new Date(), {
        enforceNotice: false,
        enforceStep: false,
      });
      if (reason) throw slotUnavailable(reason, to.staffId, to.start, timezone);
      const span = occupiedSpan(to.start, timing);
      const end = appointmentEnd(to.start, timing.durationMinutes);
      const newDayKey = staffDayKey(t, date, to.staffId);
      const sets = {
        start: toOffsetIso(to.start, timezone),
        end: toOffsetIso(end, timezone),
        staffId: to.staffId,
        dayKey: newDayKey.SK,
        ...appointmentIndexKeys(t, to.staffId, str(current, 'appointment', 'clientId'), to.start.toISOString(), appointmentId),
        // Only an open appointment moves (canReschedule), and it holds its new staff member.
        ...openTimelineKeys(t, to.staffId, to.start.toISOString(), appointmentId),
      };
      const items: Step[] = [];
      const leaving = appointmentDayKey(current);
      const leavingIsNeighbour = days.some((d) => d.key.SK === leaving.SK);
      if (leaving.SK !== newDayKey.SK && !leavingIsNeighbour) items.push(spanRelease(table, leaving, appointmentId));
      items.push(
        ...claimDaySteps(table, days, date, appointmentId, span, leaving.SK),
        unchanged('staff', table, staffKey(t, to.staffId), staffItem.updatedAt),
      );
      return { sets, items };
    },
  };
};

/**
 * Reschedule, notes or status: BatchGet the salon and the appointment (plus the staff members, service
 * and days a move or an `own` check needs), then one transaction conditioned on the appointment's
 * version (and, for a move, on the target day's version).
 */
export async function changeAppointment(
  scope: TenantScope,
  appointmentId: string,
  change: AppointmentChange,
  actor: Actor,
): Promise<Appointment> {
  return applyChange(scope, appointmentId, change, actor, planMove);
}

/**
 * A status change alone (online cancellation): `changeAppointment` without the means to move, so a
 * function that only changes statuses does not bundle the schedule checks a move needs. `read`: the
 * salon and appointment as the caller just read them (a BatchGet of both), used for the first attempt.
 */
export async function changeAppointmentStatus(
  scope: TenantScope,
  appointmentId: string,
  status: AppointmentStatus,
  actor: Actor,
  read?: Map<string, Item>,
): Promise<Appointment> {
  return applyChange(scope, appointmentId, { status }, actor, undefined, read);
}

async function applyChange(
  scope: TenantScope,
  appointmentId: string,
  change: AppointmentChange,
  actor: Actor,
  planner?: MovePlanner,
  read?: Map<string, Item>,
): Promise<Appointment> {
  const table = tableName();
  const t = scope.tenantId;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await pause(attempt);
    const first = attempt === 0 && read ? read : await batchGet(scope, [tenantMetaKey(t), appointmentKey(t, appointmentId)]);
    const salon = liveSalon(first.get(tenantMetaKey(t).SK));
    const current = first.get(appointmentKey(t, appointmentId).SK);
    if (!current) throw new NotFoundError();
    const settings = salonSettings(salon);
    const status = storedStatus(current);
    const currentStaffId = str(current, 'appointment', 'staffId');
    const currentStart = str(current, 'appointment', 'start');
    const version = appointmentVersion(current);
    const targetStaffId = change.staffId ?? currentStaffId;
    const moves =
      (change.start !== undefined && change.start.getTime() !== Date.parse(currentStart)) || targetStaffId !== currentStaffId;
    const newStart = change.start ?? new Date(currentStart);

    const staffChange = { currentStaffId, targetStaffId };
    if (ownRefusal(actor, staffChange) === 'hand_over') {
      throw new ForbiddenError('You may only move your own appointments, not give them to someone else.', {
        permission: 'appointments:update',
      });
    }
    if (change.status && change.status !== status && !canTransition(status, change.status))
      throw transitionRefused(status, change.status);
    if (moves && !canReschedule(status)) {
      throw new ConflictError(
        `An appointment that is ${status.replace('_', ' ')} cannot be moved.`,
        { status },
        'INVALID_TRANSITION',
      );
    }
    let move: PlannedMove | undefined;
    if (moves) {
      // changeAppointmentStatus never moves: its change has neither a start nor a staff member.
      if (!planner) throw new Error('A change that moves an appointment goes through changeAppointment');
      move = planner(scope, appointmentId, current, { staffId: targetStaffId, start: newStart }, settings);
    }

    // Only a move or an `own` check needs more than the appointment.
    const second =
      move || actor.access === 'own'
        ? await batchGet(scope, [staffKey(t, currentStaffId), ...(move ? move.keys : [])])
        : new Map<string, Item>();
    const ownerStaff = second.get(staffKey(t, currentStaffId).SK);
    const ownerUserId = ownerStaff ? staffUserOf(ownerStaff) : undefined;
    if (ownRefusal(actor, staffChange, ownerUserId, actor.access === 'own') === 'not_own') {
      throw new ForbiddenError('Your role only lets you change your own appointments.', { permission: 'appointments:update' });
    }

    const now = new Date().toISOString();
    const sets: Record<string, unknown> = { updatedAt: now, version: version + 1 };
    const removes: string[] = [];
    const items: Step[] = [];
    const cipher = await keyring().cipherFor(t, {
      ...(typeof change.notes === 'string' ? { create: createFirstKey } : {}),
      versions: appointmentKeyVersions(current),
    });
    if (change.notes !== undefined) {
      // The erasure bumps the version, so a write that read before it reads again and lands here.
      if (typeof change.notes === 'string' && current.clientErased === true)
        throw new ConflictError("This appointment's client was erased; it takes no notes.", { appointmentId }, 'CLIENT_ERASED');
      if (change.notes === null) removes.push('notes');
      else sets.notes = sealNotes(cipher, appointmentId, change.notes);
    }
    if (change.status && change.status !== status) {
      sets.status = change.status;
      if (!occupiesTime(change.status) && occupiesTime(status))
        items.push(spanRelease(table, appointmentDayKey(current), appointmentId));
      if (isOpen(status) && !isOpen(change.status)) items.push(...releaseBooker(current));
      // Closed: it no longer holds its staff member (the open timeline, GSI4, is sparse).
      if (!holdsStaff(change.status)) removes.push(TABLE.indexes.gsi4.partitionKey, TABLE.indexes.gsi4.sortKey);
      items.push(...releaseHold(t, current));
    }
    if (move) {
      const moved = move.apply(second);
      Object.assign(sets, moved.sets);
      items.push(...moved.items);
    }
    // With a move, the staff member is the same item (an `own` actor cannot hand over) and the move
    // already checks it unchanged since the read that showed it linked to the actor: one operation per item.
    const ownCheck = actor.access === 'own' && !move;
    if (ownCheck) {
      items.push(
        step(
          'owner',
          {
            ConditionCheck: {
              TableName: table,
              Key: staffKey(t, currentStaffId),
              ConditionExpression: 'userId = :me',
              ExpressionAttributeValues: { ':me': actor.userId },
            },
          },
          () =>
            new ForbiddenError('Your role only lets you change your own appointments.', { permission: 'appointments:update' }),
        ),
      );
    }
    // What the item gets, a null removing: the write and the audit entry's `to`.
    const fields = { ...sets, ...Object.fromEntries(removes.map((k) => [k, null])) };
    const update = appointmentChangeStep(table, appointmentKey(t, appointmentId), version, fields, stale('appointment'));
    const guardSteps = actor.guard ? [...actor.guard.steps, actor.guard.salonStep] : [];
    // A status change or a move moves the analytics counters (across dates for a move to another day).
    const after: Item = { ...current, ...sets };
    for (const k of removes) delete after[k];
    items.push(...dailyStatsSteps(table, t, appointmentDelta(appointmentFactsOf(current), appointmentFactsOf(after))));
    try {
      // Authorization first, then the `own` check; the appointment, a day or the staff member changed: read again.
      const audit = actor.audit
        ? [
            appointmentAudit(
              actor.audit,
              salon,
              'update',
              appointmentId,
              changesOf(t, 'appointment', current, fields, { partial: true }),
            ),
          ]
        : [];
      await transact(scope.db, [update, ...items, ...guardSteps, ...audit], {
        answerFirst: ['caller', 'salon', 'owner'],
        otherwise: stale('change'),
      });
      return toAppointment(after, cipher);
    } catch (err) {
      if (err instanceof StaleReadError || hasTransactionConflict(err)) continue;
      throw err;
    }
  }
  throw busyRetry();
}
