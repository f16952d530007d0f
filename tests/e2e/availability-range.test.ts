/**
 * Availability over a range of dates (`from`, `to`) and its summary, over HTTP, for members and for
 * online booking: the same slots as asking date by date, counts that match, and bad ranges refused.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type {
  AvailabilityAnswer as Slots,
  AvailabilitySummary as Summary,
  RangeAvailabilityAnswer as Range,
} from '../../functions/shared/repositories/open-slots';
import { addDays, localParts, toOffsetIso, zonedInstant } from '../../functions/shared/domain/zoned-time';
import { setPlan } from '../support/fixtures';
import { api } from '../support/http';
import { signUpAndSignIn } from '../support/tokens';

const TZ = 'Europe/Paris';
const FROM = addDays(localParts(new Date(), TZ).date, 3);
const WEEKDAYS = {
  mon: [{ start: '09:00', end: '12:00' }],
  tue: [{ start: '09:00', end: '12:00' }],
  wed: [{ start: '14:00', end: '17:30' }],
};

describe('availability over a range of dates', () => {
  const e = inject('endpoints');
  let token: string;
  let s: { tenantId: string; slug: string; base: string; serviceId: string; ana: string; ben: string; cy: string };

  beforeAll(async () => {
    token = (await signUpAndSignIn(e, 'range')).accessToken;
    const slug = `range-${Date.now().toString(36)}`;
    const t = await api<{ id: string }>('POST', '/v1/tenants', { token, body: { name: 'Range', slug, timezone: TZ } });
    expect(t.status).toBe(201);
    await setPlan(t.body.id, 'professional');
    const base = `/v1/tenants/${t.body.id}`;
    const post = async (path: string, body: unknown) => {
      const r = await api<Record<string, string>>('POST', `${base}${path}`, { token, body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    };
    const cut = await post('/services', { name: 'Cut', durationMinutes: 45, price: { amount: 100, currency: 'EUR' } });
    const other = await post('/services', { name: 'Nails', durationMinutes: 30, price: { amount: 100, currency: 'EUR' } });
    const ana = await post('/staff', { name: 'Ana', serviceIds: [cut.serviceId], workingHours: WEEKDAYS });
    const ben = await post('/staff', {
      name: 'Ben',
      serviceIds: [cut.serviceId],
      workingHours: { thu: [{ start: '10:00', end: '13:00' }] },
    });
    // Works every day, but not the service asked for: never in the answers.
    const cy = await post('/staff', {
      name: 'Cy',
      serviceIds: [other.serviceId],
      workingHours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '08:00', end: '20:00' }]]),
      ),
    });
    s = {
      tenantId: t.body.id,
      slug,
      base,
      serviceId: String(cut.serviceId),
      ana: String(ana.staffId),
      ben: String(ben.staffId),
      cy: String(cy.staffId),
    };
    const client = await post('/clients', { name: 'Zoe' });
    // One appointment inside the range: its slot disappears from the range answer as from the day's.
    let d = FROM;
    while (new Date(`${d}T12:00:00Z`).getUTCDay() !== 1) d = addDays(d, 1);
    await post('/appointments', {
      clientId: client.clientId,
      serviceId: s.serviceId,
      staffId: s.ana,
      start: toOffsetIso(zonedInstant(d, '10:00', TZ) as Date, TZ),
    });
  });

  const tenantGet = <T>(query: string) => api<T>('GET', `${s.base}/availability?serviceId=${s.serviceId}&${query}`, { token });
  const publicGet = <T>(query: string) => api<T>('GET', `/v1/public/${s.slug}/availability?serviceId=${s.serviceId}&${query}`);
  const forms = () =>
    [
      ['tenant', tenantGet],
      ['public', publicGet],
    ] as const;

  it('answers every date of the range with the slots the single-date form gives, and a summary that counts them', async () => {
    const to = addDays(FROM, 13);
    for (const [name, get] of forms()) {
      const range = await get<Range>(`from=${FROM}&to=${to}`);
      expect([name, range.status]).toEqual([name, 200]);
      expect(Object.keys(range.body).sort()).toEqual(['days', 'timezone']);
      expect(range.body.timezone).toBe(TZ);
      expect(range.body.days.map((d) => d.date)).toEqual(Array.from({ length: 14 }, (_, i) => addDays(FROM, i)));
      const staffSeen = new Set(range.body.days.flatMap((d) => d.slots.map((x) => x.staffId)));
      expect([...staffSeen].sort()).toEqual([s.ana, s.ben].sort());
      expect(range.body.days.filter((d) => d.slots.length > 0).length).toBeGreaterThanOrEqual(6);
      for (const day of range.body.days.slice(0, 8)) {
        const one = await get<Slots>(`date=${day.date}`);
        expect({ name, date: day.date, slots: day.slots }).toEqual({ name, date: day.date, slots: one.body.slots });
      }
      const summary = await get<Summary>(`from=${FROM}&to=${to}&summary=1`);
      expect(summary.status).toBe(200);
      expect(summary.body).toEqual({ timezone: TZ, days: range.body.days.map((d) => ({ date: d.date, count: d.slots.length })) });
    }
  });

  it('answers from=to=D exactly as date=D, with and without staffId', async () => {
    let monday = FROM;
    while (new Date(`${monday}T12:00:00Z`).getUTCDay() !== 1) monday = addDays(monday, 1);
    for (const [name, get] of forms()) {
      for (const staff of ['', `&staffId=${s.ana}`]) {
        const one = await get<Slots>(`date=${monday}${staff}`);
        const range = await get<Range>(`from=${monday}&to=${monday}${staff}`);
        expect([name, one.status, range.status]).toEqual([name, 200, 200]);
        expect(one.body.slots.length).toBeGreaterThan(0);
        // The appointment at 10:00 (45 min) took 09:15..10:30 starts from Ana.
        expect(one.body.slots.some((x) => x.staffId === s.ana && x.start.includes('T10:00:00'))).toBe(false);
        expect(range.body).toEqual({ timezone: one.body.timezone, days: [{ date: monday, slots: one.body.slots }] });
      }
    }
  });

  it('takes 42 days, and refuses more, reversed ranges, half ranges and date mixed with a range', async () => {
    for (const [name, get] of forms()) {
      const full = await get<Summary>(`from=${FROM}&to=${addDays(FROM, 41)}&summary=1`);
      expect([name, full.status, full.body.days?.length]).toEqual([name, 200, 42]);
      const bad: Array<[string, string]> = [
        [`from=${FROM}&to=${addDays(FROM, 42)}`, 'to'],
        [`from=${FROM}&to=${addDays(FROM, -1)}`, 'to'],
        [`date=${FROM}&from=${FROM}&to=${FROM}`, 'date'],
        [`date=${FROM}&from=${FROM}`, 'date'],
        [`from=${FROM}`, 'to'],
        [`to=${FROM}`, 'to'],
        ['', 'date'],
        [`date=${FROM}&summary=1`, 'summary'],
        [`from=${FROM}&to=${FROM}&summary=yes`, 'summary'],
        [`from=2026-02-30&to=${FROM}`, 'from'],
        [`from=1999-12-31&to=2000-01-01`, 'from'],
      ];
      for (const [query, field] of bad) {
        const res = await get<{ error: { code: string; details: Array<{ in: string; path: string }> } }>(query);
        expect([name, query, res.status, res.body.error?.code]).toEqual([name, query, 400, 'VALIDATION_FAILED']);
        expect(
          res.body.error.details.map((d) => d.path),
          `${name} ${query}`,
        ).toContain(field);
      }
    }
  });

  it('answers 400 for a staff member who does not offer the service, on the range form too', async () => {
    for (const [name, get] of forms()) {
      const res = await get<{ error: { code: string } }>(`from=${FROM}&to=${addDays(FROM, 6)}&staffId=${s.cy}`);
      expect([name, res.status, res.body.error?.code]).toEqual([name, 400, 'STAFF_DOES_NOT_OFFER_SERVICE']);
    }
  });
});
