/**
 * Immediate messages through the local platform, on the same path as on AWS: an appointment change
 * lands on the table stream, appointment-messages queues the client's message, deliver-messages sends
 * it through the local SES (aws-ses-v2-local), and it shows up as a file in `.data/outbox`. Then the
 * one-click unsubscribe of that email: it works once, for that client only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { appointmentKey, clientKey, outboxKey } from '../../functions/shared/db/keys';
import { sha256Hex } from '../../functions/shared/hash';
import { addDays, localParts, toOffsetIso, weekdayOf, zonedInstant } from '../../functions/shared/domain/zoned-time';
import { getItem, setPlan, withoutOnlineConfirmation } from '../support/fixtures';
import { api } from '../support/http';
import { signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;

let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
const TZ = 'Europe/Paris';
const DAY = (() => {
  let d = addDays(localParts(new Date(), TZ).date, 8);
  while (weekdayOf(d) !== 'wed') d = addDays(d, 1);
  return d;
})();
const at = (time: string) => toOffsetIso(zonedInstant(DAY, time, TZ) as Date, TZ);

/** Every outbox file to `to` whose text matches, waiting for the stream to deliver it. */
async function waitForMessage(to: string, match: RegExp): Promise<string> {
  const dir = join(inject('dataDir'), 'outbox');
  for (let i = 0; i < 100; i++) {
    for (const file of readdirSync(dir).filter((f) => f.includes(`_${to}_`))) {
      const text = readFileSync(join(dir, file), 'utf8');
      if (match.test(text)) return text;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no message to ${to} matching ${match}`);
}

const messagesTo = (to: string) => readdirSync(join(inject('dataDir'), 'outbox')).filter((f) => f.includes(`_${to}_`));

describe('client messages', () => {
  const e = inject('endpoints');
  let owner: Session;
  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'notify');
  });

  async function salon() {
    const res = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Salon Lumière', slug: unique('lumiere'), timezone: TZ, locale: 'fr-FR' },
    });
    expect(res.status).toBe(201);
    await setPlan(res.body.id, 'professional');
    const base = `/v1/tenants/${res.body.id}`;
    const post = async (path: string, body: unknown) => {
      const r = await api<Record<string, string>>('POST', `${base}${path}`, { token: owner.accessToken, body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    };
    const service = await post('/services', { name: 'Balayage', durationMinutes: 60, price: { amount: 9000, currency: 'EUR' } });
    const staff = await post('/staff', {
      name: 'Inès',
      serviceIds: [service.serviceId],
      workingHours: { wed: [{ start: '09:00', end: '18:00' }] },
    });
    const client = async (email: string) => post('/clients', { name: 'Léa', email });
    return { tenantId: res.body.id, base, serviceId: String(service.serviceId), staffId: String(staff.staffId), client };
  }

  it('sends the booking, reschedule and cancellation messages, in the salon locale and timezone', async () => {
    const s = await salon();
    const email = `${unique('lea')}@example.test`;
    const client = await s.client(email);
    const booked = await api<{ appointmentId: string }>('POST', `${s.base}/appointments`, {
      token: owner.accessToken,
      body: { clientId: client.clientId, serviceId: s.serviceId, staffId: s.staffId, start: at('10:00') },
    });
    expect(booked.status).toBe(201);
    const confirmation = await waitForMessage(email, /Subject: Réservé/);
    expect(confirmation).toContain('Channel: email');
    expect(confirmation).toContain(`Tenant: ${s.tenantId}`);
    expect(confirmation).toContain('Subject: Réservé: Balayage chez Salon Lumière');
    expect(confirmation).toMatch(/à 10:00/);
    expect(confirmation).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    const id = booked.body.appointmentId;
    const moved = await api('PATCH', `${s.base}/appointments/${id}`, { token: owner.accessToken, body: { start: at('14:00') } });
    expect(moved.status).toBe(200);
    const reschedule = await waitForMessage(email, /Subject: Déplacé/);
    expect(reschedule).toMatch(/à 14:00/);
    expect(reschedule).toMatch(/Il était prévu .* à 10:00/);

    const cancelled = await api('PATCH', `${s.base}/appointments/${id}`, {
      token: owner.accessToken,
      body: { status: 'cancelled' },
    });
    expect(cancelled.status).toBe(200);
    await waitForMessage(email, /Subject: Annulé/);
    // One message per change, however often the stream hands the records over.
    await new Promise((r) => setTimeout(r, 500));
    expect(messagesTo(email)).toHaveLength(3);
  });

  it('sends the staff member a copy of booked and moved appointments when the salon asks for it, once each', async () => {
    const s = await salon();
    const email = `${unique('lea')}@example.test`;
    const client = await s.client(email);
    // The owner is the staff member here: a member, so their membership has the address.
    const linked = await api('PATCH', `${s.base}/staff/${s.staffId}`, {
      token: owner.accessToken,
      body: { userId: owner.userId },
    });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    const on = await api<{ settings: { staffCopies?: boolean } }>('PATCH', s.base, {
      token: owner.accessToken,
      body: { settings: { staffCopies: true } },
    });
    expect(on.body.settings.staffCopies).toBe(true);
    const booked = await api<{ appointmentId: string }>('POST', `${s.base}/appointments`, {
      token: owner.accessToken,
      body: { clientId: client.clientId, serviceId: s.serviceId, staffId: s.staffId, start: at('15:00') },
    });
    expect(booked.status).toBe(201);
    const copy = await waitForMessage(owner.email, new RegExp(`Tenant: ${s.tenantId}[\\s\\S]*Nouveau rendez-vous`));
    expect(copy).toMatch(/Subject: Nouveau rendez-vous: Balayage, .* à 15:00/);
    expect(copy).toContain('Balayage avec Léa.');
    expect(copy).not.toContain(email);
    expect(copy).not.toContain('List-Unsubscribe');
    await api('PATCH', `${s.base}/appointments/${booked.body.appointmentId}`, {
      token: owner.accessToken,
      body: { start: at('16:00') },
    });
    const moved = await waitForMessage(owner.email, new RegExp(`Tenant: ${s.tenantId}[\\s\\S]*Rendez-vous déplacé`));
    expect(moved).toMatch(/Il était prévu .* à 15:00/);
    // The client got theirs as before.
    await waitForMessage(email, /Subject: Déplacé/);
    await new Promise((r) => setTimeout(r, 500));
    const copies = messagesTo(owner.email)
      .map((f) => readFileSync(join(inject('dataDir'), 'outbox', f), 'utf8'))
      .filter((text) => text.includes(`Tenant: ${s.tenantId}`) && text.includes('Balayage avec Léa'));
    expect(copies).toHaveLength(2);
  });

  it("unsubscribes with the email's one-click link once, for that client only", async () => {
    const s = await salon();
    const [lea, max] = [`${unique('lea')}@example.test`, `${unique('max')}@example.test`];
    const [leaClient, maxClient] = [await s.client(lea), await s.client(max)];
    for (const [c, time] of [
      [leaClient, '09:00'],
      [maxClient, '11:00'],
    ] as const) {
      const r = await api('POST', `${s.base}/appointments`, {
        token: owner.accessToken,
        body: { clientId: c.clientId, serviceId: s.serviceId, staffId: s.staffId, start: at(time) },
      });
      expect(r.status).toBe(201);
    }
    const text = await waitForMessage(lea, /List-Unsubscribe: </);
    const url = new URL(String(text.match(/List-Unsubscribe: <([^>]+)>/)?.[1]));
    const path = `${url.pathname}${url.search}`;

    // GET only shows what the link would do (mail scanners follow links).
    const shown = await api('GET', path, { headers: { accept: 'application/json' } });
    expect(shown.body).toEqual({ channel: 'email', subscribed: true, changed: false });
    expect((await getItem(clientKey(s.tenantId, String(leaClient.clientId))))?.notifications).toEqual({ email: true, sms: true });

    // RFC 8058: a form POST, no session.
    const first = await fetch(`${e.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ channel: 'email', subscribed: false, changed: true });
    const second = await api('POST', path);
    expect(second.body).toEqual({ channel: 'email', subscribed: false, changed: false });

    const leaNow = await api<{ notifications: unknown }>('GET', `${s.base}/clients/${leaClient.clientId}`, {
      token: owner.accessToken,
    });
    expect(leaNow.body.notifications).toEqual({ email: false, sms: true });
    const maxNow = await api<{ notifications: unknown }>('GET', `${s.base}/clients/${maxClient.clientId}`, {
      token: owner.accessToken,
    });
    expect(maxNow.body.notifications).toEqual({ email: true, sms: true });

    // A forged or altered token changes nothing and says nothing.
    const [payload] = String(url.searchParams.get('token')).split('.');
    expect((await api('POST', `/v1/public/unsubscribe?token=${payload}.${'A'.repeat(43)}`)).status).toBe(404);
    expect((await api('POST', '/v1/public/unsubscribe?token=nope')).status).toBe(400);

    // Lea's next message is not sent; Max's is.
    const before = messagesTo(lea).length;
    await api('POST', `${s.base}/appointments`, {
      token: owner.accessToken,
      body: { clientId: maxClient.clientId, serviceId: s.serviceId, staffId: s.staffId, start: at('15:00') },
    });
    await api('POST', `${s.base}/appointments`, {
      token: owner.accessToken,
      body: { clientId: leaClient.clientId, serviceId: s.serviceId, staffId: s.staffId, start: at('16:00') },
    });
    await waitForMessage(max, /à 15:00/);
    await new Promise((r) => setTimeout(r, 800));
    expect(messagesTo(lea)).toHaveLength(before);
  });

  it('answers a browser with an HTML page whose button POSTs, in the salon locale or the browser language', async () => {
    const s = await salon();
    const lea = `${unique('lea')}@example.test`;
    const leaClient = await s.client(lea);
    const r = await api('POST', `${s.base}/appointments`, {
      token: owner.accessToken,
      body: { clientId: leaClient.clientId, serviceId: s.serviceId, staffId: s.staffId, start: at('09:00') },
    });
    expect(r.status).toBe(201);
    const text = await waitForMessage(lea, /List-Unsubscribe: </);
    const url = new URL(String(text.match(/List-Unsubscribe: <([^>]+)>/)?.[1]));
    const path = `${url.pathname}${url.search}`;
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

    // The salon is fr-FR: without a language the page is French; its form posts back to this very link.
    const fr = await api<string>('GET', path, { headers: { accept: browser } });
    expect(fr.status).toBe(200);
    expect(fr.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(fr.headers.get('referrer-policy')).toBe('no-referrer');
    expect(fr.body).toContain('<html lang="fr">');
    expect(fr.body).toContain('Ne plus recevoir les e-mails de Salon Lumière ?');
    const action = String(fr.body.match(/<form method="post" action="([^"]+)">/)?.[1]).replaceAll('&amp;', '&');
    expect(new URL(action, url).href).toBe(url.href);
    // The browser's language wins; curl's */* gets the page too.
    const en = await api<string>('GET', path, { headers: { accept: '*/*', 'accept-language': 'en-GB,en;q=0.9,fr;q=0.5' } });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Stop receiving emails from Salon Lumière?');
    // None of the GETs changed anything.
    expect((await getItem(clientKey(s.tenantId, String(leaClient.clientId))))?.notifications).toEqual({ email: true, sms: true });

    // The form's POST asks for HTML and gets a confirmation page; the preference is off.
    const posted = await api<string>('POST', new URL(action, url).pathname + new URL(action, url).search, {
      raw: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: browser, 'accept-language': 'fr' },
    });
    expect(posted.status).toBe(200);
    expect(posted.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(posted.body).toContain('vous ne recevrez plus les e-mails de Salon Lumière');
    expect((await getItem(clientKey(s.tenantId, String(leaClient.clientId))))?.notifications).toEqual({
      email: false,
      sms: true,
    });
    // Opened again, the page says so and offers no button.
    const after = await api<string>('GET', path, { headers: { accept: browser } });
    expect(after.body).toContain('Vous ne recevez plus les e-mails de Salon Lumière.');
    expect(after.body).not.toContain('<form');
  });

  it("gives the online booker's booked message a manage link that manages the booking, its token kept only hashed", async () => {
    const s = await salon();
    const slug = await withoutOnlineConfirmation(s.tenantId);
    const email = `${unique('zoe')}@example.test`;
    const booked = await api<{ appointmentId: string; manageToken: string; status: string }>(
      'POST',
      `/v1/public/${slug}/bookings`,
      {
        body: { serviceId: s.serviceId, start: at('12:00'), client: { name: 'Zoé', email } },
      },
    );
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const id = booked.body.appointmentId;
    const text = await waitForMessage(email, /Subject: Réservé/);
    // The booking page's manage route (web/src/book/BookingPage.tsx): /book/<slug>/bookings/<id>#manage=<token>.
    const link = new URL(String(text.match(/Le gérer ici: (\S+)/)?.[1]));
    expect(link.pathname).toBe(`/book/${slug}/bookings/${id}`);
    const token = String(new URLSearchParams(link.hash.slice(1)).get('manage'));
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token).not.toBe(booked.body.manageToken);
    // At rest: only its hash on the appointment; the sent message no longer holds it.
    const stored = await getItem(appointmentKey(s.tenantId, id));
    expect(stored?.manageTokenHashes).toEqual([sha256Hex(token)]);
    expect(JSON.stringify(stored)).not.toContain(token);
    for (let i = 0; i < 50 && (await getItem(outboxKey(s.tenantId, `${id}-booked`)))?.status !== 'sent'; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const message = await getItem(outboxKey(s.tenantId, `${id}-booked`));
    expect(message?.status).toBe('sent');
    expect(JSON.stringify(message)).not.toContain(token);
    // What the manage page does with it: the public cancel route accepts that token.
    const cancel = await api<{ status: string }>('POST', `/v1/public/${slug}/bookings/${id}/cancel`, { body: { token } });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
    // The cancellation shows no link, and a redelivered booked record added no second hash.
    const cancelled = await waitForMessage(email, /Subject: Annulé/);
    expect(cancelled).not.toContain('#manage=');
    expect((await getItem(appointmentKey(s.tenantId, id)))?.manageTokenHashes).toHaveLength(1);
  });

  it('takes the preferences on the client and answers them', async () => {
    const s = await salon();
    const res = await api<{ clientId: string; notifications: unknown }>('POST', `${s.base}/clients`, {
      token: owner.accessToken,
      body: { name: 'Quiet', notifications: { email: false, sms: false } },
    });
    expect(res.status).toBe(201);
    expect(res.body.notifications).toEqual({ email: false, sms: false });
    const bad = await api('PATCH', `${s.base}/clients/${res.body.clientId}`, {
      token: owner.accessToken,
      body: { notifications: { email: 'yes' } },
    });
    expect(bad.status).toBe(400);
    const ok = await api<{ notifications: unknown }>('PATCH', `${s.base}/clients/${res.body.clientId}`, {
      token: owner.accessToken,
      body: { notifications: { email: true, sms: false } },
    });
    expect(ok.body.notifications).toEqual({ email: true, sms: false });
  });
});
