import { parseArgs } from 'node:util';

export interface BenchArgs {
  /** Pairs of fresh processes (function, floor) whose import time is kept, per bundle. */
  runs: number;
  /** Pairs run first and discarded. */
  warmup: number;
  /** Run the two processes of a pair one after the other instead of together. */
  sequential: boolean;
  /** Leave CPU placement to the OS instead of pinning processes with taskset. */
  unpinned: boolean;
  /** Exit non-zero when a target fails. */
  check: boolean;
  /** Bundles section: sizes only, no import timing (seconds instead of minutes; the ratio is not judged). */
  sizes: boolean;
  /** The sections to run, in this order: bundles, the availability engine, the availability handler. */
  only: BenchSection[];
  /** Bundles section: only these bundles (function ids, `authorizer`, `monolith`), in the usual order; null for all. */
  functions: string[] | null;
}

export const BENCH_SECTIONS = ['bundles', 'engine', 'handler', 'edge', 'features'] as const;
export type BenchSection = (typeof BENCH_SECTIONS)[number];

/** `--only engine,handler` (or `--only engine --only handler`); every section without it. */
function sections(raw: string[] | undefined): BenchSection[] {
  if (!raw || raw.length === 0) return [...BENCH_SECTIONS];
  const asked = new Set(raw.flatMap((r) => r.split(',')).map((r) => r.trim()));
  for (const name of asked) {
    if (!(BENCH_SECTIONS as readonly string[]).includes(name)) {
      throw new Error(`--only takes ${BENCH_SECTIONS.join(', ')} (comma-separated), got "${name}"`);
    }
  }
  return BENCH_SECTIONS.filter((s) => asked.has(s));
}

/**
 * `--functions createService,getAvailability` (or the flag repeated): the names, unchecked against the
 * route table (see `pickFunctions`); null without it.
 */
function functionNames(raw: string[] | undefined): string[] | null {
  if (!raw || raw.length === 0) return null;
  const names = raw.flatMap((r) => r.split(',')).map((r) => r.trim());
  if (names.some((name) => name === '')) {
    throw new Error(`--functions takes function ids (comma-separated), got "${raw.join(',')}"`);
  }
  return [...new Set(names)];
}

/**
 * The bundles `--functions` asked for, in the order of `known`; all of `known` without the flag. An
 * unknown name is refused with the list of known ones, so a typo cannot time nothing and pass.
 */
export function pickFunctions(asked: readonly string[] | null, known: readonly string[]): string[] {
  if (asked === null) return [...known];
  const unknown = asked.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Error(`--functions: unknown ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${known.join(', ')}`);
  }
  return known.filter((name) => asked.includes(name));
}

/** 12 blocks of two pairs (see bench/lib/sampling.ts). */
export const DEFAULT_RUNS = 24;
export const DEFAULT_WARMUP = 1;
export const USAGE =
  'Usage: npm run bench -- [--only bundles,engine,handler,edge,features] [--runs N] [--warmup N] [--sequential] [--unpinned] [--check] [--sizes] [--functions id,id]  (or BENCH_RUNS=N)';

function count(flag: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${flag} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

/** Flags win over the environment (BENCH_RUNS, BENCH_WARMUP). */
export function parseBenchArgs(argv: string[], env: Record<string, string | undefined> = {}): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      warmup: { type: 'string' },
      sequential: { type: 'boolean', default: false },
      unpinned: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      sizes: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      functions: { type: 'string', multiple: true },
    },
    strict: true,
    allowPositionals: false,
  });
  const only = sections(values.only);
  const functions = functionNames(values.functions);
  if (functions !== null && !only.includes('bundles')) {
    throw new Error('--functions narrows the bundles section, which --only leaves out');
  }
  return {
    runs: count('--runs', values.runs ?? env.BENCH_RUNS, DEFAULT_RUNS, 1),
    warmup: count('--warmup', values.warmup ?? env.BENCH_WARMUP, DEFAULT_WARMUP, 0),
    sequential: values.sequential,
    unpinned: values.unpinned,
    check: values.check,
    sizes: values.sizes,
    only,
    functions,
  };
}
