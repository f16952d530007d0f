import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { AvailabilityAnswer as Slots } from '../../functions/shared/repositories/open-slots';
import type { OnlineBooking as Booking } from '../../functions/shared/repositories/public-booking';
import {
  appointmentKey,
  bookerKey,
  clientEmailKey,
  idempotencyKey,
  outboxKey,
  pendingHoldsKey,
  staffDayKey,
  usageKey,
} from '../../functions/shared/db/keys';
import { sha256Hex } from '../../functions/shared/hash';
import { emailIndexIn } from '../support/fixtures';
import { keyring, createFirstKey } from '../../functions/shared/crypto/keyring';
import { addDays, localParts, toOffsetIso, weekdayOf, zonedInstant } from '../../functions/shared/domain/zoned-time';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { queueEmail } from '../../functions/shared/entities/outbox';
import { backdateHold, db, getItem, setPlan } from '../support/fixtures';
import { api } from '../support/http';
import { signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;

let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
const MISSING_ID = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const TZ = 'America/New_York';
const DAY = (() => {
  let d = addDays(localParts(new Date(), TZ).date, 7);
  while (weekdayOf(d) !== 'wed') d = addDays(d, 1);
  return d;
})();
const at = (time: string, date = DAY) => toOffsetIso(zonedInstant(date, time, TZ) as Date, TZ);

describe('public booking over HTTP', () => {
  const e = inject('endpoints');
  let owner: Session;
  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'public');
  });

  async function salon() {
    const slug = unique('online');
    const res = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Studio NYC', slug, timezone: TZ, currency: 'USD' },
    });
    expect(res.status).toBe(201);
    const tenantId = res.body.id;
    await setPlan(tenantId, 'professional');
    const base = `/v1/tenants/${tenantId}`;
    const post = async (path: string, body: unknown) => {
      const r = await api<Record<string, string>>('POST', `${base}${path}`, { token: owner.accessToken, body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    };
    const cut = await post('/services', { name: 'Cut', durationMinutes: 45, price: { amount: 5500, currency: 'USD' } });
    const hidden = await post('/services', {
      name: 'Old',
      durationMinutes: 30,
      price: { amount: 1000, currency: 'USD' },
      active: false,
    });
    const hours = { wed: [{ start: '10:00', end: '12:00' }] };
    const ana = await post('/staff', { name: 'Ana', serviceIds: [cut.serviceId, hidden.serviceId], workingHours: hours });
    const ben = await post('/staff', { name: 'Ben', serviceIds: [cut.serviceId], workingHours: hours });
    return {
      tenantId,
      slug,
      base,
      serviceId: String(cut.serviceId),
      hiddenId: String(hidden.serviceId),
      ana: String(ana.staffId),
      ben: String(ben.staffId),
    };
  }
  type Salon = Awaited<ReturnType<typeof salon>>;
  const settings = async (s: Salon, values: Record<string, number | string>) => {
    const res = await api('PATCH', s.base, { token: owner.accessToken, body: { settings: values } });
    expect(res.status).toBe(200);
  };

  const bookOnline = (s: Salon, body: Record<string, unknown>, headers?: Record<string, string>) =>
    api<Booking>('POST', `/v1/public/${s.slug}/bookings`, {
      body: { serviceId: s.serviceId, start: at('10:00'), client: { name: 'Zoe', email: 'zoe@example.test' }, ...body },
      ...(headers ? { headers } : {}),
    });

  /** The confirmation email of one booking, as the local mailer wrote it, and the token its link carries. */
  async function confirmationEmail(to: string, appointmentId: string) {
    const dir = join(inject('dataDir'), 'outbox');
    for (let i = 0; i < 80; i++) {
      for (const file of readdirSync(dir).filter((f) => f.includes(`_${to}_`))) {
        const text = readFileSync(join(dir, file), 'utf8');
        const token = text.match(new RegExp(`/bookings/${appointmentId}/confirm#token=([A-Za-z0-9_-]{43})`))?.[1];
        if (token)
          return {
            text,
            token,
            messageId: file
              .replace(/\.txt$/, '')
              .split('_')
              .pop() as string,
          };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no confirmation email to ${to} for ${appointmentId}`);
  }
  const confirm = (s: Salon, appointmentId: string, token: string) =>
    api<Booking>('POST', `/v1/public/${s.slug}/bookings/${appointmentId}/confirm`, { body: { token } });
  /** What the booker does with the email: opens the link, which confirms. */
  async function confirmFromEmail(s: Salon, booking: Booking, email = 'zoe@example.test') {
    const { token } = await confirmationEmail(email, booking.appointmentId);
    const res = await confirm(s, booking.appointmentId, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }

  it('lists active services with who offers them, and their availability, without signing in', async () => {
    const s = await salon();
    const services = await api<{ items: Array<Record<string, unknown>>; nextCursor: null }>(
      'GET',
      `/v1/public/${s.slug}/services`,
    );
    expect(services.status).toBe(200);
    expect(services.body).toEqual({
      items: [
        {
          serviceId: s.serviceId,
          name: 'Cut',
          durationMinutes: 45,
          price: { amount: 5500, currency: 'USD' },
          staff: [
            { staffId: s.ana, name: 'Ana' },
            { staffId: s.ben, name: 'Ben' },
          ],
        },
      ],
      nextCursor: null,
    });
    const slots = await api<Slots>(
      'GET',
      `/v1/public/${s.slug}/availability?serviceId=${s.serviceId}&date=${DAY}&staffId=${s.ana}`,
    );
    expect(slots.status).toBe(200);
    expect(slots.body.timezone).toBe(TZ);
    expect(slots.body.slots.map((x) => x.start)).toEqual(
      ['10:00', '10:15', '10:30', '10:45', '11:00', '11:15'].map((t) => at(t)),
    );
  });

  it('books online: creates the client, hands out a manage token once, and cancels with it', async () => {
    const s = await salon();
    const email = `${unique('zoe')}@example.test`;
    const res = await bookOnline(s, {
      staffId: s.ana,
      client: { name: 'Zoe', email: email.toUpperCase(), phone: '+1 212 555 0100' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      staffId: s.ana,
      start: at('10:00'),
      end: at('10:45'),
      status: 'pending',
      source: 'online',
    });
    expect(res.body.manageToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await getItem(appointmentKey(s.tenantId, res.body.appointmentId));
    expect(stored?.manageTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(res.body.manageToken);
    // Unconfirmed, the booker is no client yet: throwaway emails neither fill the client list nor `maxClients`.
    expect(await getItem(clientEmailKey(s.tenantId, await emailIndexIn(s.tenantId, email)))).toBeUndefined();
    // The public answer names no client: the stored booking does.
    expect(res.body).not.toHaveProperty('clientId');
    expect((await api('GET', `${s.base}/clients/${String(stored?.clientId)}`, { token: owner.accessToken })).status).toBe(404);
    const confirmedAnswer = await confirmFromEmail(s, res.body, email);
    expect(confirmedAnswer).toMatchObject({ appointmentId: res.body.appointmentId, status: 'scheduled' });
    expect(confirmedAnswer).not.toHaveProperty('clientId');
    expect((await getItem(appointmentKey(s.tenantId, res.body.appointmentId)))?.clientId).toBe(stored?.clientId);
    const emailItem = await getItem(clientEmailKey(s.tenantId, await emailIndexIn(s.tenantId, email)));
    expect(emailItem?.clientId).toBe(stored?.clientId);
    const client = await api('GET', `${s.base}/clients/${String(stored?.clientId)}`, { token: owner.accessToken });
    expect(client.body).toMatchObject({ name: 'Zoe', email, phone: '+12125550100' });
    expect((await getItem(usageKey(s.tenantId)))?.clients).toBe(1);
    expect((await getItem(appointmentKey(s.tenantId, res.body.appointmentId)))?.pendingClient).toBeUndefined();
    // The members' API shows it; nothing private leaks there.
    const seen = await api<Record<string, unknown>>('GET', `${s.base}/appointments/${res.body.appointmentId}`, {
      token: owner.accessToken,
    });
    expect(seen.body).not.toHaveProperty('manageTokenHash');
    expect(seen.body).not.toHaveProperty('manageToken');
    expect(seen.body).not.toHaveProperty('confirmTokenHash');
    expect(seen.body).not.toHaveProperty('pendingClient');

    const wrong = await api('POST', `/v1/public/${s.slug}/bookings/${res.body.appointmentId}/cancel`, {
      body: { token: 'A'.repeat(43) },
    });
    expect(wrong.status).toBe(404);
    const cancel = await api<Booking>('POST', `/v1/public/${s.slug}/bookings/${res.body.appointmentId}/cancel`, {
      body: { token: res.body.manageToken },
    });
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
    const again = await api<Booking>('POST', `/v1/public/${s.slug}/bookings/${res.body.appointmentId}/cancel`, {
      body: { token: res.body.manageToken },
    });
    expect(again.status).toBe(200);
    // The time is free again, and the booker's open bookings are back to none.
    expect(
      (await bookOnline(s, { staffId: s.ana, client: { name: 'Other', email: `${unique('o')}@example.test` } })).status,
    ).toBe(201);
    expect((await getItem(bookerKey(s.tenantId, await emailIndexIn(s.tenantId, email))))?.open).toEqual({});
  });

  it('links a returning client by email instead of creating another', async () => {
    const s = await salon();
    const email = `${unique('returning')}@example.test`;
    const existing = await api<{ clientId: string }>('POST', `${s.base}/clients`, {
      token: owner.accessToken,
      body: { name: 'Known Client', email },
    });
    const res = await bookOnline(s, { client: { name: 'Someone Else', email } });
    expect(res.status).toBe(201);
    expect((await getItem(appointmentKey(s.tenantId, res.body.appointmentId)))?.clientId).toBe(existing.body.clientId);
    // A stranger cannot rename the salon's client by booking with their email.
    const client = await api('GET', `${s.base}/clients/${existing.body.clientId}`, { token: owner.accessToken });
    expect(client.body).toMatchObject({ name: 'Known Client' });
    expect((await getItem(usageKey(s.tenantId)))?.clients).toBe(1);
  });

  it('links the confirmed booking to the client who took the email while it was pending', async () => {
    const s = await salon();
    const email = `${unique('meanwhile')}@example.test`;
    const res = await bookOnline(s, { client: { name: 'Online Name', email } });
    expect(res.status).toBe(201);
    const known = await api<{ clientId: string }>('POST', `${s.base}/clients`, {
      token: owner.accessToken,
      body: { name: 'Known Meanwhile', email },
    });
    expect(known.status).toBe(201);
    await confirmFromEmail(s, res.body, email);
    expect((await getItem(appointmentKey(s.tenantId, res.body.appointmentId)))?.clientId).toBe(known.body.clientId);
    const theirs = await api<{ items: Booking[] }>('GET', `${s.base}/appointments?clientId=${known.body.clientId}`, {
      token: owner.accessToken,
    });
    expect(theirs.body.items.map((a) => [a.appointmentId, a.status])).toEqual([[res.body.appointmentId, 'scheduled']]);
    expect((await getItem(usageKey(s.tenantId)))?.clients).toBe(1);
  });

  it('picks whoever is free when no staff member is named, and 409 when nobody is', async () => {
    const s = await salon();
    const first = await bookOnline(s, { client: { name: 'A', email: `${unique('a')}@example.test` } });
    const second = await bookOnline(s, { client: { name: 'B', email: `${unique('b')}@example.test` } });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(new Set([first.body.staffId, second.body.staffId])).toEqual(new Set([s.ana, s.ben]));
    const third = await bookOnline(s, { client: { name: 'C', email: `${unique('c')}@example.test` } });
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({ error: { code: 'SLOT_UNAVAILABLE' } });
  });

  it('gives one slot of two staff members to exactly two of 12 concurrent bookings for anyone', async () => {
    for (const confirmation of ['required', 'none']) {
      const s = await salon();
      await settings(s, { onlineBookingConfirmation: confirmation });
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          bookOnline(s, { client: { name: `R${i}`, email: `${unique('any')}@example.test` } }),
        ),
      );
      const booked = results.filter((r) => r.status === 201);
      expect(booked.map((r) => r.body.staffId).sort(), confirmation).toEqual([s.ana, s.ben].sort());
      const refused = results.filter((r) => r.status !== 201);
      expect(refused.map((r) => [r.status, (r.body as unknown as { error: { code: string } }).error.code])).toEqual(
        Array.from({ length: 10 }, () => [409, 'SLOT_UNAVAILABLE']),
      );
      const list = await api<{ items: unknown[] }>('GET', `${s.base}/appointments`, { token: owner.accessToken });
      expect(list.body.items).toHaveLength(2);
    }
  });

  it('books every free staff slot of a 5-staff day for 24 concurrent holds for anyone, none twice, none busy', async () => {
    const s = await salon();
    await settings(s, { maxPendingHoldsPerDay: 50 });
    const hours = { wed: [{ start: '10:00', end: '14:00' }] };
    const staff = [s.ana, s.ben];
    for (const name of ['Cy', 'Di', 'Ed']) {
      const r = await api<{ staffId: string }>('POST', `${s.base}/staff`, {
        token: owner.accessToken,
        body: { name, serviceIds: [s.serviceId], workingHours: hours },
      });
      expect(r.status).toBe(201);
      staff.push(r.body.staffId);
    }
    for (const id of [s.ana, s.ben]) {
      const r = await api('PATCH', `${s.base}/staff/${id}`, { token: owner.accessToken, body: { workingHours: hours } });
      expect(r.status).toBe(200);
    }
    // 4 starts that do not overlap (45 min), 6 bookings each: 20 staff slots for 24 visitors.
    const starts = ['10:00', '11:00', '12:00', '13:00'].map((t) => at(t));
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        bookOnline(s, { start: starts[i % 4], client: { name: `H${i}`, email: `${unique('hold')}@example.test` } }),
      ),
    );
    const statuses = results.map((r) => r.status);
    const booked = results.filter((r) => r.status === 201);
    expect(booked.map((r) => r.body.status)).toEqual(Array.from({ length: 20 }, () => 'pending'));
    const pairs = booked.map((r) => `${r.body.staffId}@${r.body.start}`);
    expect(new Set(pairs).size, JSON.stringify(statuses)).toBe(20);
    for (const start of starts) {
      expect(
        booked
          .filter((r) => r.body.start === start)
          .map((r) => r.body.staffId)
          .sort(),
      ).toEqual([...staff].sort());
    }
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.map((r) => [r.status, (r.body as unknown as { error: { code: string } }).error.code])).toEqual(
      Array.from({ length: 4 }, () => [409, 'SLOT_UNAVAILABLE']),
    );
    const holds = await getItem(pendingHoldsKey(s.tenantId, DAY));
    expect(Object.keys((holds?.holds ?? {}) as object).sort()).toEqual(booked.map((r) => r.body.appointmentId).sort());
  });

  it('gives one slot to exactly one of 50 concurrent online bookings', async () => {
    const s = await salon();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        bookOnline(s, { staffId: s.ben, client: { name: `C${i}`, email: `${unique('race')}@example.test` } }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(49);
    const list = await api<{ items: unknown[] }>('GET', `${s.base}/appointments?staffId=${s.ben}`, { token: owner.accessToken });
    expect(list.body.items).toHaveLength(1);
  });

  it('applies the salon rules online: slot step, minimum notice, horizon, inactive services', async () => {
    const s = await salon();
    const offStep = await bookOnline(s, { staffId: s.ana, start: at('10:07') });
    expect(offStep.body).toMatchObject({ error: { code: 'SLOT_UNAVAILABLE', details: { reason: 'off_step' } } });
    const far = await bookOnline(s, { staffId: s.ana, start: at('10:00', addDays(DAY, 7 * 52)) });
    expect(far.body).toMatchObject({ error: { code: 'SLOT_UNAVAILABLE', details: { reason: 'beyond_horizon' } } });
    await settings(s, { minimumNoticeMinutes: 0 });
    const past = await bookOnline(s, { staffId: s.ana, start: at('10:00', addDays(DAY, -14)) });
    expect(past.body).toMatchObject({ error: { code: 'SLOT_UNAVAILABLE' } });
    const inactive = await bookOnline(s, { staffId: s.ana, serviceId: s.hiddenId });
    expect(inactive.status).toBe(400);
    expect(inactive.body).toMatchObject({ error: { code: 'SERVICE_INACTIVE' } });
  });

  it('bounds open bookings per email, and a cancelled one gives its place back', async () => {
    const s = await salon();
    const email = `${unique('busy')}@example.test`;
    await settings(s, { maxOpenBookingsPerEmail: 2 });
    const a = await bookOnline(s, { staffId: s.ana, start: at('10:00'), client: { name: 'Busy', email } });
    const b = await bookOnline(s, { staffId: s.ana, start: at('11:00'), client: { name: 'Busy', email } });
    expect([a.status, b.status]).toEqual([201, 201]);
    await confirmFromEmail(s, a.body, email);
    await confirmFromEmail(s, b.body, email);
    const c = await bookOnline(s, { staffId: s.ben, start: at('10:00'), client: { name: 'Busy', email } });
    expect(c.status).toBe(409);
    expect(c.body).toMatchObject({ error: { code: 'BOOKING_LIMIT_REACHED', details: { limit: 2 } } });
    await api('POST', `/v1/public/${s.slug}/bookings/${a.body.appointmentId}/cancel`, { body: { token: a.body.manageToken } });
    expect((await bookOnline(s, { staffId: s.ben, start: at('10:00'), client: { name: 'Busy', email } })).status).toBe(201);
  });

  it('refuses online cancellation inside the cancellation notice', async () => {
    const s = await salon();
    const res = await bookOnline(s, { staffId: s.ana });
    await confirmFromEmail(s, res.body);
    await settings(s, { cancellationNoticeHours: 24 * 14 });
    const late = await api('POST', `/v1/public/${s.slug}/bookings/${res.body.appointmentId}/cancel`, {
      body: { token: res.body.manageToken },
    });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: { code: 'CANCELLATION_WINDOW_PASSED' } });
    expect((await getItem(appointmentKey(s.tenantId, res.body.appointmentId)))?.status).toBe('scheduled');
  });

  it('replays an idempotent online booking with the same token', async () => {
    const s = await salon();
    const key = { 'Idempotency-Key': unique('online') };
    const first = await bookOnline(s, { staffId: s.ana }, key);
    const again = await bookOnline(s, { staffId: s.ana }, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    // At rest the record holds neither the token nor the key: the replay derives the token from the key.
    const record = await getItem(idempotencyKey(s.tenantId, 'createPublicBooking', sha256Hex(key['Idempotency-Key'])));
    expect(record?.responseBody).toBeDefined();
    expect(JSON.stringify(record)).not.toContain(first.body.manageToken);
    expect(JSON.stringify(record)).not.toContain(key['Idempotency-Key']);
    const cancel = await api('POST', `/v1/public/${s.slug}/bookings/${first.body.appointmentId}/cancel`, {
      body: { token: again.body.manageToken },
    });
    expect(cancel.status).toBe(200);
    expect((await bookOnline(s, { staffId: s.ben }, key)).status).toBe(422);
  });

  it('answers 404 for another salon’s booking, even with its token, and leaves it as it was', async () => {
    const [mine, theirs] = await Promise.all([salon(), salon()]);
    const booked = await bookOnline(theirs, { staffId: theirs.ana });
    expect(booked.status).toBe(201);
    const res = await api('POST', `/v1/public/${mine.slug}/bookings/${booked.body.appointmentId}/cancel`, {
      body: { token: booked.body.manageToken },
    });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await getItem(appointmentKey(theirs.tenantId, booked.body.appointmentId)))?.status).toBe('pending');
    // Positive control: through its own salon's slug it cancels.
    const own = await api('POST', `/v1/public/${theirs.slug}/bookings/${booked.body.appointmentId}/cancel`, {
      body: { token: booked.body.manageToken },
    });
    expect(own.status).toBe(200);
  });

  it('answers 404 for unknown, suspended and deleted salons', async () => {
    const s = await salon();
    const paths = (slug: string) => [
      ['GET', `/v1/public/${slug}/services`],
      ['GET', `/v1/public/${slug}/availability?serviceId=${s.serviceId}&date=${DAY}`],
    ];
    for (const [method, path] of paths(unique('nobody'))) expect((await api(String(method), String(path))).status).toBe(404);
    await setPlan(s.tenantId, 'starter', 'unpaid');
    for (const [method, path] of paths(s.slug)) expect((await api(String(method), String(path))).status).toBe(404);
    expect((await bookOnline(s, { staffId: s.ana })).status).toBe(404);
    await setPlan(s.tenantId, 'starter', 'active');
    expect((await api('GET', `/v1/public/${s.slug}/services`)).status).toBe(200);
    await api('DELETE', `${s.base}`, { token: owner.accessToken });
    for (const [method, path] of paths(s.slug)) expect((await api(String(method), String(path))).status).toBe(404);
  });

  describe('pending holds', () => {
    const slotsOf = async (s: Salon, staffId: string, date = DAY) =>
      (
        await api<Slots>('GET', `/v1/public/${s.slug}/availability?serviceId=${s.serviceId}&date=${date}&staffId=${staffId}`)
      ).body.slots.map((x) => x.start);

    it('holds the slot as pending, emails a confirm link, and confirming (twice) makes it scheduled', async () => {
      const [s, other] = await Promise.all([salon(), salon()]);
      const email = `${unique('hold')}@example.test`;
      const res = await bookOnline(s, { staffId: s.ana, client: { name: 'Hold', email } });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('pending');
      // The default hold is 30 minutes from the booking.
      expect(Date.parse(String(res.body.holdExpiresAt)) - Date.parse(res.body.createdAt)).toBe(30 * 60_000);
      // Held: not offered to anyone else meanwhile; members see it with its status.
      expect(await slotsOf(s, s.ana)).not.toContain(at('10:00'));
      const listed = await api<{ items: Booking[] }>('GET', `${s.base}/appointments?status=pending`, {
        token: owner.accessToken,
      });
      expect(listed.body.items.map((a) => [a.appointmentId, a.status])).toEqual([[res.body.appointmentId, 'pending']]);

      const mail = await confirmationEmail(email, res.body.appointmentId);
      expect(mail.text).toContain(`Subject: Confirm your booking at Studio NYC`);
      // The token is at rest only as a hash, and the sent email's data (the link) is gone from the outbox item.
      expect(mail.token).not.toBe(res.body.manageToken);
      const stored = await getItem(appointmentKey(s.tenantId, res.body.appointmentId));
      expect(stored?.confirmTokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(stored)).not.toContain(mail.token);
      const outboxItem = await getItem(outboxKey(s.tenantId, mail.messageId));
      expect(outboxItem).toMatchObject({ status: 'sent', template: 'booking-confirmation' });
      expect(outboxItem).not.toHaveProperty('data');
      expect(outboxItem?.expiresAt).toBe(Math.ceil(Date.parse(String(res.body.holdExpiresAt)) / 1000));

      // Wrong token, the manage token, or another salon's slug: 404, and it stays pending.
      const id = res.body.appointmentId;
      expect((await confirm(s, id, 'A'.repeat(43))).status).toBe(404);
      expect((await confirm(s, id, res.body.manageToken)).status).toBe(404);
      const elsewhere = await confirm(other, id, mail.token);
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
      expect((await getItem(appointmentKey(s.tenantId, id)))?.status).toBe('pending');

      const first = await confirm(s, id, mail.token);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ appointmentId: id, status: 'scheduled' });
      expect(first.body).not.toHaveProperty('holdExpiresAt');
      const again = await confirm(s, id, mail.token);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      // The span lasts now, the day's hold is freed, and the booking counts among the booker's open ones.
      const day = await getItem(staffDayKey(s.tenantId, DAY, s.ana));
      expect((day?.spans ?? {}) as Record<string, unknown>).toHaveProperty(id, {
        start: expect.any(String),
        end: expect.any(String),
      });
      expect((await getItem(pendingHoldsKey(s.tenantId, DAY)))?.holds).toEqual({});
      expect(Object.keys((await getItem(bookerKey(s.tenantId, await emailIndexIn(s.tenantId, email))))?.open ?? {})).toEqual([
        id,
      ]);
      const seen = await api<Booking>('GET', `${s.base}/appointments/${id}`, { token: owner.accessToken });
      expect(seen.body.status).toBe('scheduled');
    });

    it('releases the slot when the hold expires: offered again, bookable again, confirming answers 410', async () => {
      const s = await salon();
      const email = `${unique('late')}@example.test`;
      const held = await bookOnline(s, { staffId: s.ana, client: { name: 'Late', email } });
      expect(held.status).toBe(201);
      const { token } = await confirmationEmail(email, held.body.appointmentId);
      expect(await slotsOf(s, s.ana)).not.toContain(at('10:00'));
      expect(
        (await bookOnline(s, { staffId: s.ana, client: { name: 'Early', email: `${unique('e')}@example.test` } })).status,
      ).toBe(409);

      await backdateHold(s.tenantId, held.body.appointmentId);
      expect(await slotsOf(s, s.ana)).toContain(at('10:00'));
      const seen = await api<Booking>('GET', `${s.base}/appointments/${held.body.appointmentId}`, { token: owner.accessToken });
      expect(seen.body.status).toBe('expired');
      const expiredList = await api<{ items: Booking[] }>('GET', `${s.base}/appointments?status=expired`, {
        token: owner.accessToken,
      });
      expect(expiredList.body.items.map((a) => a.appointmentId)).toEqual([held.body.appointmentId]);

      const next = await bookOnline(s, { staffId: s.ana, client: { name: 'Next', email: `${unique('n')}@example.test` } });
      expect(next.status).toBe(201);
      // The claim removed the expired span from the day item; the new one holds the time.
      const day = await getItem(staffDayKey(s.tenantId, DAY, s.ana));
      expect(Object.keys(day?.spans ?? {})).toEqual([next.body.appointmentId]);

      const late = await confirm(s, held.body.appointmentId, token);
      expect(late.status).toBe(410);
      expect(late.body).toMatchObject({ error: { code: 'HOLD_EXPIRED' } });
      expect((await confirm(s, held.body.appointmentId, token)).status).toBe(410);
      expect((await getItem(appointmentKey(s.tenantId, held.body.appointmentId)))?.status).toBe('expired');
      expect(Object.keys((await getItem(pendingHoldsKey(s.tenantId, DAY)))?.holds ?? {})).toEqual([next.body.appointmentId]);
      // The expired booking never reached the booker's open bookings.
      expect(await getItem(bookerKey(s.tenantId, await emailIndexIn(s.tenantId, email)))).toBeUndefined();
    });

    it('caps pending holds per day: of N+1 concurrent bookings exactly N are held, and a release frees a place', async () => {
      const s = await salon();
      await settings(s, { maxPendingHoldsPerDay: 3 });
      const slots = [
        [s.ana, '10:00'],
        [s.ana, '11:00'],
        [s.ben, '10:00'],
        [s.ben, '11:00'],
      ] as const;
      const emails = slots.map(() => `${unique('flood')}@example.test`);
      const results = await Promise.all(
        slots.map(([staffId, time], i) =>
          bookOnline(s, { staffId, start: at(time), client: { name: 'Flood', email: emails[i] } }),
        ),
      );
      const held = results.filter((r) => r.status === 201);
      const refused = results.filter((r) => r.status !== 201);
      expect(held).toHaveLength(3);
      expect(refused.map((r) => [r.status, (r.body as unknown as { error: { code: string } }).error.code])).toEqual([
        [429, 'PENDING_HOLDS_FULL'],
      ]);
      const holds = (await getItem(pendingHoldsKey(s.tenantId, DAY)))?.holds as Record<string, string>;
      expect(Object.keys(holds).sort()).toEqual(held.map((r) => r.body.appointmentId).sort());
      const list = await api<{ items: Booking[] }>('GET', `${s.base}/appointments`, { token: owner.accessToken });
      expect(list.body.items).toHaveLength(3);
      // Another day has its own places.
      expect((await bookOnline(s, { staffId: s.ana, start: at('10:00', addDays(DAY, 7)) })).status).toBe(201);

      // A cancelled hold gives its place back: the refused slot can now be held.
      const [first, second, third] = held.map((r) => r.body) as [Booking, Booking, Booking];
      const refusedSlot = slots[results.findIndex((r) => r.status !== 201)] as (typeof slots)[number];
      await api('POST', `/v1/public/${s.slug}/bookings/${first.appointmentId}/cancel`, { body: { token: first.manageToken } });
      const retry = await bookOnline(s, { staffId: refusedSlot[0], start: at(refusedSlot[1]) });
      expect(retry.status).toBe(201);
      // A confirmed one gives its place back too.
      await confirmFromEmail(s, second, emails[results.findIndex((r) => r.body.appointmentId === second.appointmentId)]);
      expect(Object.keys((await getItem(pendingHoldsKey(s.tenantId, DAY)))?.holds ?? {}).sort()).toEqual(
        [third.appointmentId, retry.body.appointmentId].sort(),
      );
    });

    it('does not let pending holds under an email lock it out; confirmed bookings still count', async () => {
      const s = await salon();
      const victim = `${unique('victim')}@example.test`;
      const squat = await Promise.all(
        [
          [s.ana, '10:00'],
          [s.ana, '11:00'],
          [s.ben, '10:00'],
        ].map(([staffId, time]) =>
          bookOnline(s, { staffId, start: at(String(time)), client: { name: 'Squatter', email: victim } }),
        ),
      );
      expect(squat.map((r) => r.status)).toEqual([201, 201, 201]);
      const squatted = (squat[0] as (typeof squat)[number]).body;
      // The real client, at the default limit of 3 per email, still books and confirms.
      const real = await bookOnline(s, { staffId: s.ben, start: at('11:00'), client: { name: 'Victim', email: victim } });
      expect(real.status).toBe(201);
      expect((await confirmFromEmail(s, real.body, victim)).status).toBe('scheduled');
      // Confirmed bookings count: at a limit of 1, neither another booking nor another confirmation passes.
      await settings(s, { maxOpenBookingsPerEmail: 1 });
      const more = await bookOnline(s, {
        staffId: s.ana,
        start: at('10:00', addDays(DAY, 7)),
        client: { name: 'V', email: victim },
      });
      expect(more.status).toBe(409);
      expect(more.body).toMatchObject({ error: { code: 'BOOKING_LIMIT_REACHED' } });
      const { token } = await confirmationEmail(victim, squatted.appointmentId);
      const blocked = await confirm(s, squatted.appointmentId, token);
      expect(blocked.status).toBe(409);
      expect(blocked.body).toMatchObject({ error: { code: 'BOOKING_LIMIT_REACHED', details: { limit: 1 } } });
      expect((await getItem(appointmentKey(s.tenantId, squatted.appointmentId)))?.status).toBe('pending');
      expect(Object.keys((await getItem(bookerKey(s.tenantId, await emailIndexIn(s.tenantId, victim))))?.open ?? {})).toEqual([
        real.body.appointmentId,
      ]);
    });

    it('refuses to confirm a hold whose staff member was deleted meanwhile', async () => {
      const s = await salon();
      const email = `${unique('gone')}@example.test`;
      const res = await bookOnline(s, { staffId: s.ana, client: { name: 'Gone', email } });
      const { token } = await confirmationEmail(email, res.body.appointmentId);
      expect((await api('DELETE', `${s.base}/staff/${s.ana}`, { token: owner.accessToken })).status).toBe(204);
      const late = await confirm(s, res.body.appointmentId, token);
      expect(late.status).toBe(409);
      expect(late.body).toMatchObject({ error: { code: 'SLOT_UNAVAILABLE', details: { reason: 'staff_gone' } } });
      expect((await getItem(appointmentKey(s.tenantId, res.body.appointmentId)))?.status).toBe('pending');
    });

    it('never sends a confirmation email whose hold is already over, and drops its link', async () => {
      const s = await salon();
      const to = `${unique('moot')}@example.test`;
      const now = new Date();
      const queued = queueEmail(
        inject('endpoints').tableName,
        s.tenantId,
        await keyring().cipherFor(s.tenantId, { create: createFirstKey }),
        { template: 'booking-confirmation', to, data: { salonName: 'Studio NYC', confirmUrl: 'https://x.test/#token=secret' } },
        now.toISOString(),
        { expiresAt: new Date(now.getTime() - 1000), blankAfterSend: true },
      );
      await db().send(new PutCommand(queued.Put));
      const key = { PK: String(queued.Put.Item.PK), SK: String(queued.Put.Item.SK) };
      // Past its expiry the item is dropped by the mailer (status expired, data removed) or deleted by TTL.
      let item: Record<string, unknown> | undefined;
      for (let i = 0; i < 40; i++) {
        item = await getItem(key);
        if (item?.status !== 'queued') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      if (item) {
        expect(item.status).toBe('expired');
        expect(item).not.toHaveProperty('data');
      }
      expect(readdirSync(join(inject('dataDir'), 'outbox')).filter((f) => f.includes(`_${to}_`))).toEqual([]);
    });

    it('books at once, with no email, when the salon turns confirmation off', async () => {
      const s = await salon();
      await settings(s, { onlineBookingConfirmation: 'none' });
      const email = `${unique('direct')}@example.test`;
      const res = await bookOnline(s, { staffId: s.ana, client: { name: 'Direct', email } });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('scheduled');
      expect(res.body).not.toHaveProperty('holdExpiresAt');
      expect(Object.keys((await getItem(bookerKey(s.tenantId, await emailIndexIn(s.tenantId, email))))?.open ?? {})).toEqual([
        res.body.appointmentId,
      ]);
      expect(await getItem(pendingHoldsKey(s.tenantId, DAY))).toBeUndefined();
      const day = await getItem(staffDayKey(s.tenantId, DAY, s.ana));
      expect((day?.spans ?? {}) as Record<string, unknown>).toHaveProperty(res.body.appointmentId, {
        start: expect.any(String),
        end: expect.any(String),
      });
    });

    it.each([
      [{ pendingHoldMinutes: 1 }],
      [{ pendingHoldMinutes: 24 * 60 + 1 }],
      [{ maxPendingHoldsPerDay: 0 }],
      [{ onlineBookingConfirmation: 'maybe' }],
    ])('refuses the setting %j with 400', async (values) => {
      const s = await salon();
      const res = await api('PATCH', s.base, { token: owner.accessToken, body: { settings: values } });
      expect(res.status).toBe(400);
    });
  });

  describe('bad input changes nothing', () => {
    let s: Salon;
    beforeAll(async () => {
      s = await salon();
    });
    it.each([
      ['GET', '/v1/public/NOT_A_SLUG/services', undefined],
      ['GET', '/v1/public/{slug}/availability?serviceId=nope&date=2031-01-01', undefined],
      ['GET', '/v1/public/{slug}/availability?serviceId={service}', undefined],
      ['POST', '/v1/public/{slug}/bookings', { serviceId: '{service}', start: '2031-01-01T10:00:00Z' }],
      [
        'POST',
        '/v1/public/{slug}/bookings',
        { serviceId: '{service}', start: '2031-01-01T10:00:00Z', client: { name: 'X', email: 'not-an-email' } },
      ],
      [
        'POST',
        '/v1/public/{slug}/bookings',
        { serviceId: '{service}', start: '2031-01-01 10:00', client: { name: 'X', email: 'x@example.test' } },
      ],
      [
        'POST',
        '/v1/public/{slug}/bookings',
        {
          serviceId: '{service}',
          start: '2031-01-01T10:00:00Z',
          client: { name: 'X', email: 'x@example.test' },
          status: 'confirmed',
        },
      ],
      [
        'POST',
        '/v1/public/{slug}/bookings',
        { serviceId: MISSING_ID, start: '2031-01-01T10:00:00Z', client: { name: 'X', email: 'x@example.test' } },
      ],
      ['POST', `/v1/public/{slug}/bookings/${MISSING_ID}/cancel`, { token: 'short' }],
      ['POST', '/v1/public/{slug}/bookings/not-an-id/cancel', { token: 'A'.repeat(43) }],
      ['POST', `/v1/public/{slug}/bookings/${MISSING_ID}/confirm`, { token: 'short' }],
      ['POST', `/v1/public/{slug}/bookings/${MISSING_ID}/confirm`, {}],
      ['POST', '/v1/public/{slug}/bookings/not-an-id/confirm', { token: 'A'.repeat(43) }],
    ] as Array<[string, string, unknown]>)('%s %s %j -> 400', async (method, path, body) => {
      const fill = (v: string) => v.replace('{slug}', s.slug).replace('{service}', s.serviceId);
      const res = await api(method, fill(path), { body: body && JSON.parse(fill(JSON.stringify(body))) });
      expect(res.status).toBe(400);
      const list = await api<{ items: unknown[] }>('GET', `${s.base}/appointments`, { token: owner.accessToken });
      expect(list.body.items).toHaveLength(0);
      const clients = await api<{ items: unknown[] }>('GET', `${s.base}/clients`, { token: owner.accessToken });
      expect(clients.body.items).toHaveLength(0);
    });
  });
});
