/**
 * The demo salon's logo, uploaded through the API as a member would (presigned POST, complete, then the
 * branding's logoKey), once: a salon that already has a logo is left alone.
 */
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './provision';

/** A 1x1 PNG in the demo's primary colour. */
const LOGO_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export async function seedDemoLogo(opts: {
  apiUrl: string;
  cognitoEndpoint: string;
  userPoolClientId: string;
  tenantId: string;
  owner: { email: string; password: string };
}): Promise<'uploaded' | 'present'> {
  const cognito = new CognitoIdentityProviderClient({
    endpoint: opts.cognitoEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const auth = await cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: opts.userPoolClientId,
      AuthParameters: { USERNAME: opts.owner.email, PASSWORD: opts.owner.password },
    }),
  );
  cognito.destroy();
  const token = auth.AuthenticationResult?.AccessToken;
  if (!token) throw new Error('the demo owner could not sign in');
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${opts.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
  const base = `/v1/tenants/${opts.tenantId}`;
  const tenant = (await call('GET', base)) as { branding?: { logoKey?: string } };
  if (tenant.branding?.logoKey) return 'present';
  const { file, upload } = (await call('POST', `${base}/files`, {
    purpose: 'logo',
    contentType: 'image/png',
    size: LOGO_PNG.length,
    fileName: 'demo-logo.png',
  })) as { file: { fileId: string; objectKey: string }; upload: { url: string; fields: Record<string, string> } };
  const form = new FormData();
  for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
  form.append('file', new Blob([LOGO_PNG], { type: 'image/png' }), 'demo-logo.png');
  const posted = await fetch(upload.url, { method: 'POST', body: form });
  if (!posted.ok) throw new Error(`the logo upload answered ${posted.status}`);
  await call('POST', `${base}/files/${file.fileId}/complete`);
  await call('PATCH', base, { branding: { logoKey: file.objectKey } });
  return 'uploaded';
}
