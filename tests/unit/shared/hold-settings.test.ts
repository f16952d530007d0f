import { describe, expect, it } from 'vitest';
import { HOLD_DEFAULTS, type TenantSettings, holdPolicy, newTenant } from '../../../functions/shared/domain/tenant';
import { UpdateTenantBody } from '../../../functions/shared/domain/tenant-input';

describe('pending-hold settings', () => {
  const salon = newTenant({ id: 't', slug: 'studio', name: 'Studio', ownerEmail: 'o@example.test', now: '2031-01-01T00:00:00Z' });

  it('default new salons to confirmation required, 30-minute holds, 10 holds a day', () => {
    expect(salon.settings).toMatchObject({
      onlineBookingConfirmation: 'required',
      pendingHoldMinutes: 30,
      maxPendingHoldsPerDay: 10,
    });
  });

  it('read the defaults for a salon stored before the settings existed, and the stored values otherwise', () => {
    const { onlineBookingConfirmation, pendingHoldMinutes, maxPendingHoldsPerDay, ...older } = salon.settings;
    expect(holdPolicy(older as TenantSettings)).toEqual({
      confirmation: HOLD_DEFAULTS.onlineBookingConfirmation,
      holdMinutes: HOLD_DEFAULTS.pendingHoldMinutes,
      maxPerDay: HOLD_DEFAULTS.maxPendingHoldsPerDay,
    });
    const set = {
      ...salon.settings,
      onlineBookingConfirmation: 'none',
      pendingHoldMinutes: 5,
      maxPendingHoldsPerDay: 1,
    } as const;
    expect(holdPolicy(set)).toEqual({ confirmation: 'none', holdMinutes: 5, maxPerDay: 1 });
  });

  it.each([
    [{ pendingHoldMinutes: 5 }, true],
    [{ pendingHoldMinutes: 1440 }, true],
    [{ pendingHoldMinutes: 4 }, false],
    [{ pendingHoldMinutes: 1441 }, false],
    [{ pendingHoldMinutes: 7.5 }, false],
    [{ maxPendingHoldsPerDay: 1 }, true],
    [{ maxPendingHoldsPerDay: 200 }, true],
    [{ maxPendingHoldsPerDay: 0 }, false],
    [{ maxPendingHoldsPerDay: 201 }, false],
    [{ onlineBookingConfirmation: 'required' }, true],
    [{ onlineBookingConfirmation: 'none' }, true],
    [{ onlineBookingConfirmation: 'optional' }, false],
  ])('validates %j: %s', (settings, valid) => {
    expect(UpdateTenantBody.safeParse({ settings }).success).toBe(valid);
  });
});
