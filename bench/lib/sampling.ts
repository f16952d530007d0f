/**
 * How import time is sampled and compared with the floor: a crossover design.
 * - A pair is the function's bundle and its floor imported by two fresh processes started together
 *   (back to back with `sequential`), each pinned to one of two CPUs where `taskset` exists.
 * - Consecutive pairs form a block and swap CPUs and start order, so a CPU slowed by other work, or
 *   the start order, weighs on function and floor alike; the block's ratio, the geometric mean of its two
 *   pair ratios, cancels such a factor exactly.
 * - Times are CPU time (user + system, all threads), which a busy machine's waiting does not inflate.
 * - The ratio reported is the median of the block ratios, with a distribution-free 95 % interval.
 */
import type { ImportSample, ImportTiming } from './import-timer';
import { type MedianEstimate, medianWithCi, pairedRatios, type Summary, summarize } from './stats';

export interface SamplingPlan {
  /** Pairs kept; two consecutive pairs make one block. */
  runs: number;
  /** Pairs run first and discarded (disk cache, first exec of the bundles). */
  warmup: number;
  /** One process at a time instead of the two of a pair together. */
  sequential: boolean;
  /** The two CPUs to pin processes to, or null to leave placement to the OS. */
  cpus: readonly [number, number] | null;
}

export interface PairSample {
  function: ImportSample;
  floor: ImportSample;
}

export interface PairedSamples {
  pairs: PairSample[];
  error?: string;
}

/** Imports one bundle in a fresh process, pinned to `cpu` if given. */
export type ImportRunner = (file: string, cpu: number | undefined) => Promise<ImportTiming>;

type Side = 'function' | 'floor';

/**
 * Where and in which order pair `index` runs: even pairs start the function first, on the first CPU,
 * and the floor on the second; odd pairs the other way round. Sequentially, both sides of a pair run
 * on the same CPU, the first for even pairs and the second for odd ones.
 */
export function pairLayout(
  index: number,
  plan: Pick<SamplingPlan, 'sequential' | 'cpus'>,
): Array<{ side: Side; cpu: number | undefined }> {
  const even = index % 2 === 0;
  const order: Side[] = even ? ['function', 'floor'] : ['floor', 'function'];
  const [first, second] = plan.cpus ?? [undefined, undefined];
  return order.map((side, i) => ({ side, cpu: (plan.sequential ? even : i === 0) ? first : second }));
}

export async function samplePairs(run: ImportRunner, files: Record<Side, string>, plan: SamplingPlan): Promise<PairedSamples> {
  const pairs: PairSample[] = [];
  for (let index = 0; index < plan.warmup + plan.runs; index++) {
    const layout = pairLayout(index, plan);
    const timings: Partial<Record<Side, ImportTiming>> = {};
    if (plan.sequential) {
      for (const { side, cpu } of layout) timings[side] = await run(files[side], cpu);
    } else {
      const both = await Promise.all(layout.map(({ side, cpu }) => run(files[side], cpu)));
      layout.forEach(({ side }, i) => {
        timings[side] = both[i];
      });
    }
    const fn = timings.function;
    const floor = timings.floor;
    if (fn === undefined || 'error' in fn) return { pairs, error: fn?.error ?? 'no timing' };
    if (floor === undefined || 'error' in floor) return { pairs, error: `floor bundle: ${floor?.error ?? 'no timing'}` };
    if (index >= plan.warmup) pairs.push({ function: fn, floor });
  }
  return { pairs };
}

/**
 * Geometric mean of the ratios of pairs (0, 1), (2, 3), …: each block ran both layouts, so a factor
 * tied to a CPU or to the start order cancels out. An odd last pair is left out; a single pair is its
 * own block.
 */
export function blockRatios(ratios: ReadonlyArray<number>): number[] {
  if (ratios.length === 1) return [...ratios];
  const blocks: number[] = [];
  for (let i = 0; i + 1 < ratios.length; i += 2) blocks.push(Math.sqrt((ratios[i] as number) * (ratios[i + 1] as number)));
  return blocks;
}

export interface ImportStats {
  /** CPU ms of the function's import and of its floor's. */
  function: Summary;
  floor: Summary;
  /** Median over blocks of function CPU ms / floor CPU ms, with its 95 % interval. */
  ratio: MedianEstimate;
  /** The same from wall-clock times, for reference: noisy on a shared machine. */
  wallRatio: number;
}

export function importStats(pairs: ReadonlyArray<PairSample>): ImportStats {
  if (pairs.length === 0) throw new Error('no samples');
  const cpu = (side: Side) => pairs.map((pair) => pair[side].cpuMs);
  const wall = (side: Side) => pairs.map((pair) => pair[side].ms);
  return {
    function: summarize(cpu('function')),
    floor: summarize(cpu('floor')),
    ratio: medianWithCi(blockRatios(pairedRatios(cpu('function'), cpu('floor')))),
    wallRatio: medianWithCi(blockRatios(pairedRatios(wall('function'), wall('floor')))).median,
  };
}
