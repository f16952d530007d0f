import { describe, expect, it } from 'vitest';
import {
  type AppointmentFacts,
  COUNTER,
  appointmentDelta,
  factsOf,
  mergeDeltas,
  newClientDelta,
  periodRange,
  reconcileDelta,
  summarize,
  workingMinutes,
} from '../../../functions/shared/domain/analytics';

const facts = (over: Partial<AppointmentFacts> = {}): AppointmentFacts => ({
  date: '2026-03-10',
  hour: 10,
  status: 'scheduled',
  serviceId: 'SVC1',
  staffId: 'STF1',
  durationMinutes: 30,
  price: { amount: 2500, currency: 'EUR' },
  ...over,
});
const plain = (d: Map<string, Map<string, number>>) => Object.fromEntries([...d].map(([k, v]) => [k, Object.fromEntries(v)]));

describe('analytics deltas', () => {
  it('a booking counts its status, service, booked minutes and hour on its date', () => {
    expect(plain(appointmentDelta(undefined, facts()))).toEqual({
      '2026-03-10': { s_scheduled: 1, svc_SVC1: 1, bm_STF1: 30, h_10: 1 },
    });
  });

  it('a pending hold counts only its status; confirming it adds the booking', () => {
    const pending = facts({ status: 'pending' });
    expect(plain(appointmentDelta(undefined, pending))).toEqual({ '2026-03-10': { s_pending: 1 } });
    expect(plain(appointmentDelta(pending, facts()))).toEqual({
      '2026-03-10': { s_pending: -1, s_scheduled: 1, svc_SVC1: 1, bm_STF1: 30, h_10: 1 },
    });
  });

  it('completion adds revenue; cancelling takes back the booking', () => {
    expect(plain(appointmentDelta(facts({ status: 'in_progress' }), facts({ status: 'completed' })))).toEqual({
      '2026-03-10': { s_in_progress: -1, s_completed: 1, rev_EUR: 2500, svr_SVC1_EUR: 2500 },
    });
    expect(plain(appointmentDelta(facts(), facts({ status: 'cancelled' })))).toEqual({
      '2026-03-10': { s_scheduled: -1, s_cancelled: 1, svc_SVC1: -1, bm_STF1: -30, h_10: -1 },
    });
  });

  it('a move to another day and staff member takes every count across', () => {
    const moved = appointmentDelta(facts(), facts({ date: '2026-03-12', hour: 15, staffId: 'STF2' }));
    expect(plain(moved)).toEqual({
      '2026-03-10': { s_scheduled: -1, svc_SVC1: -1, bm_STF1: -30, h_10: -1 },
      '2026-03-12': { s_scheduled: 1, svc_SVC1: 1, bm_STF2: 30, h_15: 1 },
    });
    // Nothing counted changes (a notes edit): an empty delta.
    expect(appointmentDelta(facts(), facts()).size).toBe(0);
  });

  it('merges deltas per date, dropping what nets to zero', () => {
    const merged = mergeDeltas(appointmentDelta(undefined, facts()), newClientDelta('2026-03-10'), newClientDelta('2026-03-11'));
    expect(plain(merged)).toEqual({
      '2026-03-10': { s_scheduled: 1, svc_SVC1: 1, bm_STF1: 30, h_10: 1, newClients: 1 },
      '2026-03-11': { newClients: 1 },
    });
    expect(mergeDeltas(appointmentDelta(undefined, facts()), appointmentDelta(facts(), undefined)).size).toBe(0);
  });

  it('reads the salon-local date and hour from the stored offset start', () => {
    const f = factsOf({ ...facts(), start: '2026-03-29T23:30:00+02:00' });
    expect([f.date, f.hour]).toEqual(['2026-03-29', 23]);
  });
});

describe('periods', () => {
  it('day, ISO week (Monday first) and month', () => {
    expect(periodRange('day', '2026-03-11')).toEqual({ from: '2026-03-11', to: '2026-03-11' });
    expect(periodRange('week', '2026-03-11')).toEqual({ from: '2026-03-09', to: '2026-03-15' });
    expect(periodRange('week', '2026-03-15')).toEqual({ from: '2026-03-09', to: '2026-03-15' });
    expect(periodRange('month', '2024-02-10')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodRange('month', '2026-12-31')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
});

describe('working minutes', () => {
  const staff = {
    workingHours: {
      tue: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '18:00' },
      ],
    },
    timeOff: [],
  };
  it('sums the weekday ranges, less time off (overlaps counted once)', () => {
    expect(workingMinutes(staff, '2026-03-10', 'Europe/Paris')).toBe(480);
    expect(workingMinutes(staff, '2026-03-11', 'Europe/Paris')).toBe(0);
    const off = {
      ...staff,
      timeOff: [
        { start: '2026-03-10T10:00:00+01:00', end: '2026-03-10T11:00:00+01:00' },
        { start: '2026-03-10T10:30:00+01:00', end: '2026-03-10T13:30:00+01:00' },
      ],
    };
    // 10:00-12:00 off in the morning (120), 13:00-13:30 in the afternoon (30).
    expect(workingMinutes(off, '2026-03-10', 'Europe/Paris')).toBe(480 - 150);
  });
  it('a range across the spring-forward gap has its true length', () => {
    const sunday = { workingHours: { sun: [{ start: '00:00', end: '24:00' }] }, timeOff: [] };
    expect(workingMinutes(sunday, '2026-03-29', 'Europe/Paris')).toBe(23 * 60);
  });
});

describe('summarize', () => {
  const day = (d: Map<string, Map<string, number>>, date: string) => d.get(date) ?? new Map();
  it('computes the basic and advanced figures from the counters', () => {
    const delta = mergeDeltas(
      appointmentDelta(undefined, facts({ status: 'completed' })),
      appointmentDelta(undefined, facts({ status: 'completed', serviceId: 'SVC2', price: { amount: 900, currency: 'USD' } })),
      appointmentDelta(undefined, facts({ status: 'no_show', hour: 11 })),
      appointmentDelta(undefined, facts({ status: 'cancelled' })),
      appointmentDelta(undefined, facts({ status: 'pending', date: '2026-03-11' })),
      newClientDelta('2026-03-11'),
    );
    const a = summarize({
      period: 'week',
      range: periodRange('week', '2026-03-10'),
      days: new Map([
        ['2026-03-10', day(delta, '2026-03-10')],
        ['2026-03-11', day(delta, '2026-03-11')],
      ]),
      services: new Map([['SVC1', { name: 'Cut' }]]),
      advanced: {
        timezone: 'Europe/Paris',
        staff: new Map([['STF1', { name: 'Sam', workingHours: { tue: [{ start: '09:00', end: '17:00' }] }, timeOff: [] }]]),
      },
    });
    expect(a.appointments).toEqual({
      byStatus: { pending: 1, scheduled: 0, confirmed: 0, in_progress: 0, completed: 2, cancelled: 1, no_show: 1, expired: 0 },
      total: 4,
      completed: 2,
      cancelled: 1,
      completionRate: 0.5,
    });
    expect(a.revenue).toEqual([
      { amount: 2500, currency: 'EUR' },
      { amount: 900, currency: 'USD' },
    ]);
    expect(a.newClients).toBe(1);
    expect(a.topServices).toEqual([
      { serviceId: 'SVC1', name: 'Cut', bookings: 2, revenue: [{ amount: 2500, currency: 'EUR' }] },
      { serviceId: 'SVC2', name: null, bookings: 1, revenue: [{ amount: 900, currency: 'USD' }] },
    ]);
    expect(a.advanced?.staffUtilisation).toEqual([
      { staffId: 'STF1', name: 'Sam', bookedMinutes: 90, workingMinutes: 480, utilisation: 0.1875 },
    ]);
    expect(a.advanced?.noShowRate).toBe(0.3333);
    expect(a.advanced?.busiestHours).toEqual([
      { hour: 10, appointments: 2 },
      { hour: 11, appointments: 1 },
    ]);
    expect(a.advanced?.daily).toHaveLength(7);
    expect(a.advanced?.daily[1]).toEqual({
      date: '2026-03-10',
      appointments: 4,
      completed: 2,
      cancelled: 1,
      noShows: 1,
      revenue: [
        { amount: 2500, currency: 'EUR' },
        { amount: 900, currency: 'USD' },
      ],
      newClients: 0,
    });
    expect(COUNTER.hour(7)).toBe('h_07');
  });

  it('without advancedAnalytics answers the basic figures only; an empty period is zeros', () => {
    const a = summarize({ period: 'day', range: periodRange('day', '2026-03-10'), days: new Map(), services: new Map() });
    expect(a.advanced).toBeUndefined();
    expect(a.appointments.total).toBe(0);
    expect(a.appointments.completionRate).toBe(0);
    expect(a.revenue).toEqual([]);
    expect(a.topServices).toEqual([]);
  });
});

describe('reconcileDelta', () => {
  it('adds what the stored counters lack and takes back what they hold too much; new clients only go up', () => {
    const stored = new Map([
      [
        '2026-03-10',
        new Map([
          ['s_scheduled', 3],
          ['newClients', 5],
          ['h_10', 1],
        ]),
      ],
      ['2026-03-12', new Map([['s_cancelled', 1]])],
    ]);
    const recomputed = mergeDeltas(
      appointmentDelta(undefined, facts()),
      appointmentDelta(undefined, facts({ date: '2026-03-11' })),
      newClientDelta('2026-03-10'),
      newClientDelta('2026-03-11'),
    );
    expect(plain(reconcileDelta(stored, recomputed))).toEqual({
      '2026-03-10': { s_scheduled: -2, svc_SVC1: 1, bm_STF1: 30 },
      '2026-03-11': { s_scheduled: 1, svc_SVC1: 1, bm_STF1: 30, h_10: 1, newClients: 1 },
      '2026-03-12': { s_cancelled: -1 },
    });
    expect(reconcileDelta(new Map([...recomputed]), recomputed).size).toBe(0);
  });
});
