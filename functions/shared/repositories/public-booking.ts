/**
 * Online booking by the salon's clients, without an account. A booking links the client by email (or
 * creates the client), all in the booking's own transaction. It hands out a manage token once; only
 * its hash is stored.
 *
 * With `onlineBookingConfirmation: required` (the default) the booking is `pending`: its span in the
 * staff day holds the slot until `holdExpiresAt` only, it takes a place among the day's holds
 * (`HOLDS#<date>`: appointment id -> expiry, bounded by `maxPendingHoldsPerDay`), and the same
 * transaction queues an email with a confirmation token (a second token, only emailed, so confirming
 * proves the address). Confirming makes it `scheduled` and counts it in the booker's open bookings
 * (`BOOKER#<hash>`: appointment id -> end, bounded by `maxOpenBookingsPerEmail`); with `none`, the
 * booking is `scheduled` and counted at once. Both maps are written on condition of the version read.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { appConfig } from '../config';
import { tableName } from '../db/client';
import { hasTransactionConflict } from '../db/conditions';
import { StaleReadError, type Step, step, transact } from '../db/transact';
import {
  type ItemKey,
  appointmentIndexKeys,
  appointmentKey,
  bookerKey,
  clientEmailKey,
  openTimelineKeys,
  pendingHoldsKey,
  staffKey,
  tenantMetaKey,
} from '../db/keys';
import { isOpen } from '../domain/appointment-status';
import { atOpenBookingsLimit, openBookings as openBookingsOf, withinCancellationNotice } from '../domain/booking-rules';
import type { AvailabilityInput, PublicBookingInput } from '../domain/appointment-input';
import { normalizeEmail } from '../domain/email';
import type { FieldCipher } from '../crypto/fields';
import { keyring, createFirstKey } from '../crypto/keyring';
import { type TenantSettings, holdPolicy } from '../domain/tenant';
import { addDays, localParts } from '../domain/zoned-time';
import { appointmentDelta, mergeDeltas, newClientDelta } from '../domain/analytics';
import { appointmentFactsOf, dailyStatsSteps } from '../entities/daily-stats';
import { AppError, ConflictError, NotFoundError } from '../errors';
import {
  type Appointment,
  type BookingContext,
  type BookingExtras,
  type PreparedExtras,
  bookAnyStaff,
  bookAppointment,
  changeAppointmentStatus,
  releaseHold,
  toAppointment,
} from './appointments';
import {
  clientEmailCheck,
  DEFAULT_NOTIFICATIONS,
  type NotificationPreferences,
  bookerIndex,
  emailIndexes,
  emailOwner,
  newClientSteps as newClient,
} from '../entities/client';
import { queueEmail } from '../entities/outbox';
import type { RecordFor, TransactItem } from './idempotency';
import { newId } from './ids';
import { type AnyAvailabilityAnswer, availability } from './open-slots';
import { assertPublic } from './public-salon';
import { phoneOrThrow, regionOfLocale } from '../domain/phone';
import { batchGet, liveSalon, readCatalog } from './salon-schedule';
import type { Item } from './tenant-items';
import type { TenantScope } from './scope';
import { salonLimit, salonName, salonPlan, salonSettings, salonSlug } from '../entities/salon';
import { auditStep } from '../entities/audit';
import {
  appointmentBookerKey,
  appointmentDayKey,
  appointmentItemKey,
  appointmentChangeStep,
  appointmentVersion,
  appointmentKeyVersions,
  pendingClientOf,
  sealPendingClient,
  tokenHash,
} from '../entities/appointment';
import { bookerOpen, bookerPlaceTaken } from '../entities/booker';
import { CorruptItemError, optStr, str } from '../entities/codec';
import { pendingHoldAdded, pendingHolds } from '../entities/pending-holds';
import { spanKept, spanRelease } from '../entities/staff-day';

export interface PublicService {
  serviceId: string;
  name: string;
  durationMinutes: number;
  price: { amount: number; currency: string };
  staff: Array<{ staffId: string; name: string }>;
}

/** One Query: the salon's active services that someone offers, with who offers them. */
export async function publicServices(scope: TenantScope): Promise<{ items: PublicService[]; nextCursor: null }> {
  const catalog = await readCatalog(scope);
  assertPublic(catalog.salon);
  const items: PublicService[] = [];
  for (const service of catalog.services.values()) {
    if (!service.active) continue;
    const staff = [...catalog.staff.values()]
      .filter((s) => s.serviceIds.includes(service.serviceId))
      .map((s) => ({ staffId: s.staffId, name: s.name }));
    if (staff.length === 0) continue;
    const { serviceId, name, durationMinutes, price } = service;
    items.push({ serviceId, name, durationMinutes, price, staff });
  }
  return { items, nextCursor: null };
}

/** Two Queries, like the members' availability, for a live salon only. */
export async function publicAvailability(scope: TenantScope, query: AvailabilityInput): Promise<AnyAvailabilityAnswer> {
  return availability(scope, query, new Date(), (catalog) => assertPublic(catalog.salon));
}

export type OnlineBooking = Appointment & { manageToken: string };

const newToken = () => randomBytes(32).toString('base64url');

/**
 * Books online. With `staffId`: the booking's one BatchGet (with the client's email item, the booker's
 * open bookings and the day's holds) and one transaction, which also links or creates the client and
 * counts the booking among the booker's open ones; a lost race reads again. Without: `bookAnyStaff`
 * (appointments.ts) picks among the staff free then from one read (the catalog, the staff days and
 * those items, at once), then one transaction.
 */
export async function bookOnline(
  scope: TenantScope,
  input: PublicBookingInput,
  recordFor?: RecordFor<OnlineBooking>,
  // h10: an idempotent request's token is derived from its key (middleware/idempotency.ts), so a replay can answer it.
  manageToken: string = newToken(),
): Promise<OnlineBooking> {
  const t = scope.tenantId;
  const email = normalizeEmail(input.client.email);
  const cipher = await keyring().cipherFor(t, { create: createFirstKey });
  // Every lookup key of the email (two while the salon switches schemes): whichever item exists names the client.
  const indexes = emailIndexes(cipher, email);
  const hash = bookerIndex(cipher, email);
  const confirmToken = newToken();
  // The salon-local date of the start is within a day of its UTC date: its holds item is one of these.
  const utcDate = new Date(input.start).toISOString().slice(0, 10);
  const holdKeys = [addDays(utcDate, -1), utcDate, addDays(utcDate, 1)].map((d) => pendingHoldsKey(t, d));
  const prepare = (found: Map<string, Item>): PreparedExtras => {
    // A suspended salon is 404 before anything is decided about its staff.
    const salonItem = liveSalon(found.get(tenantMetaKey(t).SK));
    assertPublic(salonItem);
    const newBooker = bookerOf(input, salonItem); // h10: the phone validated before anything is decided
    const { index: emailHash, owner } = emailOwnerOf(found, t, indexes);
    const booker = found.get(bookerKey(t, hash).SK);
    const clientId = owner ?? newId();
    return {
      clientId,
      steps: (appt, ctx) => {
        assertPublic(ctx.salon);
        const settings = salonSettings(ctx.salon);
        // Pending holds do not count here: only confirmed bookings can lock an email out.
        const open = openBookings(booker, settings);
        if (appt.status !== 'pending') {
          const client =
            owner !== undefined
              ? sameClientCheck(t, emailHash, clientId)
              : newClientSteps(cipher, t, clientId, newBooker, limitsOf(ctx.salon), appt.createdAt);
          return [client, bookerWrite(bookerKey(t, hash), booker, open, appt)].flat();
        }
        // A new client is created at confirmation only: unconfirmed throwaway emails add no clients.
        const holdsKey = pendingHoldsKey(t, appt.start.slice(0, 10));
        return [
          owner !== undefined ? [sameClientCheck(t, emailHash, clientId)] : [],
          holdsWrite(holdsKey, found.get(holdsKey.SK), holdPolicy(settings).maxPerDay, appt),
          step(
            'confirmationEmail',
            confirmationEmail(cipher, t, salonSlug(ctx.salon), salonName(ctx.salon), email, appt, confirmToken),
            readAgain,
          ),
        ].flat();
      },
      fields: (appt) =>
        appt.status === 'pending' && owner === undefined
          ? { pendingClient: sealPendingClient(cipher, appt.appointmentId, newBooker) }
          : {},
      // A lasting booking by a newcomer creates the client (above): one new client on the salon's date.
      counts: (appt, ctx) =>
        appt.status !== 'pending' && owner === undefined
          ? newClientDelta(localParts(new Date(appt.createdAt), ctx.rules.timezone).date)
          : new Map(),
    };
  };
  const booking = {
    serviceId: input.serviceId,
    start: new Date(input.start),
    notes: input.notes,
    source: 'online' as const,
    createdBy: 'online',
    enforceRules: true,
    holdUntil: (ctx: BookingContext, now: Date) => {
      const policy = holdPolicy(ctx.settings);
      return policy.confirmation === 'required' ? new Date(now.getTime() + policy.holdMinutes * 60_000) : undefined;
    },
    privateFields: {
      manageTokenHash: tokenHash(manageToken),
      confirmTokenHash: tokenHash(confirmToken),
      bookerKey: bookerKey(t, hash).SK,
    },
  };
  const extras: BookingExtras = {
    keys: [...indexes.map((i) => clientEmailKey(t, i)), bookerKey(t, hash), ...holdKeys],
    prepare,
    recordFor: recordFor && ((appt) => recordFor({ ...appt, manageToken })),
    audit: online(scope),
  };
  const appointment = input.staffId
    ? await bookAppointment(scope, { ...booking, staffId: input.staffId }, extras)
    : await bookAnyStaff(scope, booking, extras);
  return { ...appointment, manageToken };
}

/**
 * Online booking's audit origin: the booker is not a member, and their email is personal data; the
 * request's ip and user agent say where it came from. The plan comes from the salon item the write reads.
 */
const online = (scope: TenantScope) => ({
  tenantId: scope.tenantId,
  actor: { system: 'public' as const },
  ...(scope.request?.ip ? { ip: scope.request.ip } : {}),
  ...(scope.request?.userAgent ? { userAgent: scope.request.userAgent } : {}),
  ...(scope.request?.requestId ? { requestId: scope.request.requestId } : {}),
});

/** The booker's bookings that have not ended; at the salon's limit -> 409 BOOKING_LIMIT_REACHED. */
function openBookings(booker: Item | undefined, settings: TenantSettings): Array<[string, string]> {
  const open = openBookingsOf(booker ? bookerOpen(booker) : {}, new Date());
  const max = settings.maxOpenBookingsPerEmail;
  if (atOpenBookingsLimit(open.length, max)) {
    throw new ConflictError(
      `This email already has ${open.length} upcoming bookings here, the most this salon takes online; cancel one or call the salon.`,
      { limit: max },
      'BOOKING_LIMIT_REACHED',
    );
  }
  return open;
}

/** The first of an email's lookup keys whose `CLIENTEMAIL#` item was read, with the client it names (none: a newcomer). */
function emailOwnerOf(found: Map<string, Item>, t: string, indexes: ReadonlyArray<string>): { index: string; owner?: string } {
  for (const index of indexes) {
    const item = found.get(clientEmailKey(t, index).SK);
    if (item) return { index, owner: emailOwner(item) };
  }
  return { index: indexes[0] ?? '' };
}

/** The email still names the client it named when read; else read again. */
const sameClientCheck = (t: string, hash: string, clientId: string): Step =>
  clientEmailCheck(tableName(), t, hash, clientId, readAgain);

/** Who books, as a new client would be created: the email normalized. */
interface Booker {
  name: string;
  email: string;
  phone?: string;
  notifications: NotificationPreferences;
}
// h10: the phone is stored in E.164, a national number read in the salon's country (domain/phone.ts).
const bookerOf = (input: PublicBookingInput, salon: Item): Booker => ({
  name: input.client.name,
  email: normalizeEmail(input.client.email),
  ...(input.client.phone
    ? { phone: phoneOrThrow(input.client.phone, regionOfLocale(salonSettings(salon).locale), 'client.phone') }
    : {}),
  notifications: input.client.notifications ?? { ...DEFAULT_NOTIFICATIONS },
});
const limitsOf = (salon: Item) => salonLimit(salon, 'maxClients');

const clientLimitReached = () =>
  new AppError(402, 'PLAN_LIMIT_EXCEEDED', 'This salon cannot take new clients online at the moment; call the salon.');

/**
 * A new client (entities/client.ts) with its email item and its place in `maxClients`: the counter is the
 * one step whose failure is final (the plan's client limit); the others taken meanwhile mean read again.
 */
function newClientSteps(
  cipher: FieldCipher,
  t: string,
  clientId: string,
  client: Booker,
  maxClients: number,
  now: string,
): Step[] {
  return newClient(tableName(), cipher, t, { clientId, ...client, createdAt: now, updatedAt: now }, maxClients, {
    clientTaken: readAgain,
    emailTaken: readAgain,
    limitReached: clientLimitReached,
  });
}

/** Changed since read (another booking or confirmation of the booker, another hold that day): read again. */
const readAgain = () => undefined;

/** The booker's open bookings with this one added (ended ones dropped), on condition of the version read. */
const bookerWrite = (key: ItemKey, booker: Item | undefined, open: Array<[string, string]>, appt: Appointment): Step =>
  bookerPlaceTaken(tableName(), key, booker, open, appt.appointmentId, new Date(Date.parse(appt.end)).toISOString(), readAgain);

/**
 * The day's holds with this one added (entities/pending-holds); the day already at `max` live holds ->
 * 429 PENDING_HOLDS_FULL, nothing written.
 */
function holdsWrite(key: ItemKey, item: Item | undefined, max: number, appt: Appointment): Step {
  const now = Date.now();
  const read = Object.entries(item ? pendingHolds(item) : {});
  const live = read.filter(([, until]) => Date.parse(until) > now);
  if (live.length >= max) {
    throw new AppError(
      429,
      'PENDING_HOLDS_FULL',
      'This salon already holds as many unconfirmed online bookings for this day as it takes; retry later or call the salon.',
      { limit: max },
    );
  }
  return pendingHoldAdded(
    tableName(),
    key,
    item,
    { read: read.length, live, max },
    appt.appointmentId,
    String(appt.holdExpiresAt),
    readAgain,
  );
}

/**
 * The email with the confirmation link. The token sits in the outbox item only until it is sent (the
 * mailer then removes the item's data) and at most until the hold ends (TTL). The link carries it in
 * the fragment, which browsers do not send to the web app's server.
 */
function confirmationEmail(
  cipher: FieldCipher,
  t: string,
  slug: string,
  salonName: string,
  to: string,
  appt: Appointment,
  token: string,
): TransactItem {
  const confirmUrl = `${appConfig().appUrl}/book/${slug}/bookings/${appt.appointmentId}/confirm#token=${token}`;
  return queueEmail(
    tableName(),
    t,
    cipher,
    {
      template: 'booking-confirmation',
      to,
      data: { salonName, start: appt.start, holdExpiresAt: String(appt.holdExpiresAt), confirmUrl },
    },
    appt.createdAt,
    { expiresAt: new Date(String(appt.holdExpiresAt)), blankAfterSend: true },
  );
}

/**
 * The stored token hash matches the given token (constant time); otherwise 404, like an unknown booking.
 * A manage token is the one handed out at booking or one issued with a reminder (`manageTokenHashes`,
 * functions/shared/reminders/send.ts).
 */
function checkToken(item: Item | undefined, field: 'manageTokenHash' | 'confirmTokenHash', token: string): Item {
  const given = Buffer.from(tokenHash(token), 'hex');
  const extra = field === 'manageTokenHash' && Array.isArray(item?.manageTokenHashes) ? item.manageTokenHashes : [];
  const stored = [item?.[field], ...extra].filter((h): h is string => typeof h === 'string').map((h) => Buffer.from(h, 'hex'));
  // Every candidate is compared, so the time taken does not tell which one matched.
  let match = false;
  for (const h of stored) if (h.length === given.length && timingSafeEqual(h, given)) match = true;
  if (!item || !match) throw new NotFoundError();
  return item;
}

const holdExpired = (appt: Appointment) =>
  new AppError(410, 'HOLD_EXPIRED', 'This booking was not confirmed in time and its slot has been released; book again.', {
    holdExpiresAt: appt.holdExpiresAt,
  });

const CONFIRM_ATTEMPTS = 8;

/**
 * Confirms a pending online booking with the emailed token: it becomes `scheduled`, its span lasting,
 * its place among the day's holds freed, and it counts among the booker's open bookings (at the limit ->
 * 409 BOOKING_LIMIT_REACHED, still pending). After the hold's expiry -> 410 HOLD_EXPIRED, and the
 * booking is written `expired` with its span and hold released. Confirming again answers the booking.
 * Reads: one BatchGet (salon, booking), one Get (booker); writes: one transaction.
 */
export async function confirmOnline(scope: TenantScope, appointmentId: string, token: string): Promise<Appointment> {
  const t = scope.tenantId;
  const table = tableName();
  for (let attempt = 0; attempt < CONFIRM_ATTEMPTS; attempt++) {
    const found = await batchGet(scope, [tenantMetaKey(t), appointmentKey(t, appointmentId)]);
    const salon = liveSalon(found.get(tenantMetaKey(t).SK));
    assertPublic(salon);
    const item = checkToken(found.get(appointmentKey(t, appointmentId).SK), 'confirmTokenHash', token);
    const now = new Date();
    const cipher = await keyring().cipherFor(t, { create: createFirstKey, versions: appointmentKeyVersions(item) });
    const appointment = toAppointment(item, cipher, now.getTime());
    if (optStr(item, 'confirmedAt') !== undefined) return appointment;
    if (appointment.status === 'expired') {
      await expireHold(scope, item, salon);
      throw holdExpired(appointment);
    }
    if (appointment.status !== 'pending') {
      throw new ConflictError(
        `This booking is ${appointment.status.replace('_', ' ')} and cannot be confirmed.`,
        { status: appointment.status },
        'INVALID_TRANSITION',
      );
    }
    const bookerRef = appointmentBookerKey(item);
    if (!bookerRef) throw new CorruptItemError('appointment', 'bookerKey');
    const version = appointmentVersion(item);
    // A booker who was not a client when booking becomes one now (or is linked to whoever took the email since).
    const newcomer = pendingClientOf(item, cipher);
    const indexes = newcomer ? emailIndexes(cipher, newcomer.email) : [];
    const hash = indexes[0];
    const second = await batchGet(scope, [bookerRef, ...indexes.map((i) => clientEmailKey(t, i))]);
    const booker = second.get(bookerRef.SK);
    const open = openBookings(booker, salonSettings(salon));
    const nowIso = now.toISOString();
    const { index: emailHash, owner } = emailOwnerOf(second, t, indexes);
    const clientId = owner ?? appointment.clientId;
    const confirmed: Appointment = { ...appointment, clientId, status: 'scheduled', updatedAt: nowIso };
    delete confirmed.holdExpiresAt;
    const sets: Record<string, unknown> = {
      clientId,
      ...appointmentIndexKeys(t, appointment.staffId, clientId, new Date(appointment.start).toISOString(), appointmentId),
      // Confirmed, it holds its staff member: deleting them now waits for it.
      ...openTimelineKeys(t, appointment.staffId, new Date(appointment.start).toISOString(), appointmentId),
    };
    const clientItems =
      newcomer && hash
        ? owner !== undefined
          ? [sameClientCheck(t, emailHash, clientId)]
          : newClientSteps(cipher, t, clientId, newcomer, limitsOf(salon), nowIso)
        : [];
    // Pending -> scheduled on the booking's date, and a newcomer made a client today (salon-local).
    const counted = mergeDeltas(
      appointmentDelta(appointmentFactsOf(item), appointmentFactsOf({ ...item, status: 'scheduled' })),
      newcomer && hash && owner === undefined ? newClientDelta(localParts(now, salonSettings(salon).timezone).date) : new Map(),
    );
    const steps: Step[] = [
      appointmentChangeStep(
        table,
        appointmentKey(t, appointmentId),
        version,
        { status: 'scheduled', confirmedAt: nowIso, updatedAt: nowIso, ...sets, holdExpiresAt: null, pendingClient: null },
        readAgain,
        {
          expression: '#status = :pending AND holdExpiresAt > :now',
          names: { '#status': 'status' },
          values: { ':pending': 'pending', ':now': nowIso },
        },
      ),
      // A staff member deleted meanwhile (their deletion does not wait for holds) cannot be booked.
      step(
        'staff',
        {
          ConditionCheck: {
            TableName: table,
            Key: staffKey(t, appointment.staffId),
            ConditionExpression: 'attribute_exists(PK)',
          },
        },
        () =>
          new ConflictError(
            'The staff member of this booking no longer takes appointments here; book again.',
            { reason: 'staff_gone', staffId: appointment.staffId },
            'SLOT_UNAVAILABLE',
          ),
      ),
      // The span lasts from now on; the version moves so a booking that read the hold as expired re-reads.
      spanKept(table, appointmentDayKey(item), appointmentId, readAgain),
      ...releaseHold(t, item),
      bookerWrite(bookerRef, booker, open, confirmed),
      ...clientItems,
      ...dailyStatsSteps(table, t, counted),
      auditStep(
        { ...online(scope), plan: salonPlan(salon) },
        {
          action: 'update',
          resource: 'appointment',
          resourceId: appointmentId,
          changes: {
            status: { from: 'pending', to: 'scheduled' },
            ...(clientId !== appointment.clientId ? { clientId: { from: appointment.clientId, to: clientId } } : {}),
          },
        },
        now,
      ),
    ];
    try {
      // The client limit before a staff member gone; anything else read again.
      await transact(scope.db, steps, {
        answerFirst: ['clientCount', 'staff'],
        otherwise: () => new StaleReadError('confirmation'),
      });
      return confirmed;
    } catch (err) {
      if (hasTransactionConflict(err)) continue;
      if (!(err instanceof StaleReadError)) throw err;
      // Confirmed by a concurrent request, expired, or the booker's bookings changed: read again.
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
    }
  }
  throw new ConflictError('This booking kept changing under other requests; retry shortly.', undefined, 'CALENDAR_BUSY');
}

/**
 * Writes an expired hold `expired` and releases its span and its place among the day's holds. Removing
 * a span never creates an overlap, so the day's version is not needed; a lost race (already written)
 * leaves nothing to do.
 */
async function expireHold(scope: TenantScope, item: Item, salon: Item): Promise<void> {
  const table = tableName();
  // Every step's failure means the same (already written by another request): nothing left to do.
  const done = () => new StaleReadError('expiry');
  const version = appointmentVersion(item);
  try {
    await transact(
      scope.db,
      [
        appointmentChangeStep(
          table,
          appointmentItemKey(item),
          version,
          { status: 'expired', updatedAt: new Date().toISOString() },
          done,
          { expression: '#status = :pending', names: { '#status': 'status' }, values: { ':pending': 'pending' } },
        ),
        spanRelease(table, appointmentDayKey(item), str(item, 'appointment', 'appointmentId'), done),
        ...releaseHold(scope.tenantId, item),
        ...dailyStatsSteps(
          table,
          scope.tenantId,
          appointmentDelta(appointmentFactsOf(item), appointmentFactsOf({ ...item, status: 'expired' })),
        ),
        // Written by the request that found the hold past its expiry (no schedule expires holds).
        auditStep(
          { ...online(scope), plan: salonPlan(salon) },
          {
            action: 'update',
            resource: 'appointment',
            resourceId: str(item, 'appointment', 'appointmentId'),
            changes: { status: { from: 'pending', to: 'expired' } },
          },
        ),
      ],
      { otherwise: done },
    );
  } catch (err) {
    if (!(err instanceof StaleReadError) && !hasTransactionConflict(err)) throw err;
  }
}

/**
 * Cancels an online booking with its manage token, up to the salon's cancellation notice before it
 * starts. A wrong token answers 404, like an unknown booking. Cancelling twice answers the cancelled
 * booking again.
 */
export async function cancelOnline(
  scope: TenantScope,
  appointmentId: string,
  token: string,
  now = new Date(),
): Promise<Appointment> {
  const t = scope.tenantId;
  const found = await batchGet(scope, [tenantMetaKey(t), appointmentKey(t, appointmentId)]);
  const salon = liveSalon(found.get(tenantMetaKey(t).SK));
  assertPublic(salon);
  const item = checkToken(found.get(appointmentKey(t, appointmentId).SK), 'manageTokenHash', token);
  const appointment = toAppointment(
    item,
    await keyring().cipherFor(t, { versions: appointmentKeyVersions(item) }),
    now.getTime(),
  );
  if (appointment.status === 'cancelled') return appointment;
  // The change starts from this read (it re-reads only after a lost race).
  const cancel = () =>
    changeAppointmentStatus(scope, appointmentId, 'cancelled', { userId: 'online', access: 'all', audit: online(scope) }, found);
  // An unconfirmed hold may be given back at any time: it frees the slot for someone else.
  if (appointment.status === 'pending') return cancel();
  if (!isOpen(appointment.status)) {
    throw new ConflictError(
      `This booking is ${appointment.status.replace('_', ' ')} and cannot be cancelled.`,
      { status: appointment.status },
      'INVALID_TRANSITION',
    );
  }
  const noticeHours = salonSettings(salon).cancellationNoticeHours;
  if (!withinCancellationNotice(new Date(appointment.start), now, noticeHours)) {
    throw new ConflictError(
      `Online cancellation closes ${noticeHours} hours before the appointment; call the salon.`,
      { cancellationNoticeHours: noticeHours },
      'CANCELLATION_WINDOW_PASSED',
    );
  }
  return cancel();
}
