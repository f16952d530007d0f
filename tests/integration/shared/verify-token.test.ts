import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { verifyAccessToken } from '../../../functions/shared/auth/verify-token';
import { decodePayload, emulatorKey, foreignKey, signJwt, signUpAndSignIn } from '../../support/tokens';

describe('verifyAccessToken against the local user pool', () => {
  const e = inject('endpoints');
  let session: Awaited<ReturnType<typeof signUpAndSignIn>>;
  beforeAll(async () => {
    session = await signUpAndSignIn(e, 'verify');
  });

  it('accepts a genuine access token and returns its subject', async () => {
    const verified = await verifyAccessToken(session.accessToken);
    expect(verified.sub).toBe(session.userId);
    expect(verified.clientId).toBe(e.userPoolClientId);
  });

  const now = () => Math.floor(Date.now() / 1000);
  const variants: Array<[string, (claims: Record<string, unknown>) => string]> = [
    ['an ID token', () => session.idToken],
    ['an expired token', (c) => signJwt({ ...c, iat: now() - 7200, exp: now() - 3600 }, emulatorKey(), 'CognitoLocal')],
    ['a token for another client', (c) => signJwt({ ...c, client_id: 'someone-else' }, emulatorKey(), 'CognitoLocal')],
    ['a token from another issuer', (c) => signJwt({ ...c, iss: 'https://evil.example/pool' }, emulatorKey(), 'CognitoLocal')],
    ['a token signed with a foreign key', (c) => signJwt(c, foreignKey(), 'CognitoLocal')],
    [
      'a token whose payload was edited',
      (c) => {
        const [h, , s] = session.accessToken.split('.');
        return `${h}.${Buffer.from(JSON.stringify({ ...c, sub: 'victim' })).toString('base64url')}.${s}`;
      },
    ],
    [
      'an unsigned token (alg none)',
      (c) =>
        `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(c)).toString('base64url')}.`,
    ],
  ];
  it.each(variants)('rejects %s', async (_name, make) => {
    const token = make(decodePayload(session.accessToken));
    await expect(verifyAccessToken(token)).rejects.toThrow();
  });

  it('accepts a token the emulator key signs with the same claims (so the rejections above are about the change)', async () => {
    const token = signJwt(decodePayload(session.accessToken), emulatorKey(), 'CognitoLocal');
    await expect(verifyAccessToken(token)).resolves.toMatchObject({ sub: session.userId });
  });
});
