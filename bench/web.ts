/**
 * `npm run web:bench`: builds web/ and reports the initial JavaScript of each page, gzipped: its
 * entry chunk and every chunk it imports statically (what the browser must fetch before the page
 * runs; CSS is counted apart). Budgets from issue 14: booking page ≤ 60 KB, console ≤ 150 KB.
 * Exit code 1 when a page is over its budget. Also writes bench/results/web.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'web/dist');
const KB = 1024;

export const BUDGETS = { book: 60 * KB, console: 150 * KB } as const;
const ENTRIES = { book: 'book.html', console: 'index.html' } as const;

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** The files a page loads before it runs: its entry and its static imports, transitively. */
export function initialFiles(manifest: Manifest, entry: string): { js: string[]; css: string[] } {
  const js = new Set<string>();
  const css = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || js.has(chunk.file)) return;
    js.add(chunk.file);
    for (const c of chunk.css ?? []) css.add(c);
    for (const i of chunk.imports ?? []) visit(i);
  };
  visit(entry);
  return { js: [...js], css: [...css] };
}

const gzipped = (file: string) => gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length;

if (process.argv[1] === import.meta.filename) {
  await build({ configFile: join(root, 'web/vite.config.ts'), logLevel: 'warn' });
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest;
  const rows = Object.entries(ENTRIES).map(([page, entry]) => {
    const files = initialFiles(manifest, entry);
    const js = files.js.reduce((sum, f) => sum + gzipped(f), 0);
    const css = files.css.reduce((sum, f) => sum + gzipped(f), 0);
    const budget = BUDGETS[page as keyof typeof BUDGETS];
    return { page, files: files.js, jsGzipBytes: js, cssGzipBytes: css, budgetBytes: budget, withinBudget: js <= budget };
  });
  console.log('| page | initial JS (gzip) | CSS (gzip) | budget | |\n|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.page} | ${(r.jsGzipBytes / KB).toFixed(1)} KB | ${(r.cssGzipBytes / KB).toFixed(1)} KB | ${r.budgetBytes / KB} KB | ${r.withinBudget ? 'ok' : 'OVER'} |`,
    );
  }
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/web.json'), `${JSON.stringify(rows, null, 2)}\n`);
  if (rows.some((r) => !r.withinBudget)) process.exitCode = 1;
}
