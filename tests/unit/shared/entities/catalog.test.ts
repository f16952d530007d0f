/** The booking catalog's entities: services and staff, and the staff days booking writes. */
import '../../../support/dynamodb-mock';
import { describe, expect, it } from 'vitest';
import { CorruptItemError } from '../../../../functions/shared/entities/codec';
import { newService, serviceDelete, toService } from '../../../../functions/shared/entities/service';
import { staffName, staffPut, staffUserOf, staffUserPut, toStaff } from '../../../../functions/shared/entities/staff';
import { staffDayOf } from '../../../../functions/shared/entities/staff-day';

const now = '2026-01-01T00:00:00.000Z';
const service = {
  serviceId: 's',
  name: 'Cut',
  durationMinutes: 30,
  price: { amount: 3000, currency: 'EUR' },
  bufferBeforeMinutes: 5,
  bufferAfterMinutes: 10,
  active: false,
  createdAt: now,
  updatedAt: now,
};
const staff = {
  staffId: 't',
  name: 'Camille',
  serviceIds: ['s'],
  workingHours: { mon: [{ start: '09:00', end: '12:00' }] },
  timeOff: [{ start: '2026-02-01T00:00:00+01:00', end: '2026-02-02T00:00:00+01:00' }],
  createdAt: now,
  updatedAt: now,
};

describe('service entity', () => {
  it('parses a service; buffers and active, which older services lack, read 0 and true', () => {
    expect(toService({ ...service, PK: 'x', entity: 'service' })).toEqual(service);
    const { bufferBeforeMinutes: _, bufferAfterMinutes: __, active: ___, ...older } = service;
    expect(toService(older)).toEqual({ ...older, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, active: true });
    expect(newService({ name: 'Cut', durationMinutes: 30, price: service.price }, 's', now)).toMatchObject({
      active: true,
      bufferAfterMinutes: 0,
    });
  });

  it('refuses a missing field or a mistyped one, instead of NaN', () => {
    for (const field of ['serviceId', 'name', 'durationMinutes', 'price', 'createdAt', 'updatedAt'] as const) {
      const { [field]: _, ...rest } = service;
      expect(() => toService(rest), field).toThrow(CorruptItemError);
    }
    expect(() => toService({ ...service, price: { currency: 'EUR' } })).toThrow('amount');
    expect(() => toService({ ...service, bufferAfterMinutes: '10' })).toThrow('bufferAfterMinutes');
    expect(() => toService({ ...service, active: 'no' })).toThrow('active');
  });

  it('deletes on condition it exists, answering as the caller says', async () => {
    const missing = new Error('missing');
    const del = serviceDelete('t', '01JABCDEFGHJKMNPQRSTVWXYZ1', 's', () => missing);
    expect(del.item.Delete?.ConditionExpression).toBe('attribute_exists(PK)');
    expect(await del.fails?.()).toBe(missing);
  });
});

describe('staff entity', () => {
  it('parses a staff record; absent lists read empty, a null link (a patch unlinking) is none', () => {
    expect(toStaff({ ...staff, userId: 'u-1', PK: 'x' })).toEqual({ ...staff, userId: 'u-1' });
    const { serviceIds: _, timeOff: __, ...bare } = staff;
    expect(toStaff({ ...bare, userId: null })).toEqual({ ...bare, serviceIds: [], timeOff: [] });
    expect(staffUserOf({ userId: 'u-2' })).toBe('u-2');
    expect(staffName(staff)).toBe('Camille');
    expect(() => staffName({ ...staff, name: undefined })).toThrow('name');
  });

  it('refuses a missing field or a list of the wrong shape', () => {
    for (const field of ['staffId', 'name', 'workingHours', 'createdAt', 'updatedAt'] as const) {
      const { [field]: _, ...rest } = staff;
      expect(() => toStaff(rest), field).toThrow(CorruptItemError);
    }
    expect(() => toStaff({ ...staff, serviceIds: 's' })).toThrow('serviceIds');
    expect(() => toStaff({ ...staff, serviceIds: [1] })).toThrow('serviceIds');
    expect(() => toStaff({ ...staff, timeOff: [{ start: 'x' }] })).toThrow('timeOff');
    expect(() => toStaff({ ...staff, timeOff: ['2026-02-03'] })).toThrow('timeOff');
    expect(() => toStaff({ ...staff, workingHours: { mon: 'all day' } })).toThrow('mon');
    expect(() => toStaff({ ...staff, userId: 7 })).toThrow('userId');
  });

  it('builds the staff item and the member link, each on condition it is new', () => {
    const t = '01JABCDEFGHJKMNPQRSTVWXYZ1';
    expect(staffPut('t', t, toStaff(staff)).Put?.Item).toMatchObject({ SK: 'SALON#STAFF#t', entity: 'staff' });
    expect(staffUserPut('t', t, 'u-1', 't').Put).toMatchObject({
      Item: { SK: 'STAFF_USER#u-1', entity: 'staffUser', userId: 'u-1', staffId: 't' },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  });
});

describe('staff-day entity', () => {
  const day = {
    staffId: 't',
    date: '2026-02-03',
    version: 4,
    spans: { a: { start: '2026-02-03T09:00:00.000Z', end: '2026-02-03T09:30:00.000Z', holdUntil: '2026-02-01T10:00:00.000Z' } },
  };

  it('parses the spans as instants, with the version writers condition on', () => {
    const parsed = staffDayOf(day);
    expect(parsed.version).toBe(4);
    expect(parsed.spans.get('a')).toEqual({
      start: new Date('2026-02-03T09:00:00.000Z'),
      end: new Date('2026-02-03T09:30:00.000Z'),
      holdUntil: new Date('2026-02-01T10:00:00.000Z'),
    });
  });

  it('refuses a missing version, spans that are no map, or a span that is no instant', () => {
    const { version: _, ...noVersion } = day;
    expect(() => staffDayOf(noVersion)).toThrow('version');
    expect(() => staffDayOf({ ...day, spans: [] })).toThrow('spans');
    expect(() => staffDayOf({ ...day, spans: { a: { start: 'soon', end: day.spans.a.end } } })).toThrow('start');
    expect(() => staffDayOf({ ...day, spans: { a: 'busy' } })).toThrow('spans.a');
    expect(() => staffDayOf({ ...day, spans: { a: [day.spans.a.start, day.spans.a.end] } })).toThrow('spans.a');
  });
});
