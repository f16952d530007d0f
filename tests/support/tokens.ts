/** Builds JWTs for the negative paths: forged with our own key, or re-signed with the emulator's. */
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Endpoints } from '../../local/stack';
import { ensureUser } from '../../local/provision';

const require = createRequire(import.meta.url);
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signJwt(payload: Record<string, unknown>, key: ReturnType<typeof createPrivateKey>, kid: string): string {
  const head = b64url({ alg: 'RS256', typ: 'JWT', kid });
  const body = b64url(payload);
  const signature = sign('RSA-SHA256', Buffer.from(`${head}.${body}`), key).toString('base64url');
  return `${head}.${body}.${signature}`;
}

/** cognito-local signs with a key shipped in its package; tests may use it to mint tokens it would accept. */
export function emulatorKey() {
  const file = join(dirname(require.resolve('cognito-local/package.json')), 'lib', 'keys', 'cognitoLocal.private.json');
  const { jwk } = JSON.parse(readFileSync(file, 'utf8')) as { jwk: Record<string, string> };
  return createPrivateKey({ key: jwk, format: 'jwk' });
}

export function foreignKey() {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

export function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

let counter = 0;
/** A fresh confirmed user (unique email per call) and their tokens from the local pool. */
export async function signUpAndSignIn(e: Endpoints, label = 'user') {
  counter += 1;
  const email = `${label}-${Date.now().toString(36)}-${counter}@example.test`;
  const password = 'Correct-Horse-42';
  await ensureUser(e.cognitoEndpoint, e.userPoolId, email, password);
  return { email, ...(await signIn(e, email, password)) };
}

export async function signIn(e: Endpoints, email: string, password: string) {
  const client = new CognitoIdentityProviderClient({ endpoint: e.cognitoEndpoint, region: e.region, credentials: e.credentials });
  try {
    const out = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: e.userPoolClientId,
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const result = out.AuthenticationResult;
    if (!result?.AccessToken || !result.IdToken) throw new Error('sign-in did not return tokens');
    return { accessToken: result.AccessToken, idToken: result.IdToken, userId: String(decodePayload(result.AccessToken).sub) };
  } finally {
    client.destroy();
  }
}
