/** `.data/endpoints.json`, as the helper commands (`npm run token`, `npm run user:confirm`) read it. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Endpoints } from './stack';

/** Reads the running platform's endpoints, or exits with the one sentence that says what to do. */
export function readEndpointsOrExit(root: string): Endpoints {
  const file = join(resolve(process.env.RENDEZVOUS_DATA_DIR || join(root, '.data')), 'endpoints.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Endpoints;
  } catch {
    console.error(`No ${file}: start the platform first with \`npm start\`.`);
    process.exit(1);
  }
}

export function localCognito(e: Endpoints): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ endpoint: e.cognitoEndpoint, region: e.region, credentials: e.credentials });
}
