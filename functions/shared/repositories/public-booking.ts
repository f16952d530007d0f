/**
 * Online booking by the salon's clients, without an account. A booking links the client by email (or
 * creates the client) and counts in the booker's open bookings (`BOOKER#<hash>`: appointment id ->
 * end, bounded by `maxOpenBookingsPerEmail`, written on condition of the version read), all in the
 * booking's own transaction. It hands out a manage token once; only its hash is stored.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { tableName } from '../db/client';
import { appointmentKey, bookerKey, clientEmailKey, clientEmailLookupKeys, clientKey, tenantMetaKey, usageKey } from '../db/keys';
import { TABLE } from '../db/table';
import { isOpen } from '../domain/appointment-status';
import type { AvailabilityInput, PublicBookingInput } from '../domain/appointment-input';
import { emailKeyHash, normalizeEmail } from '../domain/email';
import type { TenantSettings } from '../domain/tenant';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../errors';
import {
  type Appointment,
  type BookingContext,
  type PreparedExtras,
  bookAppointment,
  changeAppointmentStatus,
  toAppointment,
  tokenHash,
} from './appointments';
import type { RecordFor, TransactItem } from './idempotency';
import { newId } from './ids';
import { type AvailabilityAnswer, openSlots } from './open-slots';
import { assertPublic } from './public-salon';
import { batchGet, liveSalon, readCatalog } from './salon-schedule';
import type { Item } from './tenant-items';
import type { TenantScope } from './scope';
import { counterIncrement } from './usage';

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
export async function publicAvailability(scope: TenantScope, query: AvailabilityInput): Promise<AvailabilityAnswer> {
  return openSlots(scope, query, new Date(), (catalog) => assertPublic(catalog.salon));
}

export type OnlineBooking = Appointment & { manageToken: string };

/**
 * Books online: without `staffId`, the first staff member offering the service who is free then.
 * Reads: the catalog only without `staffId`; then, per staff member tried, the booking's one BatchGet
 * (with the client's email item and the booker's open bookings) and one transaction, which also links
 * or creates the client and counts the booking among the booker's open ones. A lost race reads again.
 */
export async function bookOnline(scope: TenantScope, input: PublicBookingInput, recordFor?: RecordFor): Promise<OnlineBooking> {
  const t = scope.tenantId;
  const email = normalizeEmail(input.client.email);
  const hash = emailKeyHash(email);
  const manageToken = randomBytes(32).toString('base64url');
  const staffIds = input.staffId ? [input.staffId] : await staffOffering(scope, input.serviceId);
  const prepare = (found: Map<string, Item>): PreparedExtras => {
    const emailItem = found.get(clientEmailKey(t, hash).SK);
    const booker = found.get(bookerKey(t, hash).SK);
    const clientId = typeof emailItem?.clientId === 'string' ? emailItem.clientId : newId();
    return {
      clientId,
      items: (appt, ctx) => {
        assertPublic(ctx.salon);
        const open = openBookings(booker, ctx.salon.settings as TenantSettings);
        return [
          emailItem ? sameClientCheck(t, hash, clientId) : newClientItems(t, hash, clientId, email, input, ctx, appt.createdAt),
          bookerWrite(t, hash, booker, open, appt),
        ].flat();
      },
      // The new client's counter is the one extra whose failure is final: the plan's client limit.
      onFailure: (index) =>
        !emailItem && index === 2
          ? new AppError(402, 'PLAN_LIMIT_EXCEEDED', 'This salon cannot take new clients online at the moment; call the salon.')
          : undefined,
    };
  };
  for (const [i, staffId] of staffIds.entries()) {
    try {
      const appointment = await bookAppointment(
        scope,
        {
          serviceId: input.serviceId,
          staffId,
          start: new Date(input.start),
          notes: input.notes,
          source: 'online',
          createdBy: 'online',
          enforceRules: true,
          privateFields: { manageTokenHash: tokenHash(manageToken), bookerKey: bookerKey(t, hash).SK },
        },
        {
          keys: [clientEmailKey(t, hash), bookerKey(t, hash)],
          prepare,
          recordFor: recordFor && ((appt) => recordFor({ ...(appt as Appointment), manageToken })),
        },
      );
      return { ...appointment, manageToken };
    } catch (err) {
      const last = i === staffIds.length - 1;
      if (!last && err instanceof ConflictError && err.code === 'SLOT_UNAVAILABLE') continue;
      throw err;
    }
  }
  throw new Error('unreachable: staffOffering never answers an empty list');
}

/** The salon's staff offering a service, in catalog order (one Query); none -> 409. */
async function staffOffering(scope: TenantScope, serviceId: string): Promise<string[]> {
  const catalog = await readCatalog(scope);
  assertPublic(catalog.salon);
  if (!catalog.services.has(serviceId)) {
    throw new ValidationError('No service with this id in this salon.', [
      { in: 'body', path: 'serviceId', message: 'Unknown service' },
    ]);
  }
  const staffIds = [...catalog.staff.values()].filter((s) => s.serviceIds.includes(serviceId)).map((s) => s.staffId);
  if (staffIds.length === 0) {
    throw new ConflictError('Nobody offers this service at the moment.', { reason: 'slot_taken' }, 'SLOT_UNAVAILABLE');
  }
  return staffIds;
}

/** The booker's bookings that have not ended; at the salon's limit -> 409 BOOKING_LIMIT_REACHED. */
function openBookings(booker: Item | undefined, settings: TenantSettings): Array<[string, string]> {
  const now = Date.now();
  const open = Object.entries((booker?.open ?? {}) as Record<string, string>).filter(([, end]) => Date.parse(end) > now);
  const max = settings.maxOpenBookingsPerEmail;
  if (open.length >= max) {
    throw new ConflictError(
      `This email already has ${open.length} upcoming bookings here, the most this salon takes online; cancel one or call the salon.`,
      { limit: max },
      'BOOKING_LIMIT_REACHED',
    );
  }
  return open;
}

/** The email still names the client it named when read. */
const sameClientCheck = (t: string, hash: string, clientId: string): TransactItem => ({
  ConditionCheck: {
    TableName: tableName(),
    Key: clientEmailKey(t, hash),
    ConditionExpression: 'clientId = :id',
    ExpressionAttributeValues: { ':id': clientId },
  },
});

/** A new client with its email item and its place in `maxClients` (index 2: the limit). */
function newClientItems(
  t: string,
  hash: string,
  clientId: string,
  email: string,
  input: PublicBookingInput,
  ctx: BookingContext,
  now: string,
): TransactItem[] {
  const table = tableName();
  const limits = ctx.salon.limits as { maxClients?: number } | undefined;
  return [
    {
      Put: {
        TableName: table,
        Item: {
          ...clientKey(t, clientId),
          ...clientEmailLookupKeys(t, hash, clientId),
          [TABLE.entityAttribute]: 'client',
          clientId,
          name: input.client.name,
          email,
          ...(input.client.phone ? { phone: input.client.phone } : {}),
          createdAt: now,
          updatedAt: now,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Put: {
        TableName: table,
        Item: { ...clientEmailKey(t, hash), [TABLE.entityAttribute]: 'clientEmail', clientId, email },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    counterIncrement(usageKey(t), 'maxClients', Number(limits?.maxClients ?? 0), 1),
  ];
}

/** The booker's open bookings with this one added (ended ones dropped), on condition of the version read. */
function bookerWrite(
  t: string,
  hash: string,
  booker: Item | undefined,
  open: Array<[string, string]>,
  appt: Appointment,
): TransactItem {
  const table = tableName();
  const endIso = new Date(Date.parse(appt.end)).toISOString();
  if (!booker) {
    return {
      Put: {
        TableName: table,
        Item: { ...bookerKey(t, hash), [TABLE.entityAttribute]: 'booker', open: { [appt.appointmentId]: endIso }, version: 1 },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  }
  return {
    Update: {
      TableName: table,
      Key: bookerKey(t, hash),
      UpdateExpression: 'SET #open = :open, version = :next',
      ConditionExpression: 'version = :read',
      ExpressionAttributeNames: { '#open': 'open' },
      ExpressionAttributeValues: {
        ':open': { ...Object.fromEntries(open), [appt.appointmentId]: endIso },
        ':next': Number(booker.version) + 1,
        ':read': booker.version,
      },
    },
  };
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
  const item: Item | undefined = found.get(appointmentKey(t, appointmentId).SK);
  const stored = typeof item?.manageTokenHash === 'string' ? Buffer.from(item.manageTokenHash, 'hex') : undefined;
  const given = Buffer.from(tokenHash(token), 'hex');
  if (!item || !stored || stored.length !== given.length || !timingSafeEqual(stored, given)) throw new NotFoundError();
  const appointment = toAppointment(item);
  if (appointment.status === 'cancelled') return appointment;
  if (!isOpen(appointment.status)) {
    throw new ConflictError(
      `This booking is ${appointment.status.replace('_', ' ')} and cannot be cancelled.`,
      { status: appointment.status },
      'INVALID_TRANSITION',
    );
  }
  const noticeHours = (salon.settings as TenantSettings).cancellationNoticeHours;
  if (Date.parse(appointment.start) - now.getTime() < noticeHours * 3_600_000) {
    throw new ConflictError(
      `Online cancellation closes ${noticeHours} hours before the appointment; call the salon.`,
      { cancellationNoticeHours: noticeHours },
      'CANCELLATION_WINDOW_PASSED',
    );
  }
  // The change starts from this read (it re-reads only after a lost race).
  return changeAppointmentStatus(scope, appointmentId, 'cancelled', { userId: 'online', access: 'all' }, found);
}
