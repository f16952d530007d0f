/** `npm run token -- <email> <password>`: prints an access token from the local user pool. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';

// Node 20 is supported locally until the SDK drops it (see local-stack facts); Lambda runs Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [email, password] = process.argv.slice(2);
if (!email || !password) {
  console.error('Usage: npm run token -- <email> <password>');
  process.exit(1);
}
const file = join(resolve(process.env.RENDEZVOUS_DATA_DIR || join(root, '.data')), 'endpoints.json');
let endpoints: {
  cognitoEndpoint: string;
  region: string;
  userPoolClientId: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
};
try {
  endpoints = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.error(`No ${file}: start the platform first with \`npm start\`.`);
  process.exit(1);
}
const client = new CognitoIdentityProviderClient({
  endpoint: endpoints.cognitoEndpoint,
  region: endpoints.region,
  credentials: endpoints.credentials,
});
try {
  const out = await client.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: endpoints.userPoolClientId,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  if (!out.AuthenticationResult?.AccessToken) {
    console.error(`Sign-in needs another step (${out.ChallengeName ?? 'unknown challenge'}).`);
    process.exit(1);
  }
  console.log(out.AuthenticationResult.AccessToken);
} catch (err) {
  console.error(`Sign-in failed: ${(err as Error).message}`);
  process.exit(1);
}
