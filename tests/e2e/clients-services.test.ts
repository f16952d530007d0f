import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Client } from '../../functions/shared/repositories/clients';
import type { Page } from '../../functions/shared/repositories/pagination';
import type { Service } from '../../functions/shared/repositories/services';
import { usageKey } from '../../functions/shared/db/keys';
import { PLAN_LIMITS } from '../../functions/shared/domain/plans';
import { getItem, setPlan, setTenantFields } from '../support/fixtures';
import { api } from '../support/http';
import { sampleServiceBody } from '../support/route-samples';
import { signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;

let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
const MISSING_ID = '01JABCDEFGHJKMNPQRSTVWXYZ0';

describe('clients and services over HTTP', () => {
  const e = inject('endpoints');
  let owner: Session;
  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'catalog');
  });

  async function salon(plan: 'free' | 'starter' = 'starter') {
    const res = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Catalog Salon', slug: unique('cat') },
    });
    expect(res.status).toBe(201);
    if (plan !== 'free') await setPlan(res.body.id, plan);
    return res.body.id;
  }
  const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    api<T>(method, path, { token: owner.accessToken, body, headers });
  const clientCount = async (t: string) => Number((await getItem(usageKey(t)))?.clients ?? 0);
  const listAll = async <T>(t: string, resource: 'clients' | 'services') =>
    (await call<Page<T>>('GET', `/v1/tenants/${t}/${resource}?limit=100`)).body.items;

  describe('clients', () => {
    it('stores phones in E.164, reading national numbers in the salon country, and refuses impossible ones with 400', async () => {
      const t = await salon(); // fr-FR by default
      const fr = await call<Client>('POST', `/v1/tenants/${t}/clients`, { name: 'Léa', phone: '06 12 34 56 78' });
      expect(fr.status).toBe(201);
      expect(fr.body.phone).toBe('+33612345678');
      const moved = await call<Client>('PATCH', `/v1/tenants/${t}/clients/${fr.body.clientId}`, { phone: '+1 (212) 555-0123' });
      expect(moved.body.phone).toBe('+12125550123');
      const national = await call<Client>('PATCH', `/v1/tenants/${t}/clients/${fr.body.clientId}`, { phone: '07 00 00 00 01' });
      expect(national.body.phone).toBe('+33700000001');
      for (const phone of ['+33 6 12 34', '06 12 34', '+1 012 555 0123']) {
        const bad = await call('POST', `/v1/tenants/${t}/clients`, { name: 'Bad', phone });
        expect(bad.status, phone).toBe(400);
        expect(bad.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'phone' }] } });
        const badPatch = await call('PATCH', `/v1/tenants/${t}/clients/${fr.body.clientId}`, { phone });
        expect(badPatch.status, phone).toBe(400);
      }
      expect((await call<Client>('GET', `/v1/tenants/${t}/clients/${fr.body.clientId}`)).body.phone).toBe('+33700000001');
      // A salon whose locale names no country needs the +.
      const en = await api<{ id: string }>('POST', '/v1/tenants', {
        token: owner.accessToken,
        body: { name: 'English Salon', slug: unique('en'), locale: 'en' },
      });
      expect(en.status, JSON.stringify(en.body)).toBe(201);
      await setPlan(en.body.id, 'starter');
      const needs = await call('POST', `/v1/tenants/${en.body.id}/clients`, { name: 'Max', phone: '020 7946 0958' });
      expect(needs.status).toBe(400);
      expect(needs.body).toMatchObject({ error: { details: [{ message: 'Needs +country code' }] } });
    });

    it('creates, reads, lists, updates and deletes a client, and the usage counter follows', async () => {
      const t = await salon();
      const made = await call<Client>('POST', `/v1/tenants/${t}/clients`, {
        name: '  Alice Martin ',
        email: 'Alice.Martin@Example.TEST',
        phone: '+33 6 12 34 56 78',
        notes: 'Prefers mornings',
      });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ name: 'Alice Martin', email: 'alice.martin@example.test', phone: '+33612345678' });
      expect(made.body.clientId).toMatch(/^[0-9A-Z]{26}$/);
      expect(await clientCount(t)).toBe(1);

      const got = await call<Client>('GET', `/v1/tenants/${t}/clients/${made.body.clientId}`);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(made.body);
      expect(await listAll<Client>(t, 'clients')).toEqual([made.body]);

      const patched = await call<Client>('PATCH', `/v1/tenants/${t}/clients/${made.body.clientId}`, {
        name: 'Alice M.',
        phone: null,
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ name: 'Alice M.', email: 'alice.martin@example.test', notes: 'Prefers mornings' });
      expect(patched.body).not.toHaveProperty('phone');
      expect((await call('GET', `/v1/tenants/${t}/clients/${made.body.clientId}`)).body).toEqual(patched.body);

      expect((await call('DELETE', `/v1/tenants/${t}/clients/${made.body.clientId}`)).status).toBe(204);
      expect((await call('GET', `/v1/tenants/${t}/clients/${made.body.clientId}`)).status).toBe(404);
      expect((await call('DELETE', `/v1/tenants/${t}/clients/${made.body.clientId}`)).status).toBe(404);
      expect(await clientCount(t)).toBe(0);
      // The email is free again.
      const again = await call('POST', `/v1/tenants/${t}/clients`, { name: 'Alice again', email: 'alice.martin@example.test' });
      expect(again.status).toBe(201);
    });

    it('finds a client by exact email, case-insensitively, and follows email changes', async () => {
      const t = await salon();
      const a = await call<Client>('POST', `/v1/tenants/${t}/clients`, { name: 'A', email: 'a@example.test' });
      await call('POST', `/v1/tenants/${t}/clients`, { name: 'B', email: 'b@example.test' });
      await call('POST', `/v1/tenants/${t}/clients`, { name: 'No email' });
      const byEmail = (email: string) =>
        call<Page<Client>>('GET', `/v1/tenants/${t}/clients?email=${encodeURIComponent(email)}`).then((r) => r.body.items);
      expect(await byEmail('A@Example.test')).toEqual([a.body]);
      expect(await byEmail('nobody@example.test')).toEqual([]);

      const moved = await call<Client>('PATCH', `/v1/tenants/${t}/clients/${a.body.clientId}`, { email: 'a2@example.test' });
      expect(moved.status).toBe(200);
      expect(await byEmail('a@example.test')).toEqual([]);
      expect(await byEmail('a2@example.test')).toEqual([moved.body]);
      // The old address is free for another client; removing the email frees the new one.
      expect((await call('POST', `/v1/tenants/${t}/clients`, { name: 'A bis', email: 'a@example.test' })).status).toBe(201);
      const cleared = await call<Client>('PATCH', `/v1/tenants/${t}/clients/${a.body.clientId}`, { email: null });
      expect(cleared.body).not.toHaveProperty('email');
      expect(await byEmail('a2@example.test')).toEqual([]);
      expect((await call('POST', `/v1/tenants/${t}/clients`, { name: 'A ter', email: 'a2@example.test' })).status).toBe(201);
    });

    it('refuses a duplicate email with 409 CLIENT_EMAIL_TAKEN on create and update, writing nothing', async () => {
      const t = await salon();
      await call('POST', `/v1/tenants/${t}/clients`, { name: 'First', email: 'same@example.test' });
      const other = await call<Client>('POST', `/v1/tenants/${t}/clients`, { name: 'Other', email: 'other@example.test' });
      const dup = await call('POST', `/v1/tenants/${t}/clients`, { name: 'Second', email: 'SAME@example.test' });
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({ error: { code: 'CLIENT_EMAIL_TAKEN' } });
      const steal = await call('PATCH', `/v1/tenants/${t}/clients/${other.body.clientId}`, { email: 'same@example.test' });
      expect(steal.status).toBe(409);
      expect((await call('GET', `/v1/tenants/${t}/clients/${other.body.clientId}`)).body).toEqual(other.body);
      expect(await listAll(t, 'clients')).toHaveLength(2);
      expect(await clientCount(t)).toBe(2);
    });

    it('gives an email to exactly one of many concurrent creates', async () => {
      const t = await salon();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          call('POST', `/v1/tenants/${t}/clients`, { name: `R${i}`, email: 'race@example.test' }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
      expect(await clientCount(t)).toBe(1);
    });

    it('answers 404 for a client id that is not this salon’s', async () => {
      const t = await salon();
      for (const [method, body] of [
        ['GET', undefined],
        ['PATCH', { name: 'X' }],
        ['PATCH', { email: 'x@example.test' }],
        ['DELETE', undefined],
      ] as const) {
        const res = await call(method, `/v1/tenants/${t}/clients/${MISSING_ID}`, body);
        expect([method, body, res.status]).toEqual([method, body, 404]);
      }
      expect(await clientCount(t)).toBe(0);
    });

    it('counts against maxClients: 40 concurrent creates under a limit of 10 give exactly 10, and deletes give back', async () => {
      const t = await salon('free');
      await setTenantFields(t, { limits: { ...PLAN_LIMITS.free, maxClients: 10 } });
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => call<Client>('POST', `/v1/tenants/${t}/clients`, { name: `Client ${i}` })),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(10);
      const refused = results.filter((r) => r.status === 402);
      expect(refused).toHaveLength(30);
      expect(refused[0]?.body).toMatchObject({
        error: { code: 'PLAN_LIMIT_EXCEEDED', details: { limit: 10, current: 10, plan: 'free', limitName: 'maxClients' } },
      });
      expect(await clientCount(t)).toBe(10);
      expect(await listAll(t, 'clients')).toHaveLength(10);
      const usage = await call<{ usage: { clients: number } }>('GET', `/v1/tenants/${t}/usage`);
      expect(usage.body.usage.clients).toBe(10);

      const first = results.find((r) => r.status === 201)?.body.clientId;
      expect((await call('DELETE', `/v1/tenants/${t}/clients/${first}`)).status).toBe(204);
      expect(await clientCount(t)).toBe(9);
      expect((await call('POST', `/v1/tenants/${t}/clients`, { name: 'Back in' })).status).toBe(201);
      expect((await call('POST', `/v1/tenants/${t}/clients`, { name: 'One too many' })).status).toBe(402);
      expect(await clientCount(t)).toBe(10);
    });
  });

  describe('services', () => {
    it('creates with defaults, reads, lists, updates and deletes a service', async () => {
      const t = await salon();
      const made = await call<Service>('POST', `/v1/tenants/${t}/services`, sampleServiceBody());
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({
        name: 'Coupe femme',
        durationMinutes: 45,
        price: { amount: 4500, currency: 'EUR' },
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        active: true,
      });
      expect((await call('GET', `/v1/tenants/${t}/services/${made.body.serviceId}`)).body).toEqual(made.body);
      expect(await listAll(t, 'services')).toEqual([made.body]);
      const patched = await call<Service>('PATCH', `/v1/tenants/${t}/services/${made.body.serviceId}`, {
        price: { amount: 5200, currency: 'EUR' },
        bufferAfterMinutes: 10,
        active: false,
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        price: { amount: 5200, currency: 'EUR' },
        bufferAfterMinutes: 10,
        active: false,
        name: 'Coupe femme',
      });
      expect((await call('GET', `/v1/tenants/${t}/services/${made.body.serviceId}`)).body).toEqual(patched.body);
      expect((await call('DELETE', `/v1/tenants/${t}/services/${made.body.serviceId}`)).status).toBe(204);
      expect((await call('GET', `/v1/tenants/${t}/services/${made.body.serviceId}`)).status).toBe(404);
      expect((await call('PATCH', `/v1/tenants/${t}/services/${made.body.serviceId}`, { active: true })).status).toBe(404);
      expect((await call('DELETE', `/v1/tenants/${t}/services/${made.body.serviceId}`)).status).toBe(404);
      expect(await listAll(t, 'services')).toEqual([]);
    });
  });

  describe.each(['clients', 'services'] as const)('%s lists', (resource) => {
    it('page in creation order with the cursor they hand out', async () => {
      const t = await salon();
      const body = (i: number) => (resource === 'clients' ? { name: `P${i}` } : { ...sampleServiceBody(), name: `P${i}` });
      for (let i = 0; i < 3; i++) expect((await call('POST', `/v1/tenants/${t}/${resource}`, body(i))).status).toBe(201);
      const first = await call<Page<{ name: string }>>('GET', `/v1/tenants/${t}/${resource}?limit=2`);
      expect(first.body.items.map((i) => i.name)).toEqual(['P0', 'P1']);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await call<Page<{ name: string }>>(
        'GET',
        `/v1/tenants/${t}/${resource}?limit=2&cursor=${first.body.nextCursor}`,
      );
      expect(second.body.items.map((i) => i.name)).toEqual(['P2']);
      const all = await call<Page<unknown>>('GET', `/v1/tenants/${t}/${resource}`);
      expect(all.body.items).toHaveLength(3);
      // Forged cursors and bad limits: the route-table fuzz in hostile-input.test.ts, for every paged route.
    });
  });

  describe('bad input on every route answers 400 and writes nothing', () => {
    const long = 'x'.repeat(2001);
    const cases: Array<[string, string, string, unknown]> = [
      ['createClient: no name', 'POST', 'clients', { email: 'x@example.test' }],
      ['createClient: blank name', 'POST', 'clients', { name: '   ' }],
      ['createClient: unknown field', 'POST', 'clients', { name: 'X', vip: true }],
      ['createClient: bad email', 'POST', 'clients', { name: 'X', email: 'not-an-email' }],
      ['createClient: bad phone', 'POST', 'clients', { name: 'X', phone: 'call me' }],
      ['createClient: notes too long', 'POST', 'clients', { name: 'X', notes: long }],
      ['createClient: name not a string', 'POST', 'clients', { name: 42 }],
      ['createClient: null name', 'POST', 'clients', { name: null }],
      ['listClients: bad email filter', 'GET', 'clients?email=nope', undefined],
      ['getClient: bad id', 'GET', 'clients/not-an-id', undefined],
      ['updateClient: empty body', 'PATCH', 'clients/{clientId}', {}],
      ['updateClient: unknown field', 'PATCH', 'clients/{clientId}', { name: 'Y', clientId: MISSING_ID }],
      ['updateClient: null name', 'PATCH', 'clients/{clientId}', { name: null }],
      ['updateClient: bad email', 'PATCH', 'clients/{clientId}', { email: 'nope' }],
      ['updateClient: bad id', 'PATCH', 'clients/not-an-id', { name: 'Y' }],
      ['deleteClient: bad id', 'DELETE', 'clients/not-an-id', undefined],
      ['createService: no price', 'POST', 'services', { name: 'S', durationMinutes: 30 }],
      ['createService: negative amount', 'POST', 'services', { ...sampleServiceBody(), price: { amount: -1, currency: 'EUR' } }],
      [
        'createService: fractional amount',
        'POST',
        'services',
        { ...sampleServiceBody(), price: { amount: 12.5, currency: 'EUR' } },
      ],
      [
        'createService: lower-case currency',
        'POST',
        'services',
        { ...sampleServiceBody(), price: { amount: 1, currency: 'eur' } },
      ],
      ['createService: unknown currency', 'POST', 'services', { ...sampleServiceBody(), price: { amount: 1, currency: 'ABC' } }],
      ['createService: zero duration', 'POST', 'services', { ...sampleServiceBody(), durationMinutes: 0 }],
      ['createService: huge buffer', 'POST', 'services', { ...sampleServiceBody(), bufferAfterMinutes: 241 }],
      ['createService: unknown field', 'POST', 'services', { ...sampleServiceBody(), staffIds: [] }],
      ['createService: active not boolean', 'POST', 'services', { ...sampleServiceBody(), active: 'yes' }],
      ['getService: bad id', 'GET', 'services/not-an-id', undefined],
      ['updateService: empty body', 'PATCH', 'services/{serviceId}', {}],
      ['updateService: partial price', 'PATCH', 'services/{serviceId}', { price: { amount: 100 } }],
      ['updateService: null duration', 'PATCH', 'services/{serviceId}', { durationMinutes: null }],
      ['updateService: bad id', 'PATCH', 'services/not-an-id', { active: false }],
      ['deleteService: bad id', 'DELETE', 'services/not-an-id', undefined],
    ];
    it.each(cases)('%s', async (_name, method, path, body) => {
      const t = await salon();
      const client = await call<Client>('POST', `/v1/tenants/${t}/clients`, { name: 'Keep', email: 'keep@example.test' });
      const service = await call<Service>('POST', `/v1/tenants/${t}/services`, sampleServiceBody());
      const before = [await listAll(t, 'clients'), await listAll(t, 'services'), await clientCount(t)];
      const url = `/v1/tenants/${t}/${path.replace('{clientId}', client.body.clientId).replace('{serviceId}', service.body.serviceId)}`;
      const res = await call(method, url, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
      expect([await listAll(t, 'clients'), await listAll(t, 'services'), await clientCount(t)]).toEqual(before);
    });
  });

  describe('Idempotency-Key', () => {
    const key = () => ({ 'Idempotency-Key': unique('idem') });

    it.each(['clients', 'services'] as const)(
      'on %s: the same key and body replays the first 201 and creates nothing more',
      async (resource) => {
        const t = await salon();
        const body = resource === 'clients' ? { name: 'Once', email: 'once@example.test' } : sampleServiceBody();
        const headers = key();
        const first = await call('POST', `/v1/tenants/${t}/${resource}`, body, headers);
        expect(first.status).toBe(201);
        expect(first.headers.get('idempotent-replayed')).toBeNull();
        // Same body, keys in another order.
        const reordered = Object.fromEntries(Object.entries(body).reverse());
        for (const again of [body, reordered]) {
          const retry = await call('POST', `/v1/tenants/${t}/${resource}`, again, headers);
          expect(retry.status).toBe(201);
          expect(retry.body).toEqual(first.body);
          expect(retry.headers.get('idempotent-replayed')).toBe('true');
        }
        expect(await listAll(t, resource)).toHaveLength(1);
        if (resource === 'clients') expect(await clientCount(t)).toBe(1);
        // A new key creates again (a different email, so the client is not a duplicate).
        const fresh = resource === 'clients' ? { ...body, email: 'twice@example.test' } : body;
        expect((await call('POST', `/v1/tenants/${t}/${resource}`, fresh, key())).status).toBe(201);
        expect(await listAll(t, resource)).toHaveLength(2);
      },
    );

    it('refuses the same key with a different body with 422 IDEMPOTENCY_KEY_REUSED, creating nothing', async () => {
      const t = await salon();
      const headers = key();
      expect((await call('POST', `/v1/tenants/${t}/clients`, { name: 'First' }, headers)).status).toBe(201);
      const reused = await call('POST', `/v1/tenants/${t}/clients`, { name: 'Different' }, headers);
      expect(reused.status).toBe(422);
      expect(reused.body).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
      expect(await listAll(t, 'clients')).toHaveLength(1);
      expect(await clientCount(t)).toBe(1);
      // Keys are per route: the same key on services is a new request.
      expect((await call('POST', `/v1/tenants/${t}/services`, sampleServiceBody(), headers)).status).toBe(201);
    });

    it('lets exactly one of many concurrent same-key creates create; all get its answer', async () => {
      const t = await salon();
      const headers = key();
      const results = await Promise.all(
        Array.from({ length: 12 }, () =>
          call<Client>('POST', `/v1/tenants/${t}/clients`, { name: 'Racer', email: 'racer@example.test' }, headers),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
      expect(new Set(results.map((r) => r.body.clientId)).size).toBe(1);
      expect(await listAll(t, 'clients')).toHaveLength(1);
      expect(await clientCount(t)).toBe(1);
    });

    it('does not record a failed create: the same key may be retried once the cause is gone', async () => {
      const t = await salon();
      const taken = await call<Client>('POST', `/v1/tenants/${t}/clients`, { name: 'Holder', email: 'held@example.test' });
      const headers = key();
      const body = { name: 'Wants it', email: 'held@example.test' };
      expect((await call('POST', `/v1/tenants/${t}/clients`, body, headers)).status).toBe(409);
      expect((await call('DELETE', `/v1/tenants/${t}/clients/${taken.body.clientId}`)).status).toBe(204);
      expect((await call('POST', `/v1/tenants/${t}/clients`, body, headers)).status).toBe(201);
    });

    it.each([
      ['too long', 'k'.repeat(256)],
      ['empty', ''],
    ])('refuses a malformed key (%s) with 400 and creates nothing', async (_n, value) => {
      const t = await salon();
      const res = await call('POST', `/v1/tenants/${t}/clients`, { name: 'X' }, { 'Idempotency-Key': value });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { details: [{ in: 'header', path: 'Idempotency-Key' }] } });
      expect(await listAll(t, 'clients')).toEqual([]);
      expect(await clientCount(t)).toBe(0);
    });
  });
});
