import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** `0-3,6,8-9` (Linux's CPU list format, as in /proc/self/status) → [0, 1, 2, 3, 6, 8, 9]. */
export function parseCpuList(list: string): number[] {
  const cpus = new Set<number>();
  for (const part of list.trim().split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) continue;
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    for (let cpu = from; cpu <= to; cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}

/**
 * Two CPUs this process may run on, if processes can be pinned to them with `taskset` (Linux with
 * util-linux); otherwise null and the OS places the processes.
 */
export function pinnableCpus(): readonly [number, number] | null {
  let status: string;
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    return null;
  }
  const allowed = parseCpuList(/^Cpus_allowed_list:\s*(.+)$/m.exec(status)?.[1] ?? '');
  const [first, second] = allowed;
  if (first === undefined || second === undefined) return null;
  const probe = spawnSync('taskset', ['-c', String(first), process.execPath, '-e', '0'], { stdio: 'ignore', timeout: 10_000 });
  return probe.status === 0 ? [first, second] : null;
}
