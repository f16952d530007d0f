/**
 * Analytics against DynamoDB Local: every figure the route answers is recomputed here by brute force
 * from the salon's raw appointment and client items (rules restated independently of
 * domain/analytics.ts) and must match exactly, after bookings, moves across days, staff and months,
 * status changes and cancellations, online holds, confirmations and expiries; concurrent bookings leave
 * counters equal to the count; the route refuses bad queries (400), other salons (404) and the roles
 * the RBAC matrix does not grant reports:read (403). Also measures what a month costs and what a
 * booking's transaction gains.
 */
import '../../support/stack-env';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { dailyStatsKey, tenantPk } from '../../../functions/shared/db/keys';
import { ROLE_GRANTS, accessFor } from '../../../functions/shared/domain/rbac';
import type { WorkingHours } from '../../../functions/shared/domain/schedule';
import { addDays, localParts, weekdayOf, zonedInstant } from '../../../functions/shared/domain/zoned-time';
import {
  CACHE_MS,
  clearAnalyticsCache,
  reconcileDailyStats,
  salonAnalytics,
} from '../../../functions/shared/repositories/analytics';
import { bookAppointment, changeAppointment } from '../../../functions/shared/repositories/appointments';
import { bookOnline, cancelOnline, confirmOnline } from '../../../functions/shared/repositories/public-booking';
import type { TenantScope } from '../../../functions/shared/repositories/scope';
import { addMember, backdateHold, db, setPlan } from '../../support/fixtures';
import { api } from '../../support/http';
import { DEMO_OWNER } from '../../../local/seed';
import { signIn, signUpAndSignIn } from '../../support/tokens';

const TZ = 'Europe/Paris';
type Item = Record<string, unknown>;
type Money = { amount: number; currency: string };
const STATUSES = ['pending', 'scheduled', 'confirmed', 'in_progress', 'completed', 'cancelled', 'no_show', 'expired'];
const NOT_BOOKINGS = new Set(['pending', 'expired', 'cancelled']);

// ---------------------------------------------------------------------------------------------------
// The brute force: the rules, restated from the raw items.

const round4 = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);
const localDate = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function money(sums: Map<string, number>): Money[] {
  return [...sums]
    .filter(([, n]) => n !== 0)
    .sort(([a], [b]) => byKey(a, b))
    .map(([currency, amount]) => ({ amount, currency }));
}
function bump<K>(m: Map<K, number>, k: K, n: number) {
  m.set(k, (m.get(k) ?? 0) + n);
}

interface StaffFixture {
  name: string;
  workingHours: WorkingHours;
  timeOff: Array<{ start: string; end: string }>;
}

/** Minutes of a staff member's hours on a date (no DST in the fixture's months), less whole-day time off. */
function workedMinutes(staff: StaffFixture, date: string): number {
  const off = staff.timeOff.some((o) => o.start.slice(0, 10) <= date && date < o.end.slice(0, 10));
  if (off) return 0;
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return (staff.workingHours[weekdayOf(date)] ?? []).reduce((sum, r) => sum + minutes(r.end) - minutes(r.start), 0);
}

function recompute(
  appointments: Item[],
  clients: Item[],
  period: { type: string; from: string; to: string },
  services: Map<string, string>,
  staff: Map<string, StaffFixture> | undefined,
) {
  const inRange = (d: string) => period.from <= d && d <= period.to;
  const dates: string[] = [];
  for (let d = period.from; d <= period.to; d = addDays(d, 1)) dates.push(d);
  const mine = appointments.filter((a) => inRange(String(a.start).slice(0, 10)));
  const count = (list: Item[], status: string) => list.filter((a) => a.status === status).length;
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, count(mine, s)]));
  const total = mine.filter((a) => a.status !== 'pending' && a.status !== 'expired').length;
  const completed = mine.filter((a) => a.status === 'completed');
  const price = (a: Item) => a.price as Money;
  const revenueOf = (list: Item[]) => {
    const sums = new Map<string, number>();
    for (const a of list) bump(sums, price(a).currency, price(a).amount);
    return money(sums);
  };
  const bookings = mine.filter((a) => !NOT_BOOKINGS.has(String(a.status)));
  const perService = new Map<string, number>();
  for (const a of bookings) bump(perService, String(a.serviceId), 1);
  const newClients = clients.filter((c) => inRange(localDate.format(new Date(String(c.createdAt))))).length;
  const basic = {
    period,
    appointments: {
      byStatus,
      total,
      completed: completed.length,
      cancelled: count(mine, 'cancelled'),
      completionRate: round4(completed.length, total),
    },
    revenue: revenueOf(completed),
    newClients,
    topServices: [...perService]
      .sort(([a, x], [b, y]) => y - x || byKey(a, b))
      .slice(0, 5)
      .map(([serviceId, n]) => ({
        serviceId,
        name: services.get(serviceId) ?? null,
        bookings: n,
        revenue: revenueOf(completed.filter((a) => a.serviceId === serviceId)),
      })),
  };
  if (!staff) return basic;
  const hours = new Map<number, number>();
  for (const a of bookings) bump(hours, Number(String(a.start).slice(11, 13)), 1);
  const noShows = count(mine, 'no_show');
  return {
    ...basic,
    advanced: {
      staffUtilisation: [...staff]
        .sort(([a], [b]) => byKey(a, b))
        .map(([staffId, s]) => {
          const booked = bookings.filter((a) => a.staffId === staffId).reduce((sum, a) => sum + Number(a.durationMinutes), 0);
          const working = dates.reduce((sum, d) => sum + workedMinutes(s, d), 0);
          return {
            staffId,
            name: s.name,
            bookedMinutes: booked,
            workingMinutes: working,
            utilisation: working === 0 ? null : round4(booked, working),
          };
        }),
      noShowRate: round4(noShows, completed.length + noShows),
      busiestHours: [...hours]
        .map(([hour, n]) => ({ hour, appointments: n }))
        .sort((a, b) => b.appointments - a.appointments || a.hour - b.hour),
      daily: dates.map((date) => {
        const that = mine.filter((a) => String(a.start).startsWith(date));
        return {
          date,
          appointments: that.filter((a) => a.status !== 'pending' && a.status !== 'expired').length,
          completed: count(that, 'completed'),
          cancelled: count(that, 'cancelled'),
          noShows: count(that, 'no_show'),
          revenue: revenueOf(that.filter((a) => a.status === 'completed')),
          newClients: clients.filter((c) => localDate.format(new Date(String(c.createdAt))) === date).length,
        };
      }),
    },
  };
}

async function rawItems(tenantId: string, prefix: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: inject('endpoints').tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        ExpressionAttributeValues: { ':pk': tenantPk(tenantId), ':p': prefix },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** A document client that counts operations, Query items and the items of each transaction. */
function countingClient() {
  const e = inject('endpoints');
  const base = new DynamoDBClient({ endpoint: e.dynamodbEndpoint, region: e.region, credentials: e.credentials });
  const calls: string[] = [];
  const transactionSizes: number[] = [];
  const queryItems: number[] = [];
  base.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName).replace(/Command$/, '');
      calls.push(name);
      const input = args.input as { TransactItems?: unknown[] };
      if (name === 'TransactWriteItems') transactionSizes.push(input.TransactItems?.length ?? 0);
      const result = await next(args);
      if (name === 'Query') queryItems.push((result.output as { Count?: number }).Count ?? 0);
      return result;
    },
    { step: 'initialize', name: 'countCalls' },
  );
  return {
    db: DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } }),
    calls,
    transactionSizes,
    queryItems,
    reset() {
      calls.length = 0;
      transactionSizes.length = 0;
      queryItems.length = 0;
    },
  };
}

// ---------------------------------------------------------------------------------------------------

describe('analytics from daily counters (DynamoDB Local)', () => {
  const e = inject('endpoints');
  let owner: Awaited<ReturnType<typeof signUpAndSignIn>>;
  let tenantId: string;
  let slug: string;
  let scope: TenantScope;
  const services = new Map<string, string>();
  const staff = new Map<string, StaffFixture>();
  const ids = { cut: '', color: '', beard: '', ana: '', bob: '', cy: '', alex: '', blair: '' };
  const post = async (path: string, body: unknown) => {
    const res = await api<Record<string, string>>('POST', `/v1/tenants/${tenantId}${path}`, { token: owner.accessToken, body });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const at = (date: string, time: string) => zonedInstant(date, time, TZ) as Date;
  const book = (staffId: string, serviceId: string, clientId: string, date: string, time: string) =>
    bookAppointment(scope, {
      staffId,
      serviceId,
      clientId,
      start: at(date, time),
      source: 'staff',
      createdBy: 'test',
      enforceRules: false,
    });
  const actor = { userId: 'test', access: 'all' as const };
  const status = (id: string, ...steps: Array<'confirmed' | 'in_progress' | 'completed' | 'cancelled' | 'no_show'>) =>
    steps.reduce<Promise<unknown>>((p, s) => p.then(() => changeAppointment(scope, id, { status: s }, actor)), Promise.resolve());

  /** The repository's answer (uncached) equals the brute force over the raw items, for each period. */
  async function expectExact(periods: Array<{ period: 'day' | 'week' | 'month'; date: string }>) {
    const [appointments, clients] = await Promise.all([rawItems(tenantId, 'APPT#'), rawItems(tenantId, 'CLIENT#')]);
    for (const q of periods) {
      const answer = await salonAnalytics(scope, q, { cached: false });
      const expected = recompute(appointments, clients, answer.period, services, staff);
      expect({ q, answer }).toEqual({ q, answer: expected });
    }
  }

  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'analytics');
    slug = `stats-${Date.now().toString(36)}`;
    const t = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Stats', slug, timezone: TZ },
    });
    tenantId = t.body.id;
    await setPlan(tenantId, 'professional');
    scope = { tenantId, db: db() };
    const svc = async (key: 'cut' | 'color' | 'beard', name: string, durationMinutes: number, price: Money) => {
      ids[key] = String((await post('/services', { name, durationMinutes, price })).serviceId);
      services.set(ids[key], name);
    };
    await svc('cut', 'Cut', 30, { amount: 2500, currency: 'EUR' });
    await svc('color', 'Color', 90, { amount: 8000, currency: 'EUR' });
    await svc('beard', 'Beard', 20, { amount: 1500, currency: 'USD' });
    const all = [ids.cut, ids.color, ids.beard];
    const alex: StaffFixture = {
      name: 'Alex',
      workingHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '17:00' }]])),
      timeOff: [],
    };
    const blair: StaffFixture = {
      name: 'Blair',
      workingHours: Object.fromEntries(
        ['tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [
          d,
          [
            { start: '10:00', end: '13:00' },
            { start: '14:00', end: '19:00' },
          ],
        ]),
      ),
      timeOff: [{ start: '2031-05-14T00:00:00+02:00', end: '2031-05-15T00:00:00+02:00' }],
    };
    ids.alex = String((await post('/staff', { ...alex, serviceIds: all })).staffId);
    ids.blair = String((await post('/staff', { ...blair, serviceIds: all })).staffId);
    staff.set(ids.alex, alex);
    staff.set(ids.blair, blair);
    ids.ana = String((await post('/clients', { name: 'Ana' })).clientId);
    ids.bob = String((await post('/clients', { name: 'Bob' })).clientId);
    ids.cy = String((await post('/clients', { name: 'Cy', email: `cy-${Date.now()}@example.test` })).clientId);
  });

  const MAY = [
    { period: 'month' as const, date: '2031-05-15' },
    { period: 'month' as const, date: '2031-06-03' },
    { period: 'month' as const, date: '2031-04-30' },
    { period: 'week' as const, date: '2031-05-20' },
    { period: 'week' as const, date: '2031-05-01' },
    { period: 'day' as const, date: '2031-05-02' },
    { period: 'day' as const, date: '2031-05-14' },
  ];

  it('matches a brute-force recomputation after bookings, moves, status changes and cancellations', async () => {
    const { alex, blair, cut, color, beard, ana, bob, cy } = ids;
    // May 2031: the 1st is a Thursday. Alex works Mon-Fri 9-17, Blair Tue-Sat 10-13 and 14-19 (off the 14th).
    const a1 = await book(alex, cut, ana, '2031-05-05', '09:00');
    const a2 = await book(alex, color, bob, '2031-05-06', '10:00');
    const a3 = await book(blair, beard, cy, '2031-05-06', '10:00');
    const a4 = await book(blair, cut, ana, '2031-05-30', '16:00');
    const a5 = await book(alex, cut, bob, '2031-04-30', '15:00');
    const a6 = await book(alex, beard, cy, '2031-05-07', '11:00');
    const a7 = await book(blair, color, ana, '2031-05-10', '14:00');
    const a8 = await book(alex, cut, bob, '2031-05-12', '09:30');
    const a9 = await book(alex, cut, cy, '2031-05-12', '10:00');
    const a10 = await book(blair, cut, ana, '2031-05-13', '10:00');
    const a11 = await book(alex, color, bob, '2031-05-20', '13:00');
    const a12 = await book(blair, beard, cy, '2031-05-31', '18:00');
    await expectExact(MAY);

    // Moves: to another day, to another staff member and day, out of the month, into it, within a day.
    await changeAppointment(scope, a1.appointmentId, { start: at('2031-05-21', '15:00') }, actor);
    await changeAppointment(scope, a2.appointmentId, { start: at('2031-05-08', '15:00'), staffId: blair }, actor);
    await changeAppointment(scope, a4.appointmentId, { start: at('2031-06-03', '11:00') }, actor);
    await changeAppointment(scope, a5.appointmentId, { start: at('2031-05-02', '09:00') }, actor);
    await changeAppointment(scope, a9.appointmentId, { start: at('2031-05-12', '14:00') }, actor);
    await changeAppointment(scope, a8.appointmentId, { notes: 'Prefers the window seat' }, actor);
    await expectExact(MAY);

    // Statuses: completed (after in progress), no-shows, cancellations, a confirmed one, a moved one completed.
    await status(a1.appointmentId, 'confirmed', 'in_progress', 'completed');
    await status(a2.appointmentId, 'in_progress', 'completed');
    await status(a3.appointmentId, 'in_progress', 'completed');
    await status(a5.appointmentId, 'no_show');
    await status(a6.appointmentId, 'confirmed', 'cancelled');
    await status(a7.appointmentId, 'cancelled');
    await status(a8.appointmentId, 'confirmed');
    await status(a10.appointmentId, 'in_progress');
    await status(a11.appointmentId, 'confirmed', 'no_show');
    await status(a12.appointmentId, 'in_progress', 'completed');
    // A move after a confirmation keeps it confirmed, counted on its new day.
    await changeAppointment(scope, a8.appointmentId, { start: at('2031-05-16', '09:00') }, actor);
    await expectExact(MAY);

    // Two cancellations of one appointment at once: one changes it, the counters move once.
    await Promise.all([status(a9.appointmentId, 'cancelled'), status(a9.appointmentId, 'cancelled')]);
    await expectExact(MAY);
    // Refused changes (a move of a completed appointment, a transition out of a final status) move nothing.
    await expect(changeAppointment(scope, a1.appointmentId, { start: at('2031-05-22', '09:00') }, actor)).rejects.toThrow();
    await expect(changeAppointment(scope, a7.appointmentId, { status: 'confirmed' }, actor)).rejects.toThrow();
    await expectExact(MAY);
  });

  it('counts online holds, confirmations, expiries, cancellations and the clients they create', async () => {
    // Near dates: online booking keeps to the horizon and notice. A salon-local date 20 days ahead, on a weekday Alex works.
    let date = addDays(localParts(new Date(), TZ).date, 20);
    while (!['tue', 'wed', 'thu'].includes(weekdayOf(date))) date = addDays(date, 1);
    const periods = [
      { period: 'day' as const, date },
      { period: 'month' as const, date },
      { period: 'day' as const, date: localParts(new Date(), TZ).date },
      { period: 'week' as const, date: localParts(new Date(), TZ).date },
    ];
    const online = (time: string, email: string) =>
      bookOnline(scope, {
        serviceId: ids.cut,
        staffId: ids.alex,
        start: at(date, time).toISOString(),
        client: { name: 'Online', email },
      } as Parameters<typeof bookOnline>[1]);
    const tag = Date.now().toString(36);
    // Pending holds (the default: confirmation required) by newcomers: no client yet.
    const held = await online('09:00', `held-${tag}@example.test`);
    const expiring = await online('10:00', `expiring-${tag}@example.test`);
    const dropped = await online('11:00', `dropped-${tag}@example.test`);
    await expectExact(periods);
    // Confirming makes the booking scheduled and its booker a client, today.
    const confirmToken = await confirmTokenOf(held.appointmentId);
    await confirmOnline(scope, held.appointmentId, confirmToken);
    // An expired hold is written expired when its link is used; a hold given back is cancelled.
    await backdateHold(tenantId, expiring.appointmentId);
    await expect(confirmOnline(scope, expiring.appointmentId, await confirmTokenOf(expiring.appointmentId))).rejects.toThrow(
      /not confirmed in time/,
    );
    await cancelOnline(scope, dropped.appointmentId, dropped.manageToken);
    const day = await salonAnalytics(scope, { period: 'day', date }, { cached: false });
    expect(day.appointments.byStatus).toMatchObject({ pending: 0, scheduled: 1, expired: 1, cancelled: 1 });
    await expectExact(periods);
    // Without confirmation: the booking is scheduled at once and creates its client in the same transaction.
    const patched = await api('PATCH', `/v1/tenants/${tenantId}`, {
      token: owner.accessToken,
      body: { settings: { onlineBookingConfirmation: 'none' } },
    });
    expect(patched.status).toBe(200);
    const today = { period: 'day' as const, date: localParts(new Date(), TZ).date };
    const clientsBefore = (await salonAnalytics(scope, today, { cached: false })).newClients;
    const direct = await online('12:00', `direct-${tag}@example.test`);
    expect(direct.status).toBe('scheduled');
    expect((await salonAnalytics(scope, today, { cached: false })).newClients).toBe(clientsBefore + 1);
    await expectExact(periods);
  });

  /** The confirmation token, from the email the local mailer wrote. */
  async function confirmTokenOf(appointmentId: string): Promise<string> {
    const dir = join(inject('dataDir'), 'outbox');
    const link = new RegExp(`/bookings/${appointmentId}/confirm#token=([A-Za-z0-9_-]{43})`);
    for (let i = 0; i < 80; i++) {
      for (const f of existsSync(dir) ? readdirSync(dir) : []) {
        const token = readFileSync(join(dir, f), 'utf8').match(link)?.[1];
        if (token) return token;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`No confirmation email for ${appointmentId}`);
  }

  it('N concurrent bookings leave the counters equal to the count', async () => {
    const date = '2031-07-08'; // a Tuesday: both work
    const slots = ['10:00', '10:30', '11:00', '11:30', '12:00', '14:00', '14:30', '15:00', '15:30', '16:00'];
    const results = await Promise.allSettled(
      slots.flatMap((time) => [book(ids.alex, ids.cut, ids.ana, date, time), book(ids.blair, ids.cut, ids.bob, date, time)]),
    );
    const booked = results.filter((r) => r.status === 'fulfilled').length;
    expect(booked).toBeGreaterThan(0);
    const raw = (await rawItems(tenantId, 'APPT#')).filter((a) => String(a.start).startsWith(date));
    expect(raw).toHaveLength(booked);
    const day = await salonAnalytics(scope, { period: 'day', date }, { cached: false });
    expect(day.appointments.byStatus.scheduled).toBe(booked);
    expect(day.topServices).toEqual([{ serviceId: ids.cut, name: 'Cut', bookings: booked, revenue: [] }]);
    await expectExact([{ period: 'day', date }]);
    // Every slot was free and a lost race reads again: normally all of them book (10 per staff day, 8 attempts each).
    console.info(`concurrent bookings: ${booked} of ${results.length} booked, counters ${day.appointments.byStatus.scheduled}`);
  });

  it('a month is one Query of the counters (plus the catalog); a booking adds one item to its transaction', async () => {
    const counter = countingClient();
    const counted: TenantScope = { tenantId, db: counter.db };
    await salonAnalytics(counted, { period: 'month', date: '2031-05-15' }, { cached: false });
    expect(counter.calls).toEqual(['Query', 'Query']);
    // The counters' Query returns one item per date with activity, the catalog's the salon, 3 services, 2 staff.
    expect([...counter.queryItems].sort((a, b) => a - b)).toEqual([6, countDates(await rawItems(tenantId, 'STATS#'), '2031-05')]);
    console.info(`analytics month: ${counter.calls.length} calls, items read per Query ${counter.queryItems.join(' + ')}`);
    counter.reset();
    await bookAppointment(counted, {
      staffId: ids.alex,
      serviceId: ids.cut,
      clientId: ids.ana,
      start: at('2031-07-09', '09:00'),
      source: 'staff',
      createdBy: 'test',
      enforceRules: false,
    });
    // Appointment, 3 staff days (one written, two checked), monthly count, salon, staff, service, client + stats.
    expect(counter.transactionSizes).toEqual([10]);
    console.info(`booking: transaction of ${counter.transactionSizes[0]} items (one of them the day's counters)`);
    counter.reset();
    const moved = await changeAppointment(
      counted,
      (await rawOne('2031-07-09')).appointmentId,
      { start: at('2031-07-10', '09:00') },
      actor,
    );
    expect(moved.start.startsWith('2031-07-10')).toBe(true);
    console.info(`move across days: transaction of ${counter.transactionSizes.join(',')} items (two of them counters)`);
  });

  async function rawOne(date: string) {
    const found = (await rawItems(tenantId, 'APPT#')).find((a) => String(a.start).startsWith(date));
    if (!found) throw new Error(`no appointment on ${date}`);
    return { appointmentId: String(found.appointmentId) };
  }
  const countDates = (items: Item[], month: string) => items.filter((i) => String(i.date).startsWith(month)).length;

  it('caches an answer per salon for a few minutes', async () => {
    clearAnalyticsCache();
    const q = { period: 'day' as const, date: '2031-07-15' };
    const now = new Date();
    const first = await salonAnalytics(scope, q, { now });
    await book(ids.alex, ids.cut, ids.ana, '2031-07-15', '09:00');
    expect(await salonAnalytics(scope, q, { now: new Date(now.getTime() + CACHE_MS - 1) })).toEqual(first);
    const later = await salonAnalytics(scope, q, { now: new Date(now.getTime() + CACHE_MS) });
    expect(later.appointments.total).toBe(first.appointments.total + 1);
  });

  it('reconciles counters with the raw items: data from before the counters, or damaged ones', async () => {
    const table = e.tableName;
    const today = localParts(new Date(), TZ).date;
    // As if May's first half and today's new clients predated the counters, and one date were damaged.
    for (const date of ['2031-05-02', '2031-05-06', '2031-05-08', today]) {
      await db().send(new DeleteCommand({ TableName: table, Key: dailyStatsKey(tenantId, date) }));
    }
    await db().send(
      new UpdateCommand({
        TableName: table,
        Key: dailyStatsKey(tenantId, '2031-05-21'),
        UpdateExpression: 'ADD s_completed :n, rev_EUR :m',
        ExpressionAttributeValues: { ':n': 3, ':m': -700 },
      }),
    );
    const [appointments, clients] = await Promise.all([rawItems(tenantId, 'APPT#'), rawItems(tenantId, 'CLIENT#')]);
    const damaged = await salonAnalytics(scope, { period: 'month', date: '2031-05-15' }, { cached: false });
    expect(damaged).not.toEqual(recompute(appointments, clients, damaged.period, services, staff));
    // One pass corrects the five dates; the next finds nothing to change.
    expect(await reconcileDailyStats(scope)).toEqual([5, 0]);
    await expectExact([...MAY, { period: 'day', date: today }, { period: 'week', date: today }]);
  });

  describe('the route', () => {
    const path = (t: string, query: string) => `/v1/tenants/${t}/analytics${query}`;

    it('answers the owner what the counters say, advanced with the plan feature only', async () => {
      const [appointments, clients] = await Promise.all([rawItems(tenantId, 'APPT#'), rawItems(tenantId, 'CLIENT#')]);
      const res = await api<Record<string, unknown>>('GET', path(tenantId, '?period=month&date=2031-05-15'), {
        token: owner.accessToken,
      });
      expect(res.status).toBe(200);
      const period = { type: 'month', from: '2031-05-01', to: '2031-05-31' };
      expect(res.body).toEqual(recompute(appointments, clients, period, services, staff));
      await setPlan(tenantId, 'starter');
      const basic = await api<Record<string, unknown>>('GET', path(tenantId, '?period=week&date=2031-05-20'), {
        token: owner.accessToken,
      });
      expect(basic.status).toBe(200);
      expect(basic.body).toEqual(
        recompute(appointments, clients, { type: 'week', from: '2031-05-19', to: '2031-05-25' }, services, undefined),
      );
      await setPlan(tenantId, 'professional');
      // Without a date: today's period in the salon's timezone.
      const today = await api<{ period: { from: string } }>('GET', path(tenantId, '?period=day'), { token: owner.accessToken });
      expect(today.body.period.from).toBe(localParts(new Date(), TZ).date);
    });

    it("answers the demo salon's real figures (npm start seeds a completed visit and a no-show)", async () => {
      const demo = await signIn(e, DEMO_OWNER.email, DEMO_OWNER.password);
      const me = await api<{ memberships: Array<{ tenantId: string }> }>('GET', '/v1/me', { token: demo.accessToken });
      const demoId = String(me.body.memberships[0]?.tenantId);
      const week = await api<{ appointments: { byStatus: Record<string, number> }; revenue: Money[]; newClients: number }>(
        'GET',
        path(demoId, '?period=week'),
        { token: demo.accessToken },
      );
      expect(week.status).toBe(200);
      const twoWeeks = [
        week.body,
        (
          await api<typeof week.body>('GET', path(demoId, `?period=week&date=${addDays(localParts(new Date(), TZ).date, -7)}`), {
            token: demo.accessToken,
          })
        ).body,
      ];
      // The visits are on the last working day before today: this week or the one before.
      expect(twoWeeks.reduce((n, w) => n + (w.appointments.byStatus.completed ?? 0), 0)).toBe(1);
      expect(twoWeeks.reduce((n, w) => n + (w.appointments.byStatus.no_show ?? 0), 0)).toBe(1);
      expect(twoWeeks.flatMap((w) => w.revenue)).toEqual([{ amount: 4500, currency: 'EUR' }]);
    });

    it.each([
      ['no query', ''],
      ['no period', '?date=2031-05-15'],
      ['an unknown period', '?period=year&date=2031-05-15'],
      ['no such date', '?period=day&date=2031-02-30'],
      ['a malformed date', '?period=day&date=15-05-2031'],
      ['an empty date', '?period=day&date='],
      ['a date outside the window', '?period=day&date=1999-12-31'],
    ])('refuses %s with 400', async (_, query) => {
      const res = await api<{ error: { code: string } }>('GET', path(tenantId, query), { token: owner.accessToken });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBeTruthy();
    });

    it("answers 404 for another salon's id, as for one that does not exist", async () => {
      const other = await signUpAndSignIn(e, 'analytics-other');
      const theirs = await api<{ id: string }>('POST', '/v1/tenants', {
        token: other.accessToken,
        body: { name: 'Other', slug: `other-${Date.now().toString(36)}`, timezone: TZ },
      });
      const q = '?period=month&date=2031-05-15';
      expect((await api('GET', path(theirs.body.id, q), { token: owner.accessToken })).status).toBe(404);
      expect((await api('GET', path('01JABCDEFGHJKMNPQRSTVWXYZ0', q), { token: owner.accessToken })).status).toBe(404);
      expect((await api('GET', path(theirs.body.id, q), { token: other.accessToken })).status).toBe(200);
    });

    it('grants reports:read as the RBAC matrix says (owner, admin) and refuses the other roles with 403', async () => {
      expect(ROLE_GRANTS.admin).toContain('reports:*');
      for (const role of ['admin', 'manager', 'employee', 'viewer'] as const) {
        const member = await signUpAndSignIn(e, `analytics-${role}`);
        await addMember(tenantId, member.userId, member.email, role);
        const res = await api('GET', path(tenantId, '?period=week&date=2031-05-20'), { token: member.accessToken });
        expect({ role, status: res.status }).toEqual({ role, status: accessFor(role, 'reports:read') === 'all' ? 200 : 403 });
      }
      expect(accessFor('employee', 'reports:read')).toBe('none');
    });
  });
});
