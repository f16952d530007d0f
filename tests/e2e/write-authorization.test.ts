/**
 * Authorization at write time, over HTTP with the authorizer cache on (60 s, as deployed): every request
 * below first warms the cache with a read, so what the gateway hands the handler is a stale decision.
 * Writes must be decided again (and proven in their transaction); refusals must never be reused.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { membershipKeys, tenantMetaKey } from '../../functions/shared/db/keys';
import type { Role } from '../../functions/shared/domain/rbac';
import { addMember, getItem, setPlan, setTenantFields } from '../support/fixtures';
import { api } from '../support/http';
import { signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;
interface Tenant {
  id: string;
}

let seq = 0;
const slug = () => `wa-${Date.now().toString(36)}-${(seq++).toString(36)}`;
const service = { name: 'Cut', durationMinutes: 30, price: { amount: 2500, currency: 'EUR' } };

let owner: Session;
beforeAll(async () => {
  owner = await signUpAndSignIn(inject('endpoints'), 'wa-owner');
});

async function salon(): Promise<Tenant> {
  const res = await api<Tenant>('POST', '/v1/tenants', { token: owner.accessToken, body: { name: 'Guarded', slug: slug() } });
  expect(res.status).toBe(201);
  // Room for the members each test adds.
  await setPlan(res.body.id, 'professional');
  return res.body;
}

/** A member of `t` with `role`, whose decision the gateway has cached (one read). */
async function cachedMember(t: Tenant, role: Role, label: string = role): Promise<Session> {
  const s = await signUpAndSignIn(inject('endpoints'), `wa-${label}`);
  await addMember(t.id, s.userId, s.email, role);
  expect((await api('GET', `/v1/tenants/${t.id}`, { token: s.accessToken })).status).toBe(200);
  return s;
}

const roleOf = async (t: Tenant, userId: string) => {
  const { PK, SK } = membershipKeys(t.id, userId);
  return (await getItem({ PK, SK }))?.role;
};
const setRole = (t: Tenant, userId: string, role: Role) =>
  api('PATCH', `/v1/tenants/${t.id}/members/${userId}`, { token: owner.accessToken, body: { role } });

describe('a demoted or removed member cannot undo it inside the cache window', () => {
  it('a demoted admin cannot make themselves admin again (403, role unchanged)', async () => {
    const t = await salon();
    const admin = await cachedMember(t, 'admin');
    expect((await setRole(t, admin.userId, 'viewer')).status).toBe(200);
    const res = await api('PATCH', `/v1/tenants/${t.id}/members/${admin.userId}`, {
      token: admin.accessToken,
      body: { role: 'admin' },
    });
    expect(res.status).toBe(403);
    expect(await roleOf(t, admin.userId)).toBe('viewer');
  });

  it('a removed admin cannot invite themselves back (404, no invitation)', async () => {
    const t = await salon();
    const admin = await cachedMember(t, 'admin');
    expect((await api('DELETE', `/v1/tenants/${t.id}/members/${admin.userId}`, { token: owner.accessToken })).status).toBe(204);
    const res = await api('POST', `/v1/tenants/${t.id}/invitations`, {
      token: admin.accessToken,
      body: { email: admin.email, role: 'admin' },
    });
    expect(res.status).toBe(404);
    const list = await api<{ items: unknown[] }>('GET', `/v1/tenants/${t.id}/invitations`, { token: owner.accessToken });
    expect(list.body.items).toEqual([]);
    expect(await roleOf(t, admin.userId)).toBeUndefined();
  });

  it('a demoted owner can neither promote themselves back nor demote the real owner (403, roles unchanged)', async () => {
    const t = await salon();
    const second = await cachedMember(t, 'owner', 'second-owner');
    expect((await setRole(t, second.userId, 'admin')).status).toBe(200);
    const self = await api('PATCH', `/v1/tenants/${t.id}/members/${second.userId}`, {
      token: second.accessToken,
      body: { role: 'owner' },
    });
    expect(self.status).toBe(403);
    const coup = await api('PATCH', `/v1/tenants/${t.id}/members/${owner.userId}`, {
      token: second.accessToken,
      body: { role: 'admin' },
    });
    expect(coup.status).toBe(403);
    expect(await roleOf(t, second.userId)).toBe('admin');
    expect(await roleOf(t, owner.userId)).toBe('owner');
  });

  it('a demoted member loses every write of the old role at once; a removed one gets 404', async () => {
    const t = await salon();
    const manager = await cachedMember(t, 'manager');
    expect((await setRole(t, manager.userId, 'viewer')).status).toBe(200);
    const demoted = await api('POST', `/v1/tenants/${t.id}/services`, { token: manager.accessToken, body: service });
    expect([demoted.status, (demoted.body as { error: { code: string } }).error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await api('DELETE', `/v1/tenants/${t.id}/members/${manager.userId}`, { token: owner.accessToken })).status).toBe(204);
    const removed = await api('POST', `/v1/tenants/${t.id}/clients`, { token: manager.accessToken, body: { name: 'Ada' } });
    expect(removed.status).toBe(404);
    const services = await api<{ items: unknown[] }>('GET', `/v1/tenants/${t.id}/services`, { token: owner.accessToken });
    expect(services.body.items).toEqual([]);
  });

  it('an admin cannot revoke a pending owner invitation: never acts above their own role', async () => {
    const t = await salon();
    const admin = await cachedMember(t, 'admin');
    const invited = await api<{ invitationId: string }>('POST', `/v1/tenants/${t.id}/invitations`, {
      token: owner.accessToken,
      body: { email: `future-owner-${slug()}@example.test`, role: 'owner' },
    });
    expect(invited.status).toBe(201);
    const res = await api('DELETE', `/v1/tenants/${t.id}/invitations/${invited.body.invitationId}`, { token: admin.accessToken });
    expect(res.status).toBe(403);
    const list = await api<{ items: unknown[] }>('GET', `/v1/tenants/${t.id}/invitations`, { token: owner.accessToken });
    expect(list.body.items).toHaveLength(1);
    const viewerInvite = await api<{ invitationId: string }>('POST', `/v1/tenants/${t.id}/invitations`, {
      token: owner.accessToken,
      body: { email: `future-viewer-${slug()}@example.test`, role: 'viewer' },
    });
    const ok = await api('DELETE', `/v1/tenants/${t.id}/invitations/${viewerInvite.body.invitationId}`, {
      token: admin.accessToken,
    });
    expect(ok.status).toBe(204);
  });
});

describe('two admins demoting each other at once', () => {
  it('leave at least one admin, every time (10 rounds)', async () => {
    for (let round = 0; round < 10; round++) {
      const t = await salon();
      const [a, b] = await Promise.all([cachedMember(t, 'admin', 'admin-a'), cachedMember(t, 'admin', 'admin-b')]);
      if (!a || !b) throw new Error('members');
      const [ab, ba] = await Promise.all([
        api('PATCH', `/v1/tenants/${t.id}/members/${b.userId}`, { token: a.accessToken, body: { role: 'viewer' } }),
        api('PATCH', `/v1/tenants/${t.id}/members/${a.userId}`, { token: b.accessToken, body: { role: 'viewer' } }),
      ]);
      const roles = [await roleOf(t, a.userId), await roleOf(t, b.userId)];
      expect(roles.filter((r) => r === 'admin').length, `round ${round}: ${ab.status}/${ba.status}`).toBeGreaterThanOrEqual(1);
      expect([ab.status, ba.status].filter((s) => s === 200).length).toBeLessThanOrEqual(1);
      for (const res of [ab, ba]) expect([200, 403, 409]).toContain(res.status);
    }
  });
});

describe('a refusal is never reused: joining, upgrades and un-suspension take effect at once', () => {
  it('a person refused just before accepting an invitation is in within a second of joining', async () => {
    const t = await salon();
    const invitee = await signUpAndSignIn(inject('endpoints'), 'wa-joiner');
    expect((await api('GET', `/v1/tenants/${t.id}`, { token: invitee.accessToken })).status).toBe(404);
    const invited = await api<{ invitationId: string }>('POST', `/v1/tenants/${t.id}/invitations`, {
      token: owner.accessToken,
      body: { email: invitee.email, role: 'manager' },
    });
    expect(invited.status).toBe(201);
    const accepted = await api('POST', `/v1/invitations/${invited.body.invitationId}/accept`, { token: invitee.accessToken });
    expect(accepted.status).toBe(200);
    const started = Date.now();
    const read = await api('GET', `/v1/tenants/${t.id}`, { token: invitee.accessToken });
    const write = await api('POST', `/v1/tenants/${t.id}/services`, { token: invitee.accessToken, body: service });
    expect([read.status, write.status]).toEqual([200, 201]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('an upgraded member gets the new role on reads and writes at once', async () => {
    const t = await salon();
    const viewer = await cachedMember(t, 'viewer');
    expect((await api('GET', `/v1/tenants/${t.id}/billing`, { token: viewer.accessToken })).status).toBe(403);
    expect((await setRole(t, viewer.userId, 'admin')).status).toBe(200);
    expect((await api('GET', `/v1/tenants/${t.id}/billing`, { token: viewer.accessToken })).status).toBe(200);
    const patch = await api('PATCH', `/v1/tenants/${t.id}`, { token: viewer.accessToken, body: { name: 'Renamed' } });
    expect(patch.status).toBe(200);
  });

  it('a suspended salon refuses writes at once, and takes them again at once when paid', async () => {
    const t = await salon();
    const manager = await cachedMember(t, 'manager');
    await setTenantFields(t.id, { subscriptionStatus: 'unpaid' });
    const refused = await api('POST', `/v1/tenants/${t.id}/services`, { token: manager.accessToken, body: service });
    expect([refused.status, (refused.body as { error: { code: string } }).error.code]).toEqual([403, 'TENANT_SUSPENDED']);
    await setTenantFields(t.id, { subscriptionStatus: 'active' });
    expect((await api('POST', `/v1/tenants/${t.id}/services`, { token: manager.accessToken, body: service })).status).toBe(201);
  });

  it('a raised API-call limit lets reads through at once', async () => {
    const t = await salon();
    await setTenantFields(t.id, {
      limits: { maxUsers: 5, maxStorage: 1, maxClients: 5, maxAppointmentsPerMonth: 5, maxApiCalls: 0 },
    });
    const viewer = await signUpAndSignIn(inject('endpoints'), 'wa-quota');
    await addMember(t.id, viewer.userId, viewer.email, 'viewer');
    expect((await api('GET', `/v1/tenants/${t.id}`, { token: viewer.accessToken })).status).toBe(402);
    await setTenantFields(t.id, {
      limits: { maxUsers: 5, maxStorage: 1, maxClients: 5, maxAppointmentsPerMonth: 5, maxApiCalls: -1 },
    });
    expect((await api('GET', `/v1/tenants/${t.id}`, { token: viewer.accessToken })).status).toBe(200);
  });
});

describe('a deleted salon', () => {
  it('refuses writes at once, from every member whose decision is cached', async () => {
    const t = await salon();
    const manager = await cachedMember(t, 'manager');
    expect((await api('GET', `/v1/tenants/${t.id}`, { token: owner.accessToken })).status).toBe(200);
    expect((await api('DELETE', `/v1/tenants/${t.id}`, { token: owner.accessToken })).status).toBe(204);
    const writes = await Promise.all([
      api('POST', `/v1/tenants/${t.id}/services`, { token: manager.accessToken, body: service }),
      api('POST', `/v1/tenants/${t.id}/clients`, { token: manager.accessToken, body: { name: 'Ada' } }),
      api('PATCH', `/v1/tenants/${t.id}`, { token: owner.accessToken, body: { name: 'Zombie' } }),
      api('DELETE', `/v1/tenants/${t.id}`, { token: owner.accessToken }),
    ]);
    expect(writes.map((w) => w.status)).toEqual([404, 404, 404, 404]);
    expect(await getItem(tenantMetaKey(t.id))).toMatchObject({ name: 'Guarded', deletedAt: expect.any(String) });
  });
});
