import { describe, expect, it } from 'vitest';
import { staffKey, staffUserKey } from '../../../functions/shared/db/keys';
import { WEEKDAYS } from '../../../functions/shared/domain/schedule';
import { CreateStaffBody, UpdateStaffBody, WorkingHoursBody } from '../../../functions/shared/domain/staff-input';
import { issueDetails } from '../../../functions/shared/validation';

const SERVICE_A = '01JABCDEFGHJKMNPQRSTVWXYZ1';
const SERVICE_B = '01JABCDEFGHJKMNPQRSTVWXYZ2';
const USER = '8c1f2a3e-0d4b-4e5f-9a6b-7c8d9e0f1a2b';
const base = { name: 'Camille', serviceIds: [SERVICE_A], workingHours: { mon: [{ start: '09:00', end: '12:30' }] } };

/** The API's 400 details for a body, or [] when it is valid. */
function problems(schema: typeof CreateStaffBody | typeof UpdateStaffBody, body: unknown) {
  const result = schema.safeParse(body);
  return result.success ? [] : issueDetails(result.error.issues, 'body');
}

describe('staff keys', () => {
  it('keeps the staff record in the catalog and the member link outside it', () => {
    expect(staffKey('t1', 's1')).toEqual({ PK: 'TENANT#t1', SK: 'SALON#STAFF#s1' });
    expect(staffUserKey('t1', USER)).toEqual({ PK: 'TENANT#t1', SK: `STAFF_USER#${USER}` });
    expect(staffUserKey('t1', USER).SK.startsWith('SALON')).toBe(false);
    expect(() => staffUserKey('t1', 'a#b')).toThrow();
  });
});

describe('staff input', () => {
  it('accepts a full body, trims the name and keeps the shapes of schedule.ts', () => {
    const body = {
      ...base,
      name: '  Camille D. ',
      serviceIds: [SERVICE_A, SERVICE_B],
      workingHours: {
        mon: [
          { start: '13:30', end: '19:00' },
          { start: '09:00', end: '12:30' },
        ],
        sat: [{ start: '00:00', end: '24:00' }],
        sun: [],
      },
      timeOff: [{ start: '2026-08-01T00:00:00+02:00', end: '2026-08-16T00:00:00.000Z' }],
      userId: USER,
    };
    expect(CreateStaffBody.parse(body)).toEqual({ ...body, name: 'Camille D.' });
    expect(CreateStaffBody.parse({ ...base, serviceIds: [], workingHours: {} })).toEqual({
      ...base,
      serviceIds: [],
      workingHours: {},
    });
  });

  it('has exactly the weekdays of schedule.ts', () => {
    expect(Object.keys(WorkingHoursBody.shape)).toEqual([...WEEKDAYS]);
  });

  it.each([
    ['name', { name: undefined }],
    ['serviceIds', { serviceIds: undefined }],
    ['workingHours', { workingHours: undefined }],
  ])('requires %s on create', (path, patch) => {
    expect(problems(CreateStaffBody, { ...base, ...patch }).map((p) => p.path)).toEqual([path]);
  });

  it.each([
    ['a blank name', { name: '   ' }, 'name'],
    ['a name of 121 characters', { name: 'x'.repeat(121) }, 'name'],
    ['a service id that is no ULID', { serviceIds: ['svc-1'] }, 'serviceIds.0'],
    ['a service listed twice', { serviceIds: [SERVICE_A, SERVICE_B, SERVICE_A] }, 'serviceIds'],
    [
      '51 services',
      { serviceIds: Array.from({ length: 51 }, (_, i) => `01JABCDEFGHJKMNPQRSTVW${String(i).padStart(4, '0')}`) },
      'serviceIds',
    ],
    ['an unknown weekday', { workingHours: { monday: [{ start: '09:00', end: '10:00' }] } }, 'workingHours.monday'],
    ['a day that is not a list', { workingHours: { mon: { start: '09:00', end: '10:00' } } }, 'workingHours.mon'],
    [
      'seven ranges in a day',
      { workingHours: { tue: Array.from({ length: 7 }, (_, i) => ({ start: `0${i}:00`, end: `0${i}:30` })) } },
      'workingHours.tue',
    ],
    ['a time without a leading zero', { workingHours: { mon: [{ start: '9:00', end: '12:00' }] } }, 'workingHours.mon.0.start'],
    ['24:00 as a start', { workingHours: { mon: [{ start: '24:00', end: '24:00' }] } }, 'workingHours.mon.0.start'],
    ['24:30 as an end', { workingHours: { mon: [{ start: '23:00', end: '24:30' }] } }, 'workingHours.mon.0.end'],
    ['minutes past 59', { workingHours: { mon: [{ start: '09:60', end: '12:00' }] } }, 'workingHours.mon.0.start'],
    ['seconds', { workingHours: { mon: [{ start: '09:00:00', end: '12:00' }] } }, 'workingHours.mon.0.start'],
    ['an end before its start', { workingHours: { wed: [{ start: '12:00', end: '09:00' }] } }, 'workingHours.wed.0.end'],
    ['an empty range', { workingHours: { wed: [{ start: '12:00', end: '12:00' }] } }, 'workingHours.wed.0.end'],
    [
      'a range with an unknown field',
      { workingHours: { wed: [{ start: '09:00', end: '12:00', break: true }] } },
      'workingHours.wed.0.break',
    ],
    ['an unknown field', { active: true }, 'active'],
    ['a staffId of our own', { staffId: SERVICE_A }, 'staffId'],
    ['a userId with a separator', { userId: 'a#b' }, 'userId'],
    ['a null userId on create', { userId: null }, 'userId'],
  ])('refuses %s', (_name, patch, path) => {
    expect(problems(CreateStaffBody, { ...base, ...patch }).map((p) => p.path)).toContain(path);
  });

  it('refuses overlapping ranges of a day, in any order, naming the day and the ranges', () => {
    const details = problems(CreateStaffBody, {
      ...base,
      workingHours: {
        mon: [{ start: '09:00', end: '12:00' }],
        thu: [
          { start: '14:00', end: '18:00' },
          { start: '09:00', end: '12:00' },
          { start: '11:30', end: '13:00' },
        ],
      },
    });
    expect(details).toEqual([
      { in: 'body', path: 'workingHours.thu', message: 'The working hours of thu overlap: 09:00-12:00 and 11:30-13:00.' },
    ]);
    // The same range twice overlaps too; touching ranges do not.
    expect(
      problems(CreateStaffBody, {
        ...base,
        workingHours: {
          fri: [
            { start: '09:00', end: '10:00' },
            { start: '09:00', end: '10:00' },
          ],
        },
      }),
    ).toHaveLength(1);
    expect(
      problems(CreateStaffBody, {
        ...base,
        workingHours: {
          fri: [
            { start: '12:00', end: '24:00' },
            { start: '00:00', end: '12:00' },
          ],
        },
      }),
    ).toEqual([]);
  });

  describe('time off', () => {
    const withTimeOff = (start: string, end: string) => problems(CreateStaffBody, { ...base, timeOff: [{ start, end }] });

    it.each([
      ['offsets', '2026-03-01T09:00:00+01:00', '2026-03-01T18:00:00-05:00'],
      ['Z and fractions', '2026-03-01T09:00:00Z', '2026-03-01T09:00:00.5Z'],
      ['exactly 366 days', '2028-01-01T00:00:00Z', '2029-01-01T00:00:00Z'],
    ])('accepts %s', (_n, start, end) => {
      expect(withTimeOff(start, end)).toEqual([]);
    });

    it.each([
      ['no offset', '2026-03-01T09:00:00', '2026-03-02T09:00:00+01:00', 'timeOff.0.start'],
      ['a date only', '2026-03-01T09:00:00Z', '2026-03-02', 'timeOff.0.end'],
      ['a day that does not exist', '2026-02-30T09:00:00Z', '2026-03-02T09:00:00Z', 'timeOff.0.start'],
      ['an end before its start (across offsets)', '2026-03-01T10:00:00+01:00', '2026-03-01T08:30:00Z', 'timeOff.0.end'],
      ['an empty span', '2026-03-01T10:00:00+01:00', '2026-03-01T09:00:00Z', 'timeOff.0.end'],
      ['more than 366 days', '2026-01-01T00:00:00Z', '2027-01-02T00:00:01Z', 'timeOff.0.end'],
    ])('refuses %s', (_n, start, end, path) => {
      expect(withTimeOff(start, end).map((p) => p.path)).toEqual([path]);
    });

    it('holds at most 100 entries and refuses unknown fields in one', () => {
      const entry = { start: '2026-03-01T09:00:00Z', end: '2026-03-01T10:00:00Z' };
      expect(problems(CreateStaffBody, { ...base, timeOff: Array(100).fill(entry) })).toEqual([]);
      expect(problems(CreateStaffBody, { ...base, timeOff: Array(101).fill(entry) }).map((p) => p.path)).toEqual(['timeOff']);
      expect(problems(CreateStaffBody, { ...base, timeOff: [{ ...entry, reason: 'holiday' }] }).map((p) => p.path)).toEqual([
        'timeOff.0.reason',
      ]);
    });
  });

  describe('PATCH', () => {
    it('accepts any subset, null userId to unlink, and an empty time-off list', () => {
      expect(UpdateStaffBody.parse({ userId: null })).toEqual({ userId: null });
      expect(UpdateStaffBody.parse({ timeOff: [] })).toEqual({ timeOff: [] });
      expect(UpdateStaffBody.parse({ name: ' B ', serviceIds: [] })).toEqual({ name: 'B', serviceIds: [] });
      expect(UpdateStaffBody.parse({ userId: USER })).toEqual({ userId: USER });
    });

    it.each([
      ['an empty body', {}, ''],
      ['an unknown field', { name: 'B', createdAt: 'x' }, 'createdAt'],
      ['a null name', { name: null }, 'name'],
      ['null serviceIds', { serviceIds: null }, 'serviceIds'],
      ['null workingHours', { workingHours: null }, 'workingHours'],
      ['null timeOff', { timeOff: null }, 'timeOff'],
      [
        'overlapping hours',
        {
          workingHours: {
            sun: [
              { start: '10:00', end: '12:00' },
              { start: '11:00', end: '13:00' },
            ],
          },
        },
        'workingHours.sun',
      ],
    ])('refuses %s', (_n, body, path) => {
      expect(problems(UpdateStaffBody, body).map((p) => p.path)).toContain(path);
    });
  });
});
