import type { ImportStats, PairSample, SamplingPlan } from './sampling';
import type { SdkImport } from './sdk-imports';
import type { Summary } from './stats';
import { ACCEPTED_DEPENDENCIES, REQUIRED_FEATURES, TARGETS, type Verdict } from './targets';

export interface BenchRow {
  id: string;
  /** `monolith` is the one-function-for-everything alternative: shown for comparison, not judged. */
  kind: 'function' | 'monolith';
  /** Entry file(s), relative to the repository root. */
  entries: string[];
  bundleBytes: number;
  floorBytes: number;
  floorSdk: SdkImport[];
  /** What the function takes from accepted dependencies: the import-time floor holds it besides floorSdk. */
  floorAccepted: SdkImport[];
  /** Size of that import-time floor. */
  timingFloorBytes: number;
  /** Accepted dependencies (ACCEPTED_DEPENDENCIES) found in the bundle, with their bytes. */
  accepted: Array<{ name: string; bytes: number }>;
  /** Bytes of each REQUIRED_FEATURES entry's modules in the bundle. */
  features: Array<{ feature: string; issue: number; bytes: number }>;
  /** What the overhead is made of, by package or own code (bench/lib/dependencies.ts `overheadByOrigin`). */
  overheadParts?: Array<{ name: string; bytes: number }>;
  /** Null when the bundle could not be imported, or import time was not measured (`--sizes`). */
  import: ImportStats | null;
  samples: PairSample[];
  error?: string;
  verdict: Verdict;
}

export const MONOLITH_LABEL = 'all routes in one function';

export const TABLE_HEADER = [
  'Function',
  'Bundle KB',
  'Floor KB',
  'Overhead KB',
  'Import ms (IQR)',
  'Floor import ms (IQR)',
  'Ratio (95% CI)',
  'Result',
];
const ALIGN: ReadonlyArray<'left' | 'right'> = ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'];

const KB = 1024;

export function formatKb(bytes: number): string {
  return (bytes / KB).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** `59.9 (53.6–64.9)`: median, then first and third quartiles. */
export function formatSummary(summary: Summary | undefined): string {
  if (summary === undefined) return '—';
  return `${summary.median.toFixed(1)} (${summary.q1.toFixed(1)}–${summary.q3.toFixed(1)})`;
}

function ratioCell(row: BenchRow): string {
  if (row.error !== undefined || row.import === null) return '—';
  if (row.floorSdk.length === 0) return 'n/a (no SDK)';
  const { median, low, high, coverage } = row.import.ratio;
  // Fewer than 6 blocks cannot give a 95 % interval.
  if (coverage < 0.95) return `${median.toFixed(2)} (too few runs for a CI)`;
  return `${median.toFixed(2)} (${low.toFixed(2)}–${high.toFixed(2)})`;
}

function resultCell(row: BenchRow): string {
  if (row.kind === 'monolith') return 'reference';
  const { status, failures } = row.verdict;
  if (status === 'FAIL') return `FAIL (${failures.join(', ')})`;
  const accepted = row.accepted.filter((dep) => dep.bytes > 0).map((dep) => dep.name);
  return status === 'PASS' && accepted.length > 0 ? `PASS (${accepted.join(', ')} accepted)` : status;
}

export function tableRow(row: BenchRow): string[] {
  return [
    row.kind === 'monolith' ? MONOLITH_LABEL : row.id,
    formatKb(row.bundleBytes),
    row.floorSdk.length === 0 ? `${formatKb(row.floorBytes)} (empty)` : formatKb(row.floorBytes),
    formatKb(row.verdict.overheadBytes),
    formatSummary(row.import?.function),
    formatSummary(row.import?.floor),
    ratioCell(row),
    resultCell(row),
  ];
}

/** A Markdown table whose columns are padded to line up in a terminal as well. */
export function markdownTable(
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>,
  align: ReadonlyArray<'left' | 'right'> = [],
): string {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = (cell: string, i: number) => (align[i] === 'right' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0));
  const line = (cells: ReadonlyArray<string>) => `| ${widths.map((_, i) => pad(cells[i] ?? '', i)).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (align[i] === 'right' ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function resultsTable(rows: ReadonlyArray<BenchRow>): string {
  return markdownTable(TABLE_HEADER, rows.map(tableRow), ALIGN);
}

export function footnotes({ runs, warmup, sequential, cpus }: SamplingPlan): string[] {
  const blocks = runs === 1 ? 1 : Math.floor(runs / 2);
  const placement = cpus === null ? 'placed by the OS (not pinned)' : `pinned to CPUs ${cpus[0]} and ${cpus[1]}`;
  const layout = sequential ? 'one after the other' : 'started together';
  return [
    `- KB = 1,024 bytes. Every bundle is built with \`functionBundling\` (lib/bundling.ts) + \`bundle: true\`, as \`cdk deploy\` ships it.`,
    '- Floor: a bundle of only the `@aws-sdk/*` symbols the function’s own sources import (listed below). Overhead = bundle − floor: our code and every non-SDK dependency. The overhead target is judged on it less the accepted dependencies and the required features (notes below).',
    '- Floor import ms: the floor plus the symbols the function’s own sources take from accepted dependencies (listed below), so an accepted package weighs on the import ratio no more than on the overhead.',
    `- Import ms: CPU time (user + system) of \`await import()\` of the bundle in a fresh Node process (Node start-up excluded), median and interquartile range of ${runs} runs. Unlike wall-clock time it does not grow while the process waits for a busy CPU; the import is CPU-bound, so on an idle machine the two agree (wall-clock times are in the JSON results).`,
    `- Runs are pairs of processes, function and floor ${layout}, ${placement}; ${warmup} warm-up pair${warmup === 1 ? '' : 's'} discarded. Two consecutive pairs form a block and swap ${cpus === null ? 'start order' : 'CPUs and start order, so a CPU slowed by other work weighs on both sides alike'}; a block's ratio is the geometric mean of its two pair ratios (function / floor). Ratio = median of the ${blocks} block ratio${blocks === 1 ? '' : 's'}; in brackets its 95% distribution-free confidence interval (order statistics).`,
    `- Targets: overhead ≤ ${formatKb(TARGETS.maxOverheadBytes)} KB for every function; import ratio ≤ ${TARGETS.maxImportRatio} only where the floor has SDK clients. A function with no SDK client has an empty floor, so its ratio would divide by next to nothing: it is marked n/a and its absolute import time is what to read.`,
    `- "${MONOLITH_LABEL}": one bundle whose entry imports every route handler (the single-Lambda alternative); for comparison, not judged.`,
  ];
}

/** One line per function that bundles an accepted dependency: how much of its overhead that is. */
export function acceptedNotes(rows: ReadonlyArray<BenchRow>): string[] {
  const notes: string[] = [];
  for (const [name, reason] of Object.entries(ACCEPTED_DEPENDENCIES)) {
    const carriers = rows.filter(
      (row) => row.kind === 'function' && row.accepted.some((dep) => dep.name === name && dep.bytes > 0),
    );
    if (carriers.length === 0) continue;
    const detail = carriers
      .map((row) => {
        const bytes = row.accepted.find((dep) => dep.name === name)?.bytes ?? 0;
        return `${row.id} ${formatKb(bytes)} KB`;
      })
      .join('; ');
    notes.push(`- \`${name}\` is ${reason}; accepted, so its bytes are not judged against the overhead target: ${detail}.`);
  }
  return notes;
}

/** One line per required feature some function carries: its modules' bytes there, and the overhead judged. */
export function featureNotes(rows: ReadonlyArray<BenchRow>): string[] {
  const notes: string[] = [];
  for (const { feature, issue } of REQUIRED_FEATURES) {
    const carriers = rows.filter(
      (row) => row.kind === 'function' && row.features.some((f) => f.feature === feature && f.bytes > 0),
    );
    if (carriers.length === 0) continue;
    const detail = carriers
      .map((row) => `${row.id} ${formatKb(row.features.find((f) => f.feature === feature)?.bytes ?? 0)}`)
      .join(', ');
    notes.push(`- Required by issue ${issue}, ${feature}; its modules are shown but not judged (KB): ${detail}.`);
  }
  const judged = rows.filter((row) => row.kind === 'function');
  if (notes.length > 0 && judged.length > 0) {
    const detail = judged.map((row) => `${row.id} ${formatKb(row.verdict.judgedOverheadBytes)}`).join(', ');
    notes.push(`- Overhead judged, without accepted dependencies and required features (KB): ${detail}.`);
  }
  return notes;
}

export function floorList(rows: ReadonlyArray<BenchRow>, describe: (imports: ReadonlyArray<SdkImport>) => string): string {
  return rows
    .map((row) => {
      const accepted = row.floorAccepted.length === 0 ? '' : `; import-time floor also: ${describe(row.floorAccepted)}`;
      return `- ${row.kind === 'monolith' ? MONOLITH_LABEL : row.id}: ${describe(row.floorSdk)}${accepted}`;
    })
    .join('\n');
}

/** Parts of at least this size are named in the overhead notes; the rest are summed as "other". */
const NOTABLE_PART_BYTES = 1024;

/** One line per function over the overhead target: what its overhead is made of, largest first. */
export function overheadNotes(rows: ReadonlyArray<BenchRow>): string[] {
  return rows
    .filter((row) => row.kind === 'function' && row.verdict.judgedOverheadBytes > TARGETS.maxOverheadBytes)
    .map((row) => {
      const parts = row.overheadParts ?? [];
      const named = parts.filter((part) => part.bytes >= NOTABLE_PART_BYTES);
      const other = parts.filter((part) => part.bytes < NOTABLE_PART_BYTES).reduce((sum, part) => sum + part.bytes, 0);
      const cells = [
        ...named.map((part) => `${part.name} ${formatKb(part.bytes)}`),
        ...(other > 0 ? [`other ${formatKb(other)}`] : []),
      ];
      return `- ${row.id} ${formatKb(row.verdict.judgedOverheadBytes)} KB over its floor: ${cells.join(', ')} (KB).`;
    });
}
