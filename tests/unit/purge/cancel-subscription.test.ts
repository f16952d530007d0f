import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelSubscription } from '../../../functions/shared/billing/cancel-subscription';
import {
  MISSING_SUBSCRIPTION_PREFIX,
  type StripeStandIn,
  startStripeStandIn,
  stripeRequests,
} from '../../support/stripe-stand-in';

describe('cancelSubscription (Stripe stand-in)', () => {
  let stripe: StripeStandIn;
  beforeAll(async () => {
    stripe = await startStripeStandIn();
    Object.assign(process.env, { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_API_URL: stripe.url, BILLING_CURRENCY: 'eur' });
  });
  afterAll(() => stripe.stop());

  const cancels = async (id: string) =>
    (await stripeRequests(stripe.url)).filter((r) => r.method === 'DELETE' && r.path === `/v1/subscriptions/${id}`).length;

  it('cancels a live subscription once; run again it reads it ended and sends nothing', async () => {
    expect(await cancelSubscription('sub_unit_live')).toBe('cancelled');
    expect(await cancelSubscription('sub_unit_live')).toBe('already-ended');
    expect(await cancels('sub_unit_live')).toBe(1);
  });

  it('of two at once, one cancels and the other reads it ended', async () => {
    const outcomes = await Promise.all([cancelSubscription('sub_unit_race'), cancelSubscription('sub_unit_race')]);
    expect(outcomes.sort()).toEqual(['already-ended', 'cancelled']);
  });

  it('is fine with a subscription Stripe does not know, or none at all', async () => {
    expect(await cancelSubscription(`${MISSING_SUBSCRIPTION_PREFIX}x`)).toBe('missing');
    expect(await cancels(`${MISSING_SUBSCRIPTION_PREFIX}x`)).toBe(0);
    expect(await cancelSubscription(undefined)).toBe('none');
  });
});
