/**
 * Import time is measured in a fresh Node process per run (a cold start has no module cache), timing
 * only `await import()`, so Node's own start-up cost is left out and function and floor compare fairly.
 * Both the wall-clock time and the CPU time (user + system, all threads) of the import are taken.
 */

export interface ImportSample {
  /** Wall-clock milliseconds. */
  ms: number;
  /** CPU milliseconds spent by the process meanwhile. */
  cpuMs: number;
}

export type ImportTiming = ImportSample | { error: string };

/** Source for `node --input-type=module -e`: prints one JSON line, `{"ms":…,"cpuMs":…}` or `{"error":…}`. */
export function importTimerScript(fileUrl: string): string {
  return [
    'const cpuBefore = process.cpuUsage();',
    'const started = performance.now();',
    'try {',
    `  await import(${JSON.stringify(fileUrl)});`,
    '  const ms = performance.now() - started;',
    '  const cpu = process.cpuUsage(cpuBefore);',
    '  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000 }) + "\\n");',
    '} catch (err) {',
    '  const error = err instanceof Error ? (err.stack ?? err.message) : String(err);',
    '  process.stdout.write(JSON.stringify({ error }) + "\\n");',
    '}',
    // A bundle that leaves a timer or socket open must not keep the run alive; stdout to a pipe is
    // synchronous on Linux and macOS, so the line above is already written.
    'process.exit(0);',
  ].join('\n');
}

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Reads the child's output; anything else than the expected line becomes an error with what was seen. */
export function parseImportTiming(stdout: string, stderr = '', exitCode: number | null = 0): ImportTiming {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed === 'object' && parsed !== null) {
      if ('ms' in parsed && 'cpuMs' in parsed && isTime(parsed.ms) && isTime(parsed.cpuMs)) {
        return { ms: parsed.ms, cpuMs: parsed.cpuMs };
      }
      if ('error' in parsed && typeof parsed.error === 'string') return { error: parsed.error };
    }
  } catch {
    // Falls through to the generic error below.
  }
  const detail = [stderr.trim(), stdout.trim()].filter((s) => s !== '').join('\n') || '(no output)';
  return { error: `import run exited with code ${exitCode ?? 'null'}: ${detail}` };
}
