import { parseArgs } from 'node:util';

export interface BenchArgs {
  /** Fresh processes per bundle whose import time is measured (the warm-up run is extra). */
  runs: number;
  /** Exit non-zero when a target fails. */
  check: boolean;
}

export const DEFAULT_RUNS = 15;

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: { runs: { type: 'string' }, check: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false,
  });
  const runs = values.runs === undefined ? DEFAULT_RUNS : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got "${values.runs}"`);
  return { runs, check: values.check };
}
