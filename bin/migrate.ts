/**
 * `npm run migrate -- <id>`: runs a table migration (functions/shared/migrations/registry.ts) to the
 * end, resumable. Against the local platform by default (its endpoints.json); against a stage on AWS
 * with `--table <name>` and the caller's AWS credentials and region. `npm run migrate` lists them.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MIGRATIONS, migrationById } from '../functions/shared/migrations/registry';
import { runMigration } from '../functions/shared/migrations/runner';
import { readEndpointsOrExit } from '../local/endpoints-file';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const args = process.argv.slice(2);
const tableFlag = args.indexOf('--table');
const table = tableFlag >= 0 ? args[tableFlag + 1] : undefined;
const id = args.find((a, i) => !a.startsWith('--') && i !== tableFlag + 1);
const migration = id ? migrationById(id) : undefined;
if (!migration) {
  console.error('Usage: npm run migrate -- <id> [--table <table name on AWS>]\n\nMigrations:');
  for (const m of MIGRATIONS) console.error(`  ${m.id}: ${m.description}`);
  process.exit(id ? 1 : 0);
}

const local = table ? undefined : readEndpointsOrExit(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
const client = local
  ? new DynamoDBClient({ endpoint: local.dynamodbEndpoint, region: local.region, credentials: local.credentials })
  : new DynamoDBClient({});
const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const progress = await runMigration(migration, { db, table: table ?? (local?.tableName as string) });
console.log(
  `${progress.id}: ${progress.done ? 'done' : 'stopped'}; ${progress.scanned} items scanned, ${progress.changed} changed`,
);
