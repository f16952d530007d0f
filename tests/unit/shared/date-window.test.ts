import { describe, expect, it } from 'vitest';
import { WindowDate, isInstantInWindow, windowInstant } from '../../../functions/shared/domain/date-window';

const Instant = windowInstant('format');
const messages = (r: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
  r.error?.issues.map((i) => i.message) ?? [];

describe('the accepted date window (2000-01-01 .. 2100-12-31)', () => {
  it.each(['2000-01-01', '2026-02-28', '2028-02-29', '2100-12-31'])('takes the date %s', (d) => {
    expect(WindowDate.safeParse(d).success).toBe(true);
  });

  it.each([
    ['9999-12-31', 'Use a date from 2000-01-01 to 2100-12-31.'],
    ['0000-01-01', 'Use a date from 2000-01-01 to 2100-12-31.'],
    ['1999-12-31', 'Use a date from 2000-01-01 to 2100-12-31.'],
    ['2101-01-01', 'Use a date from 2000-01-01 to 2100-12-31.'],
    ['2026-02-30', 'No such date.'],
    ['2027-02-29', 'No such date.'],
    ['275760-09-13', 'Use a date as YYYY-MM-DD.'],
    ['+275760-09-13', 'Use a date as YYYY-MM-DD.'],
    ['-000001-01-01', 'Use a date as YYYY-MM-DD.'],
    ['2026-1-1', 'Use a date as YYYY-MM-DD.'],
  ])('refuses the date %s with one message', (d, message) => {
    expect(messages(WindowDate.safeParse(d))).toEqual([message]);
  });

  it.each([
    '2000-01-01T00:00:00Z',
    '2000-01-01T01:00:00+01:00',
    '2100-12-31T23:59:59Z',
    '2100-12-31T23:30:00+12:00',
    '2031-03-04T10:00:00.123+05:45',
  ])('takes the instant %s', (v) => {
    expect(Instant.safeParse(v).success).toBe(true);
  });

  it.each([
    ['9999-12-31T23:30:00-12:00', 'window'],
    ['0000-01-01T00:00:00Z', 'window'],
    ['1999-12-31T23:59:59Z', 'window'],
    ['2000-01-01T00:30:00+01:00', 'window'],
    ['2100-12-31T23:30:00-12:00', 'window'],
    ['+275760-09-13T00:00:00Z', 'format'],
    ['275760-09-13T00:00:00Z', 'format'],
    ['-000001-01-01T00:00:00Z', 'format'],
    ['2026-02-30T10:00:00Z', 'format'],
    ['2026-06-30T23:59:60Z', 'format'],
    ['2031-03-04T10:00:00+25:00', 'format'],
    ['2031-03-04T10:00:00', 'format'],
  ])('refuses the instant %s (%s), once', (v, kind) => {
    const got = messages(Instant.safeParse(v));
    expect(got).toHaveLength(1);
    expect(got[0]).toBe(kind === 'format' ? 'format' : 'Use an instant from 2000-01-01T00:00:00Z to 2100-12-31T23:59:59Z.');
  });

  it('says NaN and infinities are outside', () => {
    expect([Number.NaN, Number.POSITIVE_INFINITY, -8.64e15].map(isInstantInWindow)).toEqual([false, false, false]);
  });
});
