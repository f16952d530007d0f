import { describe, expect, it } from 'vitest';
import {
  type StaffSchedule,
  type Unbookable,
  availableSlots,
  checkBookable,
  occupiedSpan,
} from '../../../functions/shared/domain/availability';
import {
  type BookingRules,
  type ServiceTiming,
  type TimeRange,
  WEEKDAYS,
  type WorkingHours,
} from '../../../functions/shared/domain/schedule';
import { toOffsetIso } from '../../../functions/shared/domain/zoned-time';

const MON = '2026-06-15'; // a Monday; Paris is at +02:00
const RULES: BookingRules = { timezone: 'Europe/Paris', slotStepMinutes: 30, minimumNoticeMinutes: 0, bookingHorizonDays: 60 };
const EARLY = new Date('2026-06-01T00:00:00Z');

function service(durationMinutes: number, bufferBeforeMinutes = 0, bufferAfterMinutes = 0): ServiceTiming {
  return { durationMinutes, bufferBeforeMinutes, bufferAfterMinutes };
}
function staff(staffId: string, workingHours: WorkingHours, more: Partial<StaffSchedule> = {}): StaffSchedule {
  return { staffId, workingHours, timeOff: [], busy: [], ...more };
}
/** `HH:MM` on MON in Paris. */
function paris(time: string): Date {
  return new Date(`${MON}T${time}:00+02:00`);
}
function busy(from: string, to: string) {
  return { start: paris(from), end: paris(to) };
}
function everyDay(ranges: TimeRange[]): WorkingHours {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, ranges]));
}
const MORNING: WorkingHours = { mon: [{ start: '09:00', end: '12:00' }] };

describe('occupiedSpan', () => {
  it('is [start - bufferBefore, start + duration + bufferAfter)', () => {
    const span = occupiedSpan(new Date('2026-06-15T07:00:00Z'), service(45, 10, 5));
    expect([span.start.toISOString(), span.end.toISOString()]).toEqual(['2026-06-15T06:50:00.000Z', '2026-06-15T07:50:00.000Z']);
  });
});

describe('availableSlots on an ordinary day (Paris, +02:00)', () => {
  interface Case {
    name: string;
    staff: StaffSchedule[];
    service?: ServiceTiming;
    rules?: Partial<BookingRules>;
    now?: Date;
    /** Paris wall times; with several staff, `HH:MM staffId`. */
    expected: string[];
  }
  const cases: Case[] = [
    { name: 'plain hours', staff: [staff('ann', MORNING)], expected: ['09:00', '09:30', '10:00', '10:30', '11:00'] },
    {
      name: 'lunch break (two ranges)',
      staff: [
        staff('ann', {
          mon: [
            { start: '09:00', end: '12:00' },
            { start: '13:00', end: '15:00' },
          ],
        }),
      ],
      expected: ['09:00', '09:30', '10:00', '10:30', '11:00', '13:00', '13:30', '14:00'],
    },
    {
      name: 'a span must fit in one range, even when two ranges touch',
      staff: [
        staff('ann', {
          mon: [
            { start: '09:00', end: '10:00' },
            { start: '10:00', end: '11:00' },
          ],
        }),
      ],
      service: service(90),
      expected: [],
    },
    {
      name: 'range ending at 24:00',
      staff: [staff('ann', { mon: [{ start: '22:00', end: '24:00' }] })],
      expected: ['22:00', '22:30', '23:00'],
    },
    {
      name: 'buffer before pushes the first slot',
      staff: [staff('ann', MORNING)],
      service: service(60, 15, 0),
      rules: { slotStepMinutes: 15 },
      expected: ['09:15', '09:30', '09:45', '10:00', '10:15', '10:30', '10:45', '11:00'],
    },
    {
      name: 'buffer after pulls the last slot',
      staff: [staff('ann', MORNING)],
      service: service(60, 0, 15),
      rules: { slotStepMinutes: 15 },
      expected: ['09:00', '09:15', '09:30', '09:45', '10:00', '10:15', '10:30', '10:45'],
    },
    {
      name: 'busy neighbour plus both buffers',
      staff: [staff('ann', MORNING, { busy: [busy('10:00', '10:40')] })],
      service: service(30, 10, 10),
      rules: { slotStepMinutes: 10 },
      expected: ['09:10', '09:20', '10:50', '11:00', '11:10', '11:20'],
    },
    {
      name: 'partial-day time off',
      staff: [staff('ann', MORNING, { timeOff: [{ start: `${MON}T10:00:00+02:00`, end: `${MON}T10:30:00+02:00` }] })],
      expected: ['09:00', '10:30', '11:00'],
    },
    {
      name: 'whole-day time off',
      staff: [staff('ann', MORNING, { timeOff: [{ start: `${MON}T00:00:00+02:00`, end: '2026-06-16T00:00:00+02:00' }] })],
      expected: [],
    },
    {
      name: 'time off from the previous evening, given in UTC',
      staff: [staff('ann', MORNING, { timeOff: [{ start: '2026-06-14T16:00:00Z', end: `${MON}T08:00:00Z` }] })],
      expected: ['10:00', '10:30', '11:00'],
    },
    {
      name: 'time off running into the next day',
      staff: [staff('ann', MORNING, { timeOff: [{ start: `${MON}T11:00:00+02:00`, end: '2026-06-16T09:00:00+02:00' }] })],
      expected: ['09:00', '09:30', '10:00'],
    },
    {
      name: 'past starts are never offered',
      staff: [staff('ann', MORNING)],
      now: paris('09:45'),
      expected: ['10:00', '10:30', '11:00'],
    },
    {
      name: 'a start at exactly now is not past',
      staff: [staff('ann', MORNING)],
      now: paris('10:00'),
      expected: ['10:00', '10:30', '11:00'],
    },
    {
      name: 'a start a millisecond before now is past',
      staff: [staff('ann', MORNING)],
      now: new Date(paris('10:00').getTime() + 1),
      expected: ['10:30', '11:00'],
    },
    {
      name: 'minimum notice',
      staff: [staff('ann', MORNING)],
      rules: { minimumNoticeMinutes: 60 },
      now: paris('09:10'),
      expected: ['10:30', '11:00'],
    },
    {
      name: 'minimum notice met exactly',
      staff: [staff('ann', MORNING)],
      rules: { minimumNoticeMinutes: 30 },
      now: paris('10:00'),
      expected: ['10:30', '11:00'],
    },
    {
      name: 'booking horizon, its last instant included',
      staff: [staff('ann', MORNING)],
      rules: { bookingHorizonDays: 14 },
      now: new Date('2026-06-01T10:30:00+02:00'),
      expected: ['09:00', '09:30', '10:00', '10:30'],
    },
    {
      name: 'date beyond the booking horizon',
      staff: [staff('ann', MORNING)],
      rules: { bookingHorizonDays: 13 },
      expected: [],
    },
    {
      name: 'step 15',
      staff: [staff('ann', { mon: [{ start: '09:00', end: '10:30' }] })],
      rules: { slotStepMinutes: 15 },
      expected: ['09:00', '09:15', '09:30'],
    },
    {
      name: 'step 30',
      staff: [staff('ann', { mon: [{ start: '09:00', end: '10:30' }] })],
      expected: ['09:00', '09:30'],
    },
    {
      name: 'step 10',
      staff: [staff('ann', { mon: [{ start: '09:00', end: '10:30' }] })],
      rules: { slotStepMinutes: 10 },
      expected: ['09:00', '09:10', '09:20', '09:30'],
    },
    {
      name: 'step 25 counts from midnight, not from the range start',
      staff: [staff('ann', MORNING)],
      rules: { slotStepMinutes: 25 },
      expected: ['09:10', '09:35', '10:00', '10:25', '10:50'],
    },
    {
      name: 'several staff: by start, then in the order given',
      staff: [
        staff('bob', { mon: [{ start: '10:00', end: '12:00' }] }),
        staff('ann', { mon: [{ start: '09:00', end: '11:00' }] }),
        staff('cid', { tue: [{ start: '09:00', end: '12:00' }] }),
      ],
      expected: ['09:00 ann', '09:30 ann', '10:00 bob', '10:00 ann', '10:30 bob', '11:00 bob'],
    },
    {
      name: 'busy spans exactly adjacent on both sides are fine',
      staff: [staff('ann', MORNING, { busy: [busy('08:00', '09:00'), busy('10:00', '11:00'), busy('12:00', '13:00')] })],
      expected: ['09:00', '11:00'],
    },
    {
      name: 'a busy span overlapping by one minute before',
      staff: [staff('ann', MORNING, { busy: [busy('09:59', '11:00')] })],
      expected: ['11:00'],
    },
    {
      name: 'a busy span overlapping by one minute after',
      staff: [staff('ann', MORNING, { busy: [busy('10:00', '11:01')] })],
      expected: ['09:00'],
    },
    { name: 'day off (weekday missing)', staff: [staff('ann', { tue: [{ start: '09:00', end: '12:00' }] })], expected: [] },
    { name: 'day off (weekday empty)', staff: [staff('ann', { mon: [] })], expected: [] },
    { name: 'no staff', staff: [], expected: [] },
  ];

  it.each(cases)('$name', (c) => {
    const rules = { ...RULES, ...c.rules };
    const slots = availableSlots({ date: MON, rules, service: c.service ?? service(60), staff: c.staff, now: c.now ?? EARLY });
    const several = c.staff.length > 1;
    const shown = slots.map((s) => {
      const offsetIso = toOffsetIso(s.start, rules.timezone);
      expect(offsetIso.slice(0, 11) + offsetIso.slice(16)).toBe(`${MON}T:00+02:00`);
      return several ? `${offsetIso.slice(11, 16)} ${s.staffId}` : offsetIso.slice(11, 16);
    });
    expect(shown).toEqual(c.expected);
  });
});

describe('availableSlots across DST changes and odd offsets', () => {
  interface Case {
    name: string;
    timezone: string;
    date: string;
    hours: TimeRange[];
    busy?: Array<{ start: Date; end: Date }>;
    step?: number;
    duration?: number;
    expected: string[];
  }
  const night: TimeRange[] = [{ start: '00:00', end: '05:00' }];
  const cases: Case[] = [
    {
      name: 'Paris spring forward: no 02:xx, a 01:30 hour ends at 03:30 CEST',
      timezone: 'Europe/Paris',
      date: '2026-03-29',
      hours: night,
      expected: [
        '2026-03-29T00:00:00+01:00',
        '2026-03-29T00:30:00+01:00',
        '2026-03-29T01:00:00+01:00',
        '2026-03-29T01:30:00+01:00',
        '2026-03-29T03:00:00+02:00',
        '2026-03-29T03:30:00+02:00',
        '2026-03-29T04:00:00+02:00',
      ],
    },
    {
      name: 'Paris spring forward: hours starting in the gap start at the jump',
      timezone: 'Europe/Paris',
      date: '2026-03-29',
      hours: [{ start: '02:30', end: '05:00' }],
      expected: ['2026-03-29T03:00:00+02:00', '2026-03-29T03:30:00+02:00', '2026-03-29T04:00:00+02:00'],
    },
    {
      name: 'Paris fall back: the repeated 02:xx hour is offered twice',
      timezone: 'Europe/Paris',
      date: '2026-10-25',
      hours: night,
      expected: [
        '2026-10-25T00:00:00+02:00',
        '2026-10-25T00:30:00+02:00',
        '2026-10-25T01:00:00+02:00',
        '2026-10-25T01:30:00+02:00',
        '2026-10-25T02:00:00+02:00',
        '2026-10-25T02:30:00+02:00',
        '2026-10-25T02:00:00+01:00',
        '2026-10-25T02:30:00+01:00',
        '2026-10-25T03:00:00+01:00',
        '2026-10-25T03:30:00+01:00',
        '2026-10-25T04:00:00+01:00',
      ],
    },
    {
      name: 'New York spring forward: no 02:xx, a 01:30 hour ends at 03:30 EDT',
      timezone: 'America/New_York',
      date: '2026-03-08',
      hours: night,
      expected: [
        '2026-03-08T00:00:00-05:00',
        '2026-03-08T00:30:00-05:00',
        '2026-03-08T01:00:00-05:00',
        '2026-03-08T01:30:00-05:00',
        '2026-03-08T03:00:00-04:00',
        '2026-03-08T03:30:00-04:00',
        '2026-03-08T04:00:00-04:00',
      ],
    },
    {
      name: 'New York fall back: the repeated 01:xx hour is offered twice',
      timezone: 'America/New_York',
      date: '2026-11-01',
      hours: night,
      expected: [
        '2026-11-01T00:00:00-04:00',
        '2026-11-01T00:30:00-04:00',
        '2026-11-01T01:00:00-04:00',
        '2026-11-01T01:30:00-04:00',
        '2026-11-01T01:00:00-05:00',
        '2026-11-01T01:30:00-05:00',
        '2026-11-01T02:00:00-05:00',
        '2026-11-01T02:30:00-05:00',
        '2026-11-01T03:00:00-05:00',
        '2026-11-01T03:30:00-05:00',
        '2026-11-01T04:00:00-05:00',
      ],
    },
    {
      name: 'New York fall back: a booking in the first 01:00 hour leaves the second free',
      timezone: 'America/New_York',
      date: '2026-11-01',
      hours: night,
      step: 60,
      busy: [{ start: new Date('2026-11-01T01:00:00-04:00'), end: new Date('2026-11-01T01:00:00-05:00') }],
      expected: [
        '2026-11-01T00:00:00-04:00',
        '2026-11-01T01:00:00-05:00',
        '2026-11-01T02:00:00-05:00',
        '2026-11-01T03:00:00-05:00',
        '2026-11-01T04:00:00-05:00',
      ],
    },
    {
      name: 'Lord Howe: a 30-minute spring forward',
      timezone: 'Australia/Lord_Howe',
      date: '2026-10-04',
      hours: [{ start: '01:00', end: '04:00' }],
      expected: [
        '2026-10-04T01:00:00+10:30',
        '2026-10-04T01:30:00+10:30',
        '2026-10-04T02:30:00+11:00',
        '2026-10-04T03:00:00+11:00',
      ],
    },
    {
      name: 'Kolkata (+05:30), an ordinary day',
      timezone: 'Asia/Kolkata',
      date: MON,
      hours: [{ start: '09:00', end: '11:00' }],
      expected: ['2026-06-15T09:00:00+05:30', '2026-06-15T09:30:00+05:30', '2026-06-15T10:00:00+05:30'],
    },
    {
      name: 'Kathmandu (+05:45) with a busy span given in UTC',
      timezone: 'Asia/Kathmandu',
      date: MON,
      hours: [{ start: '09:00', end: '11:00' }],
      busy: [{ start: new Date('2026-06-15T03:45:00Z'), end: new Date('2026-06-15T04:15:00Z') }],
      expected: ['2026-06-15T10:00:00+05:45'],
    },
  ];

  it.each(cases)('$name', (c) => {
    const rules = { ...RULES, timezone: c.timezone, slotStepMinutes: c.step ?? 30, bookingHorizonDays: 366 };
    const slots = availableSlots({
      date: c.date,
      rules,
      service: service(c.duration ?? 60),
      staff: [staff('ann', everyDay(c.hours), { busy: c.busy ?? [] })],
      now: new Date('2026-01-01T00:00:00Z'),
    });
    expect(slots.map((s) => toOffsetIso(s.start, c.timezone))).toEqual(c.expected);
  });
});

describe('checkBookable', () => {
  // Works 09:00-13:00; booked 10:00-10:30; off from 12:00, where an older booking (12:30) also sits.
  const ann = staff(
    'ann',
    { mon: [{ start: '09:00', end: '13:00' }] },
    {
      timeOff: [{ start: `${MON}T12:00:00+02:00`, end: `${MON}T13:00:00+02:00` }],
      busy: [busy('10:00', '10:30'), busy('12:30', '13:00')],
    },
  );
  const online = { enforceNotice: true, enforceStep: true };
  const backOffice = { enforceNotice: false, enforceStep: false };
  const anyTime = { enforceNotice: true, enforceStep: false };
  const rules = { ...RULES, minimumNoticeMinutes: 60, bookingHorizonDays: 30 };
  const now = paris('08:30'); // online starts from 09:30 to 2026-07-15 08:30

  const cases: Array<[string, Date, typeof online, Unbookable | undefined]> = [
    ['free, right after a busy span', paris('10:30'), online, undefined],
    ['free, right before time off', paris('11:00'), online, undefined],
    ['in the past', paris('08:00'), online, 'in_the_past'],
    ['a millisecond before now', new Date(now.getTime() - 1), online, 'in_the_past'],
    ['in the past, back office (recording a visit)', new Date('2026-06-08T09:00:00+02:00'), backOffice, undefined],
    ['inside the notice', paris('09:00'), online, 'too_soon'],
    ['inside the notice, back office', paris('09:00'), backOffice, undefined],
    ['beyond the horizon', new Date('2026-07-20T09:00:00+02:00'), online, 'beyond_horizon'],
    ['beyond the horizon, back office', new Date('2026-07-20T09:00:00+02:00'), backOffice, undefined],
    ['off the step', paris('10:40'), online, 'off_step'],
    ['off the step by seconds', new Date(`${MON}T10:30:30+02:00`), online, 'off_step'],
    ['off the step, step not enforced', paris('10:40'), anyTime, undefined],
    ['outside working hours', paris('13:00'), online, 'outside_working_hours'],
    ['on a day off', new Date('2026-06-16T10:30:00+02:00'), online, 'outside_working_hours'],
    ['overlapping time off', paris('11:30'), online, 'time_off'],
    ['overlapping a busy span', paris('09:30'), online, 'slot_taken'],
    ['overlapping a busy span, back office', paris('09:30'), backOffice, 'slot_taken'],
    // Order of checks: window, step, working hours, time off, busy.
    ['past and off the step', paris('08:10'), online, 'in_the_past'],
    ['too soon and outside hours', paris('08:30'), online, 'too_soon'],
    ['off the step and outside hours', paris('13:10'), online, 'off_step'],
    ['outside hours and in time off', paris('12:30'), online, 'outside_working_hours'],
    ['in time off and busy', paris('12:00'), online, 'time_off'],
  ];
  it.each(cases)('%s', (_name, start, opts, expected) => {
    expect(checkBookable(start, ann, service(60), rules, now, opts)).toBe(expected);
  });

  it.each([
    ['buffer before reaching back to the busy span', service(30, 20, 0), 'slot_taken'],
    ['buffer before ending exactly at the busy span', service(30, 15, 0), undefined],
    ['buffer after reaching into time off', service(60, 0, 20), 'time_off'],
    ['buffer after ending exactly at time off', service(60, 0, 15), undefined],
  ] as const)('at 10:45: %s', (_name, timing, expected) => {
    expect(checkBookable(paris('10:45'), ann, timing, rules, now, anyTime)).toBe(expected);
  });

  const nyRules = { ...RULES, timezone: 'America/New_York', bookingHorizonDays: 366 };
  const parisRules = { ...RULES, bookingHorizonDays: 366 };
  const early = new Date('2026-01-01T00:00:00Z');
  const zoned: Array<[string, Date, BookingRules, StaffSchedule, number, Unbookable | undefined]> = [
    [
      'weekday read in the salon timezone (Monday 23:30 in New York is Tuesday in UTC)',
      new Date('2026-06-15T23:30:00-04:00'),
      nyRules,
      staff('ann', { mon: [{ start: '23:00', end: '24:00' }] }),
      30,
      undefined,
    ],
    [
      'the same instant for a salon in UTC',
      new Date('2026-06-15T23:30:00-04:00'),
      { ...nyRules, timezone: 'UTC' },
      staff('ann', { mon: [{ start: '23:00', end: '24:00' }] }),
      30,
      'outside_working_hours',
    ],
    [
      'second pass of 01:30 on the New York fall-back day',
      new Date('2026-11-01T01:30:00-05:00'),
      nyRules,
      staff('ann', everyDay([{ start: '00:00', end: '05:00' }])),
      60,
      undefined,
    ],
    [
      '90 minutes from 01:30 CET on the Paris spring-forward day end at 04:00 CEST',
      new Date('2026-03-29T01:30:00+01:00'),
      parisRules,
      staff('ann', everyDay([{ start: '00:00', end: '04:00' }])),
      90,
      undefined,
    ],
    [
      '90 minutes from 03:00 CEST end after 04:00',
      new Date('2026-03-29T03:00:00+02:00'),
      parisRules,
      staff('ann', everyDay([{ start: '00:00', end: '04:00' }])),
      90,
      'outside_working_hours',
    ],
  ];
  it.each(zoned)('%s', (_name, start, zonedRules, member, duration, expected) => {
    expect(checkBookable(start, member, service(duration), zonedRules, early, online)).toBe(expected);
  });
});

describe('pending holds', () => {
  const held = (until: string) => ({ ...busy('10:00', '11:00'), holdUntil: new Date(until) });
  const slotsAt = (now: string, b: StaffSchedule['busy']) =>
    availableSlots({
      date: MON,
      rules: RULES,
      service: service(60),
      staff: [staff('ann', MORNING, { busy: b })],
      now: new Date(now),
    }).map((s) => toOffsetIso(s.start, RULES.timezone).slice(11, 16));

  it('occupy their span until they expire, and not from that instant on', () => {
    const until = '2026-06-10T08:30:00Z';
    expect(slotsAt('2026-06-10T08:29:59Z', [held(until)])).toEqual(['09:00', '11:00']);
    expect(slotsAt(until, [held(until)])).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00']);
    // A lasting span never expires.
    expect(slotsAt('2030-01-01T00:00:00Z', [busy('10:00', '11:00')]).length).toBe(0);
  });

  it('checkBookable agrees: slot_taken while held, bookable once expired', () => {
    const s = staff('ann', MORNING, { busy: [held('2026-06-10T08:30:00Z')] });
    const opts = { enforceNotice: false, enforceStep: true };
    expect(checkBookable(paris('10:00'), s, service(60), RULES, new Date('2026-06-10T08:00:00Z'), opts)).toBe('slot_taken');
    expect(checkBookable(paris('10:00'), s, service(60), RULES, new Date('2026-06-10T08:30:00Z'), opts)).toBeUndefined();
  });
});
