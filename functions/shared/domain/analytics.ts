/**
 * Analytics rules, pure. The figures are sums over daily counters (one item per salon-local date,
 * entities/daily-stats.ts), which the writes that book, move, change and confirm appointments and
 * create clients update in their own transactions by the delta these functions compute. So the same
 * rules decide what a write adds and what a period's answer says, and a brute-force recomputation
 * from raw appointments (tests) must give the same figures.
 *
 * Counted per appointment on the salon-local date of its start (as stored, with the salon's offset):
 * its stored status; when it is a real booking (scheduled, confirmed, in progress, completed or no-show:
 * not a pending hold, not expired, not cancelled) its service, its staff member's booked minutes (the
 * service's duration, without buffers) and its local start hour; when completed, its price (revenue,
 * per currency: each service has its own). A pending hold counts as pending until it is written expired
 * or confirmed, even past its expiry. New clients count on the salon-local date they were created; a
 * later deletion does not un-count them (they were new that day).
 */
import { WEEKDAYS, type TimeOff, type WorkingHours } from './schedule';
import { addDays, isValidDate, weekdayOf, zonedInstantOrNext } from './zoned-time';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from './appointment-status';
import { recordOf } from './closed-lists';

export interface MoneyAmount {
  amount: number;
  currency: string;
}

/** What an appointment contributes, read from its stored fields. */
export interface AppointmentFacts {
  /** Salon-local `YYYY-MM-DD` of the start. */
  date: string;
  /** Salon-local hour of the start, 0..23. */
  hour: number;
  status: AppointmentStatus;
  serviceId: string;
  staffId: string;
  durationMinutes: number;
  price: MoneyAmount;
}

/** Counter attribute -> amount added, per salon-local date. Zero amounts are never kept. */
export type StatsDelta = Map<string, Map<string, number>>;

/** Counter attribute names (top-level attributes of a daily-stats item; ids and codes hold no `_`). */
export const COUNTER = {
  status: (s: AppointmentStatus) => `s_${s}`,
  service: (serviceId: string) => `svc_${serviceId}`,
  serviceRevenue: (serviceId: string, currency: string) => `svr_${serviceId}_${currency}`,
  revenue: (currency: string) => `rev_${currency}`,
  bookedMinutes: (staffId: string) => `bm_${staffId}`,
  hour: (h: number) => `h_${String(h).padStart(2, '0')}`,
  newClients: 'newClients',
} as const;

/** A real booking: it took (or takes) the staff member's time and the salon expects the client. */
export function isBooking(status: AppointmentStatus): boolean {
  return status !== 'pending' && status !== 'expired' && status !== 'cancelled';
}

/** The facts of an appointment from its stored start (`YYYY-MM-DDTHH:MM:SS±hh:mm`, salon-local). */
export function factsOf(a: Omit<AppointmentFacts, 'date' | 'hour'> & { start: string }): AppointmentFacts {
  const { start, status, serviceId, staffId, durationMinutes, price } = a;
  return {
    date: start.slice(0, 10),
    hour: Number(start.slice(11, 13)),
    status,
    serviceId,
    staffId,
    durationMinutes,
    price: { amount: price.amount, currency: price.currency },
  };
}

function add(delta: StatsDelta, date: string, counter: string, amount: number): void {
  if (amount === 0) return;
  let day = delta.get(date);
  if (!day) {
    day = new Map();
    delta.set(date, day);
  }
  const next = (day.get(counter) ?? 0) + amount;
  if (next === 0) day.delete(counter);
  else day.set(counter, next);
  if (day.size === 0) delta.delete(date);
}

function contribute(delta: StatsDelta, f: AppointmentFacts, sign: 1 | -1): void {
  add(delta, f.date, COUNTER.status(f.status), sign);
  if (!isBooking(f.status)) return;
  add(delta, f.date, COUNTER.service(f.serviceId), sign);
  add(delta, f.date, COUNTER.bookedMinutes(f.staffId), sign * f.durationMinutes);
  add(delta, f.date, COUNTER.hour(f.hour), sign);
  if (f.status === 'completed') {
    add(delta, f.date, COUNTER.revenue(f.price.currency), sign * f.price.amount);
    add(delta, f.date, COUNTER.serviceRevenue(f.serviceId, f.price.currency), sign * f.price.amount);
  }
}

/**
 * What the counters move by when an appointment goes from `before` to `after` (undefined: it did not
 * exist / no longer does). A move across days takes its counts from one date to the other; a change
 * that alters nothing counted gives an empty delta.
 */
export function appointmentDelta(before: AppointmentFacts | undefined, after: AppointmentFacts | undefined): StatsDelta {
  const delta: StatsDelta = new Map();
  if (before) contribute(delta, before, -1);
  if (after) contribute(delta, after, 1);
  return delta;
}

/** One client created on a salon-local date. */
export function newClientDelta(date: string): StatsDelta {
  const delta: StatsDelta = new Map();
  add(delta, date, COUNTER.newClients, 1);
  return delta;
}

/**
 * What to ADD to stored counters so they equal the counts recomputed from the raw items (a backfill of
 * data older than the counters, or a repair). New clients only ever go up: a client deleted since was
 * still new that day, and is no longer among the raw items.
 */
export function reconcileDelta(stored: ReadonlyMap<string, DayCounters>, recomputed: StatsDelta): StatsDelta {
  const out: StatsDelta = new Map();
  for (const date of new Set([...stored.keys(), ...recomputed.keys()])) {
    const have = stored.get(date) ?? new Map<string, number>();
    const want = recomputed.get(date) ?? new Map<string, number>();
    for (const counter of new Set([...have.keys(), ...want.keys()])) {
      const diff = (want.get(counter) ?? 0) - (have.get(counter) ?? 0);
      if (counter === COUNTER.newClients && diff < 0) continue;
      add(out, date, counter, diff);
    }
  }
  return out;
}

/** Several deltas as one (a transaction writes each date's item once). */
export function mergeDeltas(...deltas: ReadonlyArray<StatsDelta>): StatsDelta {
  return sumDeltas(deltas);
}

/** Any number of deltas as one (a salon's every appointment, for a reconciliation). */
export function sumDeltas(deltas: Iterable<StatsDelta>): StatsDelta {
  const out: StatsDelta = new Map();
  for (const d of deltas) for (const [date, counters] of d) for (const [c, n] of counters) add(out, date, c, n);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Periods

export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

/** The salon-local dates of the period holding `date`: the day, its ISO week (Monday first) or its month. */
export function periodRange(period: Period, date: string): { from: string; to: string } {
  if (!isValidDate(date)) throw new RangeError(`Invalid date ${date}`);
  if (period === 'day') return { from: date, to: date };
  if (period === 'week') {
    const from = addDays(date, -WEEKDAYS.indexOf(weekdayOf(date)));
    return { from, to: addDays(from, 6) };
  }
  const from = `${date.slice(0, 7)}-01`;
  return { from, to: addDays(addDays(from, 32).slice(0, 7).concat('-01'), -1) };
}

export function datesOf(range: { from: string; to: string }): string[] {
  const out: string[] = [];
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) out.push(d);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The answer

/** One date's counters as stored (attribute -> amount); absent counters are 0. */
export type DayCounters = ReadonlyMap<string, number>;

export interface ServiceInfo {
  name: string;
}
export interface StaffInfo {
  name: string;
  workingHours: WorkingHours;
  timeOff: ReadonlyArray<TimeOff>;
}

export type StatusCounts = Record<AppointmentStatus, number>;

export interface BasicAnalytics {
  period: { type: Period; from: string; to: string };
  appointments: {
    byStatus: StatusCounts;
    /** Real bookings and cancellations: every status but pending holds and expired ones. */
    total: number;
    completed: number;
    cancelled: number;
    /** completed / total, 0..1 (0 when total is 0), rounded to 4 decimals. */
    completionRate: number;
  };
  /** Of completed appointments, one entry per currency, by currency code. */
  revenue: MoneyAmount[];
  newClients: number;
  /** Most booked services first (ties by id), at most TOP_SERVICES; `name` null for a service since deleted. */
  topServices: Array<{ serviceId: string; name: string | null; bookings: number; revenue: MoneyAmount[] }>;
}

export interface AdvancedAnalytics {
  /** Per current staff member: booked minutes over the minutes their working hours (less time off) give. */
  staffUtilisation: Array<{
    staffId: string;
    name: string;
    bookedMinutes: number;
    workingMinutes: number;
    /** bookedMinutes / workingMinutes rounded to 4 decimals; null with no working minutes. */
    utilisation: number | null;
  }>;
  /** no-shows / (completed + no-shows), 0..1, rounded to 4 decimals. */
  noShowRate: number;
  /** Salon-local start hours with bookings, busiest first (ties by hour). */
  busiestHours: Array<{ hour: number; appointments: number }>;
  /** One entry per date of the period, in order. */
  daily: Array<{
    date: string;
    appointments: number;
    completed: number;
    cancelled: number;
    noShows: number;
    revenue: MoneyAmount[];
    newClients: number;
  }>;
}

export type Analytics = BasicAnalytics & { advanced?: AdvancedAnalytics };

export const TOP_SERVICES = 5;

export const rate = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

const get = (day: DayCounters | undefined, counter: string) => day?.get(counter) ?? 0;

/** Sums of every counter over the dates. */
function totals(days: ReadonlyArray<DayCounters>): Map<string, number> {
  const out = new Map<string, number>();
  for (const day of days) for (const [c, n] of day) out.set(c, (out.get(c) ?? 0) + n);
  return out;
}

/** `<prefix><key>` counters as key -> amount. */
function byPrefix(sums: ReadonlyMap<string, number>, prefix: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [c, n] of sums) if (c.startsWith(prefix) && n !== 0) out.set(c.slice(prefix.length), n);
  return out;
}

const moneyList = (byCurrency: ReadonlyMap<string, number>): MoneyAmount[] =>
  [...byCurrency]
    .filter(([, amount]) => amount !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, amount]) => ({ amount, currency }));

function statusCounts(sums: ReadonlyMap<string, number>): StatusCounts {
  return recordOf(APPOINTMENT_STATUSES, (s) => sums.get(COUNTER.status(s)) ?? 0);
}

const bookingsIn = (counts: StatusCounts) =>
  APPOINTMENT_STATUSES.filter((s) => s !== 'pending' && s !== 'expired').reduce((sum, s) => sum + counts[s], 0);

const MINUTE = 60_000;

/**
 * The minutes a staff member's working hours give on a salon-local date, less time off: wall-clock
 * ranges resolved to instants in the salon's timezone (so a DST day has its true length). Hours are
 * today's: past dates are measured against the hours the staff member has now.
 */
export function workingMinutes(staff: Pick<StaffInfo, 'workingHours' | 'timeOff'>, date: string, timezone: string): number {
  const ranges = staff.workingHours[weekdayOf(date)] ?? [];
  let total = 0;
  for (const r of ranges) {
    const start = zonedInstantOrNext(date, r.start, timezone).getTime();
    const end = zonedInstantOrNext(
      r.end === '24:00' ? addDays(date, 1) : date,
      r.end === '24:00' ? '00:00' : r.end,
      timezone,
    ).getTime();
    if (end <= start) continue;
    // Time off may overlap itself: subtract the union of its overlaps with this range.
    const cuts = staff.timeOff
      .map((o) => [Math.max(start, Date.parse(o.start)), Math.min(end, Date.parse(o.end))] as const)
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0]);
    let off = 0;
    let reach = start;
    for (const [a, b] of cuts) {
      const from = Math.max(a, reach);
      if (b > from) off += b - from;
      reach = Math.max(reach, b);
    }
    total += end - start - off;
  }
  return Math.round(total / MINUTE);
}

export interface AnalyticsInput {
  period: Period;
  range: { from: string; to: string };
  /** Counters per date; dates without an item are absent. */
  days: ReadonlyMap<string, DayCounters>;
  services: ReadonlyMap<string, ServiceInfo>;
  /** With the advanced figures (the plan's `advancedAnalytics`): the staff and the salon's timezone. */
  advanced?: { staff: ReadonlyMap<string, StaffInfo>; timezone: string };
}

/** The period's answer from its daily counters. */
export function summarize(input: AnalyticsInput): Analytics {
  const dates = datesOf(input.range);
  const sums = totals(
    dates.flatMap((d) => {
      const day = input.days.get(d);
      return day ? [day] : [];
    }),
  );
  const byStatus = statusCounts(sums);
  const total = bookingsIn(byStatus);
  const serviceRevenue = new Map<string, Map<string, number>>();
  for (const [key, amount] of byPrefix(sums, 'svr_')) {
    const cut = key.lastIndexOf('_');
    const serviceId = key.slice(0, cut);
    const m = serviceRevenue.get(serviceId) ?? new Map<string, number>();
    m.set(key.slice(cut + 1), amount);
    serviceRevenue.set(serviceId, m);
  }
  const topServices = [...byPrefix(sums, 'svc_')]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, TOP_SERVICES)
    .map(([serviceId, bookings]) => ({
      serviceId,
      name: input.services.get(serviceId)?.name ?? null,
      bookings,
      revenue: moneyList(serviceRevenue.get(serviceId) ?? new Map()),
    }));
  const answer: Analytics = {
    period: { type: input.period, ...input.range },
    appointments: {
      byStatus,
      total,
      completed: byStatus.completed,
      cancelled: byStatus.cancelled,
      completionRate: rate(byStatus.completed, total),
    },
    revenue: moneyList(byPrefix(sums, 'rev_')),
    newClients: sums.get(COUNTER.newClients) ?? 0,
    topServices,
  };
  if (!input.advanced) return answer;
  const { staff, timezone } = input.advanced;
  const booked = byPrefix(sums, 'bm_');
  answer.advanced = {
    staffUtilisation: [...staff]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([staffId, s]) => {
        const working = dates.reduce((sum, d) => sum + workingMinutes(s, d, timezone), 0);
        const bookedMinutes = booked.get(staffId) ?? 0;
        return {
          staffId,
          name: s.name,
          bookedMinutes,
          workingMinutes: working,
          utilisation: working === 0 ? null : rate(bookedMinutes, working),
        };
      }),
    noShowRate: rate(byStatus.no_show, byStatus.completed + byStatus.no_show),
    busiestHours: [...byPrefix(sums, 'h_')]
      .map(([h, n]) => ({ hour: Number(h), appointments: n }))
      .sort((a, b) => b.appointments - a.appointments || a.hour - b.hour),
    daily: dates.map((date) => {
      const day = input.days.get(date);
      const counts = statusCounts(day ?? new Map());
      return {
        date,
        appointments: bookingsIn(counts),
        completed: counts.completed,
        cancelled: counts.cancelled,
        noShows: counts.no_show,
        revenue: moneyList(byPrefix(day ?? new Map(), 'rev_')),
        newClients: get(day, COUNTER.newClients),
      };
    }),
  };
  return answer;
}
