/**
 * The console and the booking page in a real (headless) Chromium, against the one local stack: sign-in
 * through the hosted-UI page (cognito-local's /oauth2/authorize), the demo salon's calendar, booking
 * seen through the API, renewal and an expired session, RBAC-hidden screens, and a visitor booking
 * and cancelling on a phone. axe-core finds no serious or critical violation on any screen visited.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addMember } from '../support/fixtures';
import { api } from '../support/http';
import { expectAccessible, launchBrowser, screenshot, signInThroughHostedUi } from '../support/browser';
import { signIn, signUpAndSignIn } from '../support/tokens';

const e = inject('endpoints');
const JOURNEY_TIMEOUT = 120_000;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

const sessionKey = `oidc.user:${e.tokenIssuer}:${e.userPoolClientId}`;
async function storedSession(page: Page): Promise<{ access_token: string; refresh_token?: string; expires_at: number }> {
  return JSON.parse((await page.evaluate(`sessionStorage.getItem(${JSON.stringify(sessionKey)})`)) as string);
}
async function rewriteSession(page: Page, change: Record<string, unknown>) {
  const stored = { ...(await storedSession(page)), ...change };
  await page.evaluate(`sessionStorage.setItem(${JSON.stringify(sessionKey)}, ${JSON.stringify(JSON.stringify(stored))})`);
}

async function firstDateWithSlots(token: string, serviceId: string, from: string): Promise<{ date: string; count: number }> {
  const to = new Date(Date.parse(`${from}T12:00:00Z`) + 20 * 86_400_000).toISOString().slice(0, 10);
  const res = await api<{ days: Array<{ date: string; count: number }> }>(
    'GET',
    `/v1/tenants/${e.demo.tenantId}/availability?serviceId=${serviceId}&from=${from}&to=${to}&summary=1`,
    { token },
  );
  const day = res.body.days.find((d) => d.count > 0);
  if (!day) throw new Error('the demo salon has no free time in 20 days');
  return day;
}

describe('console', () => {
  let context: BrowserContext;
  afterAll(async () => context?.close());

  it(
    'signs the demo owner in through the hosted UI, picks the demo salon and books in the calendar (seen through the API)',
    async () => {
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(e.consoleUrl);
      await screenshot(page, 'console-01-hosted-ui');
      await signInThroughHostedUi(page, e.consoleUrl, e.demo.email, e.demo.password);

      await page.getByRole('heading', { name: 'Your salons' }).waitFor();
      await expectAccessible(page, 'console-02-salons');
      await page.getByRole('link', { name: /Demo Salon/ }).click();
      await page.getByRole('heading', { name: 'Calendar' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/tenants/${e.demo.tenantId}/calendar`);

      const { accessToken } = await signIn(e, e.demo.email, e.demo.password);
      const services = await api<{ items: Array<{ serviceId: string; name: string }> }>(
        'GET',
        `/v1/tenants/${e.demo.tenantId}/services?limit=100`,
        { token: accessToken },
      );
      const service = services.body.items.find((s) => s.name === 'Brushing');
      if (!service) throw new Error('no Brushing service in the demo salon');
      // Ten days ahead: away from the days other tests read.
      const { date } = await firstDateWithSlots(
        accessToken,
        service.serviceId,
        new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
      );

      const form = page.getByRole('region', { name: 'Book an appointment' });
      await form.locator('select[name=serviceId]').selectOption({ label: 'Brushing (30 min)' });
      const client = form.locator('select[name=clientId]');
      await client.locator('option').nth(1).waitFor({ state: 'attached' });
      await client.selectOption({ index: 1 });
      const clientId = await client.inputValue();
      await form.locator('input[type=date]').fill(date);
      const slot = form.locator('.slot-list button').first();
      await slot.waitFor();
      await expectAccessible(page, 'console-03-calendar');

      // The race: someone takes the first free time (the first button) after the page listed it.
      const free = await api<{ slots: Array<{ start: string; staffId: string }> }>(
        'GET',
        `/v1/tenants/${e.demo.tenantId}/availability?serviceId=${service.serviceId}&date=${date}`,
        { token: accessToken },
      );
      const taken = free.body.slots[0];
      if (!taken) throw new Error('no free time listed');
      const first = await api('POST', `/v1/tenants/${e.demo.tenantId}/appointments`, {
        token: accessToken,
        body: { clientId, serviceId: service.serviceId, staffId: taken.staffId, start: taken.start },
      });
      expect(first.status).toBe(201);
      await slot.click();
      await form.getByRole('alert').filter({ hasText: 'Sorry, that time was just taken' }).waitFor();
      await screenshot(page, 'console-04-slot-taken');

      // The list is fetched again: its first time is now another one, and booking it works.
      await form.locator('.slot-list button').first().click();
      await page.getByRole('alert').filter({ hasText: 'Booked' }).waitFor();
      const booked = await api<{ items: Array<{ serviceId: string; staffId: string; start: string; status: string }> }>(
        'GET',
        `/v1/tenants/${e.demo.tenantId}/appointments?clientId=${clientId}&from=${date}T00:00:00Z&to=${date}T23:59:59Z`,
        { token: accessToken },
      );
      const ours = booked.body.items.filter((a) => a.serviceId === service.serviceId && a.status === 'scheduled');
      expect(ours).toHaveLength(2);
      // Not the taken one again: another time, or the same time with another staff member.
      expect(new Set(ours.map((a) => `${a.start} ${a.staffId}`)).size).toBe(2);
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'renews an expired access token with the refresh token; a dead session signs in again and returns to the page',
    async () => {
      const page = context.pages()[0] as Page;
      const billing = `${e.consoleUrl}/tenants/${e.demo.tenantId}/billing`;
      const before = await storedSession(page);
      await rewriteSession(page, { expires_at: Math.floor(Date.now() / 1000) - 60 });
      await page.goto(billing);
      await page.getByRole('heading', { name: 'Plan & billing' }).waitFor();
      const renewed = await storedSession(page);
      expect(renewed.expires_at).toBeGreaterThan(Math.floor(Date.now() / 1000));
      expect(renewed.access_token).not.toBe(before.access_token);
      await expectAccessible(page, 'console-05-billing');

      await rewriteSession(page, { expires_at: Math.floor(Date.now() / 1000) - 60, refresh_token: 'revoked' });
      await page.goto(billing);
      await signInThroughHostedUi(page, e.consoleUrl, e.demo.email, e.demo.password);
      await page.getByRole('heading', { name: 'Plan & billing' }).waitFor();
      expect(page.url()).toBe(billing);
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'shows an employee no billing: not in the navigation, not at its address',
    async () => {
      const employee = await signUpAndSignIn(e, 'web-employee');
      await addMember(e.demo.tenantId, employee.userId, employee.email, 'employee');
      const own = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await own.newPage();
        await page.goto(`${e.consoleUrl}/tenants/${e.demo.tenantId}/calendar`);
        await signInThroughHostedUi(page, e.consoleUrl, employee.email, 'Correct-Horse-42');
        await page.getByRole('heading', { name: 'Calendar' }).waitFor();
        const nav = page.getByRole('navigation', { name: 'Salon' });
        await expect(nav.getByRole('link', { name: 'Calendar' }).count()).resolves.toBe(1);
        await expect(nav.getByRole('link', { name: 'Plan & billing' }).count()).resolves.toBe(0);
        // Employees may not book: the form is not there either.
        await expect(page.getByRole('region', { name: 'Book an appointment' }).count()).resolves.toBe(0);
        await expectAccessible(page, 'console-06-employee-calendar');
        await page.goto(`${e.consoleUrl}/tenants/${e.demo.tenantId}/billing`);
        await page.getByRole('heading', { name: 'Demo Salon' }).waitFor();
        await expect(page.getByRole('heading', { name: 'Plan & billing' }).count()).resolves.toBe(0);
      } finally {
        await own.close();
      }
    },
    JOURNEY_TIMEOUT,
  );
});

describe('online booking page', () => {
  it(
    'lets a visitor book on a phone (pending until confirmed), then cancel with the manage link',
    async () => {
      const phone = await browser.newContext({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        locale: 'en-GB',
      });
      try {
        const page = await phone.newPage();
        await page.goto(`${e.consoleUrl}/book/${e.demo.slug}?lang=en`);
        await page.getByRole('heading', { name: 'Book an appointment' }).waitFor();
        // The demo salon's logo (seeded through the API): through the API's redirect to the presigned GET.
        const logo = page.getByRole('img', { name: 'Demo Salon logo' });
        await logo.waitFor();
        await page.waitForFunction("document.querySelector('img.brand-logo')?.complete === true");
        await expect(
          page.evaluate(
            "(() => { const img = document.querySelector('img.brand-logo'); return [img.naturalWidth > 0, img.height]; })()",
          ),
        ).resolves.toEqual([true, 40]);
        await expectAccessible(page, 'book-01-services');
        await page.getByRole('button', { name: /Coupe homme/ }).click();
        const day = page.locator('.month-grid button:not([disabled])').first();
        await day.waitFor();
        await expect(page.getByText(/Times are in Europe\/Paris/).count()).resolves.toBe(1);
        await expectAccessible(page, 'book-02-month');
        await day.click();
        const slot = page.locator('.slot-list button').first();
        await slot.click();
        await page.getByLabel('Name').fill('Visiting Phone');
        await page.getByLabel('Email').fill(`visitor-${Date.now().toString(36)}@example.test`);
        await expectAccessible(page, 'book-03-details');
        await page.getByRole('button', { name: 'Book', exact: true }).click();
        await page.getByText(/Almost done/).waitFor();
        await expectAccessible(page, 'book-04-pending');

        await page.getByRole('link', { name: 'Manage my booking' }).click();
        await page.getByRole('button', { name: 'Cancel my appointment' }).click();
        await page.getByText('Your appointment is cancelled.').waitFor();
        await expectAccessible(page, 'book-05-cancelled');
      } finally {
        await phone.close();
      }
    },
    JOURNEY_TIMEOUT,
  );
});
