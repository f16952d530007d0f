/**
 * `npm run user:confirm -- <email>`: confirms a self-signed-up user in the local pool and verifies
 * their email, which is what entering the emailed code does on AWS (the code is also in
 * .data/logs/cognito.log).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { confirmSignUp } from '../local/accounts';
import { localCognito, readEndpointsOrExit } from '../local/endpoints-file';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const [email] = process.argv.slice(2);
if (!email) {
  console.error('Usage: npm run user:confirm -- <email>');
  process.exit(1);
}
const endpoints = readEndpointsOrExit(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
try {
  await confirmSignUp(localCognito(endpoints), endpoints.userPoolId, email);
  console.log(`${email} is confirmed and its email verified: sign in with \`npm run token -- ${email} <password>\`.`);
} catch (err) {
  console.error(`Could not confirm ${email}: ${(err as Error).message}`);
  process.exit(1);
}
