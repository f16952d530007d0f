import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { readStripeEvent } from '../../../functions/shared/billing/stripe-events';
import { checkoutSession, invoice, stripeEvent, subscription } from '../../support/stripe-events';

const prices = { starter: 'price_s', professional: 'price_p', enterprise: 'price_e' };
const tenantId = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const sub = { id: 'sub_1', customer: 'cus_1', tenantId, status: 'active', price: 'price_p', periodEnd: 1_900_000_000 };
const read = (type: string, object: unknown, created = 1_800_000_000) =>
  readStripeEvent(stripeEvent(type, object, { created, id: 'evt_1' }) as unknown as Stripe.Event, prices);

describe('reading Stripe events', () => {
  it('reads a subscription: plan from its price, status, period end from its item, tenant from metadata', () => {
    expect(read('customer.subscription.updated', subscription(sub))).toEqual({
      change: {
        eventId: 'evt_1',
        eventType: 'customer.subscription.updated',
        at: 1_800_000_000,
        tenantId,
        customerId: 'cus_1',
        subscriptionId: 'sub_1',
        rule: 'takeover',
        set: {
          subscriptionStatus: 'active',
          plan: 'professional',
          priceId: 'price_p',
          subscriptionItemId: 'si_1',
          currentPeriodEnd: 1_900_000_000,
          cancelAtPeriodEnd: false,
        },
      },
    });
  });

  it.each([
    ['trialing', 'takeover'],
    ['past_due', 'takeover'],
    ['unpaid', 'same-subscription'],
    ['canceled', 'same-subscription'],
    ['incomplete', 'same-subscription'],
    ['incomplete_expired', 'same-subscription'],
    ['paused', 'same-subscription'],
  ])('maps status %s, applied with rule %s', (status, rule) => {
    const reading = read('customer.subscription.updated', subscription({ ...sub, status }));
    expect(reading).toMatchObject({ change: { rule, set: { subscriptionStatus: status } } });
  });

  it('ignores a status it does not know rather than guessing', () => {
    expect(read('customer.subscription.updated', subscription({ ...sub, status: 'frozen' }))).toEqual({
      ignore: 'unknown subscription status frozen',
    });
  });

  it('keeps the plan and names the price when the price maps to no plan', () => {
    const reading = read('customer.subscription.updated', subscription({ ...sub, price: 'price_unknown' }));
    expect(reading).toMatchObject({ change: { unknownPriceId: 'price_unknown', set: { priceId: 'price_unknown' } } });
    expect('change' in reading && reading.change.set.plan).toBe(undefined);
  });

  it('reads a cancellation scheduled at the period end, by flag or by cancel_at', () => {
    const flagged = subscription({ ...sub, cancelAtPeriodEnd: true });
    expect(read('customer.subscription.updated', flagged)).toMatchObject({ change: { set: { cancelAtPeriodEnd: true } } });
    const byDate = { ...subscription(sub), cancel_at: sub.periodEnd, cancel_at_period_end: false };
    expect(read('customer.subscription.updated', byDate)).toMatchObject({ change: { set: { cancelAtPeriodEnd: true } } });
  });

  it('reads a deleted subscription as canceled, only for that subscription', () => {
    expect(read('customer.subscription.deleted', subscription({ ...sub, status: 'canceled' }))).toMatchObject({
      change: { rule: 'same-subscription', set: { subscriptionStatus: 'canceled', plan: 'professional' } },
    });
  });

  it('reads a paid invoice: subscription and tenant from its parent, price and period from its line', () => {
    expect(read('invoice.paid', invoice(sub, true))).toMatchObject({
      change: {
        tenantId,
        customerId: 'cus_1',
        subscriptionId: 'sub_1',
        rule: 'payment-succeeded',
        set: {
          subscriptionStatus: 'active',
          plan: 'professional',
          priceId: 'price_p',
          subscriptionItemId: 'si_1',
          currentPeriodEnd: 1_900_000_000,
        },
      },
    });
  });

  it('does not turn a trial into active on a zero invoice', () => {
    const zero = { ...invoice(sub, true), amount_paid: 0 };
    const reading = read('invoice.payment_succeeded', zero);
    expect('change' in reading && reading.change.set.subscriptionStatus).toBe(undefined);
  });

  it('reads a failed payment as past due for that subscription', () => {
    expect(read('invoice.payment_failed', invoice(sub, false))).toEqual({
      change: expect.objectContaining({ rule: 'payment-failed', set: { subscriptionStatus: 'past_due' } }),
    });
  });

  it('ignores an invoice of no subscription', () => {
    expect(read('invoice.paid', { ...invoice(sub, true), parent: null })).toEqual({ ignore: 'invoice of no subscription' });
  });

  it('reads a completed subscription checkout as the link between salon, customer and subscription', () => {
    const session = checkoutSession({ tenantId, customer: 'cus_1', subscription: 'sub_1', plan: 'starter' });
    expect(read('checkout.session.completed', session)).toMatchObject({
      change: { tenantId, customerId: 'cus_1', subscriptionId: 'sub_1', rule: 'link', set: {} },
    });
    expect(read('checkout.session.completed', { ...session, mode: 'payment' })).toEqual({ ignore: 'checkout in payment mode' });
  });

  it('ignores event types it does not use', () => {
    expect(read('customer.created', { id: 'cus_1', object: 'customer' })).toEqual({
      ignore: 'event type customer.created is not used',
    });
  });

  it('finds no tenant when the metadata names none (the customer mapping is then used)', () => {
    const { tenantId: _omit, ...anonymous } = sub;
    expect(read('customer.subscription.created', subscription(anonymous))).toMatchObject({ change: { tenantId: undefined } });
  });
});

describe('signed but unusable Stripe events', () => {
  const raw = (event: Record<string, unknown>) => readStripeEvent(event as unknown as Stripe.Event, prices);
  const base = { id: 'evt_1', object: 'event', created: 1_800_000_000 };
  const good = subscription(sub);
  const cases: Array<[string, Record<string, unknown>]> = [
    ['no data', { ...base, type: 'customer.subscription.updated' }],
    ['data null', { ...base, type: 'customer.subscription.updated', data: null }],
    ['data.object null', { ...base, type: 'invoice.paid', data: { object: null } }],
    ['data.object a string', { ...base, type: 'checkout.session.completed', data: { object: 'cs_1' } }],
    ['data.object an array', { ...base, type: 'customer.subscription.created', data: { object: [] } }],
    [
      'items.data not an array',
      { ...base, type: 'customer.subscription.updated', data: { object: { ...good, items: { data: {} } } } },
    ],
    ['customer a number', { ...base, type: 'customer.subscription.updated', data: { object: { ...good, customer: 42 } } }],
    [
      'subscription id with a separator',
      { ...base, type: 'customer.subscription.updated', data: { object: { ...good, id: 'sub#x' } } },
    ],
    [
      'period end beyond Date',
      {
        ...base,
        type: 'customer.subscription.updated',
        data: { object: subscription({ ...sub, periodEnd: 9e15 }) },
      },
    ],
    ['created a string', { ...base, created: 'yesterday', type: 'customer.subscription.updated', data: { object: good } }],
    [
      'invoice lines not a list',
      { ...base, type: 'invoice.paid', data: { object: { ...invoice(sub, true), lines: { data: 7 } } } },
    ],
    [
      'checkout reference id not a string',
      {
        ...base,
        type: 'checkout.session.completed',
        data: {
          object: {
            ...checkoutSession({ tenantId, customer: 'cus_1', subscription: 'sub_1', plan: 'starter' }),
            client_reference_id: 7,
          },
        },
      },
    ],
  ];
  it.each(cases)('%s: ignored with a reason, never thrown', (_name, event) => {
    const reading = raw(event);
    expect(reading).toEqual({ ignore: expect.any(String) });
  });

  it('still reads the same event when well formed (positive control)', () => {
    expect(raw({ ...base, type: 'customer.subscription.updated', data: { object: good } })).toHaveProperty('change');
  });
});
