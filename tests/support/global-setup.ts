/**
 * Starts the local platform once per test run exactly as `npm start` does (same entrypoint), on free
 * ports, in-memory DynamoDB and a throwaway data folder; stops it at the end and checks that nothing
 * it started is left running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { Endpoints } from '../../local/stack';
import { freshPlatformEnv } from './platform-env';
import { startStripeStandIn } from './stripe-stand-in';

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: Endpoints;
    dataDir: string;
    /** The local stand-in of the Stripe API the platform's billing calls reach (see stripe-stand-in.ts). */
    stripeStandInUrl: string;
  }
}

const root = resolve(import.meta.dirname, '../..');

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'rendezvous-test-'));
  const log = createWriteStream(join(dataDir, 'local.log'));
  // Billing talks to a stand-in of the Stripe API, through the SDK's host/port/protocol options.
  const stripe = await startStripeStandIn();
  const child: ChildProcess = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'bin/local.ts'], {
    cwd: root,
    env: {
      ...process.env,
      ...freshPlatformEnv(dataDir),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
      // As deployed: reads may trust a decision this long; writes and refusals never do (tenant-gate.ts).
      AUTHORIZER_CACHE_SECONDS: '60',
      // Every test request comes from 127.0.0.1; the limiter itself is tested on its own.
      PUBLIC_WRITES_PER_10_MIN: '1000000',
      // Tests share a few salons; the salon limiter's own tests set a salon's limit (limits.requestsPerMinute).
      TENANT_RATE_LIMIT_FACTOR: '1000',
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_API_URL: stripe.url,
      // The platform generates its own webhook secret (endpoints.json); the developer's must not leak in.
      STRIPE_WEBHOOK_SECRET: '',
      BILLING_CURRENCY: 'eur',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let output = '';
  child.stdout?.on('data', (d) => {
    output += String(d);
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

  const runDir = join(dataDir, 'run');
  const emulatorPids = () =>
    existsSync(runDir) ? readdirSync(runDir).map((f) => Number(readFileSync(join(runDir, f), 'utf8'))) : [];
  // A loaded machine can take minutes; past that, stop what did start so no emulator outlives the run.
  const deadline = Date.now() + 120_000;
  while (!output.includes('Press Ctrl-C')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const started = emulatorPids();
      if (child.exitCode === null) {
        child.kill('SIGINT');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      }
      for (const pid of started) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await stripe.stop();
      throw new Error(`The local platform did not start:\n${readFileSync(join(dataDir, 'local.log'), 'utf8')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const endpoints = JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8')) as Endpoints;
  project.provide('endpoints', endpoints);
  const pids = emulatorPids();
  project.provide('dataDir', dataDir);
  project.provide('stripeStandInUrl', stripe.url);

  return async () => {
    child.kill('SIGINT');
    await exited;
    await stripe.stop();
    // Ctrl-C must leave nothing behind, Java included.
    const alive = pids.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    if (alive.length || (existsSync(runDir) && readdirSync(runDir).length)) {
      throw new Error(`Processes left behind after stop: ${alive.join(', ')}`);
    }
    // KEEP_TEST_LOG=1 keeps the platform's log (and data) to read after a failing run.
    if (process.env.KEEP_TEST_LOG) console.log(`Local platform log kept: ${join(dataDir, 'local.log')}`);
    else rmSync(dataDir, { recursive: true, force: true });
  };
}
