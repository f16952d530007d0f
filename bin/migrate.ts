/**
 * `npm run migrate -- <id>`: runs a table migration (functions/shared/migrations/registry.ts) to the
 * end, resumable. Against the local platform by default (its endpoints.json); against a stage on AWS
 * with `--table <name>` and the caller's AWS credentials and region. `npm run migrate` lists them.
 * A migration with stages that must wait (email-index-hmac waits out the containers' key cache) is run
 * again when it can go on, until done; `--once` runs one round and says when to run again.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MIGRATIONS, migrationById } from '../functions/shared/migrations/registry';
import { runMigration } from '../functions/shared/migrations/runner';
import { readEndpointsOrExit } from '../local/endpoints-file';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const args = process.argv.slice(2);
const tableFlag = args.indexOf('--table');
const table = tableFlag >= 0 ? args[tableFlag + 1] : undefined;
const id = args.find((a, i) => !a.startsWith('--') && (tableFlag < 0 || i !== tableFlag + 1));
const once = args.includes('--once');
const migration = id ? migrationById(id) : undefined;
if (!migration) {
  console.error('Usage: npm run migrate -- <id> [--table <table name on AWS>] [--once]\n\nMigrations:');
  for (const m of MIGRATIONS) console.error(`  ${m.id}: ${m.description}`);
  process.exit(id ? 1 : 0);
}

const local = table ? undefined : readEndpointsOrExit(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
const client = local
  ? new DynamoDBClient({ endpoint: local.dynamodbEndpoint, region: local.region, credentials: local.credentials })
  : new DynamoDBClient({});
const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const kms = local
  ? new KMSClient({ endpoint: local.kmsEndpoint, region: local.region, credentials: local.credentials })
  : new KMSClient({});
for (;;) {
  const progress = await runMigration(migration, { db, table: table ?? (local?.tableName as string), kms: () => kms });
  const state = progress.done ? 'done' : progress.waiting > 0 ? `${progress.waiting} waiting` : 'stopped';
  console.log(`${progress.id}: ${state}; ${progress.scanned} items scanned, ${progress.changed} changed`);
  if (progress.done || !progress.retryAt) break;
  if (once) {
    console.log(`Run again after ${progress.retryAt.toISOString()} to go on.`);
    break;
  }
  const ms = Math.max(1_000, progress.retryAt.getTime() - Date.now() + 1_000);
  console.log(`Waiting until ${new Date(Date.now() + ms).toISOString()} (containers' key caches must expire first).`);
  await new Promise((r) => setTimeout(r, ms));
}
