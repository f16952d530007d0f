/** Local S3 (s3rver) in its own process: it needs the legacy OpenSSL provider for paginated listings. */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { LocalStartError, releasePort, waitFor } from '../ports';
import { type Managed, startProcess } from '../processes';

const require = createRequire(import.meta.url);

export async function startS3(opts: {
  port: number;
  dataDir: string;
  logDir: string;
  runDir: string;
}): Promise<{ process: Managed; endpoint: string }> {
  mkdirSync(opts.dataDir, { recursive: true });
  const bin = join(dirname(require.resolve('s3rver/package.json')), 'bin', 's3rver.js');
  await releasePort(opts.port);
  const proc = startProcess({
    name: 's3',
    command: process.execPath,
    args: [
      '--openssl-legacy-provider',
      bin,
      '--directory',
      opts.dataDir,
      '--address',
      '127.0.0.1',
      '--port',
      String(opts.port),
      '--silent',
      // Local credentials are whatever the developer's shell has; signatures cannot be checked locally anyway.
      '--allow-mismatched-signatures',
    ],
    cwd: opts.dataDir,
    env: { NODE_OPTIONS: '' },
    logDir: opts.logDir,
    runDir: opts.runDir,
  });
  const endpoint = `http://127.0.0.1:${opts.port}`;
  try {
    await waitFor(
      'Local S3',
      async () => {
        if (proc.child.exitCode !== null) throw new LocalStartError('Local S3 exited at start: see .data/logs/s3.log.');
        const res = await fetch(endpoint, { signal: AbortSignal.timeout(1_000) });
        return res.status < 500;
      },
      15_000,
    );
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { process: proc, endpoint };
}
