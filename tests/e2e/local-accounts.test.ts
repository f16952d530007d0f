/**
 * The README's local account journey, as a newcomer follows it: sign up against the local pool, confirm
 * with `npm run user:confirm`, get invited, accept. And `.data/endpoints.json` as tools read it.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { confirmSignUp } from '../../local/accounts';
import { cognitoAdmin } from '../../local/provision';
import { setPlan } from '../support/fixtures';
import { api } from '../support/http';
import { signIn, signUpAndSignIn } from '../support/tokens';

const root = resolve(import.meta.dirname, '../..');
const PASSWORD = 'Self-Signed-Up-42';
let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

describe('local accounts', () => {
  const e = inject('endpoints');
  let ownerToken: string;
  beforeAll(async () => {
    ownerToken = (await signUpAndSignIn(e, 'local-owner')).accessToken;
  });

  /** `SignUp` on the local pool with the app client of endpoints.json, as the README says. */
  async function signUp(email: string) {
    const client = new CognitoIdentityProviderClient({
      endpoint: e.cognitoEndpoint,
      region: e.region,
      credentials: e.credentials,
    });
    try {
      await client.send(
        new SignUpCommand({
          ClientId: e.userPoolClientId,
          Username: email,
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: email }],
        }),
      );
    } finally {
      client.destroy();
    }
  }

  async function salonInviting(email: string) {
    const salon = await api<{ id: string }>('POST', '/v1/tenants', {
      token: ownerToken,
      body: { name: 'Newcomer Salon', slug: unique('newcomer') },
    });
    expect(salon.status).toBe(201);
    await setPlan(salon.body.id, 'starter');
    const invited = await api<{ invitationId: string }>('POST', `/v1/tenants/${salon.body.id}/invitations`, {
      token: ownerToken,
      body: { email, role: 'employee' },
    });
    expect(invited.status).toBe(201);
    return { tenantId: salon.body.id, invitationId: invited.body.invitationId };
  }

  it('signs up, confirms with `npm run user:confirm`, and accepts an invitation as a member', async () => {
    const email = `${unique('newcomer')}@example.test`;
    await signUp(email);
    await promisify(execFile)(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'bin/confirm-user.ts', email], {
      cwd: root,
      env: { ...process.env, RENDEZVOUS_DATA_DIR: inject('dataDir') },
    });
    const session = await signIn(e, email, PASSWORD);
    const me = await api('GET', '/v1/me', { token: session.accessToken });
    expect(me.body).toMatchObject({ email, emailVerified: true, memberships: [] });

    const { tenantId, invitationId } = await salonInviting(email);
    const accepted = await api('POST', `/v1/invitations/${invitationId}/accept`, { token: session.accessToken });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ tenantId, role: 'employee' });
    const after = await api<{ memberships: Array<{ tenantId: string; role: string }> }>('GET', '/v1/me', {
      token: session.accessToken,
    });
    expect(after.body.memberships).toEqual([expect.objectContaining({ tenantId, role: 'employee' })]);
  });

  it('confirming alone leaves the email unverified (403 EMAIL_NOT_VERIFIED); the confirm step verifies it', async () => {
    const email = `${unique('half')}@example.test`;
    await signUp(email);
    const admin = cognitoAdmin(e.cognitoEndpoint);
    try {
      await admin.send(new AdminConfirmSignUpCommand({ UserPoolId: e.userPoolId, Username: email }));
      const session = await signIn(e, email, PASSWORD);
      const { invitationId } = await salonInviting(email);
      const refused = await api('POST', `/v1/invitations/${invitationId}/accept`, { token: session.accessToken });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: { code: 'EMAIL_NOT_VERIFIED' } });

      // Already confirmed: the step only verifies the email, and may be run again.
      await confirmSignUp(admin, e.userPoolId, email);
      await confirmSignUp(admin, e.userPoolId, email);
      expect((await api('POST', `/v1/invitations/${invitationId}/accept`, { token: session.accessToken })).status).toBe(200);
    } finally {
      admin.destroy();
    }
  });

  it('writes endpoints.json credentials as the key pair only, nothing SDK-internal', () => {
    const file = JSON.parse(readFileSync(join(inject('dataDir'), 'endpoints.json'), 'utf8')) as {
      credentials: Record<string, unknown>;
    };
    const keys = Object.keys(file.credentials).sort();
    expect(keys.filter((k) => k !== 'sessionToken')).toEqual(['accessKeyId', 'secretAccessKey']);
    for (const value of Object.values(file.credentials)) expect(typeof value).toBe('string');
  });
});
