/**
 * Browser journeys of the salon's own pages, against the one local stack, in headless Chromium: the
 * booking page in the salon's branding, language and timezone (its "today" too) and its confirm link;
 * the settings screen's round trip; members and invitations, and an invitee accepting the emailed link.
 * Each journey runs on a salon of its own (never the demo salon, which other files read). axe-core finds
 * no serious or critical violation on any screen visited; screenshots go to .artifacts/screenshots.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localParts } from '../../functions/shared/domain/zoned-time';
import { cognitoAdmin } from '../../local/provision';
import { contrastRatio } from '../../web/src/shared/contrast';
import { expectAccessible, launchBrowser, signInThroughHostedUi } from '../support/browser';
import { addMember, setPlan } from '../support/fixtures';
import { api } from '../support/http';
import { signIn, signUpAndSignIn } from '../support/tokens';

const e = inject('endpoints');
const JOURNEY_TIMEOUT = 120_000;
const PASSWORD = 'Correct-Horse-42';
let browser: Browser;
let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** The newest email to `to` in the local mailer's outbox that matches `pattern`, and the match. */
async function emailMatching(to: string, pattern: RegExp): Promise<RegExpMatchArray> {
  const dir = join(inject('dataDir'), 'outbox');
  for (let i = 0; i < 80; i++) {
    for (const file of readdirSync(dir).filter((f) => f.includes(`_${to}_`) || f.includes(to))) {
      const found = readFileSync(join(dir, file), 'utf8').match(pattern);
      if (found) return found;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no email to ${to} matching ${pattern}`);
}

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;

/** A salon of the session's user, with a service that one stylist offers around the clock. */
async function salonOf(owner: Session, body: Record<string, string>) {
  const slug = unique('web');
  const created = await api<{ id: string }>('POST', '/v1/tenants', {
    token: owner.accessToken,
    body: { slug, ...body },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const tenantId = created.body.id;
  await setPlan(tenantId, 'professional');
  const base = `/v1/tenants/${tenantId}`;
  const service = await api<{ serviceId: string }>('POST', `${base}/services`, {
    token: owner.accessToken,
    body: { name: 'Balayage', durationMinutes: 60, price: { amount: 9000, currency: 'USD' } },
  });
  expect(service.status).toBe(201);
  const allDay = [{ start: '00:00', end: '24:00' }];
  const staff = await api('POST', `${base}/staff`, {
    token: owner.accessToken,
    body: {
      name: 'Keala',
      serviceIds: [service.body.serviceId],
      workingHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, allDay])),
    },
  });
  expect(staff.status).toBe(201);
  return { tenantId, slug, base, serviceId: service.body.serviceId };
}

describe('booking page in the salon’s branding, language and timezone', () => {
  it(
    "shows the salon's name and colours (readable), its language by default, its timezone on every time and its today; the confirm link confirms",
    async () => {
      const owner = await signUpAndSignIn(e, 'web-brand');
      // Honolulu (UTC-10) against a browser in Kiritimati (UTC+14): the two dates always differ by one day.
      const s = await salonOf(owner, { name: 'Aloha Hair', timezone: 'Pacific/Honolulu', locale: 'en-US', currency: 'USD' });
      const patched = await api('PATCH', s.base, {
        token: owner.accessToken,
        // A light yellow: white text on it would fail contrast, so the page must darken it.
        body: { branding: { primaryColor: '#FACC15', secondaryColor: '#0E7490' }, settings: { address: '1 Kalakaua Ave' } },
      });
      expect(patched.status).toBe(200);

      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        locale: 'fr-FR',
        timezoneId: 'Pacific/Kiritimati',
      });
      try {
        const page = await context.newPage();
        await page.goto(`${e.consoleUrl}/book/${s.slug}`);
        // English although the browser says French: the salon's locale decides.
        await page.getByRole('heading', { name: 'Book an appointment' }).waitFor();
        await expect(page.locator('header .brand').textContent()).resolves.toBe('Aloha Hair');
        await expect(page.evaluate('document.documentElement.lang')).resolves.toBe('en');
        await expect(page.title()).resolves.toContain('Aloha Hair');
        await page.getByText('Address: 1 Kalakaua Ave').waitFor();
        const primary = String(
          await page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--primary').trim()"),
        );
        expect(primary).not.toBe('#facc15');
        expect(contrastRatio(primary, '#ffffff')).toBeGreaterThanOrEqual(4.5);
        await expect(
          page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()"),
        ).resolves.toBe('#0E7490');
        await expectAccessible(page, 'brand-01-services');

        await page.getByRole('button', { name: /Balayage/ }).click();
        await page.locator('.month-grid button:not([disabled])').first().waitFor();
        const salonToday = localParts(new Date(), 'Pacific/Honolulu').date;
        const browserToday = localParts(new Date(), 'Pacific/Kiritimati').date;
        expect(browserToday).not.toBe(salonToday);
        await expect(page.locator('.month-grid button[aria-current=date]').getAttribute('data-date')).resolves.toBe(salonToday);
        await page.getByText(/Times are in Pacific\/Honolulu/).waitFor();
        await expectAccessible(page, 'brand-02-month');

        // Tomorrow in Honolulu is open around the clock; its times are Honolulu's, labelled as such.
        const tomorrow = new Date(Date.parse(`${salonToday}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        await page.locator(`.month-grid button[data-date="${tomorrow}"]`).click();
        await page.getByRole('heading', { name: /Pacific\/Honolulu/ }).waitFor();
        const slot = page.locator('.slot-list button').filter({ hasText: /10:00/ }).first();
        await slot.click();
        await page
          .getByText(/Pacific\/Honolulu/)
          .first()
          .waitFor();
        await expect(page.locator('form .summary').textContent()).resolves.toMatch(/10:00.*Pacific\/Honolulu/);
        await page.getByText('You can cancel online up to 24 h before your appointment.').first().waitFor();

        // Switchable: French, kept in the address.
        await page.getByRole('button', { name: 'FR', exact: true }).click();
        await page.getByRole('heading', { name: 'Prendre rendez-vous' }).waitFor();
        await expect(page.evaluate('document.documentElement.lang')).resolves.toBe('fr');
        expect(new URL(page.url()).searchParams.get('lang')).toBe('fr');
        await page.getByLabel('Nom').fill('Visiteuse');
        const email = `${unique('aloha')}@example.test`;
        await page.getByLabel('E-mail').fill(email);
        await expectAccessible(page, 'brand-03-details-fr');
        await page.getByRole('button', { name: 'Réserver', exact: true }).click();
        await page.getByText(/Presque fini/).waitFor();
        await expect(page.getByRole('status').textContent()).resolves.toMatch(/Pacific\/Honolulu/);
        await expectAccessible(page, 'brand-04-pending-fr');

        // The emailed confirm link, opened as the booker would (no ?lang=: the salon's English).
        const [link] = await emailMatching(email, /\/book\/[a-z0-9-]+\/bookings\/[0-9A-Z]{26}\/confirm#token=[A-Za-z0-9_-]{43}/);
        await page.goto(`${e.consoleUrl}${link}`);
        await page.getByRole('status').filter({ hasText: 'Your appointment is booked.' }).waitFor();
        await expect(page.locator('.summary').textContent()).resolves.toMatch(/10:00.*Pacific\/Honolulu/);
        await expectAccessible(page, 'brand-05-confirmed');
        const appointmentId = link.split('/')[4] ?? '';
        const stored = await api<{ status: string }>('GET', `${s.base}/appointments/${appointmentId}`, {
          token: owner.accessToken,
        });
        expect(stored.body.status).toBe('scheduled');

        // A salon that does not exist says so.
        await page.goto(`${e.consoleUrl}/book/${unique('nobody')}?lang=en`);
        await page.getByRole('alert').filter({ hasText: 'This salon or booking does not exist.' }).waitFor();
      } finally {
        await context.close();
      }
    },
    JOURNEY_TIMEOUT,
  );
});

describe('settings and members screens', () => {
  let owner: Session;
  let salon: Awaited<ReturnType<typeof salonOf>>;
  let page: Page;
  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'web-settings');
    salon = await salonOf(owner, { name: 'Salon Rivage', timezone: 'Europe/Paris', locale: 'fr-FR', currency: 'EUR' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => page?.context().close());

  it(
    'edits the salon settings and branding; the API and the booking page show them',
    async () => {
      await page.goto(`${e.consoleUrl}/tenants/${salon.tenantId}/settings`);
      await signInThroughHostedUi(page, e.consoleUrl, owner.email, PASSWORD);
      await page.getByRole('heading', { name: 'Settings & branding' }).waitFor();
      await expectAccessible(page, 'settings-01-loaded');

      await page.getByLabel('Salon name').fill('Salon Rivage Sud');
      await page.getByLabel(/^Time zone/).selectOption('Europe/Lisbon');
      await page.getByLabel(/^Language and formats/).selectOption('en-GB');
      await page.getByLabel(/^Address/).fill('8 quai des Arts, Marseille');
      await page.getByLabel(/^Online cancellation allowed until/).fill('12');
      await page.getByLabel(/^Start times every/).selectOption('30');
      await page.getByLabel(/^Weeks start on/).selectOption('0');
      await page.getByLabel('Main colour').fill('#fde68a');
      await page.getByText(/too light for white text/).waitFor();
      await page.getByRole('button', { name: 'Remove reminder 2' }).click();
      await page.getByLabel(/^Quiet hours/).check();
      await page.getByLabel('From', { exact: true }).fill('20:30');
      await page.getByLabel('to', { exact: true }).fill('07:30');
      await expectAccessible(page, 'settings-02-edited');
      await page.getByRole('button', { name: 'Save the settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();

      const stored = await api<{
        name: string;
        settings: Record<string, unknown>;
        branding: Record<string, unknown>;
      }>('GET', salon.base, { token: owner.accessToken });
      expect(stored.body.name).toBe('Salon Rivage Sud');
      expect(stored.body.settings).toMatchObject({
        timezone: 'Europe/Lisbon',
        locale: 'en-GB',
        address: '8 quai des Arts, Marseille',
        cancellationNoticeHours: 12,
        slotStepMinutes: 30,
        weekStartsOn: 0,
        reminders: [{ before: 'PT24H', channel: 'email' }],
        quietHours: { start: '20:30', end: '07:30' },
      });
      // The accent colour was not changed, so not sent: it is as created.
      expect(stored.body.branding).toMatchObject({ primaryColor: '#fde68a', secondaryColor: '#0EA5E9' });
      // Untouched fields were not sent, so they are as they were.
      expect(stored.body.settings).toMatchObject({
        currency: 'EUR',
        minimumNoticeMinutes: 60,
        bookingHorizonDays: 60,
        pendingHoldMinutes: 30,
        maxOpenBookingsPerEmail: 3,
        dateFormat: 'dd/MM/yyyy',
      });

      // Read back after a reload: what the API holds.
      await page.reload();
      await page.getByRole('heading', { name: 'Settings & branding' }).waitFor();
      await expect(page.getByLabel('Salon name').inputValue()).resolves.toBe('Salon Rivage Sud');
      await expect(page.getByLabel(/^Address/).inputValue()).resolves.toBe('8 quai des Arts, Marseille');
      await expect(page.getByLabel('From', { exact: true }).inputValue()).resolves.toBe('20:30');
      await expect(page.getByLabel(/^Time zone/).inputValue()).resolves.toBe('Europe/Lisbon');
      await expect(page.getByLabel(/^Language and formats/).inputValue()).resolves.toBe('en-GB');
      // Saving again without a change sends nothing.
      await page.getByRole('button', { name: 'Save the settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Nothing to save' }).waitFor();

      // Clearing the address and the quiet hours removes them.
      await page.getByLabel(/^Address/).fill('');
      await page.getByLabel(/^Quiet hours/).uncheck();
      await page.getByRole('button', { name: 'Save the settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
      const cleared = await api<{ settings: Record<string, unknown> }>('GET', salon.base, { token: owner.accessToken });
      expect(cleared.body.settings).not.toHaveProperty('address');
      expect(cleared.body.settings).not.toHaveProperty('quietHours');

      const profile = await api<Record<string, unknown>>('GET', `/v1/public/${salon.slug}`);
      expect(profile.body).toMatchObject({
        name: 'Salon Rivage Sud',
        timezone: 'Europe/Lisbon',
        locale: 'en-GB',
        weekStartsOn: 0,
        booking: { cancellationNoticeHours: 12 },
      });
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'invites from the Members screen; the invitee opens the emailed link, signs in and lands in the salon; role change, revoke and removal',
    async () => {
      await page.goto(`${e.consoleUrl}/tenants/${salon.tenantId}/members`);
      await page.getByRole('heading', { name: 'Members & invitations' }).waitFor();
      await page.getByRole('rowheader', { name: owner.email }).waitFor();
      // Your own row has no actions.
      await expect(page.getByRole('button', { name: `Remove ${owner.email}` }).count()).resolves.toBe(0);
      await expect(page.getByLabel(`Role of ${owner.email}`).count()).resolves.toBe(0);
      await expectAccessible(page, 'members-01-list');

      const invitee = `${unique('invitee')}@example.test`;
      await page.getByLabel('Email').fill(invitee);
      await expect(page.locator('select[name=role]').inputValue()).resolves.toBe('employee');
      await page.getByRole('button', { name: 'Send the invitation' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Invitation sent to ${invitee} (employee).` })
        .waitFor();
      await page.getByText(`${invitee}`, { exact: true }).waitFor();

      // A second invitation, revoked from the screen.
      const other = `${unique('revoked')}@example.test`;
      await page.getByLabel('Email').fill(other);
      await page.getByRole('button', { name: 'Send the invitation' }).click();
      await page.getByRole('button', { name: `Revoke the invitation to ${other}` }).click();
      // The form keeps the role chosen; the address is cleared.
      await expect(page.locator('select[name=role]').inputValue()).resolves.toBe('employee');
      await expect(page.getByLabel('Email').inputValue()).resolves.toBe('');
      await page
        .getByRole('status')
        .filter({ hasText: `The invitation to ${other} was revoked.` })
        .waitFor();
      const pending = await api<{ items: Array<{ email: string }> }>('GET', `${salon.base}/invitations`, {
        token: owner.accessToken,
      });
      expect(pending.body.items.map((i) => i.email)).toEqual([invitee]);
      await expectAccessible(page, 'members-02-invited');

      // The invitee's email link, opened in their own browser; they sign in through the hosted UI.
      const [acceptUrl] = await emailMatching(invitee, /https?:\/\/[^\s"<>]+\/invitations\/[0-9A-Z]{26}/);
      expect(acceptUrl.startsWith(`${e.consoleUrl}/invitations/`)).toBe(true);
      const password = 'Invited-Person-42';
      const admin = cognitoAdmin(e.cognitoEndpoint);
      await admin.send(
        new AdminSetUserPasswordCommand({ UserPoolId: e.userPoolId, Username: invitee, Password: password, Permanent: true }),
      );
      admin.destroy();
      const theirs = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      try {
        const invited = await theirs.newPage();
        await invited.goto(acceptUrl);
        await signInThroughHostedUi(invited, e.consoleUrl, invitee, password);
        await invited.getByRole('heading', { name: 'Join a salon' }).waitFor();
        await expectAccessible(invited, 'invitation-01-accept');
        await invited.getByRole('button', { name: 'Accept the invitation' }).click();
        await invited.getByRole('heading', { name: 'Calendar' }).waitFor();
        expect(new URL(invited.url()).pathname).toBe(`/tenants/${salon.tenantId}/calendar`);
        const nav = invited.getByRole('navigation', { name: 'Salon' });
        await nav.getByText('Salon Rivage Sud').waitFor();
        // An employee sees neither Members nor Settings.
        await expect(nav.getByRole('link', { name: 'Members' }).count()).resolves.toBe(0);
        await expect(nav.getByRole('link', { name: 'Settings' }).count()).resolves.toBe(0);
        await expectAccessible(invited, 'invitation-02-landed');
      } finally {
        await theirs.close();
      }
      const joined = await signIn(e, invitee, password);
      const me = await api<{ memberships: Array<{ tenantId: string; role: string }> }>('GET', '/v1/me', {
        token: joined.accessToken,
      });
      expect(me.body.memberships).toEqual([expect.objectContaining({ tenantId: salon.tenantId, role: 'employee' })]);

      // The owner changes the new member's role, then removes them.
      await page.reload();
      const role = page.getByLabel(`Role of ${invitee}`);
      await role.selectOption('viewer');
      await page
        .getByRole('status')
        .filter({ hasText: `${invitee} is now viewer.` })
        .waitFor();
      const members = async () =>
        (
          await api<{ items: Array<{ email: string; role: string }> }>('GET', `${salon.base}/members`, {
            token: owner.accessToken,
          })
        ).body.items.map((m) => [m.email, m.role]);
      expect(await members()).toContainEqual([invitee, 'viewer']);
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: `Remove ${invitee}` }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `${invitee} was removed.` })
        .waitFor();
      expect((await members()).map(([email]) => email)).toEqual([owner.email]);
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'hides Settings from a manager and shows Members without its actions',
    async () => {
      const manager = await signUpAndSignIn(e, 'web-manager');
      await addMember(salon.tenantId, manager.userId, manager.email, 'manager');
      const own = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const mp = await own.newPage();
        await mp.goto(`${e.consoleUrl}/tenants/${salon.tenantId}/members`);
        await signInThroughHostedUi(mp, e.consoleUrl, manager.email, PASSWORD);
        await mp.getByRole('heading', { name: 'Members & invitations' }).waitFor();
        await mp.getByRole('rowheader', { name: owner.email }).waitFor();
        const nav = mp.getByRole('navigation', { name: 'Salon' });
        await expect(nav.getByRole('link', { name: 'Settings' }).count()).resolves.toBe(0);
        // users:read only: no role select, no remove, no invite form, no revoke.
        await expect(mp.getByRole('combobox').count()).resolves.toBe(0);
        await expect(mp.getByRole('button', { name: /^Remove|^Revoke/ }).count()).resolves.toBe(0);
        await expect(mp.getByRole('button', { name: 'Send the invitation' }).count()).resolves.toBe(0);
        await expectAccessible(mp, 'members-03-manager');
        // Not at its address either.
        await mp.goto(`${e.consoleUrl}/tenants/${salon.tenantId}/settings`);
        await mp.getByRole('heading', { name: 'Salon Rivage Sud' }).waitFor();
        await expect(mp.getByRole('heading', { name: 'Settings & branding' }).count()).resolves.toBe(0);
      } finally {
        await own.close();
      }
    },
    JOURNEY_TIMEOUT,
  );
});
