/**
 * `npm run user:confirm -- <email>`: confirms a self-signed-up user in the local pool, which is what
 * clicking the emailed code does on AWS (the code is also in .data/logs/cognito.log).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdminConfirmSignUpCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [email] = process.argv.slice(2);
if (!email) {
  console.error('Usage: npm run user:confirm -- <email>');
  process.exit(1);
}
const file = join(resolve(process.env.RENDEZVOUS_DATA_DIR || join(root, '.data')), 'endpoints.json');
let endpoints: {
  cognitoEndpoint: string;
  region: string;
  userPoolId: string;
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
  await client.send(new AdminConfirmSignUpCommand({ UserPoolId: endpoints.userPoolId, Username: email }));
  console.log(`${email} is confirmed: sign in with \`npm run token -- ${email} <password>\`.`);
} catch (err) {
  console.error(`Could not confirm ${email}: ${(err as Error).message}`);
  process.exit(1);
}
