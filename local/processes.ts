/**
 * Child processes of the local stack. Each is tracked in a pid file so that a run killed hard
 * (SIGKILL, closed terminal) cannot leave a java process behind: the next start reaps it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Managed {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

function pidFile(runDir: string, name: string): string {
  return join(runDir, `${name}.pid`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills processes a previous run left behind (their pid files survive a hard kill). */
export function reapStale(runDir: string, names: ReadonlyArray<string>): void {
  for (const name of names) {
    const file = pidFile(runDir, name);
    if (!existsSync(file)) continue;
    const pid = Number(readFileSync(file, 'utf8'));
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    rmSync(file, { force: true });
  }
}

export function startProcess(opts: {
  name: string;
  command: string;
  args: ReadonlyArray<string>;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  logDir: string;
  runDir: string;
}): Managed {
  mkdirSync(opts.logDir, { recursive: true });
  mkdirSync(opts.runDir, { recursive: true });
  const log = createWriteStream(join(opts.logDir, `${opts.name}.log`), { flags: 'a' });
  // Own process group: Ctrl-C reaches us once, and we stop children in order.
  const child = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  if (child.pid) writeFileSync(pidFile(opts.runDir, opts.name), String(child.pid));
  let exited = child.exitCode !== null;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', () => {
      exited = true;
      resolve();
    });
  });
  return {
    name: opts.name,
    child,
    async stop() {
      if (!exited && child.pid) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        const timer = setTimeout(() => {
          try {
            if (child.pid) process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }, 3_000);
        await exitedPromise;
        clearTimeout(timer);
      }
      log.end();
      rmSync(pidFile(opts.runDir, opts.name), { force: true });
    },
  };
}
