/**
 * Cognito access-token verification: signature against the pool's JWKS, issuer, expiry, token_use and
 * client id. Issuer and JWKS URL come from configuration, so the same code checks tokens of the real
 * pool on AWS and of the local emulator (whose issuer is plain http).
 */
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { authConfig } from '../config';

export interface VerifiedToken {
  sub: string;
  username: string | undefined;
  clientId: string;
}

/** aws-jwt-verify's own fetcher refuses http; this one uses fetch, with a short timeout. */
const fetcher = {
  fetch: async (uri: string) => {
    const res = await fetch(uri, { signal: AbortSignal.timeout(3_000) });
    if (!res.ok) throw new Error(`JWKS fetch failed with ${res.status}`);
    return res.arrayBuffer();
  },
};

function createVerifier() {
  const { issuer, jwksUri, clientId } = authConfig();
  return JwtRsaVerifier.create(
    {
      issuer,
      jwksUri,
      // Access tokens carry client_id, not aud; both are checked below.
      audience: null,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'access') throw new Error('Not an access token');
        if (payload.client_id !== clientId) throw new Error('Token issued to another client');
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher }) },
  );
}

let verifier: ReturnType<typeof createVerifier> | undefined;

/** Throws on any invalid token; the caller answers 401 without saying why. */
export async function verifyAccessToken(token: string): Promise<VerifiedToken> {
  verifier ??= createVerifier();
  const payload = await verifier.verify(token);
  const username = typeof payload.username === 'string' ? payload.username : undefined;
  return { sub: String(payload.sub), username, clientId: String(payload.client_id) };
}
