/**
 * Stripe events as Stripe sends them for the SDK's pinned API version (`Stripe.API_VERSION`): the
 * period on subscription items, invoices naming their subscription under `parent.subscription_details`,
 * prices of invoice lines under `pricing.price_details`. Signed with the SDK's own test helper and
 * delivered over HTTP to the local platform, raw, as Stripe would.
 */
import Stripe from 'stripe';
import { inject } from 'vitest';
import { type ApiResponse, api } from './http';

let seq = 0;
export const stripeId = (prefix: string) =>
  `${prefix}_${Date.now().toString(36)}${(seq++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const now = () => Math.floor(Date.now() / 1000);
const MONTH = 30 * 86_400;

export interface SubscriptionState {
  id: string;
  customer: string;
  /** Omitted to test the lookup by customer. */
  tenantId?: string;
  status: string;
  price: string;
  itemId?: string;
  periodEnd?: number;
  cancelAtPeriodEnd?: boolean;
}

function price(id: string) {
  return {
    id,
    object: 'price',
    active: true,
    billing_scheme: 'per_unit',
    created: now() - MONTH,
    currency: 'eur',
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: `prod_${id}`,
    recurring: { interval: 'month', interval_count: 1, meter: null, usage_type: 'licensed' },
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: 'recurring',
    unit_amount: 1900,
    unit_amount_decimal: '1900',
  };
}

export function subscription(s: SubscriptionState) {
  const periodEnd = s.periodEnd ?? now() + MONTH;
  const itemId = s.itemId ?? `si_${s.id.slice(4)}`;
  const ended = s.status === 'canceled';
  return {
    id: s.id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: periodEnd - MONTH,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic', updated_at: null },
    billing_thresholds: null,
    cancel_at: s.cancelAtPeriodEnd ? periodEnd : null,
    cancel_at_period_end: s.cancelAtPeriodEnd ?? false,
    canceled_at: ended ? now() : null,
    cancellation_details: { comment: null, feedback: null, reason: ended ? 'payment_failed' : null },
    collection_method: 'charge_automatically',
    created: periodEnd - MONTH,
    currency: 'eur',
    customer: s.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: 'pm_card_visa',
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    ended_at: ended ? now() : null,
    invoice_settings: { account_tax_ids: null, issuer: { type: 'self' } },
    items: {
      object: 'list',
      data: [
        {
          id: itemId,
          object: 'subscription_item',
          billing_thresholds: null,
          created: periodEnd - MONTH,
          current_period_end: periodEnd,
          current_period_start: periodEnd - MONTH,
          discounts: [],
          metadata: {},
          price: price(s.price),
          quantity: 1,
          subscription: s.id,
          tax_rates: [],
        },
      ],
      has_more: false,
      total_count: 1,
      url: `/v1/subscription_items?subscription=${s.id}`,
    },
    latest_invoice: stripeId('in'),
    livemode: false,
    metadata: s.tenantId ? { tenantId: s.tenantId } : {},
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: periodEnd - MONTH,
    status: s.status,
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { missing_payment_method: 'create_invoice' } },
    trial_start: null,
  };
}

export function invoice(s: SubscriptionState, paid: boolean) {
  const periodEnd = s.periodEnd ?? now() + MONTH;
  const id = stripeId('in');
  return {
    id,
    object: 'invoice',
    account_country: 'FR',
    account_name: 'Rendezvous',
    amount_due: 1900,
    amount_paid: paid ? 1900 : 0,
    amount_remaining: paid ? 0 : 1900,
    attempt_count: 1,
    attempted: true,
    billing_reason: 'subscription_cycle',
    collection_method: 'charge_automatically',
    created: now(),
    currency: 'eur',
    customer: s.customer,
    customer_email: 'owner@example.test',
    customer_name: 'Salon Élégance',
    lines: {
      object: 'list',
      data: [
        {
          id: stripeId('il'),
          object: 'line_item',
          amount: 1900,
          currency: 'eur',
          description: '1 × Rendezvous (at €19.00 / month)',
          discount_amounts: [],
          discountable: true,
          discounts: [],
          invoice: id,
          livemode: false,
          metadata: s.tenantId ? { tenantId: s.tenantId } : {},
          parent: {
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: null,
              proration: false,
              proration_details: { credited_items: null },
              subscription: s.id,
              subscription_item: s.itemId ?? `si_${s.id.slice(4)}`,
            },
            type: 'subscription_item_details',
          },
          period: { end: periodEnd, start: periodEnd - MONTH },
          pretax_credit_amounts: [],
          pricing: {
            price_details: { price: s.price, product: `prod_${s.price}` },
            type: 'price_details',
            unit_amount_decimal: '1900',
          },
          quantity: 1,
          taxes: [],
        },
      ],
      has_more: false,
      total_count: 1,
      url: `/v1/invoices/${id}/lines`,
    },
    livemode: false,
    metadata: {},
    next_payment_attempt: paid ? null : now() + 3 * 86_400,
    parent: {
      quote_details: null,
      subscription_details: { metadata: s.tenantId ? { tenantId: s.tenantId } : {}, subscription: s.id },
      type: 'subscription_details',
    },
    period_end: periodEnd - MONTH,
    period_start: periodEnd - 2 * MONTH,
    status: paid ? 'paid' : 'open',
    status_transitions: { finalized_at: now(), marked_uncollectible_at: null, paid_at: paid ? now() : null, voided_at: null },
    subtotal: 1900,
    total: 1900,
  };
}

export function checkoutSession(s: { tenantId: string; customer: string; subscription: string; plan: string }) {
  return {
    id: stripeId('cs_test'),
    object: 'checkout.session',
    amount_subtotal: 1900,
    amount_total: 1900,
    cancel_url: 'http://localhost:5173/billing?checkout=canceled',
    client_reference_id: s.tenantId,
    created: now() - 60,
    currency: 'eur',
    customer: s.customer,
    customer_details: { email: 'owner@example.test', name: 'Salon Élégance', tax_exempt: 'none', tax_ids: [] },
    expires_at: now() + 86_400,
    livemode: false,
    metadata: { tenantId: s.tenantId, plan: s.plan },
    mode: 'subscription',
    payment_status: 'paid',
    status: 'complete',
    subscription: s.subscription,
    success_url: 'http://localhost:5173/billing?checkout=success',
    url: null,
  };
}

export function stripeEvent(type: string, object: unknown, opts: { created?: number; id?: string; previous?: unknown } = {}) {
  return {
    id: opts.id ?? stripeId('evt'),
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: opts.created ?? now(),
    data: { object, ...(opts.previous ? { previous_attributes: opts.previous } : {}) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: stripeId('req'), idempotency_key: null },
    type,
  };
}

/** Stripe's `Stripe-Signature` header for a payload, from the SDK's own helper. */
export function sign(payload: string, opts: { secret?: string; timestamp?: number } = {}): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: opts.secret ?? inject('endpoints').stripeWebhookSecret,
    ...(opts.timestamp !== undefined ? { timestamp: opts.timestamp } : {}),
  });
}

/** POSTs an event to the webhook as Stripe does: the exact bytes that were signed. */
export async function deliver(
  event: unknown,
  opts: { signature?: string | null; body?: string } = {},
): Promise<ApiResponse<{ received?: boolean; outcome?: string; error?: { code: string } }>> {
  const payload = JSON.stringify(event, null, 2);
  const signature = opts.signature === undefined ? sign(payload) : opts.signature;
  return api('POST', '/v1/webhooks/stripe', {
    raw: opts.body ?? payload,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      ...(signature === null ? {} : { 'stripe-signature': signature }),
    },
  });
}
