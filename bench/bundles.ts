/**
 * `npm run bench [-- --only bundles,engine,handler,edge,features --runs N --warmup N --sequential --unpinned --check --sizes --functions id,id]`.
 * Sections: `bundles` (below), `engine` and `handler` (availability CPU, bench/availability.ts), `edge`
 * (the HTTP edge's CPU per request, bench/edge.ts), `features` (what the rate limiter, metrics and
 * capacity meter add to bundle and import time, bench/features.ts).
 *
 * bundles: size and cold import time of
 * every Lambda bundle, against a floor made of only the AWS SDK clients the function uses. See
 * bench/lib/report.ts for what each column means. Results go to stdout (Markdown) and
 * bench/results/bundles.json. Each function over the overhead target gets a line saying what its overhead
 * is made of (each package, and our own code, beyond the floor); `--sizes` skips import timing (sizes in
 * seconds, to iterate on a cut; the ratio is then not judged); `--functions` builds and times only the bundles
 * named (function ids, `authorizer`, `monolith`), to iterate on a few in a minute or two.
 *
 * Import time is sampled as described in bench/lib/sampling.ts: pairs of fresh processes (function,
 * floor) pinned to two CPUs, crossing over CPUs and start order from one pair to the next; CPU time of
 * the import; ratio = median over blocks of two pairs, with a distribution-free 95 % interval.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { authorizerEntry, routeList } from '../functions/routes';
import { type BenchArgs, parseBenchArgs, pickFunctions, USAGE } from './lib/args';
import { pinnableCpus } from './lib/cpus';
import { bytesOfModules, bytesOfPackages, overheadByOrigin } from './lib/dependencies';
import { esbuildFunctionOptions } from './lib/esbuild-options';
import { type ImportTiming, importTimerScript, parseImportTiming } from './lib/import-timer';
import { acceptedNotes, type BenchRow, featureNotes, floorList, footnotes, overheadNotes, resultsTable } from './lib/report';
import { importStats, type SamplingPlan, samplePairs } from './lib/sampling';
import {
  describeSdkImports,
  floorEntrySource,
  mergeSdkImports,
  packageMatcher,
  parseImportsOf,
  parseSdkImports,
  type SdkImport,
} from './lib/sdk-imports';
import { ACCEPTED_DEPENDENCIES, evaluate, REQUIRED_FEATURES, TARGETS } from './lib/targets';
import {
  availabilityVerdicts,
  engineSection,
  engineTable,
  handlerSection,
  handlerTable,
  writeAvailabilityResults,
} from './availability';
import { edgeSection, edgeTable, edgeVerdicts } from './edge';
import { featuresSection, featuresTable } from './features';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsFile = path.join(repoRoot, 'bench/results/bundles.json');
/** A `--functions` run writes here, so it does not overwrite the last full run's results. */
const partialResultsFile = path.join(repoRoot, 'bench/results/bundles-partial.json');
const IMPORT_TIMEOUT_MS = 30_000;

interface Subject {
  id: string;
  kind: BenchRow['kind'];
  entries: string[];
  /** Either a real entry file or a synthetic module resolved from the repository root. */
  input: { entry: string } | { contents: string };
}

interface Bundle {
  file: string;
  bytes: number;
  /** What esbuild put into this output file, by input path, with the bytes each one left. */
  inputs: Metafile['outputs'][string]['inputs'];
  /** Every input this bundle's entry reaches, including files tree-shaken to nothing. */
  reached: string[];
}

const VIRTUAL = 'bench-entry';

/**
 * Builds many entry points in one esbuild run: each output is the same file a build of that entry alone
 * gives (no code splitting), but shared dependencies are parsed once. Synthetic entries (`contents`)
 * resolve their imports from the repository root.
 */
async function bundleAll(
  subjects: ReadonlyArray<Pick<Subject, 'id' | 'input'>>,
  outDir: string,
  extraPlugins: Plugin[] = [],
): Promise<Map<string, Bundle>> {
  const contents = new Map<string, string>();
  const entryPoints: Record<string, string> = {};
  for (const { id, input } of subjects) {
    if ('entry' in input) {
      entryPoints[id] = input.entry;
    } else {
      contents.set(id, input.contents);
      entryPoints[id] = `${VIRTUAL}:${id}`;
    }
  }
  const options: BuildOptions = {
    ...esbuildFunctionOptions(),
    bundle: true,
    metafile: true,
    write: true,
    entryPoints,
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    absWorkingDir: repoRoot,
    logLevel: 'warning',
    plugins: [
      ...extraPlugins,
      {
        name: VIRTUAL,
        setup(b) {
          b.onResolve({ filter: new RegExp(`^${VIRTUAL}:`) }, (args) => ({
            path: args.path.slice(VIRTUAL.length + 1),
            namespace: VIRTUAL,
          }));
          b.onLoad({ filter: /.*/, namespace: VIRTUAL }, (args) => ({
            contents: contents.get(args.path) ?? '',
            resolveDir: repoRoot,
            loader: 'js',
          }));
        },
      },
    ],
  };
  const { metafile } = await build(options);
  if (metafile === undefined) throw new Error('esbuild returned no metafile');
  const bundles = new Map<string, Bundle>();
  for (const [outPath, output] of Object.entries(metafile.outputs)) {
    const file = path.resolve(repoRoot, outPath);
    const id = path.basename(file, '.mjs');
    if (output.entryPoint === undefined || !(id in entryPoints)) continue;
    bundles.set(id, {
      file,
      bytes: (await stat(file)).size,
      inputs: output.inputs,
      reached: reachedFrom(metafile, output.entryPoint),
    });
  }
  const missing = subjects.filter(({ id }) => !bundles.has(id)).map(({ id }) => id);
  if (missing.length > 0) throw new Error(`esbuild produced no bundle for ${missing.join(', ')}`);
  return bundles;
}

/** The inputs an entry point reaches through its imports (the module graph a build of it alone would have). */
function reachedFrom(metafile: Metafile, entryPoint: string): string[] {
  const seen = new Set<string>([entryPoint]);
  const queue = [entryPoint];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const imported of metafile.inputs[next]?.imports ?? []) {
      if (imported.external || seen.has(imported.path)) continue;
      seen.add(imported.path);
      queue.push(imported.path);
    }
  }
  return [...seen];
}

const isOwnSource = (input: string) =>
  !input.includes(':') && !input.split(/[\\/]/).includes('node_modules') && /\.[cm]?[jt]sx?$/.test(input);

/**
 * Imports of the project's own files in the bundle (dependencies excluded) that `parse` finds. A file
 * that esbuild shook down to nothing cannot have pulled code in through its imports, only through
 * re-exports, so for such a file only its `export … from` count.
 */
async function ownImportsOf(
  bundle: Bundle,
  parse: (source: string, scope: 'all' | 'reexports') => SdkImport[],
): Promise<SdkImport[]> {
  const contributing = new Set(
    Object.entries(bundle.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input),
  );
  const lists = await Promise.all(
    bundle.reached
      .filter(isOwnSource)
      .map(async (file) =>
        parse(await readFile(path.join(repoRoot, file), 'utf8'), contributing.has(file) ? 'all' : 'reexports'),
      ),
  );
  return mergeSdkImports(lists);
}

/** SDK symbols the function's own files import: what its floor is made of. */
const sdkImportsOf = (bundle: Bundle) => ownImportsOf(bundle, parseSdkImports);

const isAccepted = packageMatcher(Object.keys(ACCEPTED_DEPENDENCIES));
const runtimeExports = new Map<string, Promise<Set<string>>>();

/**
 * What the function's own files take from accepted dependencies, as names the modules really export
 * (`z.infer` is a type): the import-time floor holds these besides the SDK symbols.
 */
async function acceptedImportsOf(bundle: Bundle): Promise<SdkImport[]> {
  const found = await ownImportsOf(bundle, (source, scope) => parseImportsOf(source, isAccepted, scope));
  return Promise.all(
    found.map(async (imported) => {
      let exports = runtimeExports.get(imported.module);
      if (exports === undefined) {
        exports = import(imported.module).then((m: Record<string, unknown>) => new Set(Object.keys(m)));
        runtimeExports.set(imported.module, exports);
      }
      const known = await exports;
      return { ...imported, names: imported.names.filter((name) => known.has(name)) };
    }),
  );
}

/** Bytes of each required feature's modules in the function's output. */
function featuresIn(bundle: Bundle): BenchRow['features'] {
  return REQUIRED_FEATURES.map(({ feature, issue, modules }) => ({
    feature,
    issue,
    bytes: bytesOfModules(bundle.inputs, modules),
  }));
}

function timeImport(file: string, cpu: number | undefined): Promise<ImportTiming> {
  const script = importTimerScript(pathToFileURL(file).href);
  const node = [process.execPath, '--input-type=module', '-e', script];
  const [command, ...args] = cpu === undefined ? node : ['taskset', '-c', String(cpu), ...node];
  return new Promise((resolve) => {
    execFile(
      command as string,
      args,
      // No AWS_* or application variables: importing a bundle must not need configuration (it is lazy).
      { env: { PATH: process.env.PATH ?? '' }, timeout: IMPORT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
        resolve(parseImportTiming(stdout, stderr, code));
      },
    );
  });
}

function subjects(): Subject[] {
  const functions: Subject[] = [
    ...routeList.map((route) => ({ id: route.id, entry: route.handler })),
    { id: 'authorizer', entry: authorizerEntry },
  ].map(({ id, entry }) => ({ id, kind: 'function', entries: [entry], input: { entry } }));
  const monolithEntry = [
    ...routeList.map((route, i) => `import { handler as h${i} } from ${JSON.stringify(`./${route.handler}`)};`),
    `export const handlers = { ${routeList.map((route, i) => `${route.id}: h${i}`).join(', ')} };`,
  ].join('\n');
  return [
    ...functions,
    { id: 'monolith', kind: 'monolith', entries: routeList.map((r) => r.handler), input: { contents: monolithEntry } },
  ];
}

const subjectIds = () => subjects().map((subject) => subject.id);

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

const loadAverage = () => os.loadavg()[0]?.toFixed(2) ?? '?';

/** Bytes of each accepted dependency in the function's one output file. */
function acceptedIn(bundle: Bundle): BenchRow['accepted'] {
  return bytesOfPackages(bundle.inputs, Object.keys(ACCEPTED_DEPENDENCIES));
}

async function main(): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2), process.env);
    // Names checked before anything runs, so a typo is a usage error, not a run that times nothing.
    pickFunctions(args.functions, subjectIds());
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  let code = 0;
  if (args.only.includes('bundles')) code = await bundlesSection(args);
  if (args.only.includes('engine') || args.only.includes('handler')) {
    code = Math.max(code, await availabilitySections(args));
  }
  if (args.only.includes('edge')) code = Math.max(code, await edgeSections(args));
  if (args.only.includes('features')) code = Math.max(code, await featureSections(args));
  return code;
}

/** The features section (bench/features.ts): stdout Markdown. */
async function featureSections(args: BenchArgs): Promise<number> {
  const loadAtStart = loadAverage();
  const plan: SamplingPlan = {
    runs: args.runs,
    warmup: args.warmup,
    sequential: args.sequential,
    cpus: args.unpinned ? null : pinnableCpus(),
  };
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'rdv-bench-features-'));
  try {
    const rows = await featuresSection({
      repoRoot,
      plan,
      sizes: args.sizes,
      time: timeImport,
      build: async (entries, plugins) => {
        const dir = await mkdtemp(path.join(outDir, 'v-'));
        const bundles = await bundleAll(
          entries.map(({ id, entry }) => ({ id, input: { entry } })),
          dir,
          plugins,
        );
        return new Map([...bundles].map(([id, b]) => [id, { id, file: b.file, bytes: b.bytes }]));
      },
    });
    const out = [
      `## Rate limiter, metrics and capacity meter — ${new Date().toISOString().slice(0, 10)}`,
      '',
      `Load average (1 min) ${loadAtStart} at start, ${loadAverage()} at the end. Each column "+ X" is the bundle minus the same bundle with X replaced by a no-op stub of its exports; import times are medians of CPU ms over pairs (as shipped, all three stubbed), ratio = median over blocks of the paired ratio.`,
      '',
      featuresTable(rows),
      '',
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The edge section (bench/edge.ts): stdout Markdown. */
async function edgeSections(args: BenchArgs): Promise<number> {
  const loadAtStart = loadAverage();
  const rows = await edgeSection();
  const verdicts = edgeVerdicts(rows);
  const out = [
    `## HTTP edge CPU — ${new Date().toISOString().slice(0, 10)}`,
    '',
    `Load average (1 min) ${loadAtStart} at start, ${loadAverage()} at the end. Warm, in process, log level SILENT, metrics off; median CPU per request.`,
    '',
    edgeTable(rows),
    '',
    ...verdicts,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  return args.check && verdicts.some((v) => v.startsWith('FAIL')) ? 1 : 0;
}

/** The engine and handler sections (bench/availability.ts); stdout Markdown, bench/results/availability.json. */
async function availabilitySections(args: BenchArgs): Promise<number> {
  const loadAtStart = loadAverage();
  const engine = args.only.includes('engine') ? engineSection() : [];
  const handler = args.only.includes('handler') ? await handlerSection() : [];
  const host = machine();
  const date = new Date().toISOString();
  const verdicts = availabilityVerdicts(engine, handler);
  const out = [
    `## Availability CPU — ${date.slice(0, 10)}`,
    '',
    `Machine: ${host.cpus} × ${host.cpuModel}, Node ${host.node}. Load average (1 min) ${loadAtStart} at start, ${loadAverage()} at the end: the cores are shared, so figures move with the load; compare columns of one run.`,
    '',
    ...(engine.length
      ? [
          '### Engine (median CPU per call, formatted answer; before = the previous engine, a month as 31 one-day calls)',
          '',
          engineTable(engine),
          '',
        ]
      : []),
    ...(handler.length
      ? ['### Handler (warm, in process, stub DynamoDB HTTP handler; median CPU per request)', '', handlerTable(handler), '']
      : []),
    ...verdicts,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  await mkdir(path.dirname(resultsFile), { recursive: true });
  const file = await writeAvailabilityResults(repoRoot, { date, machine: host, engine, handler, verdicts });
  process.stdout.write(`Wrote ${path.relative(repoRoot, file)}\n`);
  return args.check && verdicts.some((v) => v.startsWith('FAIL')) ? 1 : 0;
}

async function bundlesSection(args: BenchArgs): Promise<number> {
  const started = performance.now();
  const loadAtStart = loadAverage();
  const { runs, warmup, sequential } = args;
  const plan: SamplingPlan = { runs, warmup, sequential, cpus: args.unpinned ? null : pinnableCpus() };
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'rdv-bench-'));
  try {
    const all = subjects();
    const picked = new Set(pickFunctions(args.functions, subjectIds()));
    const list = all.filter((subject) => picked.has(subject.id));
    // One esbuild run for all functions, then one for all distinct floors; outputs are those of separate builds.
    const bundles = await bundleAll(list, outDir);
    const floorSdks = await Promise.all(list.map((subject) => sdkImportsOf(bundles.get(subject.id) as Bundle)));
    const acceptedImports = await Promise.all(list.map((subject) => acceptedImportsOf(bundles.get(subject.id) as Bundle)));
    // Two floors per function: its SDK symbols alone (bytes), and those plus what it takes from accepted
    // dependencies (import time), so accepted packages weigh on neither target. Identical floors are built once.
    const floorIds = new Map<string, string>();
    const floorOf = (imports: SdkImport[]) => {
      const source = floorEntrySource(imports);
      if (!floorIds.has(source)) floorIds.set(source, `floor-${floorIds.size}`);
      return floorIds.get(source) as string;
    };
    const floorPlan = list.map((_, i) => {
      const sdk = floorSdks[i] as SdkImport[];
      const withAccepted = mergeSdkImports([sdk, acceptedImports[i] as SdkImport[]]);
      return { sdk, withAccepted, bytesFloor: floorOf(sdk), timingFloor: floorOf(withAccepted) };
    });
    const floors = await bundleAll(
      [...floorIds].map(([contents, id]) => ({ id, input: { contents } })),
      outDir,
    );
    const built = list.map((subject, i) => {
      const plan = floorPlan[i] as (typeof floorPlan)[number];
      return {
        subject,
        fn: bundles.get(subject.id) as Bundle,
        floor: floors.get(plan.bytesFloor) as Bundle,
        timingFloor: floors.get(plan.timingFloor) as Bundle,
        floorSdk: plan.sdk,
        floorAccepted: plan.withAccepted.filter((imported) => isAccepted(imported.module)),
      };
    });
    const bundledAt = performance.now();

    const rows: BenchRow[] = [];
    for (const [index, { subject, fn, floor, timingFloor, floorSdk, floorAccepted }] of built.entries()) {
      if (!args.sizes) process.stderr.write(`timing ${subject.id} (${index + 1}/${built.length})…\n`);
      const { pairs, error } = args.sizes
        ? { pairs: [], error: undefined }
        : await samplePairs(timeImport, { function: fn.file, floor: timingFloor.file }, plan);
      const stats = error === undefined && pairs.length > 0 ? importStats(pairs) : null;
      const accepted = acceptedIn(fn);
      const features = featuresIn(fn);
      rows.push({
        id: subject.id,
        kind: subject.kind,
        entries: subject.entries,
        bundleBytes: fn.bytes,
        floorBytes: floor.bytes,
        floorSdk,
        floorAccepted,
        timingFloorBytes: timingFloor.bytes,
        accepted,
        features,
        overheadParts: overheadByOrigin(fn.inputs, floor.inputs),
        import: stats,
        samples: pairs,
        ...(error === undefined ? {} : { error }),
        verdict: evaluate({
          bundleBytes: fn.bytes,
          floorBytes: floor.bytes,
          acceptedBytes: accepted.reduce((sum, dep) => sum + dep.bytes, 0),
          featureBytes: features.reduce((sum, f) => sum + f.bytes, 0),
          floorHasSdk: floorSdk.length > 0,
          importRatio: stats?.ratio.median ?? null,
          ...(error === undefined ? {} : { error }),
        }),
      });
    }

    const host = machine();
    const date = new Date().toISOString();
    const totalSeconds = (performance.now() - started) / 1000;
    const judged = rows.filter((row) => row.kind === 'function');
    const failed = judged.filter((row) => row.verdict.status !== 'PASS');
    const errored = rows.filter((row) => row.error !== undefined);
    const overOverhead = overheadNotes(rows);

    const out = [
      `## Lambda bundles — ${date.slice(0, 10)}`,
      '',
      `Machine: ${host.cpus} × ${host.cpuModel}, Node ${host.node} (Lambda runs node22), ${host.platform}. Date: ${date}. Load average (1 min) ${loadAtStart} at start, ${loadAverage()} at the end.`,
      '',
      resultsTable(rows),
      '',
      ...(args.sizes ? ['- `--sizes`: import time not measured, so the import ratio is not judged.'] : footnotes(plan)),
      ...acceptedNotes(rows),
      ...featureNotes(rows),
      ...(overOverhead.length > 0 ? ['', 'Over the overhead target, by origin (beyond the floor):', ...overOverhead] : []),
      '',
      'Floors (AWS SDK symbols each function imports):',
      floorList(rows, describeSdkImports),
      '',
      `Result: ${judged.length - failed.length}/${judged.length} functions within targets${args.functions === null ? '' : ` (--functions: ${list.length} of ${all.length} bundles)`}.`,
      ...errored.map((row) => `\nERROR ${row.id}: the bundle could not be imported:\n${row.error}`),
      '',
      `Bundled in ${((bundledAt - started) / 1000).toFixed(1)} s, total ${totalSeconds.toFixed(1)} s.`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);

    const file = args.functions === null ? resultsFile : partialResultsFile;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(
      file,
      `${JSON.stringify({ date, machine: host, plan, targets: TARGETS, accepted: ACCEPTED_DEPENDENCIES, requiredFeatures: REQUIRED_FEATURES, functions: args.functions, totalSeconds, rows }, null, 2)}\n`,
    );
    process.stdout.write(`Wrote ${path.relative(repoRoot, file)}\n`);

    // A bundle that cannot be imported is a broken build, not a measurement: always non-zero.
    if (errored.length > 0) return 1;
    return args.check && failed.length > 0 ? 1 : 0;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
