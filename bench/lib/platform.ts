/** The local platform as `npm start` starts it, on free ports and an in-memory table, for benches that go through HTTP. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Endpoints } from '../../local/stack';
import { freshPlatformEnv } from '../../tests/support/platform-env';

const root = resolve(import.meta.dirname, '../..');

export async function startPlatform(
  dataDir: string,
): Promise<{ child: ChildProcess; endpoints: Endpoints & { demo?: { slug: string } } }> {
  const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'bin/local.ts'], {
    cwd: root,
    env: {
      ...process.env,
      ...freshPlatformEnv(dataDir),
      LOG_LEVEL: 'WARN',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += String(d);
  });
  child.stderr?.on('data', (d) => {
    output += String(d);
  });
  const deadline = Date.now() + 90_000;
  while (!output.includes('Press Ctrl-C')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`The local platform did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, endpoints: JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8')) };
}
