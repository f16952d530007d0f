/**
 * `npm run bench -- --only features`: what the salon rate limiter (repositories/request-rate.ts), the
 * EMF metrics (metrics.ts) and the DynamoDB capacity meter (metering/capacity.ts) add to a function's
 * bundle and cold import time. Each sample function is built as it ships and again with one (or all)
 * of those modules replaced by a no-op stub of the same exports; import time is sampled in pairs
 * (as shipped, all stubbed) exactly as the bundles section samples function and floor.
 */
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { routeList } from '../functions/routes';
import { importStats, type ImportRunner, type SamplingPlan, samplePairs } from './lib/sampling';

type Feature = 'rateLimiter' | 'metrics' | 'capacityMeter';

const FEATURE_FILES: Record<Feature, string> = {
  rateLimiter: 'functions/shared/repositories/request-rate',
  metrics: 'functions/shared/metrics',
  capacityMeter: 'functions/shared/metering/capacity',
};

/** The same exports, doing nothing: what a function would be without the feature. */
const STUBS = (repoRoot: string): Record<Feature, string> => ({
  rateLimiter: [
    'export const rateLimitHeaders = () => ({});',
    'export async function spendRequest(_db, _tenantId, limit) { return { limit, remaining: limit.perMinute, resetSeconds: 60 }; }',
  ].join('\n'),
  metrics: [
    `export { BUSINESS_METRICS, METRICS_NAMESPACE, REQUEST_METRICS } from ${JSON.stringify(path.join(repoRoot, 'functions/shared/metric-names.ts'))};`,
    'export function recordRequest() {}',
    'export function recordEvent() {}',
  ].join('\n'),
  capacityMeter: [
    'export const measured = (fn) => fn();',
    'export const meterWork = () => {};',
    'export const withCapacityMeter = (client) => client;',
    'export const jobMemoryMb = () => undefined;',
    'export const setMeterSink = () => {};',
  ].join('\n'),
});

/** Replaces the given features' modules by their stubs. */
export function stubPlugin(repoRoot: string, features: ReadonlyArray<Feature>): Plugin {
  const stubs = STUBS(repoRoot);
  const targets = new Map(features.map((f) => [path.join(repoRoot, FEATURE_FILES[f]), f] as const));
  return {
    name: 'bench-feature-stubs',
    setup(b) {
      b.onResolve({ filter: /(request-rate|metrics|capacity)(\.ts)?$/ }, (args) => {
        const resolved = path.resolve(args.resolveDir, args.path).replace(/\.ts$/, '');
        const feature = targets.get(resolved);
        return feature ? { path: feature, namespace: 'bench-feature-stub' } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'bench-feature-stub' }, (args) => ({
        contents: stubs[args.path as Feature],
        resolveDir: repoRoot,
        loader: 'js',
      }));
    },
  };
}

/** A tenant read, a tenant write with business metrics, a public route (metrics only, no gate). */
export const FEATURE_SAMPLES = ['getTenant', 'createAppointment', 'getPublicSalon'] as const;

export interface FeatureRow {
  id: string;
  bytes: number;
  /** Bytes each feature adds (the bundle minus the bundle with that feature stubbed). */
  added: Record<Feature, number>;
  /** Bytes all three add together. */
  addedAll: number;
  /** Median import CPU ms as shipped and with all three stubbed, and the paired ratio with its 95 % interval. */
  import: { shippedMs: number; stubbedMs: number; ratio: number; low: number; high: number } | null;
}

export interface FeatureBuild {
  id: string;
  file: string;
  bytes: number;
}

/** Builds each sample as shipped, without each feature, and without all; `build` is bundles.ts's esbuild run. */
export async function featuresSection(opts: {
  repoRoot: string;
  plan: SamplingPlan;
  sizes: boolean;
  time: ImportRunner;
  build: (entries: Array<{ id: string; entry: string }>, plugins: Plugin[]) => Promise<Map<string, FeatureBuild>>;
}): Promise<FeatureRow[]> {
  const features = Object.keys(FEATURE_FILES) as Feature[];
  const samples = FEATURE_SAMPLES.map((id) => {
    const route = routeList.find((r) => r.id === id);
    if (!route) throw new Error(`bench features: no route ${id}`);
    return { id, entry: route.handler };
  });
  const variants: Array<{ name: string; stubbed: Feature[] }> = [
    { name: 'shipped', stubbed: [] },
    ...features.map((f) => ({ name: `no-${f}`, stubbed: [f] })),
    { name: 'none', stubbed: features },
  ];
  const built = new Map<string, Map<string, FeatureBuild>>();
  for (const v of variants) {
    built.set(
      v.name,
      await opts.build(
        samples.map((s) => ({ id: `${s.id}--${v.name}`, entry: s.entry })),
        v.stubbed.length ? [stubPlugin(opts.repoRoot, v.stubbed)] : [],
      ),
    );
  }
  const get = (variant: string, id: string) => {
    const b = built.get(variant)?.get(`${id}--${variant}`);
    if (!b) throw new Error(`bench features: ${id} ${variant} not built`);
    return b;
  };
  const rows: FeatureRow[] = [];
  for (const { id } of samples) {
    const shipped = get('shipped', id);
    const none = get('none', id);
    let timing: FeatureRow['import'] = null;
    if (!opts.sizes) {
      process.stderr.write(`timing features of ${id}…\n`);
      const { pairs, error } = await samplePairs(opts.time, { function: shipped.file, floor: none.file }, opts.plan);
      if (error === undefined && pairs.length > 0) {
        const s = importStats(pairs);
        timing = {
          shippedMs: s.function.median,
          stubbedMs: s.floor.median,
          ratio: s.ratio.median,
          low: s.ratio.low,
          high: s.ratio.high,
        };
      }
    }
    rows.push({
      id,
      bytes: shipped.bytes,
      added: Object.fromEntries(features.map((f) => [f, shipped.bytes - get(`no-${f}`, id).bytes])) as Record<Feature, number>,
      addedAll: shipped.bytes - none.bytes,
      import: timing,
    });
  }
  return rows;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

export function featuresTable(rows: ReadonlyArray<FeatureRow>): string {
  const head = [
    '| function | bundle KB | + rate limiter KB | + metrics KB | + capacity meter KB | all three KB | import ms shipped | import ms without the three | ratio (95 % CI) |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  const body = rows.map((r) => {
    const t = r.import;
    const timing = t
      ? `${t.shippedMs.toFixed(1)} | ${t.stubbedMs.toFixed(1)} | ${t.ratio.toFixed(3)} (${t.low.toFixed(3)}–${t.high.toFixed(3)})`
      : '– | – | –';
    return `| ${r.id} | ${kb(r.bytes)} | ${kb(r.added.rateLimiter)} | ${kb(r.added.metrics)} | ${kb(r.added.capacityMeter)} | ${kb(r.addedAll)} | ${timing} |`;
  });
  return [...head, ...body].join('\n');
}
