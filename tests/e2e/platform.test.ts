import { beforeAll, describe, expect, inject, it } from 'vitest';
import { routeList } from '../../functions/routes';
import { api } from '../support/http';
import { decodePayload, emulatorKey, foreignKey, signJwt, signUpAndSignIn } from '../support/tokens';

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

  it('GET /v1/me answers the signed-in user (positive control for the 401s)', async () => {
    const res = await api('GET', '/v1/me', { token: session.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ userId: session.userId, email: session.email, emailVerified: true, memberships: [] });
  });
});
