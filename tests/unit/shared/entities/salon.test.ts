import '../../../support/dynamodb-mock';
import { describe, expect, it } from 'vitest';
import { CorruptItemError } from '../../../../functions/shared/entities/codec';
import {
  newSalonSteps,
  salonCustomerIdSet,
  salonPatch,
  salonSoftDelete,
  salonLimit,
  salonLimits,
  salonSettings,
  toSalonSummary,
  toTenant,
} from '../../../../functions/shared/entities/salon';
import { newTenant } from '../../../../functions/shared/domain/tenant';

const tenant = newTenant({
  id: '01JABCDEFGHJKMNPQRSTVWXYZ1',
  slug: 'zen',
  name: 'Zen',
  ownerEmail: 'o@example.test',
  now: '2026-01-01T00:00:00.000Z',
});
const item = { PK: 'TENANT#x', SK: 'SALON', entity: 'tenant', ...tenant, ownerCount: 1, stripeCustomerId: 'cus_1' };

describe('salon entity', () => {
  it('answers a stored salon as it was created, without keys, Stripe ids or the owner count', () => {
    expect(toTenant(item)).toEqual(tenant);
  });

  it('keeps the salon’s own request rate in its limits, and optional hold settings only when set', () => {
    const limits = salonLimits({ ...item, limits: { ...tenant.limits, requestsPerMinute: 7, stray: 'x' } });
    expect(limits).toEqual({ ...tenant.limits, requestsPerMinute: 7 });
    const { pendingHoldMinutes: _, ...older } = tenant.settings;
    expect(salonSettings({ settings: older })).not.toHaveProperty('pendingHoldMinutes');
  });

  it('answers the reminder settings, quiet hours, address and staff copies the salon set, and checks them', () => {
    const reminders = [{ before: 'P2D', channel: 'email' as const }];
    const settings = {
      ...tenant.settings,
      reminders,
      quietHours: { start: '21:00', end: '08:00' },
      address: '1 rue X',
      staffCopies: true,
    };
    expect(salonSettings({ settings })).toEqual(settings);
    // `quietHours: null` is how a PATCH removes them.
    expect(salonSettings({ settings: { ...tenant.settings, quietHours: null } })).not.toHaveProperty('quietHours');
    expect(() => salonSettings({ settings: { ...settings, reminders: [{ before: 'P2D', channel: 'fax' }] } })).toThrow(
      'reminders',
    );
    expect(() => salonSettings({ settings: { ...settings, reminders: ['P2D'] } })).toThrow('reminders');
    expect(() => salonSettings({ settings: { ...settings, reminders: [null] } })).toThrow('reminders');
    expect(() => salonSettings({ settings: { ...settings, quietHours: { start: '21:00' } } })).toThrow('end');
    expect(() => salonSettings({ settings: { ...settings, staffCopies: 'yes' } })).toThrow('staffCopies');
  });

  it('refuses a missing or mistyped field anywhere in the salon, instead of "undefined" or NaN', () => {
    for (const field of [
      'id',
      'slug',
      'name',
      'plan',
      'subscriptionStatus',
      'billingEmail',
      'limits',
      'settings',
      'features',
      'branding',
    ] as const) {
      const { [field]: _, ...rest } = item;
      expect(() => toTenant(rest), field).toThrow(CorruptItemError);
    }
    expect(() => toTenant({ ...item, plan: 'gold' })).toThrow('plan');
    expect(() => salonSettings({ settings: { ...tenant.settings, slotStepMinutes: '15' } })).toThrow('slotStepMinutes');
    expect(() => salonSettings({ settings: { ...tenant.settings, weekStartsOn: 3 } })).toThrow('weekStartsOn');
    expect(() => salonSettings({ settings: { ...tenant.settings, pendingHoldMinutes: null } })).toThrow('pendingHoldMinutes');
    expect(() => salonLimit({ limits: {} }, 'maxClients')).toThrow('maxClients');
    expect(() => salonLimit({ limits: 5 }, 'maxClients')).toThrow('limits');
    expect(() => toTenant({ ...item, features: { ...tenant.features, apiAccess: 'yes' } })).toThrow('apiAccess');
  });

  it('summarizes a projected salon for the user’s list, deleted or not', () => {
    expect(toSalonSummary({ id: 'a', slug: 's', name: 'n' })).toEqual({ id: 'a', slug: 's', name: 'n', deleted: false });
    expect(toSalonSummary({ id: 'a', slug: 's', name: 'n', deletedAt: 'd' }).deleted).toBe(true);
    expect(() => toSalonSummary({ id: 'a', name: 'n' })).toThrow('slug');
  });

  it('creates the salon with one owner and its slug, the slug answering when taken', async () => {
    const taken = new Error('taken');
    const [salon, slug] = newSalonSteps('t', tenant, () => taken);
    expect(salon?.item.Put?.Item).toMatchObject({ SK: 'SALON', entity: 'tenant', ownerCount: 1 });
    expect(slug?.item.Put?.Item).toEqual({
      PK: 'SLUG#zen',
      SK: 'SLUG',
      entity: 'slug',
      tenantId: tenant.id,
      createdAt: tenant.createdAt,
    });
    expect(await slug?.fails?.()).toBe(taken);
  });
});

describe('a member’s changes of the salon item', () => {
  it('a patch sets each field on the value read, nested settings by name, and moves updatedAt', () => {
    const change = salonPatch(item, { name: 'Zen Spa', 'settings.locale': 'fr' }, '2026-02-01T00:00:00.000Z');
    expect(change.expression).toMatch(/^SET /);
    expect(Object.values(change.names ?? {})).toEqual(expect.arrayContaining(['name', 'settings', 'locale', 'updatedAt']));
    expect(Object.values(change.values ?? {})).toEqual(expect.arrayContaining(['Zen Spa', 'fr', 'Zen', tenant.settings.locale]));
    expect(change.condition).toBeDefined();
  });

  it('a soft deletion queues the salon for its purge date; a customer id is set only once', () => {
    const now = new Date('2026-02-01T00:00:00.000Z');
    const purge = new Date('2026-03-03T00:00:00.000Z');
    const del = salonSoftDelete(now, 'u1', purge);
    expect(del.values).toMatchObject({ ':by': 'u1', ':purge': purge.toISOString(), ':now': now.toISOString() });
    expect(del.expression).toContain('#gsk = :purge');
    expect(salonCustomerIdSet('cus_1')).toEqual({
      expression: 'SET stripeCustomerId = :c',
      condition: 'attribute_not_exists(stripeCustomerId)',
      values: { ':c': 'cus_1' },
    });
  });
});
