/** `npm run token -- <email> <password>`: prints an access token from the local user pool. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { localCognito, readEndpointsOrExit } from '../local/endpoints-file';

// Node 20 is supported locally until the SDK drops it (see local-stack facts); Lambda runs Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const [email, password] = process.argv.slice(2);
if (!email || !password) {
  console.error('Usage: npm run token -- <email> <password>');
  process.exit(1);
}
const endpoints = readEndpointsOrExit(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
try {
  const out = await localCognito(endpoints).send(
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
