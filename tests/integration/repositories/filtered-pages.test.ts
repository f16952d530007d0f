/**
 * Filtered lists fill their pages (DynamoDB Local): `?status=` applies after DynamoDB's `Limit`, so the
 * list reads on (db/read.ts `queryFilledPage`) until the page holds `limit` matches.
 */
import '../../support/stack-env';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays, localParts, weekdayOf, zonedInstant } from '../../../functions/shared/domain/zoned-time';
import type { AppointmentFilter } from '../../../functions/shared/repositories/appointments';
import { bookAppointment, changeAppointment, listAppointments } from '../../../functions/shared/repositories/appointments';
import type { TenantScope } from '../../../functions/shared/repositories/scope';
import { db, setPlan } from '../../support/fixtures';
import { api } from '../../support/http';
import { signUpAndSignIn } from '../../support/tokens';

const TZ = 'Europe/Paris';
const MONDAY = (() => {
  let d = addDays(localParts(new Date(), TZ).date, 7);
  while (weekdayOf(d) !== 'mon') d = addDays(d, 1);
  return d;
})();

describe('filtered appointment lists fill their pages', () => {
  const e = inject('endpoints');
  let scope: TenantScope;
  let staffId: string;
  /** The cancelled ones, in start order: one in four of 36. */
  const cancelled: string[] = [];

  beforeAll(async () => {
    const owner = await signUpAndSignIn(e, 'filtered');
    const t = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Filtered', slug: `filtered-${Date.now().toString(36)}`, timezone: TZ },
    });
    await setPlan(t.body.id, 'professional');
    const post = async (path: string, body: unknown) =>
      (await api<Record<string, string>>('POST', `/v1/tenants/${t.body.id}${path}`, { token: owner.accessToken, body })).body;
    const service = await post('/services', { name: 'Cut', durationMinutes: 30, price: { amount: 100, currency: 'EUR' } });
    const hours = [{ start: '08:00', end: '20:00' }];
    const staff = await post('/staff', {
      name: 'Sam',
      serviceIds: [service.serviceId],
      workingHours: { mon: hours, tue: hours },
    });
    const client = await post('/clients', { name: 'Ana' });
    staffId = String(staff.staffId);
    scope = { tenantId: t.body.id, db: db() };
    for (let i = 0; i < 36; i++) {
      const date = addDays(MONDAY, Math.floor(i / 18));
      const minutes = 9 * 60 + (i % 18) * 30;
      const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      const booked = await bookAppointment(scope, {
        clientId: String(client.clientId),
        serviceId: String(service.serviceId),
        staffId,
        start: zonedInstant(date, time, TZ) as Date,
        source: 'staff',
        createdBy: 'u',
        enforceRules: false,
      });
      if (i % 4 === 3) {
        await changeAppointment(scope, booked.appointmentId, { status: 'cancelled' }, { userId: 'u', access: 'all' });
        cancelled.push(booked.appointmentId);
      }
    }
  });

  async function walk(filter: AppointmentFilter, limit: number) {
    const pages: Array<{ ids: string[]; partial: boolean }> = [];
    let cursor: string | undefined;
    do {
      const page = await listAppointments(scope, filter, { limit, ...(cursor ? { cursor } : {}) });
      pages.push({ ids: page.items.map((a) => a.appointmentId), partial: page.partial });
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return pages;
  }

  for (const [name, filter] of [
    ['the salon timeline', { status: 'cancelled' }],
    ['a staff timeline', { status: 'cancelled', staffId: '' }],
  ] as const) {
    it(`${name}: full pages of the matches, each once, in start order`, async () => {
      const f: AppointmentFilter = { ...filter, ...('staffId' in filter ? { staffId } : {}) };
      const pages = await walk(f, 4);
      // 9 matches: 4 + 4 + 1 (one in four, so each page is filled from more than one Query of 4).
      expect(pages.map((p) => p.ids.length).slice(0, 3)).toEqual([4, 4, 1]);
      expect(pages.every((p) => !p.partial)).toBe(true);
      expect(pages.flatMap((p) => p.ids)).toEqual(cancelled);
    });
  }

  it('an unfiltered walk is unchanged: every appointment once', async () => {
    const pages = await walk({}, 10);
    expect(pages.flatMap((p) => p.ids)).toHaveLength(36);
    expect(new Set(pages.flatMap((p) => p.ids)).size).toBe(36);
    expect(pages.slice(0, 3).map((p) => p.ids.length)).toEqual([10, 10, 10]);
  });
});
