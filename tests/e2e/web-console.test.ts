/**
 * The console's clients, services, staff and week screens in a real (headless) Chromium, against the one
 * local stack, in a salon of this file's own (Europe/Paris): a client created and found by email, a
 * service edited, a staff member's hours and time off changed and the availability engine answering
 * accordingly, an appointment dragged to another day and time (and onto a taken time: the kind 409), and
 * an employee who sees only the screens the RBAC table gives their role. Every change is checked through
 * the API; axe-core finds no serious or critical violation on each screen; screenshots are kept.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays, weekdayOf, zonedInstant } from '../../functions/shared/domain/zoned-time';
import { expectAccessible, launchBrowser, screenshot, signInThroughHostedUi } from '../support/browser';
import { addMember, setPlan } from '../support/fixtures';
import { api } from '../support/http';
import { signUpAndSignIn } from '../support/tokens';

const e = inject('endpoints');
const ZONE = 'Europe/Paris';
const JOURNEY_TIMEOUT = 120_000;
const PASSWORD = 'Correct-Horse-42';
const WEEKDAY_INDEX = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

type Owner = Awaited<ReturnType<typeof signUpAndSignIn>>;
type Slot = { start: string; staffId: string };
type Appointment = { appointmentId: string; start: string; staffId: string; status: string };

let browser: Browser;
let owner: Owner;
let tenantId: string;
let cutId: string;
let brushingId: string;
let alexId: string;
let samId: string;
/** A client of the salon for appointments booked through the API. */
let regularId: string;

const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
  api<T>(method, `/v1/tenants/${tenantId}${path}`, { token: owner.accessToken, body });
const instant = (date: string, time: string) => {
  const at = zonedInstant(date, time, ZONE);
  if (!at) throw new Error(`${date} ${time} does not exist in ${ZONE}`);
  return at.getTime();
};
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());
/** The first date on or after `from` that falls on `weekday` (mon..sun). */
const nextWeekday = (from: string, weekday: string) => {
  let date = from;
  while (weekdayOf(date) !== weekday) date = addDays(date, 1);
  return date;
};
const allWeek = (start: string, end: string) => Object.fromEntries(WEEKDAY_INDEX.map((d) => [d, [{ start, end }]]));
const slotsOf = async (date: string, staffId: string) =>
  (await call<{ slots: Slot[] }>('GET', `/availability?serviceId=${brushingId}&date=${date}&staffId=${staffId}`)).body.slots;
const book = async (clientId: string, staffId: string, date: string, time: string) => {
  const res = await call<Appointment>('POST', '/appointments', {
    clientId,
    serviceId: brushingId,
    staffId,
    start: new Date(instant(date, time)).toISOString(),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

beforeAll(async () => {
  browser = await launchBrowser();
  owner = await signUpAndSignIn(e, 'console-owner');
  const salon = await api<{ id: string }>('POST', '/v1/tenants', {
    token: owner.accessToken,
    body: { name: 'Console Salon', slug: `console-${Date.now().toString(36)}`, timezone: ZONE },
  });
  expect(salon.status).toBe(201);
  tenantId = salon.body.id;
  await setPlan(tenantId, 'starter');
  const service = async (name: string, durationMinutes: number, amount: number) =>
    (await call<{ serviceId: string }>('POST', '/services', { name, durationMinutes, price: { amount, currency: 'EUR' } })).body
      .serviceId;
  cutId = await service('Cut', 30, 2500);
  brushingId = await service('Brushing', 30, 1800);
  const staff = async (name: string, workingHours: unknown) =>
    (await call<{ staffId: string }>('POST', '/staff', { name, serviceIds: [cutId, brushingId], workingHours })).body.staffId;
  alexId = await staff('Alex', allWeek('09:00', '18:00'));
  regularId = (await call<{ clientId: string }>('POST', '/clients', { name: 'Regular Client' })).body.clientId;
  samId = await staff(
    'Sam',
    Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '18:00' }]])),
  );
}, 90_000);
afterAll(async () => {
  await browser?.close();
});

describe('console screens of a salon owner', () => {
  let context: BrowserContext;
  let page: Page;
  let clientId: string;
  afterAll(async () => context?.close());

  const open = async (screen: string, heading: string) => {
    await page.getByRole('navigation', { name: 'Salon' }).getByRole('link', { name: screen, exact: true }).click();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  };

  it(
    'creates a client, finds it by its exact email, edits it and shows its appointments',
    async () => {
      context = await browser.newContext({ viewport: { width: 1280, height: 1200 } });
      page = await context.newPage();
      await page.goto(`${e.consoleUrl}/tenants/${tenantId}/clients`);
      await signInThroughHostedUi(page, e.consoleUrl, owner.email, PASSWORD);
      await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
      await page.getByRole('table', { name: 'Clients' }).getByRole('rowheader', { name: 'Regular Client' }).waitFor();

      const email = `chloe-${Date.now().toString(36)}@example.test`;
      await page.getByRole('button', { name: 'New client' }).click();
      const form = page.getByRole('form', { name: 'New client' });
      await form.getByLabel('Name', { exact: true }).fill('Chloé Martin');
      await form.getByLabel('Email', { exact: true }).fill(email);
      await form.getByLabel('Phone').fill('+33 6 12 34 56 78');
      await form.getByLabel('by email').uncheck();
      await form.getByLabel('by SMS').check();
      await expectAccessible(page, 'console-clients-01-new');
      await form.getByRole('button', { name: 'Add client' }).click();
      await page.getByRole('status').filter({ hasText: 'Chloé Martin was added.' }).waitFor();

      const found = await call<{ items: Array<{ clientId: string; name: string; notifications: unknown; phone?: string }> }>(
        'GET',
        `/clients?email=${encodeURIComponent(email)}`,
      );
      expect(found.body.items).toEqual([
        expect.objectContaining({ name: 'Chloé Martin', phone: '+33612345678', notifications: { email: false, sms: true } }),
      ]);
      clientId = found.body.items[0]?.clientId ?? '';

      // Found again from a fresh page, by email (one indexed request) and by part of the name.
      await page.reload();
      await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
      const search = page.getByRole('form', { name: 'Search clients' });
      await search.getByLabel('Name or exact email').fill(email);
      await search.getByRole('button', { name: 'Search' }).click();
      const rows = page.locator('table.wide tbody tr');
      await page.getByRole('table', { name: `Clients matching “${email}”` }).waitFor();
      await expect(rows.count()).resolves.toBe(1);
      await expect(rows.first().textContent()).resolves.toContain(email);
      await search.getByLabel('Name or exact email').fill('chloe');
      await search.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('table', { name: 'Clients matching “chloe”' }).waitFor();
      await expect(rows.count()).resolves.toBe(1);

      // An appointment booked elsewhere shows in the client's panel.
      const date = addDays(today(), 3);
      await book(clientId, alexId, date, '11:00');
      await page.getByRole('button', { name: 'Open Chloé Martin' }).click();
      const panel = page.getByRole('region', { name: 'Chloé Martin' });
      await panel
        .getByRole('list', { name: 'Appointments of this client' })
        .getByText(/11:00–11:30 · Brushing/)
        .waitFor();

      const edit = panel.getByRole('form', { name: 'Edit client' });
      await edit.getByLabel('Name', { exact: true }).fill('Chloé Martin-Roy');
      await edit.getByLabel('Phone').fill('');
      await edit.getByLabel('by email').check();
      await expectAccessible(page, 'console-clients-02-edit');
      await edit.getByRole('button', { name: 'Save client' }).click();
      await page.getByRole('status').filter({ hasText: 'Chloé Martin-Roy was saved.' }).waitFor();
      const saved = await call<Record<string, unknown>>('GET', `/clients/${clientId}`);
      expect(saved.body).toMatchObject({ name: 'Chloé Martin-Roy', email, notifications: { email: true, sms: true } });
      expect(saved.body).not.toHaveProperty('phone');
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'edits a service (price in minor units, shown formatted) and deactivates it',
    async () => {
      await open('Services', 'Services');
      await page.getByRole('button', { name: 'Edit Cut' }).click();
      const form = page.getByRole('form', { name: 'Edit Cut' });
      await expect(form.getByLabel('Price').inputValue()).resolves.toBe('25.00');
      await form.getByLabel('Name', { exact: true }).fill('Cut & style');
      await form.getByLabel('Duration (minutes)').fill('45');
      await form.getByLabel('Price').fill('32,50');
      await form.getByLabel('Buffer after (minutes)').fill('10');
      await expectAccessible(page, 'console-services-01-edit');
      await form.getByRole('button', { name: 'Save service' }).click();
      await page.getByRole('status').filter({ hasText: 'Cut & style was saved.' }).waitFor();
      const row = page.getByRole('row', { name: /Cut & style/ });
      await expect(row.textContent()).resolves.toContain('€32.50');

      const saved = await call<Record<string, unknown>>('GET', `/services/${cutId}`);
      expect(saved.body).toMatchObject({
        name: 'Cut & style',
        durationMinutes: 45,
        price: { amount: 3250, currency: 'EUR' },
        bufferAfterMinutes: 10,
        active: true,
      });

      await row.getByRole('button', { name: 'Deactivate Cut & style' }).click();
      await page.getByRole('status').filter({ hasText: 'Cut & style is inactive.' }).waitFor();
      expect((await call<{ active: boolean }>('GET', `/services/${cutId}`)).body.active).toBe(false);
      await expectAccessible(page, 'console-services-02-list');
    },
    JOURNEY_TIMEOUT,
  );

  it(
    "sets a staff member's hours and time off, and the availability engine follows",
    async () => {
      const saturday = nextWeekday(addDays(today(), 2), 'sat');
      const tuesday = nextWeekday(addDays(today(), 2), 'tue');
      expect(await slotsOf(saturday, samId)).toEqual([]);
      expect((await slotsOf(tuesday, samId)).length).toBeGreaterThan(0);

      await open('Staff', 'Staff');
      await page.getByRole('button', { name: 'Edit Sam' }).click();
      const form = page.getByRole('form', { name: 'Edit Sam' });
      await form.getByRole('button', { name: 'Add hours on Saturday' }).click();
      await form.getByLabel('Saturday start 1').fill('10:00');
      await form.getByLabel('Saturday end 1').fill('14:00');
      await form.getByRole('button', { name: 'Add time off' }).click();
      await form.getByLabel('Time off 1 from').fill(`${tuesday}T00:00`);
      await form.getByLabel('Time off 1 until').fill(`${addDays(tuesday, 1)}T00:00`);
      await expectAccessible(page, 'console-staff-01-edit');
      await form.getByRole('button', { name: 'Save staff member' }).click();
      await page.getByRole('status').filter({ hasText: 'Sam was saved.' }).waitFor();
      await page
        .getByRole('article', { name: 'Sam' })
        .getByText(/Sat 10:00–14:00/)
        .waitFor();
      await expectAccessible(page, 'console-staff-02-list');

      const sam = await call<{ workingHours: Record<string, unknown>; timeOff: unknown[] }>('GET', `/staff/${samId}`);
      expect(sam.body.workingHours.sat).toEqual([{ start: '10:00', end: '14:00' }]);
      expect(sam.body.timeOff).toHaveLength(1);
      expect(await slotsOf(tuesday, samId)).toEqual([]);
      const saturdaySlots = await slotsOf(saturday, samId);
      expect(saturdaySlots.length).toBeGreaterThan(0);
      for (const slot of saturdaySlots) {
        expect(Date.parse(slot.start)).toBeGreaterThanOrEqual(instant(saturday, '10:00'));
        expect(Date.parse(slot.start) + 30 * 60_000).toBeLessThanOrEqual(instant(saturday, '14:00'));
      }
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'reschedules by dragging in the week view (seen through the API), and a taken time gets the kind 409',
    async () => {
      // Tuesday and Wednesday of next week: one week in the view whichever day it starts on.
      const tuesday = nextWeekday(addDays(today(), 7), 'tue');
      const wednesday = addDays(tuesday, 1);
      const moved = await book(regularId, alexId, tuesday, '10:00');
      await book(regularId, alexId, wednesday, '16:00');

      await open('Week', 'Week');
      await page.getByLabel('Staff member').selectOption({ label: 'Alex' });
      await page.getByLabel('Week of', { exact: true }).fill(tuesday);
      const block = page.locator(`[data-appointment="${moved.appointmentId}"]`);
      await block.waitFor();
      await expectAccessible(page, 'console-week-01');

      await dragTo(page, block, wednesday, 14 * 60);
      await page
        .getByRole('alert')
        .filter({ hasText: /Moved to Wednesday .* 14:00/ })
        .waitFor();
      const after = await call<Appointment>('GET', `/appointments/${moved.appointmentId}`);
      expect(Date.parse(after.body.start)).toBe(instant(wednesday, '14:00'));
      expect(after.body.staffId).toBe(alexId);
      // The week is read again after the move: the block is now in Wednesday's column.
      await page.locator(`.week-body[data-date="${wednesday}"] [data-appointment="${moved.appointmentId}"]`).waitFor();
      await screenshot(page, 'console-week-02-moved');

      await dragTo(page, page.locator(`[data-appointment="${moved.appointmentId}"]`), wednesday, 16 * 60);
      await page.getByRole('alert').filter({ hasText: 'Sorry, that time was just taken' }).waitFor();
      expect(Date.parse((await call<Appointment>('GET', `/appointments/${moved.appointmentId}`)).body.start)).toBe(
        instant(wednesday, '14:00'),
      );
      await expectAccessible(page, 'console-week-03-taken');

      // Without a pointer: the block's Reschedule button, then a free time from the picker.
      const thursday = addDays(wednesday, 1);
      await page
        .locator(`[data-appointment="${moved.appointmentId}"]`)
        .getByRole('button', { name: 'Reschedule' })
        .press('Enter');
      const picker = page.getByRole('group', { name: 'Reschedule' });
      await picker.getByRole('button').first().waitFor();
      // The picker opens on the appointment's own day, which may already be Thursday: then there is nothing to change.
      const day = picker.locator('input[type=date]');
      if ((await day.inputValue()) !== thursday) {
        const listed = page.waitForResponse((r) => r.url().includes('/availability?') && r.url().includes(`date=${thursday}`));
        await day.fill(thursday);
        await listed;
      }
      await picker.getByRole('button', { name: '09:00' }).press('Enter');
      await page
        .getByRole('alert')
        .filter({ hasText: /Moved to Thursday .* 09:00/ })
        .waitFor();
      expect(Date.parse((await call<Appointment>('GET', `/appointments/${moved.appointmentId}`)).body.start)).toBe(
        instant(thursday, '09:00'),
      );
    },
    JOURNEY_TIMEOUT,
  );
});

/** Press on the block, move in steps (as a hand does), release with its top at `minute` of `date`'s column. */
async function dragTo(page: Page, block: Locator, date: string, minute: number) {
  const column = page.locator(`.week-body[data-date="${date}"]`);
  const [from, to] = [await block.boundingBox(), await column.boundingBox()];
  if (!from || !to) throw new Error('the block or the column is not on screen');
  const first = Number(await column.getAttribute('data-first-minute'));
  const px = Number(await column.getAttribute('data-px-per-minute'));
  const grab = { x: from.x + 10, y: from.y + 8 };
  await page.mouse.move(grab.x, grab.y);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + (minute - first) * px + 8, { steps: 12 });
  await page.mouse.up();
}

describe('console screens of an employee', () => {
  it(
    'shows an employee only the screens and actions their role may use',
    async () => {
      const employee = await signUpAndSignIn(e, 'console-employee');
      await addMember(tenantId, employee.userId, employee.email, 'employee');
      const own = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await own.newPage();
        await page.goto(`${e.consoleUrl}/tenants/${tenantId}/services`);
        await signInThroughHostedUi(page, e.consoleUrl, employee.email, PASSWORD);
        // Services are not theirs: the address shows the screens they have instead.
        await page.getByRole('heading', { name: 'Console Salon', level: 1 }).waitFor();
        const nav = page.getByRole('navigation', { name: 'Salon' });
        const links = await nav.getByRole('link').allTextContents();
        expect(links).toEqual(expect.arrayContaining(['Calendar', 'Week', 'Clients', 'Staff']));
        expect(links).not.toContain('Services');
        expect(links).not.toContain('Plan & billing');
        await expect(page.getByRole('heading', { name: 'Services' }).count()).resolves.toBe(0);

        await nav.getByRole('link', { name: 'Clients' }).click();
        await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
        await expect(page.getByRole('button', { name: 'New client' }).count()).resolves.toBe(0);
        await page
          .getByRole('button', { name: /^Open / })
          .first()
          .click();
        await page.getByText('Reminders by').waitFor();
        await expect(page.getByRole('button', { name: 'Save client' }).count()).resolves.toBe(0);
        await expect(page.getByRole('button', { name: /^Delete / }).count()).resolves.toBe(0);
        await expectAccessible(page, 'console-employee-01-clients');

        await nav.getByRole('link', { name: 'Staff' }).click();
        await page.getByRole('article', { name: 'Alex' }).waitFor();
        await expect(page.getByRole('button', { name: /^(Edit|Delete) / }).count()).resolves.toBe(0);
        await expect(page.getByRole('button', { name: 'New staff member' }).count()).resolves.toBe(0);
        await expectAccessible(page, 'console-employee-02-staff');

        // appointments:update:own: only the blocks of their own staff record (Sam, linked) can move.
        const wednesday = addDays(nextWeekday(addDays(today(), 7), 'tue'), 1);
        const samBooking = await book(regularId, samId, wednesday, '11:00');
        expect((await call('PATCH', `/staff/${samId}`, { userId: employee.userId })).status).toBe(200);
        await nav.getByRole('link', { name: 'Week' }).click();
        await page.getByLabel('Staff member').selectOption({ label: 'Alex' });
        await page.getByLabel('Week of', { exact: true }).fill(wednesday);
        await page.locator('.week-appt').first().waitFor();
        await expect(page.locator('.week-appt.movable').count()).resolves.toBe(0);
        await expect(page.getByRole('button', { name: 'Reschedule' }).count()).resolves.toBe(0);
        await page.getByLabel('Staff member').selectOption({ label: 'Sam' });
        await page.locator(`[data-appointment="${samBooking.appointmentId}"].movable`).waitFor();
        await expectAccessible(page, 'console-employee-03-week');
      } finally {
        await own.close();
      }
    },
    JOURNEY_TIMEOUT,
  );
});
