/**
 * DynamoDB calls per booking route, counted on a real client against DynamoDB Local: reads are one
 * Query or Get (availability: one BatchGet with a staff member named; else a BatchGet and two Queries,
 * for a date or a 42-day range alike), writes read once and commit one transaction.
 */
import '../../support/stack-env';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { pendingHoldsKey } from '../../../functions/shared/db/keys';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays, localParts, toOffsetIso, weekdayOf, zonedInstant } from '../../../functions/shared/domain/zoned-time';
import {
  bookAppointment,
  changeAppointment,
  getAppointment,
  listAppointments,
} from '../../../functions/shared/repositories/appointments';
import { availability, openSlots, openSlotsInRange } from '../../../functions/shared/repositories/open-slots';
import {
  bookOnline,
  cancelOnline,
  confirmOnline,
  publicAvailability,
  publicServices,
} from '../../../functions/shared/repositories/public-booking';
import {
  clearSlugCache,
  consumePublicWrite,
  publicSalonProfile,
  publicScope,
} from '../../../functions/shared/repositories/public-salon';
import type { TenantScope } from '../../../functions/shared/repositories/scope';
import { db, setPlan } from '../../support/fixtures';
import { api } from '../../support/http';
import { signUpAndSignIn } from '../../support/tokens';

const TZ = 'Europe/Paris';
const DAY = (() => {
  let d = addDays(localParts(new Date(), TZ).date, 7);
  while (weekdayOf(d) !== 'thu') d = addDays(d, 1);
  return d;
})();
const at = (time: string) => zonedInstant(DAY, time, TZ) as Date;

/** A document client that counts the DynamoDB operations it sends. */
function countingClient() {
  const e = inject('endpoints');
  const base = new DynamoDBClient({ endpoint: e.dynamodbEndpoint, region: e.region, credentials: e.credentials });
  const counts: Record<string, number> = {};
  /** Runs once, just before the next transaction is sent: another request committing first. */
  let beforeNextTransaction: (() => Promise<unknown>) | undefined;
  /** The sort key prefix of an item the next transaction is cancelled on, as DynamoDB does when another transaction writes it. */
  let conflictNext: string | undefined;
  /** Items each Query read (ScannedCount) and returned (Count, after any filter). */
  const queried: Array<{ scanned: number; returned: number }> = [];
  /** The sort keys each BatchGet asked for, and how many items it found. */
  const batched: Array<{ keys: string[]; found: number }> = [];
  base.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName).replace(/Command$/, '');
      counts[name] = (counts[name] ?? 0) + 1;
      if (name === 'TransactWriteItems' && beforeNextTransaction) {
        const race = beforeNextTransaction;
        beforeNextTransaction = undefined;
        await race();
      }
      if (name === 'TransactWriteItems' && conflictNext) {
        const prefix = conflictNext;
        conflictNext = undefined;
        const items = (args.input as { TransactItems: Array<Record<string, { Key?: { SK: unknown }; Item?: { SK: unknown } }>> })
          .TransactItems;
        const sk = (item: (typeof items)[number]) => {
          const op = Object.values(item)[0];
          const key = op?.Key?.SK ?? op?.Item?.SK;
          return typeof key === 'object' && key && 'S' in key ? String(key.S) : String(key);
        };
        throw new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: items.map((item) =>
            sk(item).startsWith(prefix) ? { Code: 'TransactionConflict' } : { Code: 'None' },
          ),
        });
      }
      const result = await next(args);
      const out = result.output as { Count?: number; ScannedCount?: number; Responses?: Record<string, unknown[]> };
      if (name === 'Query') queried.push({ scanned: out.ScannedCount ?? 0, returned: out.Count ?? 0 });
      if (name === 'BatchGetItem') {
        // Document-client input: the keys are not marshalled yet at this step.
        const request = (args.input as { RequestItems: Record<string, { Keys: Array<{ SK: string }> }> }).RequestItems;
        batched.push({
          keys: Object.values(request).flatMap((r) => r.Keys.map((k) => k.SK)),
          found: Object.values(out.Responses ?? {}).reduce((n, items) => n + items.length, 0),
        });
      }
      return result;
    },
    { step: 'initialize', name: 'countCalls' },
  );
  const db = DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
  return {
    db,
    queried,
    batched,
    race: (other: () => Promise<unknown>) => {
      beforeNextTransaction = other;
    },
    conflict: (skPrefix: string) => {
      conflictNext = skPrefix;
    },
    take: () => {
      const copy = { ...counts };
      for (const k of Object.keys(counts)) delete counts[k];
      return copy;
    },
  };
}

describe('DynamoDB calls per booking route (DynamoDB Local)', () => {
  const e = inject('endpoints');
  const counter = countingClient();
  let scope: TenantScope;
  let slug: string;
  let ids: { serviceId: string; staffId: string; clientId: string };

  beforeAll(async () => {
    const owner = await signUpAndSignIn(e, 'counting');
    slug = `count-${Date.now().toString(36)}`;
    const t = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Count', slug, timezone: TZ },
    });
    await setPlan(t.body.id, 'professional');
    const post = async (path: string, body: unknown) =>
      (await api<Record<string, string>>('POST', `/v1/tenants/${t.body.id}${path}`, { token: owner.accessToken, body })).body;
    const service = await post('/services', { name: 'Cut', durationMinutes: 30, price: { amount: 100, currency: 'EUR' } });
    const staff = await post('/staff', {
      name: 'Sam',
      serviceIds: [service.serviceId],
      workingHours: { thu: [{ start: '09:00', end: '18:00' }] },
    });
    // Two staff members who do not offer the service, with appointments of their own in the month.
    const nails = await post('/services', { name: 'Nails', durationMinutes: 30, price: { amount: 100, currency: 'EUR' } });
    const others = [
      await post('/staff', {
        name: 'Ola',
        serviceIds: [nails.serviceId],
        workingHours: { thu: [{ start: '09:00', end: '18:00' }] },
      }),
      await post('/staff', {
        name: 'Pia',
        serviceIds: [nails.serviceId],
        workingHours: { thu: [{ start: '09:00', end: '18:00' }] },
      }),
    ];
    const client = await post('/clients', { name: 'Ana' });
    ids = { serviceId: String(service.serviceId), staffId: String(staff.staffId), clientId: String(client.clientId) };
    scope = { tenantId: t.body.id, db: counter.db };
    for (const other of others) {
      for (const week of [0, 7, 14]) {
        await bookAppointment(scope, {
          clientId: ids.clientId,
          serviceId: String(nails.serviceId),
          staffId: String(other.staffId),
          start: zonedInstant(addDays(DAY, week), '12:00', TZ) as Date,
          source: 'staff',
          createdBy: 'u',
          enforceRules: false,
        });
      }
    }
  });

  const booking = (time: string) => ({
    ...ids,
    start: at(time),
    source: 'staff' as const,
    createdBy: 'u',
    enforceRules: false,
  });

  it("reads a month's staff days for the staff members that matter only", async () => {
    await bookAppointment(scope, booking('17:00'));
    counter.queried.length = 0;
    counter.batched.length = 0;
    const month = await openSlotsInRange(scope, { serviceId: ids.serviceId, from: DAY, to: addDays(DAY, 30), summary: false });
    // The salon and the service asked for, by key: the other service is not read.
    expect(counter.batched).toEqual([{ keys: ['SALON', `SALON#SERVICE#${ids.serviceId}`], found: 2 }]);
    const [staff, days] = counter.queried;
    expect(counter.queried).toHaveLength(2);
    // The three staff items are read; only the one who offers the service comes back.
    expect(staff).toEqual({ scanned: 3, returned: 1 });
    // Six day items of the staff who do not offer the service are read, and left on the server.
    expect(days).toEqual({ scanned: 7, returned: 1 });
    expect(month.days[0]?.slots.length).toBeGreaterThan(0);
    expect(month.days[0]?.slots.some((x) => x.start.includes('T17:00:00'))).toBe(false);
    counter.take();
  });

  it("with a staff member named, reads that member's items only: one BatchGet of known keys", async () => {
    await bookAppointment(scope, booking('12:00'));
    counter.take();
    counter.queried.length = 0;
    counter.batched.length = 0;
    const to = addDays(DAY, 30);
    const month = await openSlotsInRange(scope, {
      serviceId: ids.serviceId,
      staffId: ids.staffId,
      from: DAY,
      to,
      summary: false,
    });
    expect(counter.take()).toEqual({ BatchGetItem: 1 });
    expect(counter.queried).toEqual([]);
    const [read] = counter.batched;
    const dayKeys: string[] = [];
    for (let d = addDays(DAY, -1); d <= addDays(to, 1); d = addDays(d, 1)) dayKeys.push(`DAY#${d}#${ids.staffId}`);
    // The salon, the service, the staff member and their 33 dates (the day before to the day after): no
    // other staff member's day, though the two others have appointments that month.
    expect(read?.keys).toEqual(['SALON', `SALON#SERVICE#${ids.serviceId}`, `SALON#STAFF#${ids.staffId}`, ...dayKeys]);
    // Found: the salon, service, staff member and the one day with appointments of theirs.
    expect(read?.found).toBe(4);
    expect(month.days[0]?.slots.some((x) => x.start.includes('T12:00:00'))).toBe(false);
    expect(month.days[0]?.slots.some((x) => x.start.includes('T09:00:00'))).toBe(true);
    expect(new Set(month.days.flatMap((d) => d.slots.map((x) => x.staffId)))).toEqual(new Set([ids.staffId]));
  });

  it('counts each route', async () => {
    const table: Array<[string, () => Promise<unknown>, Record<string, number>]> = [
      ['getAvailability', () => openSlots(scope, { serviceId: ids.serviceId, date: DAY }), { BatchGetItem: 1, Query: 2 }],
      [
        'getAvailability ?from&to (a month)',
        () => availability(scope, { serviceId: ids.serviceId, from: DAY, to: addDays(DAY, 30) }),
        { BatchGetItem: 1, Query: 2 },
      ],
      [
        'getAvailability ?from&to&summary (42 days)',
        () => availability(scope, { serviceId: ids.serviceId, from: DAY, to: addDays(DAY, 41), summary: '1' }),
        { BatchGetItem: 1, Query: 2 },
      ],
      [
        'getAvailability ?from&to&staffId (a month)',
        () => availability(scope, { serviceId: ids.serviceId, staffId: ids.staffId, from: DAY, to: addDays(DAY, 30) }),
        { BatchGetItem: 1 },
      ],
      [
        'getAvailability ?from&to&staffId (42 days: 47 keys, still one BatchGet)',
        () => availability(scope, { serviceId: ids.serviceId, staffId: ids.staffId, from: DAY, to: addDays(DAY, 41) }),
        { BatchGetItem: 1 },
      ],
      ['createAppointment', () => bookAppointment(scope, booking('10:00')), { BatchGetItem: 1, TransactWriteItems: 1 }],
      ['listAppointments', () => listAppointments(scope, {}, { limit: 50 }), { Query: 1 }],
      ['listAppointments ?clientId', () => listAppointments(scope, { clientId: ids.clientId }, { limit: 50 }), { Query: 1 }],
      [
        'listAppointments ?staffId&from&to',
        () =>
          listAppointments(
            scope,
            { staffId: ids.staffId, from: `${DAY}T00:00:00Z`, to: `${DAY}T23:00:00Z`, status: 'scheduled' },
            { limit: 50 },
          ),
        { Query: 1 },
      ],
    ];
    for (const [name, run, expected] of table) {
      counter.take();
      await run();
      expect({ name, calls: counter.take() }).toEqual({ name, calls: expected });
    }
    const booked = await bookAppointment(scope, booking('11:00'));
    const steps: Array<[string, () => Promise<unknown>, Record<string, number>]> = [
      ['getAppointment', () => getAppointment(scope, booked.appointmentId), { GetItem: 1 }],
      [
        'updateAppointment (status)',
        () => changeAppointment(scope, booked.appointmentId, { status: 'confirmed' }, { userId: 'u', access: 'all' }),
        { BatchGetItem: 1, TransactWriteItems: 1 },
      ],
      [
        'updateAppointment (reschedule)',
        () => changeAppointment(scope, booked.appointmentId, { start: at('15:00') }, { userId: 'u', access: 'all' }),
        { BatchGetItem: 2, TransactWriteItems: 1 },
      ],
    ];
    for (const [name, run, expected] of steps) {
      counter.take();
      await run();
      expect({ name, calls: counter.take() }).toEqual({ name, calls: expected });
    }
  });

  it('counts the public routes (slug cached after the first request)', async () => {
    clearSlugCache();
    await publicScope(slug);
    const pub = { ...(await publicScope(slug)), db: counter.db };
    const client = { name: 'Zoe', email: `zoe-${Date.now().toString(36)}@example.test` };
    const table: Array<[string, () => Promise<unknown>, Record<string, number>]> = [
      ['getPublicSalon', () => publicSalonProfile(pub), { GetItem: 1 }],
      ['listPublicServices', () => publicServices(pub), { Query: 1 }],
      [
        'getPublicAvailability',
        () => publicAvailability(pub, { serviceId: ids.serviceId, date: DAY }),
        { BatchGetItem: 1, Query: 2 },
      ],
      [
        'getPublicAvailability ?staffId',
        () => publicAvailability(pub, { serviceId: ids.serviceId, staffId: ids.staffId, date: DAY }),
        { BatchGetItem: 1 },
      ],
      [
        'createPublicBooking (staff named)',
        () => bookOnline(pub, { serviceId: ids.serviceId, staffId: ids.staffId, start: toOffsetIso(at('13:00'), TZ), client }),
        { BatchGetItem: 1, TransactWriteItems: 1 },
      ],
      [
        'createPublicBooking (anyone free)',
        () => bookOnline(pub, { serviceId: ids.serviceId, start: toOffsetIso(at('14:00'), TZ), client }),
        // The catalog, the staff days and the booker's items, read at once.
        { Query: 2, BatchGetItem: 1, TransactWriteItems: 1 },
      ],
    ];
    for (const [name, run, expected] of table) {
      counter.take();
      await run();
      expect({ name, calls: counter.take() }).toEqual({ name, calls: expected });
    }
    const booked = await bookOnline(pub, {
      serviceId: ids.serviceId,
      staffId: ids.staffId,
      start: toOffsetIso(at('16:00'), TZ),
      client,
    });
    // The confirmation token, from the email the local mailer wrote.
    const dir = join(inject('dataDir'), 'outbox');
    let token: string | undefined;
    for (let i = 0; i < 80 && !token; i++) {
      for (const f of readdirSync(dir)) {
        token ??= readFileSync(join(dir, f), 'utf8').match(
          new RegExp(`/bookings/${booked.appointmentId}/confirm#token=([A-Za-z0-9_-]{43})`),
        )?.[1];
      }
      if (!token) await new Promise((r) => setTimeout(r, 100));
    }
    counter.take();
    await confirmOnline(pub, booked.appointmentId, String(token));
    // The salon and booking, then the booker (and the email's client item, for a newcomer); one transaction.
    expect(counter.take()).toEqual({ BatchGetItem: 2, TransactWriteItems: 1 });
    counter.take();
    await cancelOnline(pub, booked.appointmentId, booked.manageToken);
    // The token and notice are checked on the read the cancellation then starts from.
    expect(counter.take()).toEqual({ BatchGetItem: 1, TransactWriteItems: 1 });
  });

  it('books "anyone" from one read: the least booked that day, then catalog order; a lost race tries the next', async () => {
    const owner = await signUpAndSignIn(e, 'anyone');
    const anySlug = `any-${Date.now().toString(36)}`;
    const t = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Anyone', slug: anySlug, timezone: TZ },
    });
    await setPlan(t.body.id, 'professional');
    const post = async (path: string, body: unknown) =>
      (await api<Record<string, string>>('POST', `/v1/tenants/${t.body.id}${path}`, { token: owner.accessToken, body })).body;
    const cut = await post('/services', { name: 'Cut', durationMinutes: 30, price: { amount: 100, currency: 'EUR' } });
    const hours = { thu: [{ start: '09:00', end: '18:00' }] };
    const ana = String((await post('/staff', { name: 'Ana', serviceIds: [cut.serviceId], workingHours: hours })).staffId);
    const ben = String((await post('/staff', { name: 'Ben', serviceIds: [cut.serviceId], workingHours: hours })).staffId);
    const regular = String((await post('/clients', { name: 'Reg' })).clientId);
    // Catalog order is staff id order: Ana was added first.
    expect(ana < ben).toBe(true);
    const plain = { tenantId: t.body.id, db: db() };
    const staffBooking = (staffId: string, time: string) =>
      bookAppointment(plain, {
        clientId: regular,
        serviceId: String(cut.serviceId),
        staffId,
        start: at(time),
        source: 'staff',
        createdBy: 'u',
        enforceRules: false,
      });
    clearSlugCache();
    const pub = { ...(await publicScope(anySlug)), db: counter.db };
    const anyone = (time: string, i: number) =>
      bookOnline(pub, {
        serviceId: String(cut.serviceId),
        start: toOffsetIso(at(time), TZ),
        client: { name: `Any ${i}`, email: `any-${i}-${Date.now().toString(36)}@example.test` },
      });

    // Ana has one appointment that day, Ben none: Ben, from one read and one transaction.
    await staffBooking(ana, '09:00');
    counter.take();
    expect((await anyone('14:00', 1)).staffId).toBe(ben);
    expect(counter.take()).toEqual({ Query: 2, BatchGetItem: 1, TransactWriteItems: 1 });

    // One each: Ana, in catalog order. A staff booking takes her 15:00 between the read and the
    // transaction, so her day's condition fails: Ben is tried from the same read, without reading again.
    counter.race(() => staffBooking(ana, '15:00'));
    expect((await anyone('15:00', 2)).staffId).toBe(ben);
    expect(counter.take()).toEqual({ Query: 2, BatchGetItem: 1, TransactWriteItems: 2 });

    // Both taken at 15:00: 409, from the one read.
    await expect(anyone('15:00', 3)).rejects.toMatchObject({ code: 'SLOT_UNAVAILABLE' });
    expect(counter.take()).toEqual({ Query: 2, BatchGetItem: 1 });
  });

  it("adds a hold to the day's holds without colliding with other staff members' bookings of that day", async () => {
    const owner = await signUpAndSignIn(e, 'holds');
    const holdSlug = `holds-${Date.now().toString(36)}`;
    const t = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Holds', slug: holdSlug, timezone: TZ },
    });
    await setPlan(t.body.id, 'professional');
    const post = async (path: string, body: unknown) =>
      (await api<Record<string, string>>('POST', `/v1/tenants/${t.body.id}${path}`, { token: owner.accessToken, body })).body;
    const cut = await post('/services', { name: 'Cut', durationMinutes: 30, price: { amount: 100, currency: 'EUR' } });
    const hours = { thu: [{ start: '09:00', end: '18:00' }] };
    const staff: string[] = [];
    for (const name of ['Ana', 'Ben', 'Cy'])
      staff.push(String((await post('/staff', { name, serviceIds: [cut.serviceId], workingHours: hours })).staffId));
    const ben = staff[1] as string;
    clearSlugCache();
    const scopeOf = await publicScope(holdSlug);
    const pub = { ...scopeOf, db: counter.db };
    const plain = { ...scopeOf, db: db() };
    let n = 0;
    const anyone = (s: TenantScope, time: string, staffId?: string) =>
      bookOnline(s, {
        serviceId: String(cut.serviceId),
        ...(staffId ? { staffId } : {}),
        start: toOffsetIso(at(time), TZ),
        client: { name: `Hold ${n}`, email: `hold-${n++}-${Date.now().toString(36)}@example.test` },
      });
    // The day's first hold is written by a booking of Ben between the read and the transaction (this one
    // books Ana, first in catalog order): the transaction is sent again adding to it, without reading again.
    counter.take();
    counter.race(() => anyone(plain, '10:00', ben));
    const first = await anyone(pub, '10:00');
    expect([first.status, first.staffId]).toEqual(['pending', staff[0]]);
    expect(counter.take()).toEqual({ Query: 2, BatchGetItem: 1, TransactWriteItems: 2 });
    // Another hold that day (another time) meanwhile: no condition of this booking changed, one transaction.
    counter.race(() => anyone(plain, '11:00', ben));
    expect((await anyone(pub, '12:00')).staffId).toBe(staff[2]);
    expect(counter.take()).toEqual({ Query: 2, BatchGetItem: 1, TransactWriteItems: 1 });
    // Another transaction writing the holds at that moment (DynamoDB): sent again, still one read.
    counter.conflict('HOLDS#');
    await anyone(pub, '13:00');
    expect(counter.take()).toEqual({ Query: 2, BatchGetItem: 1, TransactWriteItems: 2 });
    const holds = await plain.db.send(new GetCommand({ TableName: e.tableName, Key: pendingHoldsKey(t.body.id, DAY) }));
    expect(Object.keys(holds.Item?.holds ?? {})).toHaveLength(5);
    expect(holds.Item?.version).toBe(5);
  });

  it('limits public writes per client IP in a fixed window', async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const now = Date.now();
    process.env.PUBLIC_WRITES_PER_10_MIN = '5';
    try {
      for (let i = 0; i < 5; i++) await consumePublicWrite(ip, now);
      await expect(consumePublicWrite(ip, now)).rejects.toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      // Another address, or the next window, has its own budget.
      await expect(consumePublicWrite(`${ip}1`, now)).resolves.toBeUndefined();
      await expect(consumePublicWrite(ip, now + 600_000)).resolves.toBeUndefined();
    } finally {
      delete process.env.PUBLIC_WRITES_PER_10_MIN;
    }
  });
});
