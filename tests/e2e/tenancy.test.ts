import { beforeAll, describe, expect, inject, it } from 'vitest';
import { slugKey, tenantMetaKey, usageKey } from '../../functions/shared/db/keys';
import { ROLES, type Role, accessFor } from '../../functions/shared/domain/rbac';
import { addMember, getItem, setPlan, setTenantFields } from '../support/fixtures';
import { api } from '../support/http';
import {
  SAMPLE_APPOINTMENT_START,
  type SampleContext,
  allWeekStaffBody,
  sampleClientBody,
  sampleRequest,
  sampleServiceBody,
  sampleStaffBody,
  tenantRoutes,
} from '../support/route-samples';
import { signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;
type Tenant = { id: string; slug: string; name: string; plan: string; settings: Record<string, unknown> };

let seq = 0;
const uniqueSlug = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

async function createTenant(token: string, name = 'Salon Test'): Promise<Tenant> {
  const res = await api<Tenant>('POST', '/v1/tenants', { token, body: { name, slug: uniqueSlug('salon') } });
  expect(res.status).toBe(201);
  return res.body;
}

async function invite(token: string, tenantId: string, email = `invitee-${uniqueSlug('x')}@example.test`, role = 'viewer') {
  const res = await api<{ invitationId: string }>('POST', `/v1/tenants/${tenantId}/invitations`, {
    token,
    body: { email, role },
  });
  expect(res.status).toBe(201);
  return res.body.invitationId;
}

/** A client, a service and a staff member of the tenant, created only when the route's path names them. */
async function catalogFor(
  path: string,
  token: string,
  tenantId: string,
  actorUserId?: string,
): Promise<Pick<SampleContext, 'clientId' | 'serviceId' | 'staffId' | 'appointmentId' | 'fileId' | 'exportId'>> {
  const unused = '01JABCDEFGHJKMNPQRSTVWXYZ0';
  const make = async (resource: 'clients' | 'services' | 'staff' | 'appointments', body: unknown, idField: string) => {
    const res = await api<Record<string, string>>('POST', `/v1/tenants/${tenantId}/${resource}`, { token, body });
    expect(res.status).toBe(201);
    return String(res.body[idField]);
  };
  // Appointments and availability need the whole cast: a client, a service, someone offering it (linked to
  // the caller, so an employee's `:own` applies) and, for routes on one appointment, that appointment.
  if (path.includes('/appointments') || path.includes('/availability')) {
    const serviceId = await make('services', sampleServiceBody(), 'serviceId');
    const clientId = await make('clients', sampleClientBody(), 'clientId');
    const staffId = await make('staff', allWeekStaffBody([serviceId], actorUserId), 'staffId');
    const appointmentId = path.includes('{appointmentId}')
      ? await make('appointments', { clientId, serviceId, staffId, start: SAMPLE_APPOINTMENT_START }, 'appointmentId')
      : undefined;
    return { clientId, serviceId, staffId, ...(appointmentId ? { appointmentId } : {}) };
  }
  // Routes on one export: an export started by the owner.
  if (path.includes('{exportId}')) {
    const res = await api<{ exportId: string }>('POST', `/v1/tenants/${tenantId}/exports`, { token });
    expect(res.status).toBe(201);
    return { clientId: unused, serviceId: unused, staffId: unused, exportId: res.body.exportId };
  }
  // Routes on one file: a logo uploaded (not yet completed, so `complete` has something to check).
  if (path.includes('{fileId}')) {
    const res = await api<{ file: { fileId: string }; upload: { url: string; fields: Record<string, string> } }>(
      'POST',
      `/v1/tenants/${tenantId}/files`,
      { token, body: { purpose: 'logo', contentType: 'image/png', size: 4, fileName: 'logo.png' } },
    );
    expect(res.status).toBe(201);
    const form = new FormData();
    for (const [k, v] of Object.entries(res.body.upload.fields)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(4)], { type: 'image/png' }), 'logo.png');
    expect((await fetch(res.body.upload.url, { method: 'POST', body: form })).ok).toBe(true);
    return { clientId: unused, serviceId: unused, staffId: unused, fileId: res.body.file.fileId };
  }
  return {
    clientId: path.includes('{clientId}') ? await make('clients', sampleClientBody(), 'clientId') : unused,
    serviceId: path.includes('{serviceId}') ? await make('services', sampleServiceBody(), 'serviceId') : unused,
    staffId: path.includes('{staffId}') ? await make('staff', sampleStaffBody(), 'staffId') : unused,
  };
}

describe('tenancy over HTTP', () => {
  const e = inject('endpoints');
  let owner: Session;
  let other: Session;
  beforeAll(async () => {
    [owner, other] = await Promise.all([signUpAndSignIn(e, 'owner'), signUpAndSignIn(e, 'other')]);
  });

  describe('onboarding', () => {
    it('creates a free, trialing tenant with defaults and makes the caller its owner', async () => {
      const slug = uniqueSlug('belle');
      const res = await api<Tenant & Record<string, unknown>>('POST', '/v1/tenants', {
        token: owner.accessToken,
        body: { name: 'Belle Coiffure', slug, timezone: 'America/New_York', currency: 'USD' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        slug,
        name: 'Belle Coiffure',
        plan: 'free',
        subscriptionStatus: 'trialing',
        billingEmail: owner.email,
        limits: { maxUsers: 1, maxClients: 50, maxAppointmentsPerMonth: 100 },
        settings: { timezone: 'America/New_York', currency: 'USD', locale: 'fr-FR', weekStartsOn: 1 },
      });
      expect(res.body.id).toMatch(/^[0-9A-Z]{26}$/);
      expect(res.body).not.toHaveProperty('ownerCount');
      const me = await api<{ memberships: unknown[] }>('GET', '/v1/me', { token: owner.accessToken });
      expect(me.body.memberships).toContainEqual({ tenantId: res.body.id, slug, name: 'Belle Coiffure', role: 'owner' });
      const usage = await api('GET', `/v1/tenants/${res.body.id}/usage`, { token: owner.accessToken });
      expect(usage.body).toMatchObject({ plan: 'free', usage: { users: 1, clients: 0, appointmentsThisMonth: 0 } });
      const welcome = await getItem(tenantMetaKey(res.body.id));
      expect(welcome).toBeDefined();
    });

    it.each([
      ['a reserved slug', { name: 'X', slug: 'admin' }],
      ['an upper-case slug', { name: 'X', slug: 'Salon' }],
      ['a slug with a double hyphen', { name: 'X', slug: 'a--b' }],
      ['a too short slug', { name: 'X', slug: 'ab' }],
      ['an empty name', { name: ' ', slug: 'valid-slug-1' }],
      ['an unknown time zone', { name: 'X', slug: 'valid-slug-2', timezone: 'Mars/Olympus' }],
      ['an unknown currency', { name: 'X', slug: 'valid-slug-3', currency: 'XXX1' }],
      ['a plan chosen by the client', { name: 'X', slug: 'valid-slug-4', plan: 'enterprise' }],
    ])('refuses %s with 400 and creates nothing', async (_name, body) => {
      const res = await api('POST', '/v1/tenants', { token: owner.accessToken, body });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
      if (typeof body.slug === 'string' && !body.slug.includes('-')) return;
      expect(await getItem(slugKey(String(body.slug)))).toBeUndefined();
    });

    it('answers 409 SLUG_TAKEN for a taken slug and leaves nothing half-made', async () => {
      const first = await createTenant(owner.accessToken);
      const before = await api<{ memberships: unknown[] }>('GET', '/v1/me', { token: other.accessToken });
      const res = await api('POST', '/v1/tenants', { token: other.accessToken, body: { name: 'Copy', slug: first.slug } });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: { code: 'SLUG_TAKEN', details: { slug: first.slug } } });
      const after = await api<{ memberships: unknown[] }>('GET', '/v1/me', { token: other.accessToken });
      expect(after.body.memberships).toEqual(before.body.memberships);
    });

    it('gives a slug to exactly one of many concurrent creators', async () => {
      const slug = uniqueSlug('race');
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          api('POST', '/v1/tenants', { token: owner.accessToken, body: { name: `Race ${i}`, slug } }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    });
  });

  describe('tenant settings', () => {
    it('merges settings and branding field by field', async () => {
      const t = await createTenant(owner.accessToken);
      const res = await api<Tenant & { branding: Record<string, unknown> }>('PATCH', `/v1/tenants/${t.id}`, {
        token: owner.accessToken,
        body: { settings: { timezone: 'Asia/Tokyo', weekStartsOn: 0 }, branding: { primaryColor: '#112233' } },
      });
      expect(res.status).toBe(200);
      expect(res.body.settings).toMatchObject({ timezone: 'Asia/Tokyo', weekStartsOn: 0, currency: 'EUR', locale: 'fr-FR' });
      expect(res.body.branding).toEqual({ primaryColor: '#112233', secondaryColor: '#0EA5E9' });
    });

    it.each([
      ['plan', { plan: 'enterprise' }],
      ['subscriptionStatus', { subscriptionStatus: 'active' }],
      ['limits', { limits: { maxClients: 1_000_000 } }],
      ['features', { features: { apiAccess: true } }],
      ['stripeCustomerId', { stripeCustomerId: 'cus_123' }],
      ['a nested unknown setting', { settings: { plan: 'enterprise' } }],
    ])('refuses mass assignment of %s with 400 and changes nothing', async (field, body) => {
      const t = await createTenant(owner.accessToken);
      const res = await api<{ error: { details: Array<{ path: string }> } }>('PATCH', `/v1/tenants/${t.id}`, {
        token: owner.accessToken,
        body: { name: 'Sneaky', ...body },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d) => d.path).join(',')).toContain(
        field === 'a nested unknown setting' ? 'settings.plan' : field,
      );
      const after = await api<Tenant & Record<string, unknown>>('GET', `/v1/tenants/${t.id}`, { token: owner.accessToken });
      expect(after.body).toMatchObject({
        name: t.name,
        plan: 'free',
        subscriptionStatus: 'trialing',
        limits: { maxClients: 50 },
      });
    });

    it.each([
      ['timezone', { settings: { timezone: 'Europe/Atlantis' } }],
      ['colour', { branding: { primaryColor: 'red' } }],
      ['empty body', {}],
    ])('refuses an invalid %s with 400', async (_n, body) => {
      const t = await createTenant(owner.accessToken);
      const res = await api('PATCH', `/v1/tenants/${t.id}`, { token: owner.accessToken, body });
      expect(res.status).toBe(400);
    });

    it('soft-deletes: the tenant then answers 404 and leaves /v1/me', async () => {
      const t = await createTenant(owner.accessToken);
      expect((await api('DELETE', `/v1/tenants/${t.id}`, { token: owner.accessToken })).status).toBe(204);
      expect((await api('GET', `/v1/tenants/${t.id}`, { token: owner.accessToken })).status).toBe(404);
      expect((await api('DELETE', `/v1/tenants/${t.id}`, { token: owner.accessToken })).status).toBe(404);
      const me = await api<{ memberships: Array<{ tenantId: string }> }>('GET', '/v1/me', { token: owner.accessToken });
      expect(me.body.memberships.map((m) => m.tenantId)).not.toContain(t.id);
      const item = await getItem(tenantMetaKey(t.id));
      expect(item).toMatchObject({ deletedBy: owner.userId });
      expect(Date.parse(String(item?.purgeAfter)) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    });
  });

  describe('API calls', () => {
    it('are metered per tenant from the access records, and over the limit answer 402 except billing routes', async () => {
      const t = await createTenant(owner.accessToken);
      const other = await createTenant(owner.accessToken);
      await setTenantFields(t.id, {
        limits: { maxUsers: 1, maxStorage: 1, maxClients: 1, maxAppointmentsPerMonth: 1, maxApiCalls: 3 },
      });
      for (let i = 0; i < 3; i++)
        expect((await api('GET', `/v1/tenants/${t.id}`, { token: owner.accessToken })).status).toBe(200);
      // Metering is asynchronous, as on AWS (access logs, then a subscriber). Reads see the count the
      // authorizer cached (up to its TTL late); a write is decided again, so it sees the count at once.
      let blocked: Awaited<ReturnType<typeof api>> | undefined;
      for (let i = 0; i < 40 && blocked?.status !== 402; i++) {
        await new Promise((r) => setTimeout(r, 100));
        blocked = await api('PATCH', `/v1/tenants/${t.id}`, { token: owner.accessToken, body: { name: `Salon ${i}` } });
      }
      expect(blocked?.status).toBe(402);
      expect(blocked?.body).toMatchObject({
        error: { code: 'PLAN_LIMIT_EXCEEDED', details: { limitName: 'maxApiCalls', limit: 3, plan: 'free' } },
      });
      const usage = await api<{ usage: { apiCallsThisMonth: number } }>('GET', `/v1/tenants/${t.id}/usage`, {
        token: owner.accessToken,
      });
      expect(usage.status).toBe(200);
      expect(usage.body.usage.apiCallsThisMonth).toBeGreaterThanOrEqual(3);
      const untouched = await api<{ usage: { apiCallsThisMonth: number } }>('GET', `/v1/tenants/${other.id}/usage`, {
        token: owner.accessToken,
      });
      expect(untouched.body.usage.apiCallsThisMonth).toBeLessThan(3);
    });
  });

  describe('members', () => {
    it('keeps the last owner: removing or demoting them answers 409', async () => {
      const t = await createTenant(owner.accessToken);
      const demote = await api('PATCH', `/v1/tenants/${t.id}/members/${owner.userId}`, {
        token: owner.accessToken,
        body: { role: 'admin' },
      });
      expect(demote.status).toBe(409);
      expect(demote.body).toMatchObject({ error: { code: 'LAST_OWNER' } });
      const remove = await api('DELETE', `/v1/tenants/${t.id}/members/${owner.userId}`, { token: owner.accessToken });
      expect(remove.status).toBe(409);
    });

    it('lets one of two owners step down, but never both at once', async () => {
      const t = await createTenant(owner.accessToken);
      await addMember(t.id, other.userId, other.email, 'owner');
      const [a, b] = await Promise.all([
        api('PATCH', `/v1/tenants/${t.id}/members/${owner.userId}`, { token: owner.accessToken, body: { role: 'admin' } }),
        api('PATCH', `/v1/tenants/${t.id}/members/${other.userId}`, { token: other.accessToken, body: { role: 'admin' } }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect(await getItem(tenantMetaKey(t.id))).toMatchObject({ ownerCount: 1 });
    });

    it('never lets a member grant a role above their own or act on a higher role', async () => {
      const t = await createTenant(owner.accessToken);
      const admin = await signUpAndSignIn(e, 'admin');
      await addMember(t.id, admin.userId, admin.email, 'admin');
      const viewer = await signUpAndSignIn(e, 'viewer');
      await addMember(t.id, viewer.userId, viewer.email, 'viewer');
      const up = await api('PATCH', `/v1/tenants/${t.id}/members/${viewer.userId}`, {
        token: admin.accessToken,
        body: { role: 'owner' },
      });
      expect(up.status).toBe(403);
      const onOwner = await api('DELETE', `/v1/tenants/${t.id}/members/${owner.userId}`, { token: admin.accessToken });
      expect(onOwner.status).toBe(403);
      const ok = await api('PATCH', `/v1/tenants/${t.id}/members/${viewer.userId}`, {
        token: admin.accessToken,
        body: { role: 'manager' },
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ userId: viewer.userId, role: 'manager' });
    });

    it('cuts a removed member off writes at once, with the authorizer cache on (reads: within its TTL)', async () => {
      const t = await createTenant(owner.accessToken);
      await addMember(t.id, other.userId, other.email, 'manager');
      expect((await api('GET', `/v1/tenants/${t.id}`, { token: other.accessToken })).status).toBe(200);
      expect((await api('DELETE', `/v1/tenants/${t.id}/members/${other.userId}`, { token: owner.accessToken })).status).toBe(204);
      const write = await api('POST', `/v1/tenants/${t.id}/services`, {
        token: other.accessToken,
        body: { name: 'Cut', durationMinutes: 30, price: { amount: 100, currency: 'EUR' } },
      });
      expect(write.status).toBe(404);
      expect(await getItem(usageKey(t.id))).toMatchObject({ users: 1 });
    });

    it('lists members a page at a time', async () => {
      const t = await createTenant(owner.accessToken);
      await addMember(t.id, other.userId, other.email, 'viewer');
      const first = await api<{ items: unknown[]; nextCursor: string | null }>('GET', `/v1/tenants/${t.id}/members?limit=1`, {
        token: owner.accessToken,
      });
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(1);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await api<{ items: unknown[] }>(
        'GET',
        `/v1/tenants/${t.id}/members?limit=1&cursor=${first.body.nextCursor}`,
        {
          token: owner.accessToken,
        },
      );
      expect(second.body.items).toHaveLength(1);
      expect(second.body.items).not.toEqual(first.body.items);
      // Forged cursors and bad limits: the route-table fuzz in hostile-input.test.ts, for every paged route.
    });
  });

  describe('isolation: every tenant route, with another tenant’s id', () => {
    it.each(tenantRoutes.map((r) => [r.id, r] as const))('%s answers 404 and changes nothing', async (_id, route) => {
      const mine = await createTenant(owner.accessToken, 'Mine');
      const theirs = await createTenant(other.accessToken, 'Theirs');
      await Promise.all([setPlan(mine.id, 'starter'), setPlan(theirs.id, 'starter')]);
      const bystander = await signUpAndSignIn(e, 'bystander');
      await addMember(mine.id, bystander.userId, bystander.email, 'viewer');
      await addMember(theirs.id, bystander.userId, bystander.email, 'viewer');
      const myInvite = await invite(owner.accessToken, mine.id);
      const theirInvite = await invite(other.accessToken, theirs.id);
      const snapshot = async () =>
        Promise.all(
          [
            `/v1/tenants/${theirs.id}`,
            `/v1/tenants/${theirs.id}/members`,
            `/v1/tenants/${theirs.id}/invitations`,
            `/v1/tenants/${theirs.id}/usage`,
            `/v1/tenants/${theirs.id}/clients`,
            `/v1/tenants/${theirs.id}/services`,
            `/v1/tenants/${theirs.id}/staff`,
            `/v1/tenants/${theirs.id}/appointments`,
          ].map(async (path) => (await api('GET', path, { token: other.accessToken })).body),
          // The snapshot's own reads are metered API calls: that counter, and the cost estimate that
          // follows it, are not what the attack may change.
        ).then((bodies) =>
          JSON.parse(JSON.stringify(bodies).replace(/"apiCallsThisMonth":\d+/g, '"apiCallsThisMonth":0'), (k, v) =>
            k === 'cost' ? undefined : v,
          ),
        );
      const [myCatalog, theirCatalog] = await Promise.all([
        catalogFor(route.path, owner.accessToken, mine.id, owner.userId),
        catalogFor(route.path, other.accessToken, theirs.id, other.userId),
      ]);
      const before = await snapshot();

      const attack = sampleRequest(route, {
        tenantId: theirs.id,
        targetUserId: bystander.userId,
        invitationId: theirInvite,
        ...theirCatalog,
      });
      const res = await api(route.method, attack.path, { token: owner.accessToken, body: attack.body });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
      expect(await snapshot()).toEqual(before);

      // Positive control: the same call on the caller's own tenant succeeds.
      const own = sampleRequest(route, {
        tenantId: mine.id,
        targetUserId: bystander.userId,
        invitationId: myInvite,
        ...myCatalog,
      });
      const control = await api(route.method, own.path, { token: owner.accessToken, body: own.body });
      expect(control.status).toBeLessThan(300);
    });

    it('answers 404 for a tenant id that does not exist, the same as for another tenant’s', async () => {
      const missing = await api('GET', '/v1/tenants/01JABCDEFGHJKMNPQRSTVWXYZ0', { token: owner.accessToken });
      const malformed = await api('GET', '/v1/tenants/not-an-id', { token: owner.accessToken });
      expect(missing.status).toBe(404);
      expect(malformed.status).toBe(404);
      expect(missing.body.error).toEqual(malformed.body.error);
    });
  });

  describe('RBAC: every role against every tenant route', () => {
    const sessions = new Map<Role, Session>();
    beforeAll(async () => {
      for (const role of ROLES) sessions.set(role, await signUpAndSignIn(e, role));
    });
    const cases = tenantRoutes.flatMap((route) => ROLES.map((role) => [route.id, role, route] as const));
    it.each(cases)('%s as %s', async (_id, role, route) => {
      const t = await createTenant(owner.accessToken, `RBAC ${role}`);
      await setPlan(t.id, 'professional');
      const actor = sessions.get(role);
      if (!actor) throw new Error('missing session');
      await addMember(t.id, actor.userId, actor.email, role);
      const target = await signUpAndSignIn(e, 'target');
      await addMember(t.id, target.userId, target.email, 'viewer');
      const invitationId = await invite(owner.accessToken, t.id);
      const catalog = await catalogFor(route.path, owner.accessToken, t.id, actor.userId);
      const req = sampleRequest(route, { tenantId: t.id, targetUserId: target.userId, invitationId, ...catalog });
      const res = await api(route.method, req.path, { token: actor.accessToken, body: req.body });
      if (accessFor(role, route.permission) === 'none') {
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ error: { code: 'FORBIDDEN', details: { permission: route.permission, role } } });
      } else {
        expect(res.status).toBeLessThan(300);
      }
    });
  });
});
