import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNS, parseBenchArgs } from '../../../bench/lib/args';
import { esbuildFunctionOptions } from '../../../bench/lib/esbuild-options';
import { importTimerScript, parseImportTiming } from '../../../bench/lib/import-timer';
import { median } from '../../../bench/lib/stats';
import { evaluate, TARGETS } from '../../../bench/lib/targets';
import { functionBundling } from '../../../lib/bundling';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('does not reorder its input and refuses an empty sample', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
    expect(() => median([])).toThrow();
  });
});

describe('evaluate', () => {
  const base = { bundleBytes: 400 * 1024, floorBytes: 350 * 1024, floorHasSdk: true, importMs: 50, floorImportMs: 45 };

  it('passes within both targets', () => {
    expect(evaluate(base)).toEqual({ status: 'PASS', overheadBytes: 50 * 1024, ratio: 50 / 45, failures: [] });
  });

  it('fails on overhead above the limit, not at it', () => {
    expect(evaluate({ ...base, bundleBytes: base.floorBytes + TARGETS.maxOverheadBytes }).status).toBe('PASS');
    expect(evaluate({ ...base, bundleBytes: base.floorBytes + TARGETS.maxOverheadBytes + 1 })).toMatchObject({
      status: 'FAIL',
      failures: ['overhead'],
    });
  });

  it('fails on the import ratio and names every failed target', () => {
    expect(evaluate({ ...base, bundleBytes: 500 * 1024, importMs: 60, floorImportMs: 40 })).toMatchObject({
      status: 'FAIL',
      ratio: 1.5,
      failures: ['overhead', 'import ratio'],
    });
  });

  it('does not judge the ratio of a function with no SDK floor', () => {
    const verdict = evaluate({ bundleBytes: 20 * 1024, floorBytes: 150, floorHasSdk: false, importMs: 12, floorImportMs: 0.4 });
    expect(verdict).toEqual({ status: 'PASS', overheadBytes: 20 * 1024 - 150, ratio: null, failures: [] });
  });

  it('reports an import failure as ERROR', () => {
    expect(evaluate({ ...base, importMs: null, floorImportMs: null, error: 'boom' })).toMatchObject({
      status: 'ERROR',
      ratio: null,
    });
  });
});

describe('import timer', () => {
  it('embeds the file URL as a string literal', () => {
    const script = importTimerScript('file:///tmp/a "b".mjs');
    expect(script).toContain('await import("file:///tmp/a \\"b\\".mjs");');
  });

  it('reads a timing or an error line', () => {
    expect(parseImportTiming('{"ms":42.5}\n')).toEqual({ ms: 42.5 });
    expect(parseImportTiming('noise\n{"error":"Error: missing TABLE_NAME"}\n')).toEqual({ error: 'Error: missing TABLE_NAME' });
  });

  it('turns unexpected output into an error that shows it', () => {
    const parsed = parseImportTiming('', 'Segmentation fault', 139);
    expect(parsed).toEqual({ error: 'import run exited with code 139: Segmentation fault' });
    expect(parseImportTiming('{"ms":"fast"}')).toHaveProperty('error');
  });
});

describe('parseBenchArgs', () => {
  it('defaults to 15 runs without --check', () => {
    expect(parseBenchArgs([])).toEqual({ runs: DEFAULT_RUNS, check: false });
    expect(DEFAULT_RUNS).toBe(15);
  });

  it('reads --runs and --check', () => {
    expect(parseBenchArgs(['--runs', '10', '--check'])).toEqual({ runs: 10, check: true });
    expect(parseBenchArgs(['--runs=20'])).toEqual({ runs: 20, check: false });
  });

  it('refuses a bad run count or an unknown flag', () => {
    expect(() => parseBenchArgs(['--runs', '0'])).toThrow(/--runs/);
    expect(() => parseBenchArgs(['--runs', '2.5'])).toThrow(/--runs/);
    expect(() => parseBenchArgs(['--fast'])).toThrow();
  });
});

describe('esbuildFunctionOptions', () => {
  it('is functionBundling with the banner in esbuild form', () => {
    const options = esbuildFunctionOptions();
    expect(options).toMatchObject({
      format: functionBundling.format,
      platform: functionBundling.platform,
      target: functionBundling.target,
      minify: functionBundling.minify,
      mainFields: [...functionBundling.mainFields],
      external: [...functionBundling.external],
      banner: { js: functionBundling.banner },
    });
  });
});
