import '../../../support/dynamodb-mock';
import { describe, expect, it } from 'vitest';
import {
  appointmentBookerKey,
  appointmentDayKey,
  appointmentItemKey,
  appointmentServiceName,
  appointmentTiming,
  appointmentVersion,
  newAppointmentPut,
  pendingClientOf,
  storedStatus,
  toAppointment,
} from '../../../../functions/shared/entities/appointment';
import { testCipher } from '../../../support/field-cipher';
import { TABLE } from '../../../../functions/shared/db/table';
import { staffDayKey } from '../../../../functions/shared/db/keys';

const cipher = testCipher();
import { bookerOpen, bookerRelease, bookerVersion } from '../../../../functions/shared/entities/booker';
import { CorruptItemError } from '../../../../functions/shared/entities/codec';
import { pendingHoldRelease, pendingHolds, pendingHoldsVersion } from '../../../../functions/shared/entities/pending-holds';
import { claimDaySteps, spanKept, spanRelease, staffDayOf } from '../../../../functions/shared/entities/staff-day';

const stored = {
  PK: 'TENANT#t',
  SK: 'APPT#a',
  appointmentId: 'a',
  clientId: 'c',
  serviceId: 's',
  staffId: 'st',
  start: '2031-01-10T10:00:00+01:00',
  end: '2031-01-10T10:30:00+01:00',
  status: 'pending',
  holdExpiresAt: '2031-01-09T09:00:00.000Z',
  price: { amount: 3000, currency: 'EUR' },
  source: 'online',
  createdAt: 'x',
  updatedAt: 'y',
  version: 3,
  dayKey: 'DAY#2031-01-10#st',
  bookerKey: 'BOOKER#h',
  durationMinutes: 30,
  serviceName: 'Cut',
  pendingClient: { name: 'Ana', email: 'ana@example.test', notifications: { email: true, sms: false } },
};

describe('appointment entity: the fields the booking core writes on', () => {
  it('a new appointment reads back as written: version 1, its day, the booked timing, notes sealed', () => {
    const {
      version: _,
      dayKey: __,
      bookerKey: ___,
      durationMinutes: ____,
      serviceName: _____,
      pendingClient: ______,
      holdExpiresAt: _______,
      PK,
      SK,
      ...a
    } = stored;
    const timing = { name: 'Cut', durationMinutes: 30, bufferBeforeMinutes: 5, bufferAfterMinutes: 0 };
    const appointment = { ...a, status: 'scheduled' as const, notes: 'allergic to ammonia', source: 'staff' as const };
    const put = newAppointmentPut('T', 't', cipher, {
      appointment,
      startUtc: '2031-01-10T09:00:00.000Z',
      day: staffDayKey('t', '2031-01-10', 'st'),
      service: timing,
      createdBy: 'u1',
      privateFields: { bookerKey: 'BOOKER#h' },
    }).Put;
    const item = put?.Item ?? {};
    expect(put?.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(item).toMatchObject({ PK, SK, [TABLE.entityAttribute]: 'appointment', createdBy: 'u1' });
    expect(JSON.stringify(item)).not.toContain('ammonia');
    expect(toAppointment(item, cipher)).toEqual(appointment);
    expect(appointmentVersion(item)).toBe(1);
    expect(appointmentDayKey(item)).toEqual(staffDayKey('t', '2031-01-10', 'st'));
    expect(appointmentBookerKey(item)).toEqual({ PK, SK: 'BOOKER#h' });
    expect(appointmentTiming(item)).toEqual({ durationMinutes: 30, bufferBeforeMinutes: 5, bufferAfterMinutes: 0 });
    expect(item[TABLE.indexes.gsi4.partitionKey]).toBeDefined();
    const unsealed = { appointment, startUtc: '', day: { PK, SK }, service: timing, createdBy: 'u1' };
    expect(() => newAppointmentPut('T', 't', undefined, unsealed)).toThrow('cipher');
  });

  it('reads the version, the keys of the item, its day and its booker, and the booked timing', () => {
    expect(appointmentVersion(stored)).toBe(3);
    expect(appointmentItemKey(stored)).toEqual({ PK: 'TENANT#t', SK: 'APPT#a' });
    expect(appointmentDayKey(stored)).toEqual({ PK: 'TENANT#t', SK: 'DAY#2031-01-10#st' });
    expect(appointmentBookerKey(stored)).toEqual({ PK: 'TENANT#t', SK: 'BOOKER#h' });
    expect(appointmentTiming(stored)).toEqual({ durationMinutes: 30, bufferBeforeMinutes: 0, bufferAfterMinutes: 0 });
    expect(storedStatus(stored)).toBe('pending');
    expect(appointmentServiceName(stored)).toBe('Cut');
    expect(pendingClientOf(stored, cipher)).toEqual(stored.pendingClient);
  });

  it('has no booker for a member’s booking and no pending client once confirmed', () => {
    const { bookerKey: _, pendingClient: __, ...member } = stored;
    expect(appointmentBookerKey(member)).toBeUndefined();
    expect(pendingClientOf(member, cipher)).toBeUndefined();
  });

  it('shows a pending hold past its expiry as expired, and keeps the stored status apart', () => {
    const now = Date.parse('2031-01-09T10:00:00Z');
    expect(toAppointment(stored, cipher, now).status).toBe('expired');
    expect(storedStatus(stored)).toBe('pending');
  });

  it('refuses a missing or mistyped field instead of writing "undefined" or NaN back', () => {
    const without = (field: keyof typeof stored) => {
      const { [field]: _, ...rest } = stored;
      return rest;
    };
    expect(() => appointmentVersion(without('version'))).toThrow(CorruptItemError);
    expect(() => appointmentVersion({ ...stored, version: '3' })).toThrow('version');
    expect(() => appointmentDayKey(without('dayKey'))).toThrow('dayKey');
    expect(() => appointmentItemKey(without('PK'))).toThrow('PK');
    expect(() => appointmentTiming(without('durationMinutes'))).toThrow('durationMinutes');
    expect(() => appointmentTiming({ ...stored, bufferAfterMinutes: 'x' })).toThrow('bufferAfterMinutes');
    expect(() => storedStatus({ ...stored, status: 'lost' })).toThrow('status');
    expect(() => appointmentServiceName(without('serviceName'))).toThrow('serviceName');
    expect(() => pendingClientOf({ ...stored, pendingClient: { name: 'Ana' } }, cipher)).toThrow('email');
    expect(() => pendingClientOf({ ...stored, pendingClient: 'Ana' }, cipher)).toThrow(CorruptItemError);
  });
});

describe('booker and pending-holds entities', () => {
  const booker = { open: { a: '2031-01-10T09:30:00.000Z' }, version: 2 };
  const holds = { holds: { a: '2031-01-09T09:00:00.000Z' }, version: 5 };

  it('read the maps and versions their writes condition on', () => {
    expect(bookerOpen(booker)).toEqual(booker.open);
    expect(bookerVersion(booker)).toBe(2);
    expect(pendingHolds(holds)).toEqual(holds.holds);
    expect(pendingHoldsVersion(holds)).toBe(5);
  });

  it('refuse a map entry that is not an instant, a missing map or version', () => {
    expect(() => bookerOpen({ open: { a: 17 }, version: 1 })).toThrow(CorruptItemError);
    expect(() => bookerOpen({ version: 1 })).toThrow('open');
    expect(() => bookerVersion({ open: {} })).toThrow('version');
    expect(() => pendingHolds({ holds: [] })).toThrow('holds');
    expect(() => pendingHoldsVersion({ holds: {}, version: Number.NaN })).toThrow('version');
  });

  it('release a place and a hold by appointment id, moving the version, and say "changed since read"', async () => {
    const b = bookerRelease('T', { PK: 'TENANT#t', SK: 'BOOKER#h' }, 'a');
    expect(b.name).toBe('booker');
    expect(b.item.Update).toMatchObject({
      UpdateExpression: 'REMOVE #open.#id ADD version :one',
      ExpressionAttributeNames: { '#open': 'open', '#id': 'a' },
    });
    const h = pendingHoldRelease('T', 't', '2031-01-10', 'a');
    expect(h.item.Update).toMatchObject({
      Key: { PK: 'TENANT#t', SK: 'HOLDS#2031-01-10' },
      ExpressionAttributeNames: { '#id': 'a' },
    });
    expect((await h.fails?.())?.name).toBe('StaleReadError');
  });
});

describe('staff-day entity writes', () => {
  const key = (date: string) => ({ PK: 'TENANT#t', SK: `DAY#${date}#st` });
  const span = { start: new Date('2031-01-10T09:00:00Z'), end: new Date('2031-01-10T09:30:00Z') };
  const day = (date: string, version: number, spans: Record<string, object> = {}) =>
    staffDayOf({ staffId: 'st', date, version, spans });

  it('claims the own day on the version read, checks the neighbours, and drops expired holds there', () => {
    const expired = { start: '2031-01-10T12:00:00Z', end: '2031-01-10T12:30:00Z', holdUntil: '2000-01-01T00:00:00Z' };
    const steps = claimDaySteps(
      'T',
      [
        { key: key('2031-01-09'), day: undefined },
        { key: key('2031-01-10'), day: day('2031-01-10', 4, { old: expired }) },
        { key: key('2031-01-11'), day: day('2031-01-11', 2) },
      ],
      '2031-01-10',
      'a',
      span,
    );
    expect(steps.map((s) => s.name)).toEqual(['day:DAY#2031-01-09#st', 'day:DAY#2031-01-10#st', 'day:DAY#2031-01-11#st']);
    expect(steps[0]?.item.ConditionCheck?.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(steps[1]?.item.Update).toMatchObject({
      UpdateExpression: 'SET spans.#id = :span, version = :next REMOVE spans.#x0',
      ConditionExpression: 'version = :read',
      ExpressionAttributeNames: { '#id': 'a', '#x0': 'old' },
      ExpressionAttributeValues: { ':next': 5, ':read': 4 },
    });
    expect(steps[2]?.item.ConditionCheck?.ExpressionAttributeValues).toEqual({ ':read': 2 });
  });

  it('creates the own day when it has no item yet, and releases the day a move leaves in its check', () => {
    const steps = claimDaySteps(
      'T',
      [
        { key: key('2031-01-10'), day: undefined },
        {
          key: key('2031-01-11'),
          day: day('2031-01-11', 7, { a: { start: '2031-01-11T09:00:00Z', end: '2031-01-11T09:30:00Z' } }),
        },
      ],
      '2031-01-10',
      'a',
      span,
      key('2031-01-11').SK,
    );
    expect(steps[0]?.item.Put?.Item).toMatchObject({
      staffId: 'st',
      date: '2031-01-10',
      version: 1,
      spans: { a: { start: '2031-01-10T09:00:00.000Z' } },
    });
    expect(steps[1]?.item.Update).toMatchObject({
      UpdateExpression: 'REMOVE spans.#id',
      ExpressionAttributeValues: { ':read': 7 },
    });
  });

  it('releases and keeps a span without a version, each answering what its caller says', async () => {
    const done = () => new Error('done');
    const release = spanRelease('T', key('2031-01-10'), 'a', done);
    expect(release.item.Update?.UpdateExpression).toBe('REMOVE spans.#id');
    expect((await release.fails?.())?.message).toBe('done');
    expect((await spanRelease('T', key('2031-01-10'), 'a').fails?.())?.name).toBe('StaleReadError');
    const kept = spanKept('T', key('2031-01-10'), 'a', done);
    expect(kept.item.Update).toMatchObject({
      UpdateExpression: 'REMOVE spans.#id.holdUntil ADD version :one',
      ConditionExpression: 'attribute_exists(spans.#id)',
    });
  });
});
