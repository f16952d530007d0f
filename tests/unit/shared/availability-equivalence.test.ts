/**
 * The per-date engine against the engine it replaced (tests/support/reference-engine), on generated
 * cases: zones with DST, half-hour, quarter-hour and half-hour-DST offsets, a midnight skipped (Santiago),
 * a day skipped (Apia 2011), change dates and their neighbours; steps 5/15/30; buffers, time off,
 * appointments and pending holds (expired or not), notice and horizon. Answers must be byte-identical.
 */
import { describe, expect, it } from 'vitest';
import {
  type StaffSchedule,
  availableSlots,
  checkBookable,
  openSlotCounts,
  openSlotsByDate,
} from '../../../functions/shared/domain/availability';
import type { BookingRules, ServiceTiming, TimeRange, WorkingHours } from '../../../functions/shared/domain/schedule';
import { WEEKDAYS } from '../../../functions/shared/domain/schedule';
import * as ref from '../../support/reference-engine/availability';
import { addDays, steppedInstants, toOffsetIso, zonedInstantOrNext } from '../../support/reference-engine/zoned-time';
import { prng } from '../../../bench/lib/prng';

const ZONES = [
  'Europe/Paris',
  'America/New_York',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'America/Santiago',
  'UTC',
];
const STEPS = [5, 15, 30];
const MINUTE = 60_000;

/** Dates whose day is not 24 one-hour steps long (a change), with the day either side. */
function changeDates(zone: string, years: number[]): string[] {
  const out = new Set<string>();
  for (const year of years) {
    for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
      if (steppedInstants(d, 60, zone).length !== 24) for (const n of [-1, 0, 1]) out.add(addDays(d, n));
    }
  }
  return [...out].sort();
}

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (m: number) => (m === 1440 ? '24:00' : `${pad(Math.floor(m / 60))}:${pad(m % 60)}`);

/** Working ranges of every weekday, from a small set of times (bounds repeat, as they do in salons). */
function workingHours(rand: () => number): WorkingHours {
  const times = [0, 30, 60, 105, 120, 135, 150, 180, 540, 570, 720, 780, 1020, 1260, 1410, 1440];
  const pick = () => times[Math.floor(rand() * times.length)] as number;
  return Object.fromEntries(
    WEEKDAYS.map((d) => {
      if (rand() < 0.1) return [d, []];
      const ranges: TimeRange[] = [];
      for (let i = 0, n = 1 + Math.floor(rand() * 2); i < n; i++) {
        const a = pick();
        const b = pick();
        if (a !== b) ranges.push({ start: hhmm(Math.min(a, b)), end: hhmm(Math.max(a, b)) });
      }
      return [d, ranges];
    }),
  );
}

function staffOn(date: string, zone: string, rand: () => number, id: string, now: Date): StaffSchedule {
  const dayStart = zonedInstantOrNext(addDays(date, -1), '12:00', zone).getTime();
  const span = 48 * 60 * MINUTE;
  const at = () => dayStart + Math.floor((rand() * span) / (5 * MINUTE)) * 5 * MINUTE;
  const busy = Array.from({ length: Math.floor(rand() * 12) }, () => {
    const start = at();
    const end = start + (5 + Math.floor(rand() * 24) * 5) * MINUTE;
    const hold = rand();
    const holdUntil =
      hold < 0.15 ? new Date(now.getTime() - MINUTE) : hold < 0.3 ? new Date(now.getTime() + 3600_000) : undefined;
    return { start: new Date(start), end: new Date(end), ...(holdUntil ? { holdUntil } : {}) };
  });
  const timeOff = Array.from({ length: rand() < 0.7 ? 0 : 1 + Math.floor(rand() * 2) }, () => {
    const start = at();
    return {
      start: new Date(start).toISOString(),
      end: new Date(start + (30 + Math.floor(rand() * 600)) * MINUTE).toISOString(),
    };
  });
  return { staffId: id, workingHours: workingHours(rand), timeOff, busy };
}

interface Case {
  zone: string;
  date: string;
  rules: BookingRules;
  service: ServiceTiming;
  staff: StaffSchedule[];
  now: Date;
}

function cases(): Case[] {
  const rand = prng(20261202);
  const out: Case[] = [];
  const datesOf = (zone: string) =>
    zone === 'America/Santiago'
      ? ['2026-09-05', '2026-09-06', '2026-09-07', '2026-04-04', '2026-04-05']
      : [...changeDates(zone, [2026, 2027]), '2026-06-15', '2026-12-31', '2028-02-29'];
  for (const zone of ZONES) {
    for (const date of datesOf(zone)) {
      for (const step of STEPS) {
        for (let k = 0; k < 4; k++) {
          const early = rand() < 0.7;
          const now = early
            ? new Date(Date.parse(`${date}T00:00:00Z`) - 3 * 86_400_000)
            : new Date(Date.parse(`${date}T00:00:00Z`) + Math.floor(rand() * 24 * 60) * MINUTE - 12 * 3600_000);
          const rules: BookingRules = {
            timezone: zone,
            slotStepMinutes: step,
            minimumNoticeMinutes: early ? 0 : Math.floor(rand() * 240),
            bookingHorizonDays: rand() < 0.9 ? 60 : 3,
          };
          const service: ServiceTiming = {
            durationMinutes: [15, 30, 45, 60, 90][Math.floor(rand() * 5)] as number,
            bufferBeforeMinutes: rand() < 0.5 ? 0 : ([5, 10, 15][Math.floor(rand() * 3)] as number),
            bufferAfterMinutes: rand() < 0.5 ? 0 : ([5, 10, 20][Math.floor(rand() * 3)] as number),
          };
          const staff = Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, i) => staffOn(date, zone, rand, `s${i}`, now));
          out.push({ zone, date, rules, service, staff, now });
        }
      }
    }
  }
  // Apia skipped 2011-12-30 altogether (UTC-10 to UTC+14): the general path must still be taken.
  for (const date of ['2011-12-29', '2011-12-30', '2011-12-31']) {
    for (const step of STEPS) {
      const now = new Date('2011-12-01T00:00:00Z');
      const rules = { timezone: 'Pacific/Apia', slotStepMinutes: step, minimumNoticeMinutes: 0, bookingHorizonDays: 60 };
      const staff = [0, 1].map((i) => staffOn(date, 'Pacific/Apia', rand, `s${i}`, now));
      out.push({
        zone: 'Pacific/Apia',
        date,
        rules,
        service: { durationMinutes: 30, bufferBeforeMinutes: 5, bufferAfterMinutes: 0 },
        staff,
        now,
      });
    }
  }
  return out;
}

const ALL = cases();

const reference = (c: Case) =>
  ref
    .availableSlots({ date: c.date, rules: c.rules, service: c.service, staff: c.staff, now: c.now })
    .map((s) => ({ start: toOffsetIso(s.start, c.zone), staffId: s.staffId }));

describe('the per-date engine answers exactly what the reference engine answers', { timeout: 30_000 }, () => {
  it('has enough cases, with DST change days among them', () => {
    expect(ALL.length).toBeGreaterThan(600);
    expect(ALL.filter((c) => steppedInstants(c.date, 60, c.zone).length !== 24).length).toBeGreaterThan(100);
    // Cases that find something and cases that find little: a comparison of empty lists proves nothing.
    expect(ALL.filter((c) => reference(c).length > 20).length).toBeGreaterThan(ALL.length / 2);
  });

  it('formats the same slots, byte for byte, one date at a time', () => {
    for (const c of ALL) {
      const expected = JSON.stringify(reference(c));
      const got = JSON.stringify(openSlotsByDate({ ...c, dates: [c.date] })[0]?.slots);
      if (got !== expected)
        expect({ case: `${c.zone} ${c.date} step ${c.rules.slotStepMinutes}`, got }).toEqual({
          case: `${c.zone} ${c.date} step ${c.rules.slotStepMinutes}`,
          got: expected,
        });
    }
  });

  it('gives the same instants from availableSlots, and counts that agree', () => {
    for (const c of ALL) {
      const expected = ref.availableSlots({ ...c }).map((s) => `${s.start.getTime()} ${s.staffId}`);
      expect(availableSlots({ ...c }).map((s) => `${s.start.getTime()} ${s.staffId}`)).toEqual(expected);
      expect(openSlotCounts({ ...c, dates: [c.date] })).toEqual([{ date: c.date, count: expected.length }]);
    }
  });

  it('answers a range of dates as each date alone', () => {
    for (const zone of ZONES) {
      const rand = prng(zone.length);
      const now = new Date('2026-03-01T00:00:00Z');
      const dates = Array.from({ length: 42 }, (_, i) => addDays('2026-03-20', i));
      const staff = [0, 1, 2].map((i) => {
        const s = staffOn('2026-04-10', zone, rand, `s${i}`, now);
        // Busy spans over the whole range, as a range read gives them.
        const busy = dates.flatMap((d) => staffOn(d, zone, rand, 'x', now).busy);
        return { ...s, busy };
      });
      for (const step of STEPS) {
        const rules = { timezone: zone, slotStepMinutes: step, minimumNoticeMinutes: 0, bookingHorizonDays: 90 };
        const service = { durationMinutes: 45, bufferBeforeMinutes: 10, bufferAfterMinutes: 5 };
        const got = openSlotsByDate({ dates, rules, service, staff, now });
        const expected = dates.map((date) => ({ date, slots: reference({ zone, date, rules, service, staff, now }) }));
        expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
      }
    }
  });

  it('checkBookable gives the same reason for every candidate start, on and off step', () => {
    let checked = 0;
    for (const c of ALL.filter((_, i) => i % 10 === 0)) {
      const dayStart = zonedInstantOrNext(c.date, '00:00', c.zone).getTime();
      for (let t = dayStart - 3600_000; t < dayStart + 26 * 3600_000; t += 35 * MINUTE) {
        for (const s of c.staff) {
          for (const opts of [
            { enforceNotice: true, enforceStep: true },
            { enforceNotice: false, enforceStep: false },
          ]) {
            const start = new Date(t);
            expect(checkBookable(start, s, c.service, c.rules, c.now, opts)).toBe(
              ref.checkBookable(start, s, c.service, c.rules, c.now, opts),
            );
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(5_000);
  });
});
