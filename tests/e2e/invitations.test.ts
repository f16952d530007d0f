import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { usageKey } from '../../functions/shared/db/keys';
import { cognitoAdmin } from '../../local/provision';
import { getItem, setPlan, setTenantFields } from '../support/fixtures';
import { api } from '../support/http';
import { signIn, signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;
let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

describe('invitations over HTTP', () => {
  const e = inject('endpoints');
  let owner: Session;
  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'inviter');
  });

  async function salon(plan: 'free' | 'starter' | 'professional' = 'starter') {
    const res = await api<{ id: string; name: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Invite Salon', slug: unique('inv') },
    });
    expect(res.status).toBe(201);
    if (plan !== 'free') await setPlan(res.body.id, plan);
    return res.body;
  }

  /** What the invitee does with Cognito's temporary password: sets their own, then signs in. */
  async function inviteeSignsIn(email: string) {
    const password = 'Invited-Person-42';
    const admin = cognitoAdmin(e.cognitoEndpoint);
    await admin.send(
      new AdminSetUserPasswordCommand({ UserPoolId: e.userPoolId, Username: email, Password: password, Permanent: true }),
    );
    admin.destroy();
    return signIn(e, email, password);
  }

  async function waitForEmail(to: string): Promise<string> {
    const dir = join(inject('dataDir'), 'outbox');
    for (let i = 0; i < 50; i++) {
      const file = readdirSync(dir).find((f) => f.includes(to));
      if (file) return readFileSync(join(dir, file), 'utf8');
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no email to ${to} in the outbox`);
  }

  it('invites by email, emails an accept link, and the invitee joins with the role', async () => {
    const t = await salon();
    const email = `${unique('stylist')}@example.test`;
    const invited = await api<{ invitationId: string; role: string; expiresAt: string }>(
      'POST',
      `/v1/tenants/${t.id}/invitations`,
      {
        token: owner.accessToken,
        body: { email, role: 'employee' },
      },
    );
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email, role: 'employee', invitedBy: owner.userId });
    expect(Date.parse(invited.body.expiresAt) - Date.now()).toBeGreaterThan(6 * 86_400_000);

    const mail = await waitForEmail(email);
    expect(mail).toContain(`/invitations/${invited.body.invitationId}`);
    expect(mail).toContain('Invite Salon');

    const listed = await api<{ items: Array<{ invitationId: string }> }>('GET', `/v1/tenants/${t.id}/invitations`, {
      token: owner.accessToken,
    });
    expect(listed.body.items.map((i) => i.invitationId)).toEqual([invited.body.invitationId]);

    const invitee = await inviteeSignsIn(email);
    const accepted = await api('POST', `/v1/invitations/${invited.body.invitationId}/accept`, { token: invitee.accessToken });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ tenantId: t.id, slug: expect.any(String), name: 'Invite Salon', role: 'employee' });

    const me = await api<{ memberships: Array<{ tenantId: string; role: string }> }>('GET', '/v1/me', {
      token: invitee.accessToken,
    });
    expect(me.body.memberships).toContainEqual(expect.objectContaining({ tenantId: t.id, role: 'employee' }));
    expect(await getItem(usageKey(t.id))).toMatchObject({ users: 2 });
    const after = await api<{ items: unknown[] }>('GET', `/v1/tenants/${t.id}/invitations`, { token: owner.accessToken });
    expect(after.body.items).toEqual([]);
    const again = await api('POST', `/v1/invitations/${invited.body.invitationId}/accept`, { token: invitee.accessToken });
    expect(again.status).toBe(404);
  });

  it('answers 404 to anyone but the invited person, and changes nothing', async () => {
    const t = await salon();
    const email = `${unique('guest')}@example.test`;
    const invited = await api<{ invitationId: string }>('POST', `/v1/tenants/${t.id}/invitations`, {
      token: owner.accessToken,
      body: { email, role: 'viewer' },
    });
    const stranger = await signUpAndSignIn(e, 'stranger');
    const res = await api('POST', `/v1/invitations/${invited.body.invitationId}/accept`, { token: stranger.accessToken });
    expect(res.status).toBe(404);
    const listed = await api<{ items: unknown[] }>('GET', `/v1/tenants/${t.id}/invitations`, { token: owner.accessToken });
    expect(listed.body.items).toHaveLength(1);
    expect((await api('POST', '/v1/invitations/not-an-id/accept', { token: stranger.accessToken })).status).toBe(400);
  });

  it('refuses a second pending invitation for the same email, and an existing member', async () => {
    const t = await salon();
    const email = `${unique('twice')}@example.test`;
    const first = await api('POST', `/v1/tenants/${t.id}/invitations`, {
      token: owner.accessToken,
      body: { email, role: 'viewer' },
    });
    expect(first.status).toBe(201);
    const second = await api('POST', `/v1/tenants/${t.id}/invitations`, {
      token: owner.accessToken,
      body: { email: email.toUpperCase(), role: 'admin' },
    });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: { code: 'INVITATION_PENDING' } });
    const self = await api('POST', `/v1/tenants/${t.id}/invitations`, {
      token: owner.accessToken,
      body: { email: owner.email, role: 'viewer' },
    });
    expect(self.status).toBe(409);
    expect(self.body).toMatchObject({ error: { code: 'ALREADY_MEMBER' } });
  });

  it('revoking makes the link dead', async () => {
    const t = await salon();
    const email = `${unique('revoked')}@example.test`;
    const invited = await api<{ invitationId: string }>('POST', `/v1/tenants/${t.id}/invitations`, {
      token: owner.accessToken,
      body: { email, role: 'viewer' },
    });
    expect(
      (await api('DELETE', `/v1/tenants/${t.id}/invitations/${invited.body.invitationId}`, { token: owner.accessToken })).status,
    ).toBe(204);
    expect(
      (await api('DELETE', `/v1/tenants/${t.id}/invitations/${invited.body.invitationId}`, { token: owner.accessToken })).status,
    ).toBe(404);
    const invitee = await inviteeSignsIn(email);
    expect(
      (await api('POST', `/v1/invitations/${invited.body.invitationId}/accept`, { token: invitee.accessToken })).status,
    ).toBe(404);
    // The email is free again.
    expect(
      (await api('POST', `/v1/tenants/${t.id}/invitations`, { token: owner.accessToken, body: { email, role: 'viewer' } }))
        .status,
    ).toBe(201);
  });

  it('answers 402 with the limit and the plan that allows more when the free plan is full', async () => {
    const t = await salon('free');
    const res = await api('POST', `/v1/tenants/${t.id}/invitations`, {
      token: owner.accessToken,
      body: { email: `${unique('x')}@example.test`, role: 'viewer' },
    });
    expect(res.status).toBe(402);
    expect(res.body).toMatchObject({
      error: {
        code: 'PLAN_LIMIT_EXCEEDED',
        details: { limit: 1, current: 1, plan: 'free', limitName: 'maxUsers', upgradeTo: 'starter' },
      },
    });
  });

  it('admits exactly as many members as the plan allows when invitees accept at once', async () => {
    const t = await salon('starter');
    const emails = Array.from({ length: 8 }, () => `${unique('rush')}@example.test`);
    const invitations = [];
    for (const email of emails) {
      const res = await api<{ invitationId: string }>('POST', `/v1/tenants/${t.id}/invitations`, {
        token: owner.accessToken,
        body: { email, role: 'viewer' },
      });
      expect(res.status).toBe(201);
      invitations.push({ email, id: res.body.invitationId });
    }
    const sessions = await Promise.all(invitations.map((i) => inviteeSignsIn(i.email)));
    const results = await Promise.all(
      invitations.map((inv, i) => api('POST', `/v1/invitations/${inv.id}/accept`, { token: sessions[i]?.accessToken })),
    );
    // Starter allows 5 users; the owner is one.
    expect(results.filter((r) => r.status === 200)).toHaveLength(4);
    expect(results.filter((r) => r.status === 402)).toHaveLength(4);
    expect(await getItem(usageKey(t.id))).toMatchObject({ users: 5 });
    const members = await api<{ items: unknown[] }>('GET', `/v1/tenants/${t.id}/members`, { token: owner.accessToken });
    expect(members.body.items).toHaveLength(5);
  });

  describe('a suspended salon', () => {
    it('answers writes 403 TENANT_SUSPENDED and keeps reads open', async () => {
      const t = await salon('starter');
      await setTenantFields(t.id, { subscriptionStatus: 'unpaid' });
      const write = await api('PATCH', `/v1/tenants/${t.id}`, { token: owner.accessToken, body: { name: 'New name' } });
      expect(write.status).toBe(403);
      expect(write.body).toMatchObject({ error: { code: 'TENANT_SUSPENDED', details: { subscriptionStatus: 'unpaid' } } });
      const invite = await api('POST', `/v1/tenants/${t.id}/invitations`, {
        token: owner.accessToken,
        body: { email: `${unique('s')}@example.test`, role: 'viewer' },
      });
      expect(invite.status).toBe(403);
      expect((await api('GET', `/v1/tenants/${t.id}`, { token: owner.accessToken })).status).toBe(200);
      expect((await api('GET', `/v1/tenants/${t.id}/usage`, { token: owner.accessToken })).status).toBe(200);
      await setTenantFields(t.id, { subscriptionStatus: 'active' });
      expect((await api('PATCH', `/v1/tenants/${t.id}`, { token: owner.accessToken, body: { name: 'New name' } })).status).toBe(
        200,
      );
    });
  });
});
