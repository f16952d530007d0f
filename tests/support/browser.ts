/**
 * Headless Chromium for the browser journeys: the binary ships inside the `@sparticuz/chromium` npm
 * package (so `npm ci` alone provides it), driven by `playwright-core` (which never downloads one).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
/** Git-ignored: what each journey looked like, kept as test artifacts. */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../.artifacts/screenshots');

// Its Lambda defaults turn CORS off (--disable-web-security), which would hide what a browser refuses,
// and run one process (--single-process), which several contexts in one browser do not survive.
const UNSAFE = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process']);

export async function launchBrowser(): Promise<Browser> {
  const executablePath = await sparticuz.executablePath();
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      ...sparticuz.args.filter((a) => !UNSAFE.has(a)),
      // The machine is offline: without these Chromium keeps calling home.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ content: AXE });
  const result = (await page.evaluate('window.axe.run(document, { resultTypes: ["violations"] })')) as {
    violations: AxeViolation[];
  };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Screenshot, then fail with axe-core's serious and critical violations on the page as it is now. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await screenshot(page, screen);
  const found = await seriousViolations(page);
  expect(
    found.map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`),
    screen,
  ).toEqual([]);
}

/** The hosted UI's form (cognito-local's /oauth2/authorize), as a person fills it; back on the console. */
export async function signInThroughHostedUi(page: Page, consoleUrl: string, email: string, password: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/oauth2/authorize');
  await page.getByLabel('Username').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin === consoleUrl && url.pathname !== '/callback');
}
