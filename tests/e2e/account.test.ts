/**
 * The caller's own account: a deleted user's token stops working although it still verifies, and
 * `DELETE /v1/me` leaves every salon (counters kept right, never the last owner) before deleting the user.
 */
import { AdminDeleteUserCommand, AdminGetUserCommand, UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { membershipKeys, tenantMetaKey, usageKey } from '../../functions/shared/db/keys';
import type { Role } from '../../functions/shared/domain/rbac';
import { cognitoAdmin } from '../../local/provision';
import { addMember, getItem } from '../support/fixtures';
import { api } from '../support/http';
import { signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;
let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
const MISSING_ID = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const membership = (tenantId: string, userId: string) => {
  const { PK, SK } = membershipKeys(tenantId, userId);
  return getItem({ PK, SK });
};

describe('account over HTTP', () => {
  const e = inject('endpoints');
  let owner: Session;
  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'account-owner');
  });

  async function salon(token = owner.accessToken, name = 'Account Salon') {
    const res = await api<{ id: string; slug: string; name: string }>('POST', '/v1/tenants', {
      token,
      body: { name, slug: unique('acct') },
    });
    expect(res.status).toBe(201);
    return res.body;
  }

  /** A new user who is a member of the salons, with these roles. */
  async function memberOf(...salons: Array<[string, Role]>): Promise<Session> {
    const who = await signUpAndSignIn(e, 'account-member');
    for (const [tenantId, role] of salons) await addMember(tenantId, who.userId, who.email, role);
    return who;
  }

  const counters = async (tenantId: string) => ({
    users: Number((await getItem(usageKey(tenantId)))?.users),
    ownerCount: Number((await getItem(tenantMetaKey(tenantId)))?.ownerCount),
  });

  const memberIds = async (tenantId: string) => {
    const res = await api<{ items: Array<{ userId: string; role: Role }> }>('GET', `/v1/tenants/${tenantId}/members?limit=100`, {
      token: owner.accessToken,
    });
    expect(res.status).toBe(200);
    return res.body.items;
  };

  async function userExists(email: string): Promise<boolean> {
    const admin = cognitoAdmin(e.cognitoEndpoint);
    try {
      await admin.send(new AdminGetUserCommand({ UserPoolId: e.userPoolId, Username: email }));
      return true;
    } catch (err) {
      if (err instanceof UserNotFoundException) return false;
      throw err;
    } finally {
      admin.destroy();
    }
  }

  const unauthorized = { error: { code: 'UNAUTHORIZED', message: expect.any(String) }, requestId: expect.any(String) };

  it('answers 401, not 500, to the still-valid token of a user deleted from the pool', async () => {
    const who = await signUpAndSignIn(e, 'deleted');
    expect((await api('GET', '/v1/me', { token: who.accessToken })).status).toBe(200);
    const admin = cognitoAdmin(e.cognitoEndpoint);
    await admin.send(new AdminDeleteUserCommand({ UserPoolId: e.userPoolId, Username: who.email }));
    admin.destroy();

    const me = await api('GET', '/v1/me', { token: who.accessToken });
    expect(me.status).toBe(401);
    expect(me.body).toEqual(unauthorized);
    // Every route that asks Cognito who the caller is.
    const create = await api('POST', '/v1/tenants', { token: who.accessToken, body: { name: 'Ghost', slug: unique('ghost') } });
    expect([create.status, create.body]).toEqual([401, unauthorized]);
    const accept = await api('POST', `/v1/invitations/${MISSING_ID}/accept`, { token: who.accessToken });
    expect([accept.status, accept.body]).toEqual([401, unauthorized]);
    const remove = await api('DELETE', '/v1/me', { token: who.accessToken });
    expect([remove.status, remove.body]).toEqual([401, unauthorized]);
  });

  it('deletes the account of a member of two salons: both lose them, their counters drop, the token stops', async () => {
    const [first, second] = [await salon(), await salon()];
    const who = await memberOf([first.id, 'employee'], [second.id, 'owner']);
    const before = [await counters(first.id), await counters(second.id)];
    expect(before[1]?.ownerCount).toBe(2);

    const res = await api('DELETE', '/v1/me', { token: who.accessToken });
    expect(res.status).toBe(204);

    for (const t of [first, second]) expect((await memberIds(t.id)).map((m) => m.userId)).not.toContain(who.userId);
    expect(await counters(first.id)).toEqual({ users: Number(before[0]?.users) - 1, ownerCount: 1 });
    expect(await counters(second.id)).toEqual({ users: Number(before[1]?.users) - 1, ownerCount: 1 });
    expect(await userExists(who.email)).toBe(false);
    const me = await api('GET', '/v1/me', { token: who.accessToken });
    expect([me.status, me.body]).toEqual([401, unauthorized]);
    // The salon is still theirs to run, and the former member can no longer act in it.
    expect((await api('GET', `/v1/tenants/${second.id}`, { token: owner.accessToken })).status).toBe(200);
    const write = await api('PATCH', `/v1/tenants/${second.id}`, { token: who.accessToken, body: { name: 'Taken over' } });
    expect(write.status).toBeGreaterThanOrEqual(400);
    expect(write.status).toBeLessThan(500);

    // A second call (a retry after a lost answer) changes nothing.
    const again = await api('DELETE', '/v1/me', { token: who.accessToken });
    expect([again.status, again.body]).toEqual([401, unauthorized]);
    expect(await counters(first.id)).toEqual({ users: Number(before[0]?.users) - 1, ownerCount: 1 });
    expect(await counters(second.id)).toEqual({ users: Number(before[1]?.users) - 1, ownerCount: 1 });
  });

  it('refuses the last owner of a salon with 409 LAST_OWNER naming it, and changes nothing', async () => {
    const theirs = await salon(owner.accessToken, 'Shared Salon');
    const who = await signUpAndSignIn(e, 'last-owner');
    const own = await salon(who.accessToken, 'Only Mine');
    await addMember(theirs.id, who.userId, who.email, 'manager');
    const before = [await counters(own.id), await counters(theirs.id)];

    const res = await api('DELETE', '/v1/me', { token: who.accessToken });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      error: { code: 'LAST_OWNER', details: { salons: [{ tenantId: own.id, slug: own.slug, name: 'Only Mine' }] } },
    });
    expect([await counters(own.id), await counters(theirs.id)]).toEqual(before);
    expect(await membership(own.id, who.userId)).toBeDefined();
    expect(await membership(theirs.id, who.userId)).toBeDefined();
    expect(await userExists(who.email)).toBe(true);
    const me = await api<{ memberships: unknown[] }>('GET', '/v1/me', { token: who.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.memberships).toHaveLength(2);

    // Once their salon is deleted, nothing holds them back.
    expect((await api('DELETE', `/v1/tenants/${own.id}`, { token: who.accessToken })).status).toBe(204);
    expect((await api('DELETE', '/v1/me', { token: who.accessToken })).status).toBe(204);
    expect(await membership(own.id, who.userId)).toBeUndefined();
    expect(await membership(theirs.id, who.userId)).toBeUndefined();
    expect((await counters(theirs.id)).users).toBe(Number(before[1]?.users) - 1);
    expect(await userExists(who.email)).toBe(false);
  });

  it('finishes a deletion whose memberships are already partly gone (a call that stopped halfway)', async () => {
    const [first, second] = [await salon(), await salon()];
    const who = await memberOf([first.id, 'viewer'], [second.id, 'viewer']);
    // As if an earlier call had removed the first membership, then stopped.
    expect((await api('DELETE', `/v1/tenants/${first.id}/members/${who.userId}`, { token: owner.accessToken })).status).toBe(204);
    const before = [await counters(first.id), await counters(second.id)];

    expect((await api('DELETE', '/v1/me', { token: who.accessToken })).status).toBe(204);
    expect(await counters(first.id)).toEqual(before[0]);
    expect((await counters(second.id)).users).toBe(Number(before[1]?.users) - 1);
    expect(await userExists(who.email)).toBe(false);
  });

  it('never leaves a salon without an owner when an owner leaves while the other is demoted', async () => {
    for (let round = 0; round < 4; round++) {
      const t = await salon();
      const who = await memberOf([t.id, 'owner']);
      // The leaving owner demotes the other at the same moment as they delete their account.
      const [leave, demote] = await Promise.all([
        api('DELETE', '/v1/me', { token: who.accessToken }),
        api('PATCH', `/v1/tenants/${t.id}/members/${owner.userId}`, { token: who.accessToken, body: { role: 'manager' } }),
      ]);
      const owners = (await memberIds(t.id)).filter((m) => m.role === 'owner');
      expect(owners.length, `round ${round}: ${leave.status}/${demote.status}`).toBeGreaterThanOrEqual(1);
      expect((await counters(t.id)).ownerCount).toBe(owners.length);
      if (leave.status === 204) expect(owners.map((m) => m.userId)).toEqual([owner.userId]);
      else expect(leave.body).toMatchObject({ error: { code: 'LAST_OWNER' } });
    }
  });
});
