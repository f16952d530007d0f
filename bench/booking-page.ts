/**
 * `npm run web:bench:booking`: how long the booking page takes, in headless Chromium against the local
 * platform (started here as `npm start` starts it, on free ports and an in-memory table), from
 * navigation to the first day's free times on screen: the page and its services, the month for the
 * first service (one `summary` request), then that first free day's times. Clicks happen as soon as
 * their target shows, so the figure is the page's own time, not a visitor's. Issue 14's budget is 1 s
 * on this machine. Runs `--runs` navigations (default 7) in a fresh context each, and reports the
 * median and the worst; exit code 1 when the median is over budget. Writes bench/results/booking-page.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser } from '../tests/support/browser';
import { startPlatform } from './lib/platform';

const root = resolve(import.meta.dirname, '..');
const BUDGET_MS = 1000;
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag >= 0 ? Number(process.argv[runsFlag + 1]) : 7;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const dataDir = mkdtempSync(join(tmpdir(), 'rendezvous-bench-'));
const { child, endpoints } = await startPlatform(dataDir);
const browser = await launchBrowser();
const timings: Array<{ services: number; month: number; slots: number }> = [];
try {
  const slug = endpoints.demo?.slug ?? 'demo-salon';
  // One navigation first, not counted: Vite's dev server transforms the modules on first request.
  for (let run = 0; run <= RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'en-GB' });
    const page = await context.newPage();
    const t0 = performance.now();
    await page.goto(`${endpoints.consoleUrl}/book/${slug}?lang=en`);
    const service = page.locator('ul.choices button').first();
    await page.getByRole('heading', { name: 'Book an appointment' }).waitFor();
    await service.waitFor();
    const t1 = performance.now();
    await service.click();
    const day = page.locator('.month-grid button:not([disabled])').first();
    await day.waitFor();
    const t2 = performance.now();
    await day.click();
    await page.locator('.slot-list button').first().waitFor();
    const t3 = performance.now();
    if (run > 0) timings.push({ services: t1 - t0, month: t2 - t1, slots: t3 - t2 });
    await context.close();
  }
} finally {
  await browser.close();
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}

const total = timings.map((t) => t.services + t.month + t.slots);
const result = {
  runs: timings.length,
  medianMs: Math.round(median(total)),
  worstMs: Math.round(Math.max(...total)),
  medianParts: {
    pageAndServices: Math.round(median(timings.map((t) => t.services))),
    month: Math.round(median(timings.map((t) => t.month))),
    firstDaySlots: Math.round(median(timings.map((t) => t.slots))),
  },
  budgetMs: BUDGET_MS,
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/booking-page.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `Booking page, navigation to the first day's times (${result.runs} runs): median ${result.medianMs} ms, worst ${result.worstMs} ms ` +
    `(page and services ${result.medianParts.pageAndServices} ms, month ${result.medianParts.month} ms, first day ${result.medianParts.firstDaySlots} ms); budget ${BUDGET_MS} ms`,
);
process.exit(result.medianMs <= BUDGET_MS ? 0 : 1);
