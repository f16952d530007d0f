import { describe, expect, it } from 'vitest';
import { stripeCustomerKey, stripeEventKey } from '../../../functions/shared/db/keys';
import { billingView, planForPrice, pricingTable, toSubscriptionStatus } from '../../../functions/shared/domain/billing';
import { PLAN_LIMITS } from '../../../functions/shared/domain/plans';

describe('billing rules', () => {
  it('maps configured price ids back to plans, and nothing else', () => {
    const prices = { starter: 'price_s', professional: 'price_p', enterprise: undefined };
    expect(planForPrice('price_s', prices)).toBe('starter');
    expect(planForPrice('price_p', prices)).toBe('professional');
    expect(planForPrice('price_x', prices)).toBeUndefined();
    expect(planForPrice(undefined, prices)).toBeUndefined();
  });

  it("keeps Stripe's statuses as they are and refuses unknown ones", () => {
    expect(toSubscriptionStatus('past_due')).toBe('past_due');
    expect(toSubscriptionStatus('incomplete_expired')).toBe('incomplete_expired');
    expect(toSubscriptionStatus('Active')).toBeUndefined();
  });

  it('prices the plans in the configured currency, enterprise on quote, only starter and professional for sale', () => {
    const table = pricingTable('EUR');
    expect(table.map((p) => [p.plan, p.price, p.purchasable])).toEqual([
      ['free', { amount: 0, currency: 'EUR' }, false],
      ['starter', { amount: 1900, currency: 'EUR' }, true],
      ['professional', { amount: 4900, currency: 'EUR' }, true],
      ['enterprise', null, false],
    ]);
    expect(table[1]?.limits).toEqual(PLAN_LIMITS.starter);
  });

  it('shows members the subscription, never the Stripe ids', () => {
    const view = billingView({
      plan: 'starter',
      subscriptionStatus: 'unpaid',
      stripeCustomerId: 'cus_1',
      subscriptionId: 'sub_1',
      priceId: 'price_s',
      currentPeriodEnd: '2027-01-01T00:00:00.000Z',
    });
    expect(view).toEqual({
      plan: 'starter',
      subscriptionStatus: 'unpaid',
      suspended: true,
      currentPeriodEnd: '2027-01-01T00:00:00.000Z',
      cancelAtPeriodEnd: false,
      hasCustomer: true,
    });
  });

  it('keeps Stripe ids out of tenant partitions and refuses separators in them', () => {
    expect(stripeEventKey('evt_1')).toEqual({ PK: 'STRIPE_EVENT#evt_1', SK: 'STRIPE_EVENT' });
    expect(stripeCustomerKey('cus_1')).toEqual({ PK: 'STRIPE_CUSTOMER#cus_1', SK: 'STRIPE_CUSTOMER' });
    expect(() => stripeCustomerKey('cus#1')).toThrow();
  });
});
