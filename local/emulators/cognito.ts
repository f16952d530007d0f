/**
 * Local Cognito (cognito-local) in its own process: it keeps its data under `.cognito/` of its working
 * folder and pulls in the v2 SDK, which we keep out of the gateway's process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { LocalStartError, releasePort, waitFor } from '../ports';
import { type Managed, startProcess } from '../processes';

const require = createRequire(import.meta.url);

export async function startCognito(opts: {
  port: number;
  dataDir: string;
  logDir: string;
  runDir: string;
}): Promise<{ process: Managed; endpoint: string }> {
  const configDir = join(opts.dataDir, '.cognito');
  mkdirSync(join(configDir, 'db'), { recursive: true });
  const endpoint = `http://127.0.0.1:${opts.port}`;
  // The issuer in tokens must be the address clients fetch the JWKS from.
  writeFileSync(
    join(configDir, 'config.json'),
    JSON.stringify(
      { TokenConfig: { IssuerDomain: endpoint }, ServerConfig: { hostname: '127.0.0.1', port: opts.port } },
      null,
      2,
    ),
  );
  const bin = join(dirname(require.resolve('cognito-local/package.json')), 'lib', 'bin', 'start.js');
  await releasePort(opts.port);
  const proc = startProcess({
    name: 'cognito',
    command: process.execPath,
    args: [bin],
    cwd: opts.dataDir,
    env: { PORT: String(opts.port), HOST: '127.0.0.1', NODE_OPTIONS: '' },
    logDir: opts.logDir,
    runDir: opts.runDir,
  });
  try {
    await waitFor(
      'Local Cognito',
      async () => {
        if (proc.child.exitCode !== null) throw new LocalStartError('Local Cognito exited at start: see .data/logs/cognito.log.');
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools',
          },
          body: JSON.stringify({ MaxResults: 1 }),
          signal: AbortSignal.timeout(1_000),
        });
        return res.ok;
      },
      20_000,
    );
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { process: proc, endpoint };
}
