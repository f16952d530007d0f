/**
 * `npm run bench [-- --runs N] [-- --check]`: size and cold import time of every Lambda bundle, against
 * a floor made of only the AWS SDK clients the function uses. See bench/lib/report.ts for what each
 * column means. Results go to stdout (Markdown) and bench/results/bundles.json.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { authorizerEntry, routeList } from '../functions/routes';
import { type BenchArgs, parseBenchArgs } from './lib/args';
import { esbuildFunctionOptions } from './lib/esbuild-options';
import { type ImportTiming, importTimerScript, parseImportTiming } from './lib/import-timer';
import { type BenchRow, floorList, footnotes, resultsTable } from './lib/report';
import { describeSdkImports, floorEntrySource, mergeSdkImports, parseSdkImports, type SdkImport } from './lib/sdk-imports';
import { median } from './lib/stats';
import { evaluate, TARGETS } from './lib/targets';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsFile = path.join(repoRoot, 'bench/results/bundles.json');
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
  metafile: Metafile;
}

async function bundle(name: string, input: Subject['input'], outDir: string): Promise<Bundle> {
  const outfile = path.join(outDir, `${name}.mjs`);
  const options: BuildOptions = {
    ...esbuildFunctionOptions(),
    bundle: true,
    metafile: true,
    write: true,
    outfile,
    absWorkingDir: repoRoot,
    logLevel: 'warning',
    ...('entry' in input
      ? { entryPoints: [input.entry] }
      : { stdin: { contents: input.contents, resolveDir: repoRoot, sourcefile: `<${name} entry>`, loader: 'js' } }),
  };
  const { metafile } = await build(options);
  if (metafile === undefined) throw new Error(`esbuild returned no metafile for ${name}`);
  return { file: outfile, bytes: (await stat(outfile)).size, metafile };
}

const isOwnSource = (input: string) =>
  !input.startsWith('<') && !input.split(/[\\/]/).includes('node_modules') && /\.[cm]?[jt]sx?$/.test(input);

/**
 * SDK symbols imported by the project's own files in the bundle (dependencies excluded). A file that
 * esbuild shook down to nothing cannot have pulled SDK code in through its imports, only through
 * re-exports, so for such a file only its `export … from` count.
 */
async function sdkImportsOf(metafile: Metafile): Promise<SdkImport[]> {
  const contributing = new Set(
    Object.values(metafile.outputs).flatMap((output) =>
      Object.entries(output.inputs)
        .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
        .map(([input]) => input),
    ),
  );
  const ownFiles = Object.keys(metafile.inputs).filter(isOwnSource);
  const lists = await Promise.all(
    ownFiles.map(async (file) =>
      parseSdkImports(await readFile(path.join(repoRoot, file), 'utf8'), contributing.has(file) ? 'all' : 'reexports'),
    ),
  );
  return mergeSdkImports(lists);
}

function timeImport(file: string): Promise<ImportTiming> {
  const script = importTimerScript(pathToFileURL(file).href);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      // No AWS_* or application variables: importing a bundle must not need configuration (it is lazy).
      { env: { PATH: process.env.PATH ?? '' }, timeout: IMPORT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
        resolve(parseImportTiming(stdout, stderr, code));
      },
    );
  });
}

interface Timings {
  function: number[];
  floor: number[];
  error?: string;
}

/** Function and floor alternate so both see the same machine noise; the first pair warms the disk cache. */
async function timePair(functionFile: string, floorFile: string, runs: number): Promise<Timings> {
  const timings: Timings = { function: [], floor: [] };
  for (let run = 0; run <= runs; run++) {
    const fn = await timeImport(functionFile);
    if ('error' in fn) return { ...timings, error: fn.error };
    const floor = await timeImport(floorFile);
    if ('error' in floor) return { ...timings, error: `floor bundle: ${floor.error}` };
    if (run === 0) continue;
    timings.function.push(fn.ms);
    timings.floor.push(floor.ms);
  }
  return timings;
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

/**
 * Promise.all, but waits for every build to finish before failing: otherwise builds still writing into
 * the temp dir would outlive its removal.
 */
async function settleAll<T>(promises: ReadonlyArray<Promise<T>>): Promise<T[]> {
  const values: T[] = [];
  for (const result of await Promise.allSettled(promises)) {
    if (result.status === 'rejected') throw result.reason;
    values.push(result.value);
  }
  return values;
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

async function main(): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\nUsage: npm run bench -- [--runs N] [--check]\n`);
    return 2;
  }
  const started = performance.now();
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'rdv-bench-'));
  try {
    const list = subjects();
    // Bundling is parallel (esbuild runs builds concurrently); timing is sequential so runs do not compete.
    const built = await settleAll(
      list.map(async (subject) => {
        const fn = await bundle(subject.id, subject.input, outDir);
        const floorSdk = await sdkImportsOf(fn.metafile);
        const floor = await bundle(`${subject.id}.floor`, { contents: floorEntrySource(floorSdk) }, outDir);
        return { subject, fn, floor, floorSdk };
      }),
    );
    const bundledAt = performance.now();

    const rows: BenchRow[] = [];
    for (const { subject, fn, floor, floorSdk } of built) {
      process.stderr.write(`timing ${subject.id}…\n`);
      const timings = await timePair(fn.file, floor.file, args.runs);
      const ok = timings.error === undefined;
      const measured = {
        bundleBytes: fn.bytes,
        floorBytes: floor.bytes,
        importMs: ok ? median(timings.function) : null,
        floorImportMs: ok ? median(timings.floor) : null,
        ...(ok ? {} : { error: timings.error }),
      };
      rows.push({
        id: subject.id,
        kind: subject.kind,
        entries: subject.entries,
        floorSdk,
        samples: { function: timings.function, floor: timings.floor },
        ...measured,
        verdict: evaluate({ ...measured, floorHasSdk: floorSdk.length > 0 }),
      });
    }

    const host = machine();
    const date = new Date().toISOString();
    const totalSeconds = (performance.now() - started) / 1000;
    const judged = rows.filter((row) => row.kind === 'function');
    const failed = judged.filter((row) => row.verdict.status !== 'PASS');
    const errored = rows.filter((row) => row.error !== undefined);

    const out = [
      `## Lambda bundles — ${date.slice(0, 10)}`,
      '',
      `Machine: ${host.cpus} × ${host.cpuModel}, Node ${host.node} (Lambda runs node22), ${host.platform}. Date: ${date}.`,
      '',
      resultsTable(rows),
      '',
      ...footnotes(args.runs),
      '',
      'Floors (AWS SDK symbols each function imports):',
      floorList(rows, describeSdkImports),
      '',
      `Result: ${judged.length - failed.length}/${judged.length} functions within targets.`,
      ...errored.map((row) => `\nERROR ${row.id}: the bundle could not be imported:\n${row.error}`),
      '',
      `Bundled in ${((bundledAt - started) / 1000).toFixed(1)} s, total ${totalSeconds.toFixed(1)} s.`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);

    await mkdir(path.dirname(resultsFile), { recursive: true });
    await writeFile(
      resultsFile,
      `${JSON.stringify({ date, machine: host, runs: args.runs, targets: TARGETS, totalSeconds, rows }, null, 2)}\n`,
    );
    process.stdout.write(`Wrote ${path.relative(repoRoot, resultsFile)}\n`);

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
