/** Median of a non-empty sample; the mean of the two middle values for an even count. */
export function median(values: ReadonlyArray<number>): number {
  return quantile(values, 0.5);
}

/** The p-quantile (0 ≤ p ≤ 1) by linear interpolation between order statistics (R's type 7, numpy's default). */
export function quantile(values: ReadonlyArray<number>, p: number): number {
  if (values.length === 0) throw new Error('quantile of an empty sample');
  if (!(p >= 0 && p <= 1)) throw new Error(`quantile: p must be within [0, 1], got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const below = sorted[lo] as number;
  const above = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return below + (above - below) * (h - lo);
}

export interface Summary {
  median: number;
  /** First and third quartiles: half of the runs fall between them. */
  q1: number;
  q3: number;
}

export function summarize(values: ReadonlyArray<number>): Summary {
  return { median: median(values), q1: quantile(values, 0.25), q3: quantile(values, 0.75) };
}

/** `numerators[i] / denominators[i]` for each pair. */
export function pairedRatios(numerators: ReadonlyArray<number>, denominators: ReadonlyArray<number>): number[] {
  if (numerators.length !== denominators.length) {
    throw new Error(`paired samples differ in length: ${numerators.length} and ${denominators.length}`);
  }
  return numerators.map((value, i) => value / (denominators[i] as number));
}

export interface MedianEstimate {
  median: number;
  /** A confidence interval for the median, from order statistics; needs no assumption on the distribution. */
  low: number;
  high: number;
  /** The interval's exact coverage (at least the confidence asked for, or the whole range for tiny samples). */
  coverage: number;
}

/**
 * Median with a distribution-free confidence interval: [x(k), x(n+1-k)] of the sorted sample, with the
 * largest k for which P(Binomial(n, 1/2) < k) ≤ (1 - confidence) / 2. For n = 21 and 95 %: x(6)..x(16),
 * coverage 97.3 %. A sample too small for the confidence asked (n < 6 for 95 %) gets its range, and
 * `coverage` then says how much less than asked that is.
 */
export function medianWithCi(values: ReadonlyArray<number>, confidence = 0.95): MedianEstimate {
  if (values.length === 0) throw new Error('median of an empty sample');
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const tail = (1 - confidence) / 2;
  let k = 1;
  while (k + 1 <= (n + 1) / 2 && binomialCdf(n, k) <= tail) k++;
  return {
    median: median(sorted),
    low: sorted[k - 1] as number,
    high: sorted[n - k] as number,
    coverage: 1 - 2 * binomialCdf(n, k - 1),
  };
}

/** P(X ≤ x) for X ~ Binomial(n, 1/2). */
export function binomialCdf(n: number, x: number): number {
  let pmf = 0.5 ** n;
  let cdf = 0;
  for (let i = 0; i <= Math.min(x, n); i++) {
    cdf += pmf;
    pmf = (pmf * (n - i)) / (i + 1);
  }
  return cdf;
}
