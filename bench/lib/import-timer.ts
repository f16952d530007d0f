/**
 * Import time is measured in a fresh Node process per run (a cold start has no module cache), timing
 * only `await import()`, so Node's own start-up cost is left out and function and floor compare fairly.
 */

export type ImportTiming = { ms: number } | { error: string };

/** Source for `node --input-type=module -e`: prints one JSON line, `{"ms":…}` or `{"error":…}`. */
export function importTimerScript(fileUrl: string): string {
  return [
    'const started = performance.now();',
    'try {',
    `  await import(${JSON.stringify(fileUrl)});`,
    '  const ms = performance.now() - started;',
    '  process.stdout.write(JSON.stringify({ ms }) + "\\n");',
    '} catch (err) {',
    '  const error = err instanceof Error ? (err.stack ?? err.message) : String(err);',
    '  process.stdout.write(JSON.stringify({ error }) + "\\n");',
    '}',
    // A bundle that leaves a timer or socket open must not keep the run alive; stdout to a pipe is
    // synchronous on Linux and macOS, so the line above is already written.
    'process.exit(0);',
  ].join('\n');
}

/** Reads the child's output; anything else than the expected line becomes an error with what was seen. */
export function parseImportTiming(stdout: string, stderr = '', exitCode: number | null = 0): ImportTiming {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed === 'object' && parsed !== null) {
      if ('ms' in parsed && typeof parsed.ms === 'number' && Number.isFinite(parsed.ms)) return { ms: parsed.ms };
      if ('error' in parsed && typeof parsed.error === 'string') return { error: parsed.error };
    }
  } catch {
    // Falls through to the generic error below.
  }
  const detail = [stderr.trim(), stdout.trim()].filter((s) => s !== '').join('\n') || '(no output)';
  return { error: `import run exited with code ${exitCode ?? 'null'}: ${detail}` };
}
