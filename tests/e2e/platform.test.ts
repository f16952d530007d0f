import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { routeList } from '../../functions/routes';
import { api } from '../support/http';
import { decodePayload, emulatorKey, foreignKey, signIn, signJwt, signUpAndSignIn } from '../support/tokens';

const envelope = (code: string) => ({
  error: expect.objectContaining({ code, message: expect.any(String) }),
  requestId: expect.any(String),
});

describe('platform edge over HTTP (local runtime)', () => {
  const e = inject('endpoints');
  let session: Awaited<ReturnType<typeof signUpAndSignIn>>;
  beforeAll(async () => {
    session = await signUpAndSignIn(e, 'edge');
  });

  it('GET /v1/health answers 200 with the state of DynamoDB', async () => {
    const res = await api('GET', '/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', checks: { dynamodb: { status: 'ok' } } });
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('GET /v1/health?deep=1 probes DynamoDB, S3, KMS and Cognito, each up with its latency', async () => {
    const res = await api<{ status: string; checks: Record<string, { status: string; latencyMs: number }> }>(
      'GET',
      '/v1/health?deep=1',
    );
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(Object.keys(res.body.checks).sort()).toEqual(['cognito', 'dynamodb', 'kms', 's3']);
    for (const check of Object.values(res.body.checks)) expect(check).toEqual({ status: 'up', latencyMs: expect.any(Number) });
    expect(res.headers.get('retry-after')).toBeNull();
  });

  it('GET /v1/health?deep=maybe is 400', async () => {
    expect((await api('GET', '/v1/health?deep=maybe')).status).toBe(400);
  });

  it.each([
    ['GET', '/v1/nothing-here'],
    ['GET', '/health'],
    ['DELETE', '/v1/health'],
  ])('%s %s answers 404 in the error envelope', async (method, path) => {
    const res = await api(method, path);
    expect(res.status).toBe(404);
    expect(res.body).toEqual(envelope('NOT_FOUND'));
  });

  describe('every non-public route refuses requests without a valid access token', () => {
    const guarded = routeList.filter((r) => r.auth !== 'public');
    const samplePath = (path: string) => path.replace(/\{(\w+)\}/g, '01JABCDEFGHJKMNPQRSTVWXYZ0');
    const now = () => Math.floor(Date.now() / 1000);
    const badTokens: Array<[string, () => string | undefined]> = [
      ['no token', () => undefined],
      ['a token signed with a foreign key', () => signJwt(decodePayload(session.accessToken), foreignKey(), 'CognitoLocal')],
      [
        'an expired token',
        () => signJwt({ ...decodePayload(session.accessToken), exp: now() - 60 }, emulatorKey(), 'CognitoLocal'),
      ],
      ['an ID token instead of an access token', () => session.idToken],
      ['a malformed token', () => 'not.a.token'],
    ];
    for (const route of guarded) {
      it.each(badTokens)(`${route.method} ${route.path} with %s -> 401`, async (_name, token) => {
        const t = token();
        const res = await api(route.method, samplePath(route.path), t ? { token: t } : {});
        expect(res.status).toBe(401);
        expect(res.body).toEqual(envelope('UNAUTHORIZED'));
      });
    }
  });

  describe('bad bodies are refused before any work, and change nothing', () => {
    it('answers malformed JSON with 400 INVALID_JSON', async () => {
      const res = await api('POST', '/v1/tenants', { token: session.accessToken, raw: '{"name": "Salon", "slug": ' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(envelope('INVALID_JSON'));
    });

    it('answers a body over 100 KB with 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await api('POST', '/v1/tenants', {
        token: session.accessToken,
        body: { name: 'x'.repeat(120_000), slug: 'too-large-body' },
      });
      expect(res.status).toBe(413);
      expect(res.body).toEqual(envelope('PAYLOAD_TOO_LARGE'));
    });

    it('answers a non-JSON content type with 415', async () => {
      const res = await api('POST', '/v1/tenants', {
        token: session.accessToken,
        raw: 'name=x',
        headers: { 'content-type': 'text/plain' },
      });
      expect(res.status).toBe(415);
    });

    it('left no tenant behind', async () => {
      const me = await api<{ memberships: unknown[] }>('GET', '/v1/me', { token: session.accessToken });
      expect(me.body.memberships).toEqual([]);
    });
  });

  it('lets a new user sign up, confirm (as the emailed code would) and call the API', async () => {
    const email = `signup-${Date.now().toString(36)}@example.test`;
    const client = new CognitoIdentityProviderClient({
      endpoint: e.cognitoEndpoint,
      region: e.region,
      credentials: e.credentials,
    });
    await client.send(
      new SignUpCommand({
        ClientId: e.userPoolClientId,
        Username: email,
        Password: 'Self-Service-42',
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    await expect(signIn(e, email, 'Self-Service-42')).rejects.toThrow();
    await client.send(new AdminConfirmSignUpCommand({ UserPoolId: e.userPoolId, Username: email }));
    client.destroy();
    const fresh = await signIn(e, email, 'Self-Service-42');
    const me = await api('GET', '/v1/me', { token: fresh.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ userId: fresh.userId, email, memberships: [] });
  });

  describe('CORS for the web app', () => {
    const app = 'http://localhost:5173';
    it('answers preflights for the allowed origin only', async () => {
      const ok = await fetch(`${e.apiUrl.replace('localhost', '127.0.0.1')}/v1/me`, {
        method: 'OPTIONS',
        headers: { origin: app, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe(app);
      expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
      const evil = await fetch(`${e.apiUrl.replace('localhost', '127.0.0.1')}/v1/me`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example' },
      });
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('lets the app read answers and errors alike, and nobody else', async () => {
      const health = await api('GET', '/v1/health', { headers: { origin: app } });
      expect(health.headers.get('access-control-allow-origin')).toBe(app);
      const denied = await api('GET', '/v1/me', { headers: { origin: app } });
      expect(denied.status).toBe(401);
      expect(denied.headers.get('access-control-allow-origin')).toBe(app);
      const invalid = await api('POST', '/v1/tenants', { token: session.accessToken, raw: '{', headers: { origin: app } });
      expect(invalid.headers.get('access-control-allow-origin')).toBe(app);
      const other = await api('GET', '/v1/health', { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('exposes the request id, the replay flag and Retry-After on handler and gateway answers alike', async () => {
      const exposed = (res: { headers: Headers }) => (res.headers.get('access-control-expose-headers') ?? '').split(',');
      const wanted = ['x-amzn-requestid', 'idempotent-replayed', 'retry-after'];
      const handlerMade = await api('GET', '/v1/health', { headers: { origin: app } });
      expect(exposed(handlerMade)).toEqual(expect.arrayContaining(wanted));
      const gatewayDenied = await api('GET', '/v1/me', { headers: { origin: app } });
      expect(gatewayDenied.status).toBe(401);
      expect(exposed(gatewayDenied)).toEqual(expect.arrayContaining(wanted));
      const gatewayUnknown = await api('GET', '/v1/no-such-route', { headers: { origin: app } });
      expect(gatewayUnknown.status).toBe(404);
      expect(exposed(gatewayUnknown)).toEqual(expect.arrayContaining(wanted));
      const other = await api('GET', '/v1/me', { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-expose-headers')).toBeNull();
    });
  });

  it('GET /v1/openapi.json serves the committed contract without a token', async () => {
    const res = await api('GET', '/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const committed = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/openapi.json'), 'utf8'));
    expect(res.body).toEqual(committed);
    expect(Object.keys(committed.paths).length).toBeGreaterThan(20);
  });

  it('GET /v1/me answers the signed-in user (positive control for the 401s)', async () => {
    const res = await api('GET', '/v1/me', { token: session.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ userId: session.userId, email: session.email, emailVerified: true, memberships: [] });
  });
});
