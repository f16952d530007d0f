import type { SdkImport } from './sdk-imports';
import { TARGETS, type Verdict } from './targets';

export interface BenchRow {
  id: string;
  /** `monolith` is the one-function-for-everything alternative: shown for comparison, not judged. */
  kind: 'function' | 'monolith';
  /** Entry file(s), relative to the repository root. */
  entries: string[];
  bundleBytes: number;
  floorBytes: number;
  floorSdk: SdkImport[];
  importMs: number | null;
  floorImportMs: number | null;
  samples: { function: number[]; floor: number[] };
  error?: string;
  verdict: Verdict;
}

export const MONOLITH_LABEL = 'all routes in one function';

export const TABLE_HEADER = [
  'Function',
  'Bundle KB',
  'Floor KB',
  'Overhead KB',
  'Import ms',
  'Floor import ms',
  'Ratio',
  'Result',
];
const ALIGN: ReadonlyArray<'left' | 'right'> = ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'];

const KB = 1024;

export function formatKb(bytes: number): string {
  return (bytes / KB).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

export function formatMs(ms: number | null): string {
  return ms === null ? '—' : ms.toFixed(1);
}

function ratioCell(row: BenchRow): string {
  if (row.error !== undefined) return '—';
  if (row.floorSdk.length === 0) return 'n/a (no SDK)';
  return row.verdict.ratio === null ? '—' : row.verdict.ratio.toFixed(2);
}

function resultCell(row: BenchRow): string {
  if (row.kind === 'monolith') return 'reference';
  const { status, failures } = row.verdict;
  return status === 'FAIL' ? `FAIL (${failures.join(', ')})` : status;
}

export function tableRow(row: BenchRow): string[] {
  return [
    row.kind === 'monolith' ? MONOLITH_LABEL : row.id,
    formatKb(row.bundleBytes),
    row.floorSdk.length === 0 ? `${formatKb(row.floorBytes)} (empty)` : formatKb(row.floorBytes),
    formatKb(row.verdict.overheadBytes),
    formatMs(row.importMs),
    formatMs(row.floorImportMs),
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

export function footnotes(runs: number): string[] {
  return [
    `- KB = 1,024 bytes. Every bundle is built with \`functionBundling\` (lib/bundling.ts) + \`bundle: true\`, as \`cdk deploy\` ships it.`,
    '- Floor: a bundle of only the `@aws-sdk/*` symbols the function’s own sources import (listed below). Overhead = bundle − floor: our code and every non-SDK dependency.',
    `- Import ms: median of ${runs} fresh Node processes timing \`await import()\` of the bundle (Node start-up excluded), function and floor runs interleaved, one warm-up each not counted.`,
    `- Targets: overhead ≤ ${formatKb(TARGETS.maxOverheadBytes)} KB for every function; import ratio (import ms / floor import ms) ≤ ${TARGETS.maxImportRatio} only where the floor has SDK clients. A function with no SDK client has an empty floor, so its ratio would divide by next to nothing: it is marked n/a and its absolute import time is what to read.`,
    `- "${MONOLITH_LABEL}": one bundle whose entry imports every route handler (the single-Lambda alternative); for comparison, not judged.`,
  ];
}

export function floorList(rows: ReadonlyArray<BenchRow>, describe: (imports: ReadonlyArray<SdkImport>) => string): string {
  return rows.map((row) => `- ${row.kind === 'monolith' ? MONOLITH_LABEL : row.id}: ${describe(row.floorSdk)}`).join('\n');
}
