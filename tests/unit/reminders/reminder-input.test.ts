import { describe, expect, it } from 'vitest';
import { parseReminderInput } from '../../../functions/shared/reminders/send';

const input = {
  tenantId: 't-1',
  appointmentId: '01JABCDEFGHJKMNPQRSTVWXYZ1',
  offset: 'P1D',
  start: '2031-01-10T10:00:00+01:00',
  channel: 'sms',
};

describe('the reminder schedule input', () => {
  it('reads its fields, and only those', () => {
    expect(parseReminderInput({ ...input, extra: 'x' })).toEqual(input);
  });

  it.each([
    ['no object', 'P1D'],
    ['a list', [input]],
    ['an appointment id that is not a ULID', { ...input, appointmentId: 'a' }],
    ['an unknown offset', { ...input, offset: 'soon' }],
    ['a start that is no date', { ...input, start: 'tomorrow' }],
    ['an unknown channel', { ...input, channel: 'fax' }],
    ['a tenant id with a separator', { ...input, tenantId: 'a#b' }],
  ])('is refused with %s', (_what, raw) => {
    expect(parseReminderInput(raw)).toBeUndefined();
  });
});
