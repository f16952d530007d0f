/**
 * The appointment entity: `APPT#<id>` in the tenant's partition, on the salon's, the staff member's and
 * the client's timelines (GSI1-3) and, while it holds its staff member, the open timeline (GSI4). Its
 * codecs: the appointment as the API answers it, and the stored fields the booking core writes on
 * (version, day item, booker, the booked service's timing), each strict.
 */
import { APPOINTMENT_PREFIX, type ItemKey, appointmentIndexKeys, appointmentKey, openTimelineKeys } from '../db/keys';
import { APPOINTMENT_STATUSES, type AppointmentStatus, effectiveStatus, holdsStaff } from '../domain/appointment-status';
import { FieldCipher } from '../crypto/fields';
import { TABLE } from '../db/table';
import { type Step, type TransactItem, step } from '../db/transact';
import { updateParts } from '../db/update-expression';
import { sha256Hex } from '../hash';
import { type Item, mapOf, optMapOf, num, oneOf, optNum, optStr, str } from './codec';
import { type NotificationPreferences, toNotifications } from './client';
import type { Money } from './service';

export { APPOINTMENT_PREFIX, appointmentIndexKeys, appointmentKey, openTimelineKeys };

const E = 'appointment';

export interface Appointment {
  appointmentId: string;
  clientId: string;
  serviceId: string;
  staffId: string;
  /** Offset times in the salon's timezone at booking. */
  start: string;
  end: string;
  status: AppointmentStatus;
  /** A pending online booking: when its hold on the slot ends unless the booker confirms. */
  holdExpiresAt?: string;
  notes?: string;
  price: Money;
  source: 'staff' | 'online';
  createdAt: string;
  updatedAt: string;
}

/** The status as stored (a pending hold past its expiry is still `pending` here). */
export const storedStatus = (item: Item): AppointmentStatus => oneOf(APPOINTMENT_STATUSES, item, E, 'status');

/** Notes are stored encrypted, bound to the appointment (crypto/fields.ts). */
const notesRef = (appointmentId: string) => ({ entity: E, id: appointmentId, field: 'notes' });

/** The notes as stored. */
export const sealNotes = (cipher: FieldCipher, appointmentId: string, notes: string): string =>
  cipher.encrypt(notesRef(appointmentId), notes);

/** The appointment as stored: its notes sealed. */
export function sealAppointment<T extends { appointmentId: string; notes?: string }>(
  cipher: FieldCipher | undefined,
  appointment: T,
): T {
  if (appointment.notes === undefined) return appointment;
  if (!cipher) throw new Error('An appointment with notes is written with the salon cipher');
  return { ...appointment, notes: sealNotes(cipher, appointment.appointmentId, appointment.notes) };
}

/** What a new appointment stores besides the appointment itself. */
export interface NewAppointment {
  appointment: Appointment;
  /** The start as an ISO instant in UTC: the timelines' sort key. */
  startUtc: string;
  /** The staff member's day item the booking claimed (its sort key is kept, for later moves). */
  day: ItemKey;
  /** The booked service's name and timing, as booked (the service may change later). */
  service: { name: string; durationMinutes: number; bufferBeforeMinutes: number; bufferAfterMinutes: number };
  createdBy: string;
  /** Fields stored but never answered (an online booking's token hash, its booker, its pending client). */
  privateFields?: Item | undefined;
}

/**
 * The create of an appointment, at version 1, on its timelines (the open one only while it holds its
 * staff member), notes sealed with the salon's cipher; fails its condition if the id exists.
 */
export function newAppointmentPut(
  table: string,
  tenantId: string,
  cipher: FieldCipher | undefined,
  n: NewAppointment,
): TransactItem {
  const { appointment: a, service } = n;
  return {
    Put: {
      TableName: table,
      Item: {
        ...appointmentKey(tenantId, a.appointmentId),
        ...appointmentIndexKeys(tenantId, a.staffId, a.clientId, n.startUtc, a.appointmentId),
        ...(holdsStaff(a.status) ? openTimelineKeys(tenantId, a.staffId, n.startUtc, a.appointmentId) : {}),
        [TABLE.entityAttribute]: E,
        ...sealAppointment(cipher, a),
        ...n.privateFields,
        serviceName: service.name,
        durationMinutes: service.durationMinutes,
        bufferBeforeMinutes: service.bufferBeforeMinutes,
        bufferAfterMinutes: service.bufferAfterMinutes,
        dayKey: n.day.SK,
        createdBy: n.createdBy,
        version: 1,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/**
 * A pending hold past its expiry reads as `expired`, whether or not that was written yet. Notes are
 * decrypted (legacy plaintext reads as is).
 */
export function toAppointment(item: Item, cipher: FieldCipher, now = Date.now()): Appointment {
  const price = mapOf(item, E, 'price');
  const holdExpiresAt = optStr(item, 'holdExpiresAt');
  const status = effectiveStatus(storedStatus(item), holdExpiresAt, now);
  const id = str(item, E, 'appointmentId');
  const stored = optStr(item, 'notes');
  const notes = stored === undefined ? undefined : cipher.decrypt(notesRef(id), stored);
  return {
    appointmentId: id,
    clientId: str(item, E, 'clientId'),
    serviceId: str(item, E, 'serviceId'),
    staffId: str(item, E, 'staffId'),
    start: str(item, E, 'start'),
    end: str(item, E, 'end'),
    status,
    ...(holdExpiresAt && (status === 'pending' || status === 'expired') ? { holdExpiresAt } : {}),
    ...(notes !== undefined ? { notes } : {}),
    price: { amount: num(price, E, 'amount'), currency: str(price, E, 'currency') },
    source: item.source === 'online' ? 'online' : 'staff',
    createdAt: str(item, E, 'createdAt'),
    updatedAt: str(item, E, 'updatedAt'),
  };
}

/** The item's own key. */
export const appointmentItemKey = (item: Item): ItemKey => ({ PK: str(item, E, 'PK'), SK: str(item, E, 'SK') });

/** The version every change of the appointment conditions on. */
export const appointmentVersion = (item: Item): number => num(item, E, 'version');

/** A further condition of a change, with its own placeholders. */
export interface ChangeCondition {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/**
 * The one write of an appointment's existing item: `fields` set (null removes) and the version moved
 * by one, on condition the version is still the one read, and `when` holds.
 */
export function appointmentChangeStep(
  table: string,
  key: ItemKey,
  readVersion: number,
  fields: Readonly<Record<string, unknown>>,
  fails: Step['fails'],
  when?: ChangeCondition,
): Step {
  const parts = updateParts({ ...fields, version: readVersion + 1 });
  return step(
    'appointment',
    {
      Update: {
        TableName: table,
        Key: key,
        UpdateExpression: parts.UpdateExpression,
        ConditionExpression: when ? `version = :read AND ${when.expression}` : 'version = :read',
        ExpressionAttributeNames: { ...parts.ExpressionAttributeNames, ...when?.names },
        ExpressionAttributeValues: { ...parts.ExpressionAttributeValues, ':read': readVersion, ...when?.values },
      },
    },
    fails,
  );
}

/**
 * The client's erasure of one appointment: marked erased, the client's `personal` fields removed. The
 * version moves, so a write that read the appointment before reads it again (and sees the erasure).
 */
export function appointmentErasureStep(table: string, key: ItemKey, personal: ReadonlyArray<string>, fails: Step['fails']): Step {
  const names: Record<string, string> = { '#erased': 'clientErased', '#version': 'version' };
  personal.forEach((f, i) => {
    names[`#p${i}`] = f;
  });
  const remove = personal.length ? ` REMOVE ${personal.map((_, i) => `#p${i}`).join(', ')}` : '';
  return step(
    'appointment',
    {
      Update: {
        TableName: table,
        Key: key,
        UpdateExpression: `SET #erased = :true ADD #version :one${remove}`,
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':true': true, ':one': 1 },
      },
    },
    fails,
  );
}

/** A token's stored form: its SHA-256, so a leaked table does not leak the means to cancel. */
export const tokenHash = (token: string) => sha256Hex(token);

/**
 * A fresh manage token made valid for the manage routes: its hash joins `manageTokenHashes`, on `when`.
 * No version bump: nothing a booking decides on changes, so no concurrent change needs to re-read.
 */
export function manageTokenHashAdded(
  table: string,
  key: ItemKey,
  token: string,
  fails: Step['fails'],
  when: ChangeCondition,
): Step {
  return step(
    'appointment',
    {
      Update: {
        TableName: table,
        Key: key,
        UpdateExpression: 'SET manageTokenHashes = list_append(if_not_exists(manageTokenHashes, :none), :hash)',
        ConditionExpression: when.expression,
        ...(when.names ? { ExpressionAttributeNames: when.names } : {}),
        ExpressionAttributeValues: { ...when.values, ':none': [], ':hash': [tokenHash(token)] },
      },
    },
    fails,
  );
}

/** The staff-day item holding its span (entities/staff-day.ts). */
export const appointmentDayKey = (item: Item): ItemKey => ({ PK: str(item, E, 'PK'), SK: str(item, E, 'dayKey') });

/** An online booking's booker item (`BOOKER#<hash>`, entities/booker.ts); a member's booking has none. */
export function appointmentBookerKey(item: Item): ItemKey | undefined {
  const sk = optStr(item, 'bookerKey');
  return sk === undefined ? undefined : { PK: str(item, E, 'PK'), SK: sk };
}

/** The booked service's name, kept on the appointment as it was when booked (what messages name). */
export const appointmentServiceName = (item: Item): string => str(item, E, 'serviceName');

/** The booked service's timing, kept on the appointment (items from before buffers read 0). */
export const appointmentTiming = (item: Item) => ({
  durationMinutes: num(item, E, 'durationMinutes'),
  bufferBeforeMinutes: optNum(item, E, 'bufferBeforeMinutes') ?? 0,
  bufferAfterMinutes: optNum(item, E, 'bufferAfterMinutes') ?? 0,
});

/** Who booked a pending online booking without being a client yet: created as one at confirmation. */
export interface PendingClient {
  name: string;
  email: string;
  phone?: string;
  notifications: NotificationPreferences;
}

/** The pending client's address and number are encrypted, bound to the appointment. */
const pendingRef = (appointmentId: string, field: 'email' | 'phone') => ({
  entity: E,
  id: appointmentId,
  field: `pendingClient.${field}`,
});

export function pendingClientOf(item: Item, cipher: FieldCipher): PendingClient | undefined {
  if (item.pendingClient === undefined) return undefined;
  const id = str(item, E, 'appointmentId');
  const c = mapOf(item, E, 'pendingClient');
  const phone = optStr(c, 'phone');
  return {
    name: str(c, 'pending client', 'name'),
    email: cipher.decrypt(pendingRef(id, 'email'), str(c, 'pending client', 'email')),
    ...(phone !== undefined ? { phone: cipher.decrypt(pendingRef(id, 'phone'), phone) } : {}),
    notifications: toNotifications(c.notifications),
  };
}

/** The pending client as stored on its appointment. */
export function sealPendingClient(cipher: FieldCipher, appointmentId: string, client: PendingClient): PendingClient {
  return {
    ...client,
    email: cipher.encrypt(pendingRef(appointmentId, 'email'), client.email),
    ...(client.phone !== undefined ? { phone: cipher.encrypt(pendingRef(appointmentId, 'phone'), client.phone) } : {}),
  };
}

/** Key versions the appointment's encrypted fields use (so the keyring can load one it lacks). */
export function appointmentKeyVersions(item: Item): number[] {
  const c = optMapOf(item, E, 'pendingClient');
  const values = [optStr(item, 'notes'), c && optStr(c, 'email'), c && optStr(c, 'phone')];
  return values.flatMap((v) => {
    const version = v === undefined ? undefined : FieldCipher.versionOf(v);
    return version === undefined ? [] : [version];
  });
}
