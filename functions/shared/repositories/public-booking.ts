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
import { type Appointment, bookAppointment, changeAppointmentStatus, toAppointment, tokenHash } from './appointments';
import type { RecordFor, TransactItem } from './idempotency';
import { newId } from './ids';
import { type AvailabilityAnswer, openSlots } from './open-slots';
import { assertPublic } from './public-salon';
import { type Item, batchGet, liveSalon, readCatalog } from './salon-schedule';
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

/** A booker's item changed or a client with this email appeared meanwhile: read again. */
class StaleBookerRead extends Error {}

const ATTEMPTS = 4;

/**
 * Books online: without `staffId`, the first staff member offering the service who is free then.
 * Reads: the booker and email items (one BatchGet), the catalog only without `staffId`, then the
 * booking's own reads; one transaction.
 */
export async function bookOnline(scope: TenantScope, input: PublicBookingInput, recordFor?: RecordFor): Promise<OnlineBooking> {
  const t = scope.tenantId;
  const table = tableName();
  const email = normalizeEmail(input.client.email);
  const hash = emailKeyHash(email);
  const start = new Date(input.start);
  let staffIds: string[];
  if (input.staffId) {
    staffIds = [input.staffId];
  } else {
    const catalog = await readCatalog(scope);
    assertPublic(catalog.salon);
    if (!catalog.services.has(input.serviceId)) {
      throw new ValidationError('No service with this id in this salon.', [
        { in: 'body', path: 'serviceId', message: 'Unknown service' },
      ]);
    }
    staffIds = [...catalog.staff.values()].filter((s) => s.serviceIds.includes(input.serviceId)).map((s) => s.staffId);
    if (staffIds.length === 0) {
      throw new ConflictError('Nobody offers this service at the moment.', { reason: 'slot_taken' }, 'SLOT_UNAVAILABLE');
    }
  }
  const manageToken = randomBytes(32).toString('base64url');

  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const found = await batchGet(scope, [clientEmailKey(t, hash), bookerKey(t, hash)]);
    const emailItem = found.get(clientEmailKey(t, hash).SK);
    const booker = found.get(bookerKey(t, hash).SK);
    const clientId = typeof emailItem?.clientId === 'string' ? emailItem.clientId : newId();
    let lastError: unknown;
    for (const staffId of staffIds) {
      try {
        const appointment = await bookAppointment(
          scope,
          {
            serviceId: input.serviceId,
            staffId,
            start,
            notes: input.notes,
            clientId,
            source: 'online',
            createdBy: 'online',
            enforceRules: true,
            privateFields: { manageTokenHash: tokenHash(manageToken), bookerKey: bookerKey(t, hash).SK },
          },
          {
            clientCreated: !emailItem,
            items: (appt, ctx) => {
              assertPublic(ctx.salon);
              const now = new Date();
              const open = Object.entries((booker?.open ?? {}) as Record<string, string>).filter(
                ([, end]) => Date.parse(end) > now.getTime(),
              );
              const max = (ctx.salon.settings as TenantSettings).maxOpenBookingsPerEmail;
              if (open.length >= max) {
                throw new ConflictError(
                  `This email already has ${open.length} upcoming bookings here, the most this salon takes online; cancel one or call the salon.`,
                  { limit: max },
                  'BOOKING_LIMIT_REACHED',
                );
              }
              const endIso = new Date(Date.parse(appt.end)).toISOString();
              const items: TransactItem[] = [];
              if (emailItem) {
                items.push({
                  ConditionCheck: {
                    TableName: table,
                    Key: clientEmailKey(t, hash),
                    ConditionExpression: 'clientId = :id',
                    ExpressionAttributeValues: { ':id': clientId },
                  },
                });
              } else {
                const now = appt.createdAt;
                const limits = ctx.salon.limits as { maxClients?: number } | undefined;
                items.push(
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
                );
              }
              const stillOpen = Object.fromEntries(open);
              items.push(
                booker
                  ? {
                      Update: {
                        TableName: table,
                        Key: bookerKey(t, hash),
                        UpdateExpression: 'SET #open = :open, version = :next',
                        ConditionExpression: 'version = :read',
                        ExpressionAttributeNames: { '#open': 'open' },
                        ExpressionAttributeValues: {
                          ':open': { ...stillOpen, [appt.appointmentId]: endIso },
                          ':next': Number(booker.version) + 1,
                          ':read': booker.version,
                        },
                      },
                    }
                  : {
                      Put: {
                        TableName: table,
                        Item: {
                          ...bookerKey(t, hash),
                          [TABLE.entityAttribute]: 'booker',
                          open: { [appt.appointmentId]: endIso },
                          version: 1,
                        },
                        ConditionExpression: 'attribute_not_exists(PK)',
                      },
                    },
              );
              return items;
            },
            onExtraFailure: (index) => {
              // The new client's counter is the one extra whose failure is final: the plan's client limit.
              if (!emailItem && index === 2) {
                return new AppError(
                  402,
                  'PLAN_LIMIT_EXCEEDED',
                  'This salon cannot take new clients online at the moment; call the salon.',
                );
              }
              return new StaleBookerRead();
            },
            recordFor: recordFor && ((appt) => recordFor({ ...(appt as Appointment), manageToken })),
          },
        );
        return { ...appointment, manageToken };
      } catch (err) {
        lastError = err;
        if (err instanceof StaleBookerRead) break;
        if (err instanceof ConflictError && err.code === 'SLOT_UNAVAILABLE' && staffIds.length > 1) continue;
        throw err;
      }
    }
    if (!(lastError instanceof StaleBookerRead)) throw lastError;
  }
  throw new ConflictError(
    'Your booking could not be saved because it was changing at the same time; retry.',
    undefined,
    'CONFLICT',
  );
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
  return changeAppointmentStatus(scope, appointmentId, 'cancelled', { userId: 'online', access: 'all' });
}
