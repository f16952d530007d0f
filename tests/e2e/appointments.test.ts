import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Appointment } from '../../functions/shared/repositories/appointments';
import type { AvailabilityAnswer as Slots } from '../../functions/shared/repositories/open-slots';
import type { Page } from '../../functions/shared/repositories/pagination';
import { appointmentKey, monthlyUsageKey, staffDayKey } from '../../functions/shared/db/keys';
import { monthIn } from '../../functions/shared/domain/calendar';
import { addDays, localParts, toOffsetIso, weekdayOf, zonedInstant } from '../../functions/shared/domain/zoned-time';
import { addMember, getItem, setPlan, setTenantFields } from '../support/fixtures';
import { api } from '../support/http';
import { allWeekStaffBody } from '../support/route-samples';
import { signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;

let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
const MISSING_ID = '01JABCDEFGHJKMNPQRSTVWXYZ0';

const TZ = 'Europe/Paris';
/** The first Tuesday at least a week ahead: past the minimum notice, within the booking horizon. */
const DAY = (() => {
  let d = addDays(localParts(new Date(), TZ).date, 7);
  while (weekdayOf(d) !== 'tue') d = addDays(d, 1);
  return d;
})();
/** A salon-local time on DAY as an offset instant (the offset depends on the season). */
const at = (time: string) => toOffsetIso(zonedInstant(DAY, time, TZ) as Date, TZ);

describe('appointments over HTTP', () => {
  const e = inject('endpoints');
  let owner: Session;
  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'booking');
  });

  async function salon(opts: { plan?: 'free' | 'starter' | 'professional' } = {}) {
    const res = await api<{ id: string; slug: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Salon RDV', slug: unique('rdv'), timezone: 'Europe/Paris' },
    });
    expect(res.status).toBe(201);
    const tenantId = res.body.id;
    await setPlan(tenantId, opts.plan ?? 'professional');
    const base = `/v1/tenants/${tenantId}`;
    const post = async <T = Record<string, string>>(path: string, body: unknown, token = owner.accessToken) => {
      const r = await api<T>('POST', `${base}${path}`, { token, body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    };
    const service = await post('/services', {
      name: 'Coupe',
      durationMinutes: 30,
      price: { amount: 3000, currency: 'EUR' },
      bufferAfterMinutes: 15,
    });
    const client = await post('/clients', { name: 'Alice', email: `${unique('alice')}@example.test` });
    const staff = await post('/staff', {
      name: 'Sam',
      serviceIds: [service.serviceId],
      workingHours: {
        tue: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '18:00' },
        ],
      },
    });
    return {
      tenantId,
      slug: res.body.slug,
      base,
      post,
      serviceId: String(service.serviceId),
      clientId: String(client.clientId),
      staffId: String(staff.staffId),
    };
  }

  type Salon = Awaited<ReturnType<typeof salon>>;
  const book = (s: Salon, start: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>) =>
    api<Appointment>('POST', `${s.base}/appointments`, {
      token: owner.accessToken,
      body: { clientId: s.clientId, serviceId: s.serviceId, staffId: s.staffId, start, ...extra },
      ...(headers ? { headers } : {}),
    });
  const slots = async (s: Salon, query = '') =>
    (await api<Slots>('GET', `${s.base}/availability?serviceId=${s.serviceId}&date=${DAY}${query}`, { token: owner.accessToken }))
      .body;

  it('books, computes the end, and shows the appointment in lists and availability', async () => {
    const s = await salon();
    const res = await book(s, at('10:00'), { notes: 'Première visite' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      start: at('10:00'),
      end: at('10:30'),
      status: 'scheduled',
      notes: 'Première visite',
      price: { amount: 3000, currency: 'EUR' },
      source: 'staff',
    });
    const got = await api<Appointment>('GET', `${s.base}/appointments/${res.body.appointmentId}`, { token: owner.accessToken });
    expect(got.body).toEqual(res.body);
    const list = await api<Page<Appointment>>(
      'GET',
      `${s.base}/appointments?from=${encodeURIComponent(at('00:00'))}&to=${encodeURIComponent(at('23:59'))}`,
      { token: owner.accessToken },
    );
    expect(list.body.items.map((a) => a.appointmentId)).toEqual([res.body.appointmentId]);
    const byStaff = await api<Page<Appointment>>('GET', `${s.base}/appointments?staffId=${s.staffId}`, {
      token: owner.accessToken,
    });
    expect(byStaff.body.items).toHaveLength(1);
    const byOtherClient = await api<Page<Appointment>>('GET', `${s.base}/appointments?clientId=${MISSING_ID}`, {
      token: owner.accessToken,
    });
    expect(byOtherClient.body.items).toHaveLength(0);
    // 10:00–10:30 plus 15 min after: 09:30 would end at 10:15 (overlap), 10:45 is the next start.
    const starts = (await slots(s)).slots.map((x) => x.start.slice(11, 16));
    expect(starts.slice(0, 4)).toEqual(['09:00', '09:15', '10:45', '11:00']);
    expect(starts).not.toContain('10:00');
    expect(starts).toContain('11:15');
    expect(starts).not.toContain('11:30'); // 11:30 + 30 + 15 > 12:00
    const month = await getItem(monthlyUsageKey(s.tenantId, monthIn('Europe/Paris')));
    expect(month?.appointments).toBe(1);
  });

  it('lists by start with from inclusive and to exclusive, on every timeline', async () => {
    const s = await salon();
    const res = await book(s, at('10:00'));
    expect(res.status).toBe(201);
    const ids = async (query: string) => {
      const r = await api<Page<Appointment>>('GET', `${s.base}/appointments?${query}`, { token: owner.accessToken });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.items.map((a) => a.appointmentId);
    };
    const q = (from: string | undefined, to: string | undefined, extra = '') =>
      [from && `from=${encodeURIComponent(at(from))}`, to && `to=${encodeURIComponent(at(to))}`, extra].filter(Boolean).join('&');
    for (const timeline of ['', `staffId=${s.staffId}`, `clientId=${s.clientId}`]) {
      expect(await ids(q('09:00', '10:00', timeline)), timeline).toEqual([]);
      expect(await ids(q(undefined, '10:00', timeline)), timeline).toEqual([]);
      expect(await ids(q('10:00', '10:01', timeline)), timeline).toEqual([res.body.appointmentId]);
      expect(await ids(q('10:00', undefined, timeline)), timeline).toEqual([res.body.appointmentId]);
      expect(await ids(q('09:00', '10:01', timeline)), timeline).toEqual([res.body.appointmentId]);
      expect(await ids(q('10:01', undefined, timeline)), timeline).toEqual([]);
    }
  });

  it('gives one staff slot to exactly one of 50 concurrent bookings', async () => {
    const s = await salon();
    const results = await Promise.all(Array.from({ length: 50 }, () => book(s, at('14:00'))));
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(49);
    for (const r of refused) expect(r.body).toMatchObject({ error: { code: 'SLOT_UNAVAILABLE' } });
    const list = await api<Page<Appointment>>('GET', `${s.base}/appointments`, { token: owner.accessToken });
    expect(list.body.items).toHaveLength(1);
    const day = await getItem(staffDayKey(s.tenantId, DAY, s.staffId));
    expect(Object.keys(day?.spans as object)).toEqual([created[0]?.body.appointmentId]);
  });

  it('refuses overlapping durations booked concurrently (10:00 + 30 min vs 10:15)', async () => {
    const s = await salon();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => book(s, i % 2 === 0 ? at('10:00') : at('10:15'))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    const list = await api<Page<Appointment>>('GET', `${s.base}/appointments`, { token: owner.accessToken });
    expect(list.body.items).toHaveLength(1);
  });

  it('books distinct slots of one staff member concurrently, all of them', async () => {
    const s = await salon();
    const starts = ['09:00', '10:00', '11:00', '13:00', '14:00', '15:00', '16:00', '17:00'];
    const results = await Promise.all(starts.map((t) => book(s, at(t))));
    expect(results.map((r) => r.status)).toEqual(starts.map(() => 201));
    const day = await getItem(staffDayKey(s.tenantId, DAY, s.staffId));
    expect(Object.keys(day?.spans as object)).toHaveLength(starts.length);
  });

  it('refuses times outside working hours, in a break, and for a staff member who does not offer the service', async () => {
    const s = await salon();
    const outside = await book(s, at('08:30'));
    expect(outside.status).toBe(409);
    expect(outside.body).toMatchObject({ error: { code: 'SLOT_UNAVAILABLE', details: { reason: 'outside_working_hours' } } });
    const lunch = await book(s, at('11:45')); // 11:45 + 30 + 15 runs into the break
    expect(lunch.body).toMatchObject({ error: { details: { reason: 'outside_working_hours' } } });
    const other = await s.post('/services', { name: 'Couleur', durationMinutes: 60, price: { amount: 6000, currency: 'EUR' } });
    const res = await book(s, at('10:00'), { serviceId: other.serviceId });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'STAFF_DOES_NOT_OFFER_SERVICE' } });
    const unknown = await book(s, at('10:00'), { clientId: MISSING_ID });
    expect(unknown.status).toBe(400);
    expect((await api<Page<Appointment>>('GET', `${s.base}/appointments`, { token: owner.accessToken })).body.items).toHaveLength(
      0,
    );
  });

  it('replays an idempotent create and refuses the key with another body', async () => {
    const s = await salon();
    const key = { 'Idempotency-Key': unique('key') };
    const first = await book(s, at('09:00'), {}, key);
    expect(first.status).toBe(201);
    const again = await Promise.all([book(s, at('09:00'), {}, key), book(s, at('09:00'), {}, key)]);
    for (const r of again) {
      expect(r.status).toBe(201);
      expect(r.body).toEqual(first.body);
      expect(r.headers.get('idempotent-replayed')).toBe('true');
    }
    const other = await book(s, at('15:00'), {}, key);
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect((await api<Page<Appointment>>('GET', `${s.base}/appointments`, { token: owner.accessToken })).body.items).toHaveLength(
      1,
    );
    expect((await getItem(monthlyUsageKey(s.tenantId, monthIn('Europe/Paris'))))?.appointments).toBe(1);
  });

  it('walks the status transitions and frees the time on cancel', async () => {
    const s = await salon();
    const a = (await book(s, at('10:00'))).body;
    const patch = (body: unknown) =>
      api<Appointment>('PATCH', `${s.base}/appointments/${a.appointmentId}`, { token: owner.accessToken, body });
    const skip = await patch({ status: 'completed' });
    expect(skip.status).toBe(409);
    expect(skip.body).toMatchObject({ error: { code: 'INVALID_TRANSITION', details: { from: 'scheduled', to: 'completed' } } });
    expect((await patch({ status: 'confirmed' })).body.status).toBe('confirmed');
    expect((await patch({ status: 'cancelled' })).body.status).toBe('cancelled');
    expect((await patch({ status: 'confirmed' })).status).toBe(409);
    expect((await patch({ start: at('11:00') })).status).toBe(409);
    const day = await getItem(staffDayKey(s.tenantId, DAY, s.staffId));
    expect(day?.spans).toEqual({});
    expect((await book(s, at('10:00'))).status).toBe(201);
  });

  it('reschedules atomically: the old time frees, the new one is taken, a taken one is refused', async () => {
    const s = await salon();
    const a = (await book(s, at('10:00'))).body;
    const b = (await book(s, at('14:00'))).body;
    const moved = await api<Appointment>('PATCH', `${s.base}/appointments/${a.appointmentId}`, {
      token: owner.accessToken,
      body: { start: at('15:00') },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ start: at('15:00'), end: at('15:30'), status: 'scheduled' });
    const clash = await api('PATCH', `${s.base}/appointments/${a.appointmentId}`, {
      token: owner.accessToken,
      body: { start: at('14:15') },
    });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ error: { code: 'SLOT_UNAVAILABLE', details: { reason: 'slot_taken' } } });
    const stored = await getItem(appointmentKey(s.tenantId, a.appointmentId));
    expect(stored?.start).toBe(at('15:00'));
    const starts = (await slots(s)).slots.map((x) => x.start.slice(11, 16));
    expect(starts).toContain('10:00');
    expect(starts).not.toContain('15:00');
    expect(starts).not.toContain('14:00');
    void b;
  });

  it('moves an appointment to the next day, the day after, and back, freeing each day it leaves', async () => {
    const s = await salon();
    const anytime = await s.post('/staff', allWeekStaffBody([s.serviceId]));
    const staffId = String(anytime.staffId);
    const a = (await book(s, at('10:00'), { staffId })).body;
    const move = (date: string) =>
      api<Appointment>('PATCH', `${s.base}/appointments/${a.appointmentId}`, {
        token: owner.accessToken,
        body: { start: toOffsetIso(zonedInstant(date, '10:00', TZ) as Date, TZ) },
      });
    for (const date of [addDays(DAY, 1), addDays(DAY, 3), DAY]) {
      const res = await move(date);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.start.slice(0, 10)).toBe(date);
    }
    for (const date of [addDays(DAY, 1), addDays(DAY, 3)]) {
      expect((await getItem(staffDayKey(s.tenantId, date, staffId)))?.spans).toEqual({});
    }
    expect(Object.keys((await getItem(staffDayKey(s.tenantId, DAY, staffId)))?.spans as object)).toEqual([a.appointmentId]);
  });

  it('lets an employee change only the appointments of the staff record linked to them', async () => {
    const s = await salon();
    const employee = await signUpAndSignIn(e, 'employee');
    await addMember(s.tenantId, employee.userId, employee.email, 'employee');
    const mine = await s.post('/staff', allWeekStaffBody([s.serviceId], employee.userId));
    const own = (await book(s, at('10:00'), { staffId: String(mine.staffId) })).body;
    const theirs = (await book(s, at('10:00'))).body;
    const asEmployee = (id: string, body: unknown) =>
      api<Appointment>('PATCH', `${s.base}/appointments/${id}`, { token: employee.accessToken, body });
    expect((await asEmployee(own.appointmentId, { status: 'confirmed' })).status).toBe(200);
    const forbidden = await asEmployee(theirs.appointmentId, { status: 'confirmed' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ error: { code: 'FORBIDDEN', details: { permission: 'appointments:update' } } });
    const handOver = await asEmployee(own.appointmentId, { staffId: s.staffId });
    expect(handOver.status).toBe(403);
    const later = await asEmployee(own.appointmentId, { start: at('15:00') });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    expect(later.body.start).toBe(at('15:00'));
    expect((await asEmployee(theirs.appointmentId, { start: at('15:00') })).status).toBe(403);
    // Reading stays open to employees; creating is not theirs.
    expect((await api('GET', `${s.base}/appointments/${theirs.appointmentId}`, { token: employee.accessToken })).status).toBe(
      200,
    );
    const create = await api('POST', `${s.base}/appointments`, {
      token: employee.accessToken,
      body: { clientId: s.clientId, serviceId: s.serviceId, staffId: String(mine.staffId), start: at('16:00') },
    });
    expect(create.status).toBe(403);
    expect((await getItem(appointmentKey(s.tenantId, theirs.appointmentId)))?.status).toBe('scheduled');
  });

  it('refuses to delete a staff member with appointments to come, until they are cancelled', async () => {
    const s = await salon();
    // Cancelled ones first on the timeline: the check reads past none of them (the open timeline, GSI4).
    for (const time of ['09:00', '10:00', '13:00', '14:00']) {
      const c = (await book(s, at(time))).body;
      await api('PATCH', `${s.base}/appointments/${c.appointmentId}`, {
        token: owner.accessToken,
        body: { status: 'cancelled' },
      });
    }
    const a = (await book(s, at('15:00'))).body;
    const refused = await api('DELETE', `${s.base}/staff/${s.staffId}`, { token: owner.accessToken });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'STAFF_HAS_APPOINTMENTS', details: { upcoming: 1 } } });
    // Confirmed still holds them; cancelled does not.
    await api('PATCH', `${s.base}/appointments/${a.appointmentId}`, { token: owner.accessToken, body: { status: 'confirmed' } });
    expect((await api('DELETE', `${s.base}/staff/${s.staffId}`, { token: owner.accessToken })).status).toBe(409);
    await api('PATCH', `${s.base}/appointments/${a.appointmentId}`, { token: owner.accessToken, body: { status: 'cancelled' } });
    expect((await api('DELETE', `${s.base}/staff/${s.staffId}`, { token: owner.accessToken })).status).toBe(204);
  });

  it('stops at the monthly plan limit under concurrency', async () => {
    const s = await salon();
    await setTenantFields(s.tenantId, {
      limits: { maxUsers: 5, maxClients: 100, maxAppointmentsPerMonth: 3, maxStorage: 100, maxApiCalls: -1 },
    });
    const starts = ['09:00', '10:00', '11:00', '13:00', '14:00', '15:00'];
    const results = await Promise.all(starts.map((t) => book(s, at(t))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    const over = results.filter((r) => r.status === 402);
    expect(over).toHaveLength(3);
    expect(over[0]?.body).toMatchObject({ error: { code: 'PLAN_LIMIT_EXCEEDED', details: { limit: 3 } } });
    expect((await getItem(monthlyUsageKey(s.tenantId, monthIn('Europe/Paris'))))?.appointments).toBe(3);
  });

  describe('bad input changes nothing', () => {
    let s: Salon;
    beforeAll(async () => {
      s = await salon();
    });
    it.each([
      ['POST', '/appointments', { clientId: 'x', serviceId: 'y', staffId: 'z', start: '2031-03-04T10:00:00+01:00' }],
      ['POST', '/appointments', { clientId: MISSING_ID, serviceId: MISSING_ID, staffId: MISSING_ID, start: '2031-03-04T10:00' }],
      ['POST', '/appointments', { clientId: MISSING_ID, serviceId: MISSING_ID, staffId: MISSING_ID, start: 'tomorrow' }],
      [
        'POST',
        '/appointments',
        { clientId: MISSING_ID, serviceId: MISSING_ID, staffId: MISSING_ID, start: '2031-03-04T10:00:00Z', status: 'completed' },
      ],
      ['PATCH', `/appointments/${MISSING_ID}`, {}],
      ['PATCH', `/appointments/${MISSING_ID}`, { status: 'done' }],
      ['PATCH', `/appointments/${MISSING_ID}`, { status: 'cancelled', start: '2031-03-04T10:00:00Z' }],
      ['PATCH', `/appointments/${MISSING_ID}`, { price: { amount: 0, currency: 'EUR' } }],
      ['GET', '/appointments?from=yesterday', undefined],
      ['GET', '/appointments?from=2031-03-05T00:00:00Z&to=2031-03-04T00:00:00Z', undefined],
      ['GET', '/appointments?status=open', undefined],
      ['GET', '/appointments?limit=101', undefined],
      ['GET', '/appointments?limit=0', undefined],
      ['GET', '/appointments?cursor=bm90LWEtY3Vyc29y', undefined],
      ['GET', '/availability?date=2031-03-04', undefined],
      ['GET', `/availability?serviceId=${MISSING_ID}&date=2031-02-30`, undefined],
      ['GET', `/availability?serviceId=${MISSING_ID}&date=04/03/2031`, undefined],
      ['GET', `/availability?serviceId=${MISSING_ID}&date=2031-03-04`, undefined],
    ])('%s %s %j -> 400', async (method, path, body) => {
      const res = await api(method, `${s.base}${path}`, { token: owner.accessToken, body });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
      const list = await api<Page<Appointment>>('GET', `${s.base}/appointments`, { token: owner.accessToken });
      expect(list.body.items).toHaveLength(0);
    });

    it('answers 404 for an appointment that does not exist', async () => {
      expect((await api('GET', `${s.base}/appointments/${MISSING_ID}`, { token: owner.accessToken })).status).toBe(404);
      const patch = await api('PATCH', `${s.base}/appointments/${MISSING_ID}`, {
        token: owner.accessToken,
        body: { notes: 'x' },
      });
      expect(patch.status).toBe(404);
    });
  });

  it('lists one client’s appointments from their own timeline, page after page', async () => {
    const s = await salon();
    const other = await s.post('/clients', { name: 'Bob' });
    for (const [time, clientId] of [
      ['09:00', s.clientId],
      ['10:00', String(other.clientId)],
      ['11:00', s.clientId],
      ['14:00', String(other.clientId)],
    ] as const) {
      expect((await book(s, at(time), { clientId })).status).toBe(201);
    }
    const first = await api<Page<Appointment>>('GET', `${s.base}/appointments?clientId=${s.clientId}&limit=1`, {
      token: owner.accessToken,
    });
    expect(first.body.items.map((a) => [a.clientId, a.start])).toEqual([[s.clientId, at('09:00')]]);
    const second = await api<Page<Appointment>>(
      'GET',
      `${s.base}/appointments?clientId=${s.clientId}&limit=1&cursor=${first.body.nextCursor}`,
      { token: owner.accessToken },
    );
    expect(second.body.items.map((a) => [a.clientId, a.start])).toEqual([[s.clientId, at('11:00')]]);
    // A client's cursor does not open another timeline.
    const forged = await api('GET', `${s.base}/appointments?limit=1&cursor=${first.body.nextCursor}`, {
      token: owner.accessToken,
    });
    expect(forged.status).toBe(400);
  });

  it('caps pages and follows cursors', async () => {
    const s = await salon();
    const starts = ['09:00', '10:00', '11:00'];
    for (const t of starts) expect((await book(s, at(t))).status).toBe(201);
    const first = await api<Page<Appointment>>('GET', `${s.base}/appointments?limit=2`, { token: owner.accessToken });
    expect(first.body.items.map((a) => a.start.slice(11, 16))).toEqual(['09:00', '10:00']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api<Page<Appointment>>('GET', `${s.base}/appointments?limit=2&cursor=${first.body.nextCursor}`, {
      token: owner.accessToken,
    });
    expect(second.body.items.map((a) => a.start.slice(11, 16))).toEqual(['11:00']);
  });
});
