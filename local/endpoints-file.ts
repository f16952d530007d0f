/** `.data/endpoints.json`, as the helper commands (`npm run token`, `npm run user:confirm`) read it. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/**
 * For the operator scripts (`npm run cost-report`, `npm run reconcile-stats`): points the shared DB
 * client (functions/shared/db/client.ts, env read on first use) at `table` on AWS, with the usual
 * credentials and Region, or, without one, at the running local platform. Call before importing it.
 */
export function useTableOrLocal(table: string | undefined): void {
  if (table) {
    process.env.TABLE_NAME = table;
    return;
  }
  const e = readEndpointsOrExit(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
  Object.assign(process.env, {
    TABLE_NAME: e.tableName,
    DYNAMODB_ENDPOINT: e.dynamodbEndpoint,
    AWS_REGION: e.region,
    AWS_ACCESS_KEY_ID: e.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: e.credentials.secretAccessKey,
  });
}
