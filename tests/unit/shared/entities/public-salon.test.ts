import '../../../support/dynamodb-mock';
import { describe, expect, it } from 'vitest';
import { CorruptItemError } from '../../../../functions/shared/entities/codec';
import { salonSettings, toPublicSalon, toTenant } from '../../../../functions/shared/entities/salon';
import { newTenant } from '../../../../functions/shared/domain/tenant';
import { RESERVED_SLUGS } from '../../../../functions/shared/domain/tenant-input';

const tenant = newTenant({
  id: '01JABCDEFGHJKMNPQRSTVWXYZ1',
  slug: 'zen',
  name: 'Zen',
  ownerEmail: 'owner@example.test',
  now: '2026-01-01T00:00:00.000Z',
  timezone: 'America/New_York',
  locale: 'en-US',
  currency: 'USD',
});
const item = {
  PK: 'TENANT#x',
  SK: 'SALON',
  entity: 'tenant',
  ...tenant,
  branding: { ...tenant.branding, logoKey: 'logos/zen.png' },
  ownerCount: 1,
  stripeCustomerId: 'cus_1',
  stripeSubscriptionId: 'sub_1',
};

describe('public salon profile (GET /v1/public/{slug})', () => {
  it('answers what the booking page needs, from the salon item', () => {
    expect(toPublicSalon(item)).toEqual({
      slug: 'zen',
      name: 'Zen',
      timezone: 'America/New_York',
      locale: 'en-US',
      currency: 'USD',
      weekStartsOn: 1,
      address: null,
      branding: { primaryColor: '#4F46E5', secondaryColor: '#0EA5E9', logoUrl: null },
      booking: {
        minimumNoticeMinutes: 60,
        bookingHorizonDays: 60,
        cancellationNoticeHours: 24,
        maxOpenBookingsPerEmail: 3,
        confirmation: 'required',
        pendingHoldMinutes: 30,
      },
    });
  });

  it('never carries billing, plan, limits, Stripe ids, owners, reminders or storage keys', () => {
    const withPrivate = {
      ...item,
      settings: {
        ...tenant.settings,
        address: '3 rue de la Paix, Paris',
        reminders: [{ before: 'PT24H', channel: 'sms' }],
        quietHours: { start: '21:00', end: '08:00' },
      },
    };
    const text = JSON.stringify(toPublicSalon(withPrivate));
    for (const secret of ['owner@example.test', 'cus_1', 'sub_1', 'logos/zen.png', 'PT24H', '21:00', 'trialing', 'free']) {
      expect(text, secret).not.toContain(secret);
    }
    expect(Object.keys(toPublicSalon(withPrivate)).sort()).toEqual(
      ['address', 'booking', 'branding', 'currency', 'locale', 'name', 'slug', 'timezone', 'weekStartsOn'].sort(),
    );
    expect(toPublicSalon(withPrivate).address).toBe('3 rue de la Paix, Paris');
  });

  it('reads hold settings a salon set, and the defaults for salons from before them', () => {
    const none = { ...item, settings: { ...tenant.settings, onlineBookingConfirmation: 'none', pendingHoldMinutes: 10 } };
    expect(toPublicSalon(none).booking).toMatchObject({ confirmation: 'none', pendingHoldMinutes: 10 });
    const { onlineBookingConfirmation: _c, pendingHoldMinutes: _p, ...older } = tenant.settings;
    expect(toPublicSalon({ ...item, settings: older }).booking).toMatchObject({
      confirmation: 'required',
      pendingHoldMinutes: 30,
    });
  });

  it('refuses a corrupt salon item rather than answering holes', () => {
    const { name: _, ...nameless } = item;
    expect(() => toPublicSalon(nameless)).toThrow(CorruptItemError);
    expect(() => toPublicSalon({ ...item, branding: { primaryColor: '#000000' } })).toThrow('secondaryColor');
  });

  it('keeps "unsubscribe" from being a slug: /v1/public/unsubscribe is another route', () => {
    expect(RESERVED_SLUGS.has('unsubscribe')).toBe(true);
  });
});

describe('salon settings a member set (GET /v1/tenants/{id})', () => {
  it('answers address, reminders and quiet hours once set, and leaves them out before', () => {
    expect(toTenant(item).settings).not.toHaveProperty('address');
    const settings = salonSettings({
      settings: {
        ...tenant.settings,
        address: '1 Main St',
        reminders: [{ before: 'PT2H', channel: 'email' }],
        quietHours: { start: '22:00', end: '07:00' },
      },
    });
    expect(settings).toMatchObject({
      address: '1 Main St',
      reminders: [{ before: 'PT2H', channel: 'email' }],
      quietHours: { start: '22:00', end: '07:00' },
    });
  });

  it('refuses mistyped reminders or quiet hours', () => {
    expect(() => salonSettings({ settings: { ...tenant.settings, reminders: [{ before: 'PT2H', channel: 'fax' }] } })).toThrow(
      'reminders',
    );
    expect(() => salonSettings({ settings: { ...tenant.settings, reminders: 'PT2H' } })).toThrow('reminders');
    expect(() => salonSettings({ settings: { ...tenant.settings, quietHours: { start: 22 } } })).toThrow('start');
  });
});
