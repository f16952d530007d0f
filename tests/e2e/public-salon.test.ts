/**
 * `GET /v1/public/{slug}`: the salon's public profile for its booking page, over HTTP against the local
 * stack (every answer is also held to docs/openapi.json by the api() helper).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { setPlan } from '../support/fixtures';
import { api } from '../support/http';
import { signUpAndSignIn } from '../support/tokens';

let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

describe('public salon profile over HTTP', () => {
  const e = inject('endpoints');
  let owner: Awaited<ReturnType<typeof signUpAndSignIn>>;
  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'profile');
  });

  async function salon() {
    const slug = unique('profile');
    const res = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Studio Lumière', slug, timezone: 'America/New_York', locale: 'en-US', currency: 'USD' },
    });
    expect(res.status).toBe(201);
    return { slug, tenantId: res.body.id, base: `/v1/tenants/${res.body.id}` };
  }

  it('answers name, timezone, locale, branding, address and booking rules, cacheable for a minute', async () => {
    const s = await salon();
    const res = await api('GET', `/v1/public/${s.slug}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      slug: s.slug,
      name: 'Studio Lumière',
      timezone: 'America/New_York',
      locale: 'en-US',
      currency: 'USD',
      weekStartsOn: 1,
      address: null,
      branding: { primaryColor: '#4F46E5', secondaryColor: '#0EA5E9', logoUrl: null },
      booking: {
        minimumNoticeMinutes: 60,
        bookingHorizonDays: 60,
        cancellationNoticeHours: 24,
        maxOpenBookingsPerEmail: 3,
        confirmation: 'required',
        pendingHoldMinutes: 30,
      },
    });
    expect(res.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=300');
    // CORS echoes the Origin, so a shared cache must key on it.
    expect(res.headers.get('vary')?.toLowerCase()).toContain('origin');
  });

  it("follows the owner's settings and branding, and shows none of the salon's private fields", async () => {
    const s = await salon();
    const patched = await api('PATCH', s.base, {
      token: owner.accessToken,
      body: {
        name: 'Studio Soleil',
        billingEmail: 'accounts@soleil.test',
        settings: {
          locale: 'fr-FR',
          timezone: 'Europe/Paris',
          address: '12 rue des Lilas, Lyon',
          cancellationNoticeHours: 48,
          onlineBookingConfirmation: 'none',
          reminders: [{ before: 'PT3H', channel: 'email' }],
          quietHours: { start: '21:00', end: '08:00' },
        },
        branding: { primaryColor: '#7C2D12', secondaryColor: '#166534' },
      },
    });
    expect(patched.status).toBe(200);
    // The members' view answers the settings they set (the settings screen reads them back).
    expect(patched.body).toMatchObject({
      settings: { address: '12 rue des Lilas, Lyon', reminders: [{ before: 'PT3H', channel: 'email' }] },
    });
    const res = await api<Record<string, unknown>>('GET', `/v1/public/${s.slug}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Studio Soleil',
      timezone: 'Europe/Paris',
      locale: 'fr-FR',
      address: '12 rue des Lilas, Lyon',
      branding: { primaryColor: '#7C2D12', secondaryColor: '#166534' },
      booking: { cancellationNoticeHours: 48, confirmation: 'none' },
    });
    const text = JSON.stringify(res.body);
    for (const hidden of ['accounts@soleil.test', owner.email, 'PT3H', '21:00', s.tenantId, 'trialing']) {
      expect(text, hidden).not.toContain(hidden);
    }
  });

  it('answers an unknown, suspended or deleted salon with the same uncached 404', async () => {
    const s = await salon();
    const unknown = await api('GET', `/v1/public/${unique('nobody')}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('cache-control')).toBe('no-store');
    const shape = (body: unknown) => ({ ...(body as { error: object }), requestId: 'x' });

    await setPlan(s.tenantId, 'starter', 'unpaid');
    const suspended = await api('GET', `/v1/public/${s.slug}`);
    expect(suspended.status).toBe(404);
    expect(shape(suspended.body)).toEqual(shape(unknown.body));
    expect(suspended.headers.get('cache-control')).toBe('no-store');

    await setPlan(s.tenantId, 'starter', 'active');
    expect((await api('GET', `/v1/public/${s.slug}`)).status).toBe(200);
    expect((await api('DELETE', s.base, { token: owner.accessToken })).status).toBe(204);
    const deleted = await api('GET', `/v1/public/${s.slug}`);
    expect(deleted.status).toBe(404);
    expect(shape(deleted.body)).toEqual(shape(unknown.body));
  });

  it('refuses a malformed slug with 400, and leaves /v1/public/unsubscribe to its own route', async () => {
    const bad = await api('GET', '/v1/public/Not_A_Slug');
    expect(bad.status).toBe(400);
    // The unsubscribe route (a literal segment) wins over {slug}: without a token it is its 400, not a salon's 404.
    const unsubscribe = await api<{ error: { code: string; message: string } }>('GET', '/v1/public/unsubscribe', {
      headers: { accept: 'application/json' },
    });
    expect(unsubscribe.status).toBe(400);
    expect(JSON.stringify(unsubscribe.body)).toMatch(/token/i);
  });
});
