import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNS, DEFAULT_WARMUP, parseBenchArgs, pickFunctions } from '../../../bench/lib/args';
import { bytesOfModules, bytesOfPackages, OWN_CODE, overheadByOrigin, packageOf } from '../../../bench/lib/dependencies';
import { esbuildFunctionOptions } from '../../../bench/lib/esbuild-options';
import { importTimerScript, parseImportTiming } from '../../../bench/lib/import-timer';
import { ACCEPTED_DEPENDENCIES, evaluate, REQUIRED_FEATURES, TARGETS } from '../../../bench/lib/targets';
import { functionBundling } from '../../../lib/bundling';

describe('evaluate', () => {
  const base = {
    bundleBytes: 400 * 1024,
    floorBytes: 350 * 1024,
    acceptedBytes: 0,
    featureBytes: 0,
    floorHasSdk: true,
    importRatio: 1.1,
  };

  it('passes within both targets', () => {
    expect(evaluate(base)).toEqual({
      status: 'PASS',
      overheadBytes: 50 * 1024,
      judgedOverheadBytes: 50 * 1024,
      ratio: 1.1,
      failures: [],
    });
  });

  it('fails on overhead above the limit, not at it', () => {
    expect(evaluate({ ...base, bundleBytes: base.floorBytes + TARGETS.maxOverheadBytes }).status).toBe('PASS');
    expect(evaluate({ ...base, bundleBytes: base.floorBytes + TARGETS.maxOverheadBytes + 1 })).toMatchObject({
      status: 'FAIL',
      failures: ['overhead'],
    });
  });

  it('fails on the import ratio above the limit, not at it, and names every failed target', () => {
    expect(evaluate({ ...base, importRatio: TARGETS.maxImportRatio }).status).toBe('PASS');
    expect(evaluate({ ...base, bundleBytes: 500 * 1024, importRatio: 1.5 })).toMatchObject({
      status: 'FAIL',
      ratio: 1.5,
      failures: ['overhead', 'import ratio'],
    });
  });

  it('does not count accepted dependencies against the overhead target, but still shows them', () => {
    const verdict = evaluate({ ...base, bundleBytes: 650 * 1024, acceptedBytes: 250 * 1024 });
    expect(verdict).toMatchObject({ status: 'PASS', overheadBytes: 300 * 1024, judgedOverheadBytes: 50 * 1024 });
  });

  it('does not count required features against the overhead target either, but fails on what is left above it', () => {
    const over = base.floorBytes + TARGETS.maxOverheadBytes + 10 * 1024;
    expect(evaluate({ ...base, bundleBytes: over, featureBytes: 10 * 1024 }).status).toBe('PASS');
    expect(evaluate({ ...base, bundleBytes: over, featureBytes: 5 * 1024, acceptedBytes: 5 * 1024 }).status).toBe('PASS');
    expect(evaluate({ ...base, bundleBytes: over, featureBytes: 5 * 1024 })).toMatchObject({
      status: 'FAIL',
      overheadBytes: TARGETS.maxOverheadBytes + 10 * 1024,
      judgedOverheadBytes: TARGETS.maxOverheadBytes + 5 * 1024,
    });
  });

  it('does not judge the ratio of a function with no SDK floor', () => {
    const verdict = evaluate({ ...base, bundleBytes: 20 * 1024, floorBytes: 150, floorHasSdk: false, importRatio: 30 });
    expect(verdict).toMatchObject({ status: 'PASS', ratio: null, failures: [] });
  });

  it('reports an import failure as ERROR', () => {
    expect(evaluate({ ...base, importRatio: null, error: 'boom' })).toMatchObject({ status: 'ERROR', ratio: null });
  });
});

describe('what the targets do not judge', () => {
  it('names required-feature modules that exist, each under one feature', async () => {
    const { existsSync } = await import('node:fs');
    const modules = REQUIRED_FEATURES.flatMap((f) => f.modules);
    expect(modules.filter((m) => !existsSync(m))).toEqual([]);
    expect(new Set(modules).size).toBe(modules.length);
  });

  it('accepts only packages the project depends on', async () => {
    const { readFileSync } = await import('node:fs');
    const { dependencies } = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    const direct = Object.keys(ACCEPTED_DEPENDENCIES).filter((name) => name !== '@aws-lambda-powertools/commons');
    expect(direct.filter((name) => !(name in dependencies))).toEqual([]);
  });
});

describe('import timer', () => {
  it('embeds the file URL as a string literal and reports wall and CPU time', () => {
    const script = importTimerScript('file:///tmp/a "b".mjs');
    expect(script).toContain('await import("file:///tmp/a \\"b\\".mjs");');
    expect(script).toContain('process.cpuUsage(cpuBefore)');
  });

  it('runs as a module and times a real import', async () => {
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', importTimerScript('node:zlib')], {
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
    });
    const timing = parseImportTiming(out);
    expect(timing).toEqual({ ms: expect.any(Number), cpuMs: expect.any(Number) });
  });

  it('reads a timing or an error line', () => {
    expect(parseImportTiming('{"ms":42.5,"cpuMs":40.25}\n')).toEqual({ ms: 42.5, cpuMs: 40.25 });
    expect(parseImportTiming('noise\n{"error":"Error: missing TABLE_NAME"}\n')).toEqual({ error: 'Error: missing TABLE_NAME' });
  });

  it('turns unexpected output into an error that shows it', () => {
    const parsed = parseImportTiming('', 'Segmentation fault', 139);
    expect(parsed).toEqual({ error: 'import run exited with code 139: Segmentation fault' });
    expect(parseImportTiming('{"ms":"fast","cpuMs":1}')).toHaveProperty('error');
    expect(parseImportTiming('{"ms":12}')).toHaveProperty('error');
    expect(parseImportTiming('{"ms":12,"cpuMs":-1}')).toHaveProperty('error');
  });
});

describe('parseBenchArgs', () => {
  it('defaults to 24 pairs after 1 warm-up pair, run together and pinned, without --check', () => {
    expect(parseBenchArgs([])).toEqual({
      runs: DEFAULT_RUNS,
      warmup: DEFAULT_WARMUP,
      sequential: false,
      unpinned: false,
      check: false,
      sizes: false,
      only: ['bundles', 'engine', 'handler', 'edge', 'features'],
      functions: null,
    });
    expect([DEFAULT_RUNS, DEFAULT_WARMUP]).toEqual([24, 1]);
  });

  it('reads the flags', () => {
    expect(parseBenchArgs(['--runs', '10', '--check'])).toMatchObject({ runs: 10, check: true });
    expect(parseBenchArgs(['--sizes'])).toMatchObject({ sizes: true });
    expect(parseBenchArgs(['--runs=20', '--warmup=0', '--sequential', '--unpinned'])).toEqual({
      runs: 20,
      warmup: 0,
      sequential: true,
      unpinned: true,
      check: false,
      sizes: false,
      only: ['bundles', 'engine', 'handler', 'edge', 'features'],
      functions: null,
    });
  });

  it('reads BENCH_RUNS and BENCH_WARMUP, flags first', () => {
    expect(parseBenchArgs([], { BENCH_RUNS: '31', BENCH_WARMUP: '2' })).toMatchObject({ runs: 31, warmup: 2 });
    expect(parseBenchArgs(['--runs', '9'], { BENCH_RUNS: '31' })).toMatchObject({ runs: 9 });
    expect(parseBenchArgs([], { BENCH_RUNS: '' })).toMatchObject({ runs: DEFAULT_RUNS });
  });

  it('refuses a bad count or an unknown flag', () => {
    expect(() => parseBenchArgs(['--runs', '0'])).toThrow(/--runs/);
    expect(() => parseBenchArgs(['--runs', '2.5'])).toThrow(/--runs/);
    expect(() => parseBenchArgs([], { BENCH_RUNS: 'many' })).toThrow(/--runs/);
    expect(() => parseBenchArgs(['--warmup', '-1'])).toThrow(/--warmup/);
    expect(() => parseBenchArgs(['--fast'])).toThrow();
    expect(() => parseBenchArgs(['--only', 'engines'])).toThrow(/--only/);
  });

  it('runs only the sections asked for, in their usual order', () => {
    expect(parseBenchArgs(['--only', 'engine']).only).toEqual(['engine']);
    expect(parseBenchArgs(['--only', 'handler,engine']).only).toEqual(['engine', 'handler']);
    expect(parseBenchArgs(['--only', 'edge']).only).toEqual(['edge']);
    expect(parseBenchArgs(['--only', 'handler', '--only=bundles']).only).toEqual(['bundles', 'handler']);
  });

  it('reads --functions as comma-separated or repeated ids, once each', () => {
    expect(parseBenchArgs(['--functions', 'createService, getAvailability']).functions).toEqual([
      'createService',
      'getAvailability',
    ]);
    expect(
      parseBenchArgs(['--only', 'bundles', '--functions=createStaff', '--functions', 'createStaff,authorizer']).functions,
    ).toEqual(['createStaff', 'authorizer']);
  });

  it('refuses an empty --functions entry, or --functions with the bundles section left out', () => {
    expect(() => parseBenchArgs(['--functions', ''])).toThrow(/--functions/);
    expect(() => parseBenchArgs(['--functions', 'createStaff,,createService'])).toThrow(/--functions/);
    expect(() => parseBenchArgs(['--only', 'engine', '--functions', 'createStaff'])).toThrow(/--functions.*--only/);
  });
});

describe('pickFunctions', () => {
  const known = ['acceptInvitation', 'createService', 'getAvailability', 'authorizer', 'monolith'];

  it('keeps every bundle without --functions, else the ones asked for in the usual order', () => {
    expect(pickFunctions(null, known)).toEqual(known);
    expect(pickFunctions(['getAvailability', 'acceptInvitation'], known)).toEqual(['acceptInvitation', 'getAvailability']);
  });

  it('refuses an unknown id, naming it and the known ones', () => {
    expect(() => pickFunctions(['createService', 'createServices'], known)).toThrow(
      /unknown "createServices"; known: acceptInvitation, createService/,
    );
  });
});

describe('packageOf / bytesOfPackages', () => {
  it('names the package of a metafile input, scoped or nested, and nothing for our sources', () => {
    expect(packageOf('node_modules/stripe/esm/stripe.core.js')).toBe('stripe');
    expect(packageOf('node_modules/@aws-sdk/core/dist-es/index.js')).toBe('@aws-sdk/core');
    expect(packageOf('node_modules/a/node_modules/stripe/esm/x.js')).toBe('stripe');
    expect(packageOf('functions/shared/billing/stripe-client.ts')).toBeNull();
    expect(packageOf('<stdin>')).toBeNull();
  });

  it('adds up the bytes of each named package, zero when absent', () => {
    const inputs = {
      'node_modules/stripe/esm/a.js': { bytesInOutput: 100 },
      'node_modules/stripe/esm/b.js': { bytesInOutput: 50 },
      'node_modules/stripe-extra/index.js': { bytesInOutput: 7 },
      'functions/shared/billing/stripe-client.ts': { bytesInOutput: 9 },
    };
    expect(bytesOfPackages(inputs, ['stripe', 'zod'])).toEqual([
      { name: 'stripe', bytes: 150 },
      { name: 'zod', bytes: 0 },
    ]);
  });

  it('adds up the bytes of exactly the named source files', () => {
    const inputs = {
      'functions/shared/crypto/fields.ts': { bytesInOutput: 100 },
      'functions\\shared\\crypto\\keyring.ts': { bytesInOutput: 20 },
      'functions/shared/crypto/fields.test.ts': { bytesInOutput: 7 },
      'node_modules/x/functions/shared/crypto/fields.ts': { bytesInOutput: 9 },
    };
    expect(bytesOfModules(inputs, ['functions/shared/crypto/fields.ts', 'functions/shared/crypto/keyring.ts'])).toBe(120);
    expect(bytesOfModules(inputs, [])).toBe(0);
  });

  it('splits the overhead by origin: what the function holds beyond its floor, largest first', () => {
    const floor = {
      'node_modules/@aws-sdk/client-dynamodb/dist-es/a.js': { bytesInOutput: 300 },
      'node_modules/mnemonist/lru.js': { bytesInOutput: 40 },
    };
    const inputs = {
      ...floor,
      'node_modules/@aws-sdk/client-dynamodb/dist-es/b.js': { bytesInOutput: 20 },
      'node_modules/zod/v4/core/schemas.js': { bytesInOutput: 90 },
      'functions/shared/errors.ts': { bytesInOutput: 60 },
      'functions/shared/logger.ts': { bytesInOutput: 50 },
      'functions/shared/unused.ts': { bytesInOutput: 0 },
    };
    expect(overheadByOrigin(inputs, floor)).toEqual([
      { name: OWN_CODE, bytes: 110 },
      { name: 'zod', bytes: 90 },
      { name: '@aws-sdk/client-dynamodb', bytes: 20 },
    ]);
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
