/**
 * What an anonymous caller learns from the public routes: never a client id (its ULID dates the
 * client), and nothing that tells an email already known to the salon from a new one.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { appointmentKey } from '../../functions/shared/db/keys';
import { addDays, localParts, toOffsetIso, weekdayOf, zonedInstant } from '../../functions/shared/domain/zoned-time';
import { getItem, setPlan } from '../support/fixtures';
import { api } from '../support/http';
import { signUpAndSignIn } from '../support/tokens';

type Answer = Record<string, unknown>;
let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
const TZ = 'Europe/Paris';
const DAY = (() => {
  let d = addDays(localParts(new Date(), TZ).date, 7);
  while (weekdayOf(d) !== 'thu') d = addDays(d, 1);
  return d;
})();
const at = (time: string) => toOffsetIso(zonedInstant(DAY, time, TZ) as Date, TZ);
/** Headers that differ between any two answers. */
const VARYING = new Set(['date', 'x-request-id', 'content-length', 'apigw-requestid', 'x-amzn-requestid']);

describe('public answers carry no client id', () => {
  const e = inject('endpoints');
  let token: string;
  beforeAll(async () => {
    token = (await signUpAndSignIn(e, 'privacy')).accessToken;
  });

  async function salon() {
    const slug = unique('private');
    const res = await api<{ id: string }>('POST', '/v1/tenants', {
      token,
      body: { name: 'Discreet Salon', slug, timezone: TZ, currency: 'EUR' },
    });
    expect(res.status).toBe(201);
    await setPlan(res.body.id, 'professional');
    const base = `/v1/tenants/${res.body.id}`;
    // Booked at once, so a new email becomes a client when booking: the case whose answer could tell.
    const set = await api('PATCH', base, { token, body: { settings: { onlineBookingConfirmation: 'none' } } });
    expect(set.status).toBe(200);
    const post = async (path: string, body: unknown) => {
      const r = await api<Record<string, string>>('POST', `${base}${path}`, { token, body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    };
    const service = await post('/services', { name: 'Cut', durationMinutes: 30, price: { amount: 3000, currency: 'EUR' } });
    const staff = await post('/staff', {
      name: 'Ana',
      serviceIds: [service.serviceId],
      workingHours: { thu: [{ start: '09:00', end: '18:00' }] },
    });
    return { tenantId: res.body.id, slug, base, serviceId: String(service.serviceId), staffId: String(staff.staffId) };
  }
  type Salon = Awaited<ReturnType<typeof salon>>;

  const book = (s: Salon, email: string, start: string, headers?: Record<string, string>) =>
    api<Answer>('POST', `/v1/public/${s.slug}/bookings`, {
      body: { serviceId: s.serviceId, staffId: s.staffId, start, client: { name: 'Zoe', email }, notes: 'Window seat' },
      ...(headers ? { headers } : {}),
    });

  const headerNames = (h: Headers) => [...h.keys()].filter((k) => !VARYING.has(k)).sort();
  const clientIdOf = async (s: Salon, appointmentId: unknown) =>
    String((await getItem(appointmentKey(s.tenantId, String(appointmentId))))?.clientId);

  it('answers a booking by a known client exactly like one by a new email', async () => {
    const s = await salon();
    const knownEmail = `${unique('known')}@example.test`;
    const known = await api<{ clientId: string }>('POST', `${s.base}/clients`, {
      token,
      body: { name: 'Known Client', email: knownEmail },
    });
    expect(known.status).toBe(201);

    const fresh = await book(s, `${unique('new')}@example.test`, at('10:00'));
    const returning = await book(s, knownEmail, at('11:00'));
    expect([fresh.status, returning.status]).toEqual([201, 201]);
    expect(Object.keys(returning.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect(headerNames(returning.headers)).toEqual(headerNames(fresh.headers));
    for (const answer of [fresh.body, returning.body]) {
      expect(answer).not.toHaveProperty('clientId');
      expect(answer).toMatchObject({ status: 'scheduled', source: 'online', notes: 'Window seat' });
    }
    // The ids exist (the salon sees them), but never in the public answer.
    const newClientId = await clientIdOf(s, fresh.body.appointmentId);
    expect(await clientIdOf(s, returning.body.appointmentId)).toBe(known.body.clientId);
    expect(JSON.stringify(fresh.body)).not.toContain(newClientId);
    expect(JSON.stringify(returning.body)).not.toContain(known.body.clientId);

    // Cancelling answers the booking without them too.
    for (const booked of [fresh, returning]) {
      const cancel = await api<Answer>('POST', `/v1/public/${s.slug}/bookings/${String(booked.body.appointmentId)}/cancel`, {
        body: { token: booked.body.manageToken },
      });
      expect(cancel.status).toBe(200);
      expect(cancel.body).not.toHaveProperty('clientId');
      expect(JSON.stringify(cancel.body)).not.toContain(await clientIdOf(s, booked.body.appointmentId));
    }
  });

  it('replays an idempotent booking without the client id', async () => {
    const s = await salon();
    const key = { 'Idempotency-Key': unique('replay') };
    const email = `${unique('replay')}@example.test`;
    const first = await book(s, email, at('14:00'), key);
    const again = await book(s, email, at('14:00'), key);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.body).not.toHaveProperty('clientId');
    expect(JSON.stringify(again.body)).not.toContain(await clientIdOf(s, first.body.appointmentId));
  });

  it('lists services and availability with staff ids, and no client id', async () => {
    const s = await salon();
    const booked = await book(s, `${unique('seen')}@example.test`, at('09:00'));
    const clientId = await clientIdOf(s, booked.body.appointmentId);
    const services = await api('GET', `/v1/public/${s.slug}/services`);
    const slots = await api('GET', `/v1/public/${s.slug}/availability?serviceId=${s.serviceId}&date=${DAY}`);
    for (const res of [services, slots]) {
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).toContain(s.staffId);
      expect(JSON.stringify(res.body)).not.toContain(clientId);
      expect(JSON.stringify(res.body)).not.toContain('clientId');
    }
  });
});
