import { describe, expect, it } from 'vitest';
import { parseCpuList, pinnableCpus } from '../../../bench/lib/cpus';
import { blockRatios, importStats, type PairSample, pairLayout, samplePairs } from '../../../bench/lib/sampling';
import { binomialCdf, median, medianWithCi, pairedRatios, quantile, summarize } from '../../../bench/lib/stats';

describe('median and quantile', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('interpolates quartiles between order statistics (type 7)', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(values, 0)).toBe(1);
    expect(quantile(values, 1)).toBe(10);
    expect(quantile(values, 0.25)).toBeCloseTo(3.25);
    expect(quantile(values, 0.75)).toBeCloseTo(7.75);
    expect(summarize([9, 1, 5])).toEqual({ median: 5, q1: 3, q3: 7 });
  });

  it('does not reorder its input and refuses an empty sample or a bad p', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
    expect(() => median([])).toThrow();
    expect(() => quantile([1], 1.5)).toThrow();
  });
});

describe('pairedRatios', () => {
  it('divides pair by pair and refuses samples of different lengths', () => {
    expect(pairedRatios([10, 30], [5, 20])).toEqual([2, 1.5]);
    expect(() => pairedRatios([1, 2], [1])).toThrow(/length/);
  });
});

describe('medianWithCi', () => {
  const ranks = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it('takes the textbook order statistics for a 95 % interval', () => {
    // n = 9: x(2)..x(8); n = 15: x(4)..x(12); n = 21: x(6)..x(16).
    expect(medianWithCi(ranks(9))).toMatchObject({ median: 5, low: 2, high: 8 });
    expect(medianWithCi(ranks(15))).toMatchObject({ median: 8, low: 4, high: 12 });
    const e21 = medianWithCi(ranks(21).reverse());
    expect(e21).toMatchObject({ median: 11, low: 6, high: 16 });
    expect(e21.coverage).toBeCloseTo(0.9734, 4);
    expect(e21.coverage).toBeGreaterThanOrEqual(0.95);
  });

  it('falls back to the range, and says so, when the sample is too small', () => {
    const e5 = medianWithCi(ranks(5));
    expect(e5).toMatchObject({ low: 1, high: 5 });
    expect(e5.coverage).toBeCloseTo(1 - 2 / 32);
    expect(medianWithCi([4])).toEqual({ median: 4, low: 4, high: 4, coverage: 0 });
  });

  it('narrows with a lower confidence', () => {
    const e = medianWithCi(ranks(21), 0.5);
    expect(e.high - e.low).toBeLessThan(10);
    expect(e.coverage).toBeGreaterThanOrEqual(0.5);
  });
});

describe('binomialCdf', () => {
  it('matches exact values', () => {
    expect(binomialCdf(4, 2)).toBeCloseTo(11 / 16);
    expect(binomialCdf(21, 5)).toBeCloseTo(0.0133018, 6);
    expect(binomialCdf(21, 21)).toBeCloseTo(1);
  });
});

describe('pairLayout', () => {
  const pinned = { sequential: false, cpus: [2, 5] as const };

  it('crosses over: consecutive pairs swap CPUs and start order', () => {
    expect([0, 1, 2].map((i) => pairLayout(i, pinned))).toEqual([
      [
        { side: 'function', cpu: 2 },
        { side: 'floor', cpu: 5 },
      ],
      [
        { side: 'floor', cpu: 2 },
        { side: 'function', cpu: 5 },
      ],
      [
        { side: 'function', cpu: 2 },
        { side: 'floor', cpu: 5 },
      ],
    ]);
  });

  it('runs both sides of a sequential pair on one CPU, alternating CPUs between pairs', () => {
    const sequential = { sequential: true, cpus: [2, 5] as const };
    expect(pairLayout(0, sequential).map((run) => run.cpu)).toEqual([2, 2]);
    expect(pairLayout(1, sequential).map((run) => run.cpu)).toEqual([5, 5]);
  });

  it('leaves placement to the OS without CPUs', () => {
    expect(pairLayout(1, { sequential: false, cpus: null })).toEqual([
      { side: 'floor', cpu: undefined },
      { side: 'function', cpu: undefined },
    ]);
  });
});

describe('blockRatios', () => {
  it('cancels a factor that favours one CPU: each block is the geometric mean of a pair and its crossover', () => {
    // True ratio 1.2; the second CPU runs 1.4 times slower. Pair 0: function on the fast CPU; pair 1: on the slow one.
    const ratios = [(1.2 * 1) / 1.4, (1.2 * 1.4) / 1, (1.2 * 1) / 1.4, (1.2 * 1.4) / 1];
    const blocks = blockRatios(ratios);
    expect(blocks).toHaveLength(2);
    for (const block of blocks) expect(block).toBeCloseTo(1.2, 10);
  });

  it('leaves out an odd last pair, and keeps a lone pair as it is', () => {
    expect(blockRatios([4, 1, 7])).toEqual([2]);
    expect(blockRatios([1.3])).toEqual([1.3]);
    expect(blockRatios([])).toEqual([]);
  });
});

describe('parseCpuList', () => {
  it('reads single CPUs and ranges', () => {
    expect(parseCpuList('0-1')).toEqual([0, 1]);
    expect(parseCpuList(' 0,2-4,8\n')).toEqual([0, 2, 3, 4, 8]);
    expect(parseCpuList('')).toEqual([]);
    expect(parseCpuList('x,3')).toEqual([3]);
  });

  it('finds two distinct CPUs to pin to, or none', () => {
    const cpus = pinnableCpus();
    if (cpus !== null) expect(cpus[0]).not.toBe(cpus[1]);
    expect(cpus === null || cpus.every(Number.isInteger)).toBe(true);
  });
});

describe('samplePairs', () => {
  /** A fake runner: records the start order and answers from a script keyed by file. */
  function fakeRunner(times: Record<string, number[]>, failAt?: { file: string; call: number }) {
    const started: string[] = [];
    const calls: Record<string, number> = {};
    const run = async (file: string, cpu: number | undefined) => {
      started.push(`${file}@${cpu ?? '-'}`);
      const call = (calls[file] ?? 0) + 1;
      calls[file] = call;
      if (failAt && failAt.file === file && failAt.call === call) return { error: 'Error: boom' };
      const cpuMs = times[file]?.[call - 1] ?? Number.NaN;
      return { ms: cpuMs + 1, cpuMs };
    };
    return { run, started };
  }
  const files = { function: 'fn.mjs', floor: 'floor.mjs' };

  it('discards the warm-up pairs and keeps the rest, pair by pair', async () => {
    const { run, started } = fakeRunner({ 'fn.mjs': [99, 12, 14, 13], 'floor.mjs': [99, 10, 10, 11] });
    const result = await samplePairs(run, files, { runs: 3, warmup: 1, sequential: true, cpus: [0, 1] });
    expect(result.error).toBeUndefined();
    expect(result.pairs.map((p) => [p.function.cpuMs, p.floor.cpuMs])).toEqual([
      [12, 10],
      [14, 10],
      [13, 11],
    ]);
    expect(started).toEqual([
      'fn.mjs@0',
      'floor.mjs@0',
      'floor.mjs@1',
      'fn.mjs@1',
      'fn.mjs@0',
      'floor.mjs@0',
      'floor.mjs@1',
      'fn.mjs@1',
    ]);
  });

  it('runs the two sides of a pair together unless sequential', async () => {
    let running = 0;
    let most = 0;
    const run = async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      return { ms: 1, cpuMs: 1 };
    };
    await samplePairs(run, files, { runs: 2, warmup: 0, sequential: false, cpus: null });
    expect(most).toBe(2);
    most = 0;
    await samplePairs(run, files, { runs: 2, warmup: 0, sequential: true, cpus: null });
    expect(most).toBe(1);
  });

  it('stops at the first failed import and says which side failed', async () => {
    const fn = fakeRunner({ 'fn.mjs': [1, 1], 'floor.mjs': [1, 1] }, { file: 'fn.mjs', call: 2 });
    expect(await samplePairs(fn.run, files, { runs: 5, warmup: 0, sequential: true, cpus: null })).toMatchObject({
      error: 'Error: boom',
      pairs: [{ function: { cpuMs: 1 } }],
    });
    const floor = fakeRunner({ 'fn.mjs': [1], 'floor.mjs': [1] }, { file: 'floor.mjs', call: 1 });
    expect((await samplePairs(floor.run, files, { runs: 5, warmup: 0, sequential: true, cpus: null })).error).toBe(
      'floor bundle: Error: boom',
    );
  });
});

describe('importStats', () => {
  const pair = (fnCpu: number, floorCpu: number, fnWall = fnCpu, floorWall = floorCpu): PairSample => ({
    function: { cpuMs: fnCpu, ms: fnWall },
    floor: { cpuMs: floorCpu, ms: floorWall },
  });

  it('summarizes CPU times and takes the ratio within pairs and blocks, so drift between them cancels out', () => {
    // The machine slows down over the run: the medians of each side mix fast and slow pairs, each pair does not.
    const pairs = [pair(11, 10), pair(22, 20), pair(33, 30), pair(44, 40), pair(55, 50), pair(66, 60)];
    const stats = importStats(pairs);
    expect(stats.function).toEqual({ median: 38.5, q1: 24.75, q3: 52.25 });
    expect(stats.floor.median).toBe(35);
    expect(stats.ratio.median).toBeCloseTo(1.1);
    expect(stats.ratio.low).toBeCloseTo(1.1);
    expect(stats.ratio.high).toBeCloseTo(1.1);
  });

  it('is not moved by one pathological pair', () => {
    const pairs = [pair(11, 10), pair(11, 10), pair(500, 10), pair(11, 10), pair(11, 10), pair(11, 10)];
    expect(importStats(pairs).ratio.median).toBeCloseTo(1.1);
  });

  it('cancels a CPU that is slower than the other for the whole run', () => {
    // Function 12 ms, floor 10 ms; whatever runs on the second CPU takes 1.4 times longer.
    const pairs = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? pair(12, 14) : pair(16.8, 10)));
    expect(importStats(pairs).ratio.median).toBeCloseTo(1.2, 10);
  });

  it('reports the wall-clock ratio alongside, and refuses no samples', () => {
    expect(importStats([pair(11, 10, 30, 10)]).wallRatio).toBe(3);
    expect(() => importStats([])).toThrow();
  });
});
