import { describe, expect, it } from 'vitest';
import {
  addDays,
  isValidDate,
  isValidTimeZone,
  localParts,
  steppedInstants,
  toOffsetIso,
  dayInstantOrNext,
  dayStarts,
  startOffsetIso,
  zonedDay,
  weekdayOf,
  zonedInstant,
  zonedInstantOrNext,
  zonedInstants,
} from '../../../functions/shared/domain/zoned-time';

const iso = (d: Date | undefined) => d?.toISOString();

describe('zonedInstant', () => {
  const cases: Array<[string, string, string, string | undefined]> = [
    ['2026-06-15', '09:00', 'Europe/Paris', '2026-06-15T07:00:00.000Z'],
    ['2026-01-15', '09:00', 'Europe/Paris', '2026-01-15T08:00:00.000Z'],
    ['2026-06-15', '09:00', 'UTC', '2026-06-15T09:00:00.000Z'],
    ['2026-06-15', '09:00', 'Asia/Kolkata', '2026-06-15T03:30:00.000Z'],
    ['2026-06-15', '09:00', 'Asia/Kathmandu', '2026-06-15T03:15:00.000Z'],
    ['2026-06-15', '09:00', 'America/St_Johns', '2026-06-15T11:30:00.000Z'],
    ['2026-06-15', '00:00', 'America/New_York', '2026-06-15T04:00:00.000Z'],
    // 24:00 is the next day's midnight, across a month and a year end too.
    ['2026-06-15', '24:00', 'Europe/Paris', '2026-06-15T22:00:00.000Z'],
    ['2026-12-31', '24:00', 'UTC', '2027-01-01T00:00:00.000Z'],
    // Paris spring forward: 02:00 CET jumps to 03:00 CEST.
    ['2026-03-29', '01:59', 'Europe/Paris', '2026-03-29T00:59:00.000Z'],
    ['2026-03-29', '02:00', 'Europe/Paris', undefined],
    ['2026-03-29', '02:30', 'Europe/Paris', undefined],
    ['2026-03-29', '02:59', 'Europe/Paris', undefined],
    ['2026-03-29', '03:00', 'Europe/Paris', '2026-03-29T01:00:00.000Z'],
    // Paris fall back: 03:00 CEST goes back to 02:00 CET; the earlier pass wins.
    ['2026-10-25', '02:00', 'Europe/Paris', '2026-10-25T00:00:00.000Z'],
    ['2026-10-25', '02:30', 'Europe/Paris', '2026-10-25T00:30:00.000Z'],
    ['2026-10-25', '03:00', 'Europe/Paris', '2026-10-25T02:00:00.000Z'],
    // New York spring forward (02:00 EST -> 03:00 EDT) and fall back (02:00 EDT -> 01:00 EST).
    ['2026-03-08', '01:59', 'America/New_York', '2026-03-08T06:59:00.000Z'],
    ['2026-03-08', '02:30', 'America/New_York', undefined],
    ['2026-03-08', '03:00', 'America/New_York', '2026-03-08T07:00:00.000Z'],
    ['2026-11-01', '01:30', 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['2026-11-01', '02:00', 'America/New_York', '2026-11-01T07:00:00.000Z'],
    // Southern hemisphere, a 30-minute DST shift, and a zone whose midnight is skipped.
    ['2026-04-05', '02:30', 'Australia/Sydney', '2026-04-04T15:30:00.000Z'],
    ['2026-10-04', '02:15', 'Australia/Lord_Howe', undefined],
    ['2026-09-06', '00:00', 'America/Santiago', undefined],
  ];
  it.each(cases)('%s %s in %s -> %s', (date, time, tz, expected) => {
    expect(iso(zonedInstant(date, time, tz))).toBe(expected);
  });

  it.each([
    ['2026-02-30', '09:00'],
    ['2026-06-15', '24:30'],
    ['2026-06-15', '9:00'],
    ['2026-06-15', '09:60'],
    ['15/06/2026', '09:00'],
  ])('rejects malformed input %s %s', (date, time) => {
    expect(() => zonedInstant(date, time, 'Europe/Paris')).toThrow(RangeError);
  });
});

describe('zonedInstants', () => {
  const cases: Array<[string, string, string, string[]]> = [
    ['2026-06-15', '09:00', 'Europe/Paris', ['2026-06-15T07:00:00.000Z']],
    ['2026-03-29', '02:30', 'Europe/Paris', []],
    ['2026-10-25', '02:30', 'Europe/Paris', ['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']],
    ['2026-11-01', '01:00', 'America/New_York', ['2026-11-01T05:00:00.000Z', '2026-11-01T06:00:00.000Z']],
    ['2026-04-05', '01:45', 'Australia/Lord_Howe', ['2026-04-04T14:45:00.000Z', '2026-04-04T15:15:00.000Z']],
  ];
  it.each(cases)('%s %s in %s', (date, time, tz, expected) => {
    expect(zonedInstants(date, time, tz).map(iso)).toEqual(expected);
  });
});

describe('zonedInstantOrNext', () => {
  const cases: Array<[string, string, string, string]> = [
    ['2026-06-15', '09:00', 'Europe/Paris', '2026-06-15T07:00:00.000Z'],
    ['2026-10-25', '02:30', 'Europe/Paris', '2026-10-25T00:30:00.000Z'],
    ['2026-03-29', '02:00', 'Europe/Paris', '2026-03-29T01:00:00.000Z'],
    ['2026-03-29', '02:30', 'Europe/Paris', '2026-03-29T01:00:00.000Z'],
    ['2026-03-08', '02:15', 'America/New_York', '2026-03-08T07:00:00.000Z'],
    ['2026-10-04', '02:15', 'Australia/Lord_Howe', '2026-10-03T15:30:00.000Z'],
    ['2026-09-06', '00:00', 'America/Santiago', '2026-09-06T04:00:00.000Z'],
    ['2011-12-30', '12:00', 'Pacific/Apia', '2011-12-30T10:00:00.000Z'],
  ];
  it.each(cases)('%s %s in %s -> %s', (date, time, tz, expected) => {
    expect(iso(zonedInstantOrNext(date, time, tz))).toBe(expected);
  });
});

describe('steppedInstants', () => {
  const hours = (from: number, to: number, offset: string) =>
    Array.from({ length: to - from + 1 }, (_, i) => `${String(from + i).padStart(2, '0')}:00${offset}`);
  const cases: Array<[string, string, number, string, string[]]> = [
    ['an ordinary day', '2026-06-15', 360, 'Europe/Paris', ['00:00+02:00', '06:00+02:00', '12:00+02:00', '18:00+02:00']],
    [
      'a step that does not divide the hour',
      '2026-06-15',
      250,
      'UTC',
      ['00:00+00:00', '04:10+00:00', '08:20+00:00', '12:30+00:00', '16:40+00:00', '20:50+00:00'],
    ],
    ['Paris spring forward', '2026-03-29', 60, 'Europe/Paris', [...hours(0, 1, '+01:00'), ...hours(3, 23, '+02:00')]],
    ['Paris fall back', '2026-10-25', 60, 'Europe/Paris', [...hours(0, 2, '+02:00'), ...hours(2, 23, '+01:00')]],
    ['New York fall back', '2026-11-01', 60, 'America/New_York', [...hours(0, 1, '-04:00'), ...hours(1, 23, '-05:00')]],
    ['Santiago, whose midnight is skipped', '2026-09-06', 60, 'America/Santiago', hours(1, 23, '-03:00')],
  ];
  it.each(cases)('%s', (_name, date, step, tz, expected) => {
    const shown = steppedInstants(date, step, tz).map((t) => {
      const offsetIso = toOffsetIso(t, tz);
      expect(offsetIso.slice(0, 10)).toBe(date);
      return offsetIso.slice(11, 16) + offsetIso.slice(19);
    });
    expect(shown).toEqual(expected);
  });
});

describe('localParts', () => {
  const cases: Array<[string, string, ReturnType<typeof localParts>]> = [
    ['2026-06-15T07:00:00Z', 'Europe/Paris', { date: '2026-06-15', time: '09:00', weekday: 'mon', minutesOfDay: 540 }],
    ['2026-06-15T22:30:00Z', 'Europe/Paris', { date: '2026-06-16', time: '00:30', weekday: 'tue', minutesOfDay: 30 }],
    ['2026-06-15T03:59:00Z', 'America/New_York', { date: '2026-06-14', time: '23:59', weekday: 'sun', minutesOfDay: 1439 }],
    ['2026-06-15T22:30:00Z', 'Asia/Kathmandu', { date: '2026-06-16', time: '04:15', weekday: 'tue', minutesOfDay: 255 }],
    // Both passes of the New York fall-back hour read 01:30.
    ['2026-11-01T05:30:00Z', 'America/New_York', { date: '2026-11-01', time: '01:30', weekday: 'sun', minutesOfDay: 90 }],
    ['2026-11-01T06:30:00Z', 'America/New_York', { date: '2026-11-01', time: '01:30', weekday: 'sun', minutesOfDay: 90 }],
    ['2026-06-20T12:00:59.999Z', 'UTC', { date: '2026-06-20', time: '12:00', weekday: 'sat', minutesOfDay: 720 }],
  ];
  it.each(cases)('%s in %s', (instant, tz, expected) => {
    expect(localParts(new Date(instant), tz)).toEqual(expected);
  });
});

describe('toOffsetIso', () => {
  const cases: Array<[string, string, string]> = [
    ['2026-03-29T00:59:00Z', 'Europe/Paris', '2026-03-29T01:59:00+01:00'],
    ['2026-03-29T01:00:00Z', 'Europe/Paris', '2026-03-29T03:00:00+02:00'],
    ['2026-11-01T05:30:00Z', 'America/New_York', '2026-11-01T01:30:00-04:00'],
    ['2026-11-01T06:30:00Z', 'America/New_York', '2026-11-01T01:30:00-05:00'],
    ['2026-06-15T09:00:00Z', 'UTC', '2026-06-15T09:00:00+00:00'],
    ['2026-06-15T12:00:45.678Z', 'UTC', '2026-06-15T12:00:45+00:00'],
    ['2026-06-15T03:30:00Z', 'Asia/Kolkata', '2026-06-15T09:00:00+05:30'],
    ['2026-06-15T03:15:00Z', 'Asia/Kathmandu', '2026-06-15T09:00:00+05:45'],
    ['2026-06-15T12:00:00Z', 'America/St_Johns', '2026-06-15T09:30:00-02:30'],
    ['2026-12-31T23:30:00Z', 'Pacific/Kiritimati', '2027-01-01T13:30:00+14:00'],
  ];
  it.each(cases)('%s in %s -> %s', (instant, tz, expected) => {
    expect(toOffsetIso(new Date(instant), tz)).toBe(expected);
  });

  it.each(cases.filter(([instant]) => !instant.includes('.')))('%s in %s parses back to the same instant', (instant, tz) => {
    expect(new Date(toOffsetIso(new Date(instant), tz)).getTime()).toBe(new Date(instant).getTime());
  });
});

describe('calendar helpers', () => {
  it.each([
    ['2026-06-15', 0, '2026-06-15'],
    ['2026-06-15', 30, '2026-07-15'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-03-28', 2, '2026-03-30'],
  ])('addDays(%s, %i) = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it.each([
    ['2024-02-29', true],
    ['2026-06-15', true],
    ['2026-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-6-15', false],
    ['2026-06-15T00:00', false],
    ['', false],
  ])('isValidDate(%j) = %s', (date, expected) => {
    expect(isValidDate(date)).toBe(expected);
  });

  it.each([
    ['Europe/Paris', true],
    ['America/New_York', true],
    ['Asia/Kolkata', true],
    ['UTC', true],
    ['Europe/Pariss', false],
    ['Mars/Olympus_Mons', false],
    ['+01:00', false],
    ['', false],
  ])('isValidTimeZone(%j) = %s', (tz, expected) => {
    expect(isValidTimeZone(tz)).toBe(expected);
  });
});

describe('extreme dates (defence in depth: validation keeps them out, but nothing here may throw on them)', () => {
  const zones = ['Europe/Paris', 'Pacific/Kiritimati', 'Etc/GMT+12', 'America/New_York'];
  const extremes = ['9999-12-31', '+010000-01-01', '0000-01-01', '-000001-01-01', '+275760-09-13', '-271821-04-20', '0050-06-01'];
  it.each(extremes.flatMap((d) => zones.map((tz) => [d, tz] as const)))('%s in %s', (date, tz) => {
    const slots = steppedInstants(date, 60, tz);
    expect(slots.length).toBeLessThanOrEqual(25);
    for (const s of slots) {
      expect(localParts(s, tz).date).toBe(date);
      expect(toOffsetIso(s, tz).startsWith(date)).toBe(true);
    }
    expect(() => zonedInstantOrNext(date, '24:00', tz)).not.toThrow();
    expect(() => zonedInstants(date, '12:00', tz)).not.toThrow();
    expect(isValidDate(addDays(date, 1))).toBe(true);
    expect(isValidDate(addDays(date, -1))).toBe(true);
    expect(weekdayOf(date)).toMatch(/^(mon|tue|wed|thu|fri|sat|sun)$/);
  });

  it('reads years before 100 as such (not as 19xx) and 9999-12-31 in full', () => {
    expect(toOffsetIso(zonedInstant('0050-06-01', '12:00', 'Etc/GMT+12') as Date, 'Etc/GMT+12')).toBe(
      '0050-06-01T12:00:00-12:00',
    );
    expect(steppedInstants('9999-12-31', 60, 'Europe/Paris')).toHaveLength(24);
    expect(addDays('9999-12-31', 1)).toBe('+010000-01-01');
  });

  it('finds nothing past the end of Date rather than throwing', () => {
    expect(zonedInstants('+275760-09-13', '12:00', 'Etc/GMT+12')).toEqual([]);
    expect(addDays('+275760-09-13', 5)).toBe('+275760-09-13');
    expect(toOffsetIso(new Date(8.64e15), 'Pacific/Kiritimati')).toBe('+275760-09-13T00:00:00+00:00');
  });
});

describe('zonedDay: one date resolved once, agreeing with the general functions', () => {
  const days: Array<[string, string, boolean]> = [
    ['2026-06-15', 'Europe/Paris', true],
    ['2026-03-29', 'Europe/Paris', true],
    ['2026-10-25', 'Europe/Paris', true],
    ['2026-11-01', 'America/New_York', true],
    ['2026-04-05', 'Australia/Lord_Howe', true],
    ['2026-10-04', 'Australia/Lord_Howe', true],
    ['2026-09-06', 'America/Santiago', true],
    ['2026-06-15', 'Asia/Kathmandu', true],
    // The day Apia skipped: no wall time exists, the general path answers.
    ['2011-12-30', 'Pacific/Apia', false],
  ];
  it.each(days)('%s in %s (exact: %s)', (date, tz, exact) => {
    const day = zonedDay(date, tz);
    expect(day.exact).toBe(exact);
    for (let m = 0; m <= 24 * 60; m += 15) {
      const time = m === 1440 ? '24:00' : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      expect([time, dayInstantOrNext(day, time)]).toEqual([time, zonedInstantOrNext(date, time, tz).getTime()]);
    }
    for (const step of [5, 15, 60]) {
      const starts = dayStarts(day, step);
      expect(starts.map((s) => s.at)).toEqual(steppedInstants(date, step, tz).map((t) => t.getTime()));
      for (const s of starts) expect(startOffsetIso(day, s)).toBe(toOffsetIso(new Date(s.at), tz));
    }
  });
});
