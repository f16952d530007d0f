import { beforeAll, describe, expect, inject, it } from 'vitest';
import { stripeCustomerKey, stripeEventKey, tenantMetaKey } from '../../functions/shared/db/keys';
import { PLANS, PLAN_FEATURES, PLAN_LIMITS, PLAN_MONTHLY_PRICE } from '../../functions/shared/domain/plans';
import { addMember, getItem } from '../support/fixtures';
import { api } from '../support/http';
import {
  type SubscriptionState,
  checkoutSession,
  deliver,
  invoice,
  sign,
  stripeEvent,
  stripeId,
  subscription,
} from '../support/stripe-events';
import { type StripeRequest, stripeRequests } from '../support/stripe-stand-in';
import { signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;
type Billing = {
  plan: string;
  subscriptionStatus: string;
  suspended: boolean;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  hasCustomer: boolean;
};

let seq = 0;
const slug = () => `bill-${Date.now().toString(36)}-${(seq++).toString(36)}`;
const now = () => Math.floor(Date.now() / 1000);

describe('billing over HTTP', () => {
  const e = inject('endpoints');
  const standIn = inject('stripeStandInUrl');
  const prices = e.stripePrices;
  let owner: Session;

  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'billing-owner');
  });

  async function createTenant(): Promise<string> {
    const res = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Salon Élégance', slug: slug() },
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  const meta = async (tenantId: string) => (await getItem(tenantMetaKey(tenantId))) ?? {};
  const billing = async (tenantId: string) =>
    (await api<Billing>('GET', `/v1/tenants/${tenantId}/billing`, { token: owner.accessToken })).body;
  const requestsFor = async (tenantId: string): Promise<StripeRequest[]> =>
    (await stripeRequests(standIn)).filter(
      (r) => Object.values(r.params).some((v) => v.includes(tenantId)) || r.idempotencyKey?.includes(tenantId),
    );
  const customerOf = async (tenantId: string) => String((await meta(tenantId)).stripeCustomerId);

  it('serves the pricing table from the plans module, publicly', async () => {
    const res = await api<{ items: Array<Record<string, unknown>>; nextCursor: null }>('GET', '/v1/plans');
    expect(res.status).toBe(200);
    expect(res.body.items.map((p) => p.plan)).toEqual([...PLANS]);
    for (const item of res.body.items) {
      const plan = item.plan as (typeof PLANS)[number];
      const amount = PLAN_MONTHLY_PRICE[plan];
      expect(item).toEqual({
        plan,
        price: amount === null ? null : { amount, currency: 'EUR' },
        interval: 'month',
        purchasable: plan === 'starter' || plan === 'professional',
        limits: PLAN_LIMITS[plan],
        features: PLAN_FEATURES[plan],
      });
    }
    expect(res.body.items.find((p) => p.plan === 'starter')?.price).toEqual({ amount: 1900, currency: 'EUR' });
  });

  describe('webhook signature, verified over the raw body before anything else', () => {
    const cases: Array<[string, (payload: string) => { signature?: string | null; body?: string }]> = [
      ['a missing Stripe-Signature', () => ({ signature: null })],
      ['a signature made with another secret', (p) => ({ signature: sign(p, { secret: 'whsec_not_ours' }) })],
      ['a tampered body', (p) => ({ signature: sign(p), body: p.replace(prices.starter, prices.professional) })],
      ['a timestamp older than 5 minutes', (p) => ({ signature: sign(p, { timestamp: now() - 360 }) })],
      ['the same JSON re-serialized', (p) => ({ signature: sign(p), body: JSON.stringify(JSON.parse(p)) })],
    ];
    it.each(cases)('refuses %s with 400 and changes nothing', async (_name, attack) => {
      const tenantId = await createTenant();
      const before = await meta(tenantId);
      const event = stripeEvent(
        'customer.subscription.created',
        subscription({ id: stripeId('sub'), customer: stripeId('cus'), tenantId, status: 'active', price: prices.starter }),
      );
      const payload = JSON.stringify(event, null, 2);
      const res = await deliver(event, attack(payload));
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'INVALID_SIGNATURE' });
      expect(await meta(tenantId)).toEqual(before);
      expect(await getItem(stripeEventKey(event.id))).toBeUndefined();
    });
  });

  it('applies an event delivered three times at once exactly once', async () => {
    const tenantId = await createTenant();
    const sub = { id: stripeId('sub'), customer: stripeId('cus'), tenantId, status: 'active', price: prices.starter };
    const event = stripeEvent('customer.subscription.created', subscription(sub));
    const results = await Promise.all([deliver(event), deliver(event), deliver(event)]);
    // DynamoDB Local serialises transactions; on AWS a delivery racing the winner may get 409 (Stripe retries).
    for (const r of results) expect([200, 409]).toContain(r.status);
    expect(results.filter((r) => r.body.outcome === 'applied')).toHaveLength(1);
    expect(await meta(tenantId)).toMatchObject({ billingEventsApplied: 1, plan: 'starter', subscriptionStatus: 'active' });
    expect(await getItem(stripeEventKey(event.id))).toMatchObject({ tenantId, eventType: 'customer.subscription.created' });
    const again = await deliver(event);
    expect([again.status, again.body.outcome]).toEqual([200, 'duplicate']);
    expect(await meta(tenantId)).toMatchObject({ billingEventsApplied: 1 });
  });

  it('keeps the newest state when subscription updates arrive newest first', async () => {
    const tenantId = await createTenant();
    const sub: SubscriptionState = {
      id: stripeId('sub'),
      customer: stripeId('cus'),
      tenantId,
      status: 'active',
      price: prices.starter,
    };
    const t = now();
    const newest = stripeEvent('customer.subscription.updated', subscription({ ...sub, price: prices.professional }), {
      created: t + 2,
    });
    const middle = stripeEvent('customer.subscription.updated', subscription(sub), { created: t + 1 });
    const oldest = stripeEvent('customer.subscription.updated', subscription({ ...sub, status: 'past_due' }), { created: t });
    const outcomes = [];
    for (const event of [newest, middle, oldest]) outcomes.push((await deliver(event)).body.outcome);
    expect(outcomes).toEqual(['applied', 'stale', 'stale']);
    expect(await billing(tenantId)).toMatchObject({ plan: 'professional', subscriptionStatus: 'active' });
    expect(await meta(tenantId)).toMatchObject({ limits: PLAN_LIMITS.professional, lastBillingEventAt: t + 2 });
    // Still moving forward: a newer event applies.
    const later = stripeEvent('customer.subscription.updated', subscription({ ...sub, cancelAtPeriodEnd: true }), {
      created: t + 3,
    });
    expect((await deliver(later)).body.outcome).toBe('applied');
    expect(await billing(tenantId)).toMatchObject({ plan: 'starter', cancelAtPeriodEnd: true });
  });

  it('acknowledges signed but unusable events as ignored (2xx), refuses signed non-events with 400, never 500, changes nothing', async () => {
    const tenantId = await createTenant();
    const customer = stripeId('cus');
    const sub: SubscriptionState = { id: stripeId('sub'), customer, tenantId, status: 'active', price: prices.professional };
    const before = await meta(tenantId);
    const good = subscription(sub);
    const event = (type: string, fields: Record<string, unknown>) => ({ ...stripeEvent(type, good), ...fields });
    const ignored: Array<[string, Record<string, unknown>]> = [
      ['no data', (({ data: _d, ...rest }) => rest)(stripeEvent('customer.subscription.updated', good))],
      ['data null', event('customer.subscription.updated', { data: null })],
      ['data.object null', event('customer.subscription.created', { data: { object: null } })],
      ['data.object a string', event('invoice.paid', { data: { object: 'in_1' } })],
      ['data.object an array', event('checkout.session.completed', { data: { object: [] } })],
      ['items.data an object', event('customer.subscription.updated', { data: { object: { ...good, items: { data: {} } } } })],
      ['customer a number', event('customer.subscription.updated', { data: { object: { ...good, customer: 42 } } })],
      ['customer with a separator', event('customer.subscription.updated', { data: { object: { ...good, customer: 'cus#x' } } })],
      [
        'a period end beyond Date',
        event('customer.subscription.updated', { data: { object: subscription({ ...sub, periodEnd: 9e15 }) } }),
      ],
      ['created a string', event('customer.subscription.updated', { created: 'soon' })],
      ['invoice lines a number', event('invoice.paid', { data: { object: { ...invoice(sub, true), lines: { data: 7 } } } })],
    ];
    for (const [name, body] of ignored) {
      const res = await deliver(body);
      expect([name, res.status, res.body.received, res.body.outcome]).toEqual([name, 200, true, 'ignored']);
      expect((res.body as { ignored?: unknown }).ignored, name).toEqual(expect.any(String));
      expect(await getItem(stripeEventKey(String(body.id)))).toBeUndefined();
    }
    const notEvents: Array<[string, string]> = [
      ['an array', '[]'],
      ['a string', '"evt_1"'],
      ['null', 'null'],
      ['a number', '42'],
      ['an empty object', '{}'],
      ['no type', JSON.stringify({ id: stripeId('evt'), object: 'event', data: { object: good } })],
      ['an id with a separator', JSON.stringify({ ...stripeEvent('customer.subscription.updated', good), id: 'evt#1' })],
      ['a numeric id', JSON.stringify({ ...stripeEvent('customer.subscription.updated', good), id: 7 })],
    ];
    for (const [name, raw] of notEvents) {
      const res = await deliver(undefined, { body: raw, signature: sign(raw) });
      expect([name, res.status, res.body.error?.code]).toEqual([name, 400, 'INVALID_EVENT']);
    }
    expect(await meta(tenantId)).toEqual(before);
    expect(await getItem(stripeCustomerKey(customer))).toBeUndefined();
    // Positive control: the same subscription, well formed, applies.
    expect((await deliver(stripeEvent('customer.subscription.updated', good))).body.outcome).toBe('applied');
  });

  it('answers 2xx to events it does not use or that name no salon of ours, and changes nothing', async () => {
    const tenantId = await createTenant();
    const before = await meta(tenantId);
    const foreign = { id: stripeId('sub'), customer: stripeId('cus'), status: 'active', price: prices.professional };
    const cases = [
      [stripeEvent('customer.created', { id: foreign.customer, object: 'customer', metadata: {} }), 'ignored'],
      [
        stripeEvent('customer.subscription.updated', subscription({ ...foreign, tenantId: '01JABCDEFGHJKMNPQRSTVWXYZ0' })),
        'unknown-tenant',
      ],
      [stripeEvent('customer.subscription.updated', subscription({ ...foreign, tenantId: 'not#a-tenant' })), 'unknown-tenant'],
      [stripeEvent('customer.subscription.updated', subscription(foreign)), 'unknown-tenant'],
    ] as const;
    for (const [event, outcome] of cases) {
      const res = await deliver(event);
      expect([event.type, res.status, res.body.outcome]).toEqual([event.type, 200, outcome]);
    }
    expect(await meta(tenantId)).toEqual(before);
  });

  it('never lets a customer of one salon change another', async () => {
    const [mine, theirs] = await Promise.all([createTenant(), createTenant()]);
    const mineSub = { id: stripeId('sub'), customer: stripeId('cus'), tenantId: mine, status: 'active', price: prices.starter };
    expect((await deliver(stripeEvent('customer.subscription.created', subscription(mineSub)))).body.outcome).toBe('applied');
    // An event naming the other salon in its metadata but paid by my customer (mapped to my salon).
    const crossed = stripeEvent(
      'customer.subscription.updated',
      subscription({ ...mineSub, tenantId: theirs, price: prices.professional }),
    );
    const res = await deliver(crossed);
    expect([res.status, res.body.outcome]).toEqual([200, 'foreign-customer']);
    expect(await billing(theirs)).toMatchObject({ plan: 'free', hasCustomer: false });
    expect(await billing(mine)).toMatchObject({ plan: 'starter' });
  });

  it('suspends an unpaid salon until its open invoice is paid', async () => {
    const tenantId = await createTenant();
    const sub: SubscriptionState = {
      id: stripeId('sub'),
      customer: stripeId('cus'),
      tenantId,
      status: 'active',
      price: prices.starter,
    };
    const t = now();
    expect((await deliver(stripeEvent('customer.subscription.created', subscription(sub), { created: t }))).body.outcome).toBe(
      'applied',
    );
    const unpaid = stripeEvent('customer.subscription.updated', subscription({ ...sub, status: 'unpaid' }), { created: t + 1 });
    expect((await deliver(unpaid)).body.outcome).toBe('applied');
    const write = () => api('PATCH', `/v1/tenants/${tenantId}`, { token: owner.accessToken, body: { name: 'Unpaid' } });
    expect((await write()).status).toBe(403);
    expect(await billing(tenantId)).toMatchObject({ subscriptionStatus: 'unpaid', suspended: true });
    expect((await deliver(stripeEvent('invoice.paid', invoice(sub, true), { created: t + 2 }))).body.outcome).toBe('applied');
    expect(await billing(tenantId)).toMatchObject({ subscriptionStatus: 'active', suspended: false });
    expect((await write()).status).toBe(200);
  });

  describe('checkout and portal, against the Stripe stand-in', () => {
    it('creates one customer per salon (idempotency key from its id), reused by every later checkout', async () => {
      const tenantId = await createTenant();
      const noAccount = await api('POST', `/v1/tenants/${tenantId}/billing/portal`, { token: owner.accessToken, body: {} });
      expect([noAccount.status, noAccount.body]).toMatchObject([409, { error: { code: 'NO_BILLING_ACCOUNT' } }]);

      const first = await Promise.all(
        [1, 2, 3].map(() =>
          api<{ url: string; flow: string }>('POST', `/v1/tenants/${tenantId}/billing/checkout`, {
            token: owner.accessToken,
            body: { plan: 'starter' },
          }),
        ),
      );
      for (const r of first) {
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ flow: 'checkout', url: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\//) });
      }
      const customer = await customerOf(tenantId);
      expect(customer).toMatch(/^cus_/);
      const afterFirst = await requestsFor(tenantId);
      const customerCalls = afterFirst.filter((r) => r.path === '/v1/customers');
      expect(customerCalls.length).toBeGreaterThanOrEqual(1);
      for (const c of customerCalls) {
        expect(c.idempotencyKey).toBe(`rendezvous-customer-${tenantId}`);
        expect(c.params).toMatchObject({ 'metadata[tenantId]': tenantId, name: 'Salon Élégance', email: owner.email });
      }
      const sessions = afterFirst.filter((r) => r.path === '/v1/checkout/sessions');
      expect(sessions).toHaveLength(3);
      for (const s of sessions) {
        expect(s.params).toMatchObject({
          mode: 'subscription',
          customer,
          client_reference_id: tenantId,
          'line_items[0][price]': prices.starter,
          'line_items[0][quantity]': '1',
          'metadata[tenantId]': tenantId,
          'subscription_data[metadata][tenantId]': tenantId,
          'subscription_data[metadata][plan]': 'starter',
        });
        // APP_URL is the console's address (its port is a free one in tests).
        expect(s.params.success_url).toMatch(new RegExp(`^${e.consoleUrl}/tenants/${tenantId}/billing\\?checkout=success`));
        expect(s.params.cancel_url).toMatch(/checkout=canceled/);
        expect(s.stripeVersion).toMatch(/^\d{4}-\d{2}-\d{2}\./);
      }

      // Changing one's mind before paying: same customer, no new one.
      const second = await api('POST', `/v1/tenants/${tenantId}/billing/checkout`, {
        token: owner.accessToken,
        body: { plan: 'professional' },
      });
      expect(second.status).toBe(200);
      const afterSecond = (await requestsFor(tenantId)).slice(afterFirst.length);
      expect(afterSecond.map((r) => r.path)).toEqual(['/v1/checkout/sessions']);
      expect(afterSecond[0]?.params).toMatchObject({ customer, 'line_items[0][price]': prices.professional });
      expect(await customerOf(tenantId)).toBe(customer);

      const portal = await api<{ url: string }>('POST', `/v1/tenants/${tenantId}/billing/portal`, { token: owner.accessToken });
      expect(portal.status).toBe(200);
      expect(portal.body.url).toMatch(/^https:\/\/billing\.stripe\.com\//);
      const portalCall = (await requestsFor(tenantId)).at(-1);
      expect(portalCall).toMatchObject({ path: '/v1/billing_portal/sessions', params: { customer } });
      expect(portalCall?.params.return_url).toBe(`${e.consoleUrl}/tenants/${tenantId}/billing`);
    });

    it.each([
      ['free', 'The free plan needs no checkout'],
      ['enterprise', 'sold on quote'],
    ])('refuses to sell the %s plan with 400', async (plan, message) => {
      const tenantId = await createTenant();
      const res = await api<{ error: { code: string; message: string } }>('POST', `/v1/tenants/${tenantId}/billing/checkout`, {
        token: owner.accessToken,
        body: { plan },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('PLAN_NOT_PURCHASABLE');
      expect(res.body.error.message).toContain(message);
      expect(await requestsFor(tenantId)).toEqual([]);
    });
  });

  it('journey: free -> starter -> professional -> downgrade -> payment failed -> canceled -> paid again', async () => {
    const tenantId = await createTenant();
    const token = owner.accessToken;
    const invite = () =>
      api('POST', `/v1/tenants/${tenantId}/invitations`, {
        token,
        body: { email: `${slug()}@example.test`, role: 'viewer' },
      });
    const rename = (name: string) => api('PATCH', `/v1/tenants/${tenantId}`, { token, body: { name } });
    let t = now();
    const at = () => ({ created: t++ });

    // Free: one user, the owner.
    expect(await billing(tenantId)).toEqual({
      plan: 'free',
      subscriptionStatus: 'trialing',
      suspended: false,
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
      hasCustomer: false,
    });
    expect((await invite()).status).toBe(402);

    // Starter, through checkout.
    const checkout = await api('POST', `/v1/tenants/${tenantId}/billing/checkout`, { token, body: { plan: 'starter' } });
    expect(checkout.status).toBe(200);
    const customer = await customerOf(tenantId);
    const sub: SubscriptionState = { id: stripeId('sub'), customer, tenantId, status: 'active', price: prices.starter };
    const periodEnd = now() + 30 * 86_400;
    sub.periodEnd = periodEnd;
    for (const event of [
      stripeEvent(
        'checkout.session.completed',
        checkoutSession({ tenantId, customer, subscription: sub.id, plan: 'starter' }),
        at(),
      ),
      stripeEvent('customer.subscription.created', subscription(sub), at()),
      stripeEvent('invoice.paid', invoice(sub, true), at()),
    ]) {
      expect((await deliver(event)).body.outcome).toBe('applied');
    }
    expect(await billing(tenantId)).toEqual({
      plan: 'starter',
      subscriptionStatus: 'active',
      suspended: false,
      currentPeriodEnd: new Date(periodEnd * 1000).toISOString(),
      cancelAtPeriodEnd: false,
      hasCustomer: true,
    });
    const tenant = await api<Record<string, unknown>>('GET', `/v1/tenants/${tenantId}`, { token });
    expect(tenant.body).toMatchObject({ plan: 'starter', limits: PLAN_LIMITS.starter, features: PLAN_FEATURES.starter });
    expect(JSON.stringify(tenant.body)).not.toMatch(/cus_|sub_|si_|price_|stripe|billingEvent/i);
    expect((await invite()).status).toBe(201);

    // Professional: with a live subscription, "checkout" opens the portal on a confirmed plan change.
    const before = (await requestsFor(tenantId)).length;
    const same = await api('POST', `/v1/tenants/${tenantId}/billing/checkout`, { token, body: { plan: 'starter' } });
    expect([same.status, same.body]).toMatchObject([409, { error: { code: 'ALREADY_ON_PLAN' } }]);
    const change = await api<{ url: string; flow: string }>('POST', `/v1/tenants/${tenantId}/billing/checkout`, {
      token,
      body: { plan: 'professional' },
    });
    expect([change.status, change.body.flow]).toEqual([200, 'plan-change']);
    const changeCalls = (await stripeRequests(standIn)).filter((r) => r.params.customer === customer).slice(-1);
    expect(changeCalls[0]).toMatchObject({
      path: '/v1/billing_portal/sessions',
      params: {
        customer,
        'flow_data[type]': 'subscription_update_confirm',
        'flow_data[subscription_update_confirm][subscription]': sub.id,
        'flow_data[subscription_update_confirm][items][0][id]': `si_${sub.id.slice(4)}`,
        'flow_data[subscription_update_confirm][items][0][price]': prices.professional,
      },
    });
    expect((await requestsFor(tenantId)).slice(before).filter((r) => r.path !== '/v1/billing_portal/sessions')).toEqual([]);
    expect(
      (await deliver(stripeEvent('customer.subscription.updated', subscription({ ...sub, price: prices.professional }), at())))
        .body.outcome,
    ).toBe('applied');
    expect(await billing(tenantId)).toMatchObject({ plan: 'professional', subscriptionStatus: 'active' });
    // Grow past what starter allows: the owner and 5 members are 6 users (a pending invitation counts on acceptance).
    for (let i = 0; i < 5; i++) {
      const member = `member-${slug()}`;
      await addMember(tenantId, member, `${member}@example.test`, 'viewer');
    }

    // Downgrade: existing data stays, new creates over the new limit get 402.
    expect((await deliver(stripeEvent('customer.subscription.updated', subscription(sub), at()))).body.outcome).toBe('applied');
    expect(await billing(tenantId)).toMatchObject({ plan: 'starter', subscriptionStatus: 'active' });
    const members = await api<{ items: unknown[] }>('GET', `/v1/tenants/${tenantId}/members?limit=100`, { token });
    expect(members.body.items).toHaveLength(6);
    const over = await invite();
    expect([over.status, over.body]).toMatchObject([
      402,
      { error: { code: 'PLAN_LIMIT_EXCEEDED', details: { plan: 'starter', limit: 5 } } },
    ]);

    // Payment failed: past due, everything still works, and it shows.
    expect((await deliver(stripeEvent('invoice.payment_failed', invoice(sub, false), at()))).body.outcome).toBe('applied');
    expect(await billing(tenantId)).toMatchObject({ subscriptionStatus: 'past_due', suspended: false });
    expect((await rename('Still Open')).status).toBe(200);

    // Canceled: writes suspended, reads and billing open.
    const ended = stripeEvent('customer.subscription.deleted', subscription({ ...sub, status: 'canceled' }), at());
    expect((await deliver(ended)).body.outcome).toBe('applied');
    expect(await billing(tenantId)).toMatchObject({ subscriptionStatus: 'canceled', suspended: true, plan: 'starter' });
    const refused = await rename('Refused');
    expect([refused.status, refused.body]).toMatchObject([403, { error: { code: 'TENANT_SUSPENDED' } }]);
    expect((await api('GET', `/v1/tenants/${tenantId}`, { token })).status).toBe(200);
    expect((await api('POST', `/v1/tenants/${tenantId}/billing/portal`, { token })).status).toBe(200);
    // A late failure of the old subscription does not touch the canceled state.
    expect((await deliver(stripeEvent('invoice.payment_failed', invoice(sub, false), at()))).body.outcome).toBe('not-applicable');

    // Paid again: a new subscription for the same customer; its events carry no tenant id (found by customer).
    const beforeAgain = (await requestsFor(tenantId)).length;
    const again = await api<{ flow: string }>('POST', `/v1/tenants/${tenantId}/billing/checkout`, {
      token,
      body: { plan: 'professional' },
    });
    expect([again.status, again.body.flow]).toEqual([200, 'checkout']);
    const againCalls = (await requestsFor(tenantId)).slice(beforeAgain);
    expect(againCalls.map((r) => r.path)).toEqual(['/v1/checkout/sessions']);
    expect(againCalls[0]?.params.customer).toBe(customer);
    const sub2: SubscriptionState = { id: stripeId('sub'), customer, status: 'active', price: prices.professional };
    for (const event of [
      stripeEvent('customer.subscription.created', subscription(sub2), at()),
      stripeEvent('invoice.payment_succeeded', invoice(sub2, true), at()),
    ]) {
      expect((await deliver(event)).body.outcome).toBe('applied');
    }
    expect(await billing(tenantId)).toMatchObject({ plan: 'professional', subscriptionStatus: 'active', suspended: false });
    expect((await rename('Back in Business')).status).toBe(200);
    expect(await meta(tenantId)).toMatchObject({ subscriptionId: sub2.id, stripeCustomerId: customer, billingEventsApplied: 9 });
  });
});
