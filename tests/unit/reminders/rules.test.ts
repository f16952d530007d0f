import { describe, expect, it } from 'vitest';
import {
  atExpression,
  offsetMinutes,
  outOfQuietHours,
  plannedReminders,
  reminderChannel,
  scheduleChanges,
  scheduleName,
} from '../../../functions/shared/domain/reminders';
import { UpdateTenantBody } from '../../../functions/shared/domain/tenant-input';

const ID = '01JDQ0000000000000000000AB';
const appt = (start: string, status: 'scheduled' | 'confirmed' | 'pending' | 'cancelled' = 'scheduled') => ({
  appointmentId: ID,
  status,
  start,
});
const LONG_AGO = new Date('2020-01-01T00:00:00Z');

/** The UTC instants of the default reminders (24 h email, 2 h SMS) of an appointment in `timezone`. */
const instants = (start: string, timezone: string, now = LONG_AGO) =>
  plannedReminders('t1', appt(start), { timezone }, now).map((r) => [r.input.offset, r.at.toISOString()]);

describe('reminder offsets and names', () => {
  it('reads ISO durations from 15 minutes to 14 days, a day as exactly 24 hours', () => {
    expect(offsetMinutes('PT24H')).toBe(1440);
    expect(offsetMinutes('P1D')).toBe(1440);
    expect(offsetMinutes('P1DT2H30M')).toBe(1590);
    expect(offsetMinutes('PT15M')).toBe(15);
    for (const bad of ['PT14M', 'P15D', 'PT', 'P', '24h', 'PT1.5H', 'P1W', '-PT1H']) expect(offsetMinutes(bad)).toBeUndefined();
  });

  it('names schedules from the appointment id and offset within 64 characters of [0-9a-zA-Z-_.]', () => {
    const name = scheduleName(ID, 'P13DT23H59M');
    expect(name).toBe(`rem-${ID}-P13DT23H59M`);
    expect(name).toMatch(/^[0-9a-zA-Z-_.]{1,64}$/);
  });

  it('writes at() in UTC to the second', () => {
    expect(atExpression(new Date('2027-03-27T08:00:00.000Z'))).toBe('at(2027-03-27T08:00:00)');
  });

  it('validates the reminders and quiet hours settings', () => {
    const ok = UpdateTenantBody.safeParse({
      settings: { reminders: [{ before: 'PT24H', channel: 'email' }], quietHours: { start: '21:00', end: '08:00' } },
    });
    expect(ok.success).toBe(true);
    for (const settings of [
      { reminders: [{ before: 'PT5M', channel: 'email' }] },
      { reminders: [{ before: 'PT24H', channel: 'fax' }] },
      {
        reminders: [
          { before: 'PT2H', channel: 'sms' },
          { before: 'PT2H', channel: 'email' },
        ],
      },
      { reminders: ['PT1H', 'PT2H', 'PT3H', 'PT4H'].map((before) => ({ before, channel: 'email' })) },
      { quietHours: { start: '25:00', end: '08:00' } },
      { quietHours: { start: '08:00', end: '08:00' } },
    ]) {
      expect(UpdateTenantBody.safeParse({ settings }).success).toBe(false);
    }
  });
});

describe('when reminders are due', () => {
  it('lands a 24 h reminder 24 real hours before, across the Paris spring and autumn changes', () => {
    // Sunday 2027-03-28, 10:00 CEST (UTC+2): the day before was still CET, so the reminder reads 09:00 there.
    expect(instants('2027-03-28T10:00:00+02:00', 'Europe/Paris')).toEqual([
      ['PT24H', '2027-03-27T08:00:00.000Z'],
      ['PT2H', '2027-03-28T06:00:00.000Z'],
    ]);
    // Sunday 2027-10-31, 10:00 CET (UTC+1): the day before was CEST, 11:00 on its clock.
    expect(instants('2027-10-31T10:00:00+01:00', 'Europe/Paris')[0]).toEqual(['PT24H', '2027-10-30T09:00:00.000Z']);
  });

  it('lands a 24 h reminder 24 real hours before, across the New York changes', () => {
    expect(instants('2027-03-14T10:00:00-04:00', 'America/New_York')[0]).toEqual(['PT24H', '2027-03-13T14:00:00.000Z']);
    expect(instants('2027-11-07T10:00:00-05:00', 'America/New_York')[0]).toEqual(['PT24H', '2027-11-06T15:00:00.000Z']);
  });

  it('moves a reminder due in quiet hours earlier, to the start of that quiet period', () => {
    const quiet = { start: '21:00', end: '08:00' };
    const r = plannedReminders(
      't1',
      appt('2027-06-10T09:00:00+02:00'),
      { timezone: 'Europe/Paris', quietHours: quiet },
      LONG_AGO,
    );
    // 24 h: 09:00 the day before, outside quiet hours. 2 h: 07:00, inside: moved to 21:00 the evening before.
    expect(r.map((x) => x.at.toISOString())).toEqual(['2027-06-09T07:00:00.000Z', '2027-06-09T19:00:00.000Z']);
    // A window that does not wrap midnight; and the same instant in the evening part of a wrapping one.
    expect(
      outOfQuietHours(new Date('2027-06-10T11:00:00Z'), { start: '12:00', end: '14:00' }, 'Europe/Paris').toISOString(),
    ).toBe('2027-06-10T10:00:00.000Z');
    expect(outOfQuietHours(new Date('2027-06-10T20:30:00Z'), quiet, 'Europe/Paris').toISOString()).toBe(
      '2027-06-10T19:00:00.000Z',
    );
    expect(outOfQuietHours(new Date('2027-06-10T10:00:00Z'), quiet, 'Europe/Paris').toISOString()).toBe(
      '2027-06-10T10:00:00.000Z',
    );
  });

  it('skips reminders already due when the appointment is booked, and plans none unless it is open', () => {
    const now = new Date('2027-06-10T06:30:00Z');
    // 09:00 Paris = 07:00Z: the 24 h and 2 h reminders are both past.
    expect(plannedReminders('t1', appt('2027-06-10T09:00:00+02:00'), { timezone: 'Europe/Paris' }, now)).toEqual([]);
    const later = plannedReminders('t1', appt('2027-06-10T12:00:00+02:00'), { timezone: 'Europe/Paris' }, now);
    expect(later.map((r) => r.input.offset)).toEqual(['PT2H']);
    for (const status of ['pending', 'cancelled'] as const)
      expect(plannedReminders('t1', appt('2027-06-12T12:00:00+02:00', status), { timezone: 'UTC' }, now)).toEqual([]);
  });
});

describe('schedule changes', () => {
  const s = { timezone: 'Europe/Paris' };
  const plan = (start: string, status: 'scheduled' | 'cancelled' = 'scheduled') =>
    plannedReminders('t1', appt(start, status), s, LONG_AGO);

  it('creates, moves and deletes exactly the reminders that differ', () => {
    expect(scheduleChanges([], plan('2027-06-10T09:00:00+02:00')).map((c) => c.kind)).toEqual(['create', 'create']);
    expect(scheduleChanges(plan('2027-06-10T09:00:00+02:00'), plan('2027-06-11T09:00:00+02:00')).map((c) => c.kind)).toEqual([
      'update',
      'update',
    ]);
    expect(scheduleChanges(plan('2027-06-10T09:00:00+02:00'), plan('2027-06-10T09:00:00+02:00', 'cancelled'))).toEqual([
      { kind: 'delete', name: `rem-${ID}-PT24H` },
      { kind: 'delete', name: `rem-${ID}-PT2H` },
    ]);
    expect(scheduleChanges(plan('2027-06-10T09:00:00+02:00'), plan('2027-06-10T09:00:00+02:00'))).toEqual([]);
  });
});

describe('reminder channel', () => {
  const client = { email: 'a@example.com', phone: '+33612345678' };
  it('sends SMS only with the plan (and budget), a phone and consent; email otherwise', () => {
    expect(reminderChannel('sms', { ...client, smsAllowed: true })).toBe('sms');
    expect(reminderChannel('sms', { ...client, smsAllowed: false })).toBe('email');
    expect(reminderChannel('sms', { email: client.email, smsAllowed: true })).toBe('email');
    expect(reminderChannel('sms', { ...client, smsAllowed: true, notifications: { sms: false } })).toBe('email');
    expect(reminderChannel('email', { ...client, smsAllowed: true, notifications: { email: false } })).toBe('sms');
    expect(reminderChannel('email', { ...client, smsAllowed: false, notifications: { email: false } })).toBeUndefined();
  });
});
