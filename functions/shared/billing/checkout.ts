/**
 * What the owner's billing buttons do: Stripe Checkout to start a subscription, the Customer Portal to
 * manage it. One Stripe customer per salon, created on first need with an idempotency key derived from
 * the salon id and then reused; a salon that already pays changes plan on its subscription (through
 * the portal) instead of getting a second one.
 */
import type Stripe from 'stripe';
import { appConfig, billingConfig } from '../config';
import { LIVE_STATUSES, type PurchasablePlan, isPurchasable } from '../domain/billing';
import type { Plan } from '../domain/plans';
import type { TenantContext } from '../domain/tenant-context';
import { ConflictError, ServiceUnavailableError, ValidationError } from '../errors';
import { logger } from '../logger';
import { type BillingAccount, getBillingAccount, saveCustomerId } from '../repositories/billing';
import { callStripe, stripeApi } from './stripe-client';

export interface BillingRedirect {
  url: string;
  /** `checkout`: a new subscription; `plan-change`: the portal confirms the change on the current one. */
  flow: 'checkout' | 'plan-change';
}

/** Stripe remembers an idempotency key for 24 h; after that the stored customer id is what is reused. */
export const customerIdempotencyKey = (tenantId: string) => `rendezvous-customer-${tenantId}`;

function priceFor(plan: PurchasablePlan): string {
  const prices = billingConfig();
  const price = plan === 'starter' ? prices.priceStarter : prices.priceProfessional;
  if (!price) {
    throw new ServiceUnavailableError(
      'BILLING_UNAVAILABLE',
      `The ${plan} plan has no Stripe price: set STRIPE_PRICE_${plan.toUpperCase()} to its price id.`,
    );
  }
  return price;
}

const billingPage = (tenantId: string) => `${appConfig().appUrl}/tenants/${tenantId}/billing`;

async function ensureCustomer(stripe: Stripe, ctx: TenantContext, account: BillingAccount): Promise<string> {
  if (account.customerId) return account.customerId;
  const customer = await callStripe(() =>
    stripe.customers.create(
      {
        name: account.name,
        ...(account.billingEmail ? { email: account.billingEmail } : {}),
        metadata: { tenantId: ctx.tenantId },
      },
      { idempotencyKey: customerIdempotencyKey(ctx.tenantId) },
    ),
  );
  const stored = await saveCustomerId(ctx, customer.id);
  if (stored !== customer.id) {
    // Only possible once the idempotency key has expired: the stored customer wins, this one is unused.
    logger.warn('a second Stripe customer was created and left unused', { tenantId: ctx.tenantId, unused: customer.id });
  } else {
    logger.info('Stripe customer created', { tenantId: ctx.tenantId });
  }
  return stored;
}

export async function startCheckout(ctx: TenantContext, plan: Plan): Promise<BillingRedirect> {
  if (!isPurchasable(plan)) {
    throw new ValidationError(
      plan === 'free'
        ? 'The free plan needs no checkout: cancel the subscription in the billing portal to return to it.'
        : 'The enterprise plan is sold on quote: contact sales.',
      { plan },
      'PLAN_NOT_PURCHASABLE',
    );
  }
  const stripe = await stripeApi();
  const price = priceFor(plan);
  const account = await getBillingAccount(ctx);
  const returnUrl = billingPage(ctx.tenantId);

  if (account.subscriptionId && LIVE_STATUSES.includes(account.subscriptionStatus)) {
    if (account.plan === plan) {
      throw new ConflictError(`The salon is already on the ${plan} plan.`, { plan }, 'ALREADY_ON_PLAN');
    }
    const customer = await ensureCustomer(stripe, ctx, account);
    const subscription = account.subscriptionId;
    const session = await callStripe(() =>
      stripe.billingPortal.sessions.create({
        customer,
        return_url: returnUrl,
        flow_data: account.subscriptionItemId
          ? {
              type: 'subscription_update_confirm',
              subscription_update_confirm: { subscription, items: [{ id: account.subscriptionItemId, price, quantity: 1 }] },
              after_completion: { type: 'redirect', redirect: { return_url: returnUrl } },
            }
          : { type: 'subscription_update', subscription_update: { subscription } },
      }),
    );
    logger.info('plan change started', { tenantId: ctx.tenantId, from: account.plan, to: plan });
    return { url: session.url, flow: 'plan-change' };
  }
  if (account.subscriptionId && ['unpaid', 'incomplete', 'paused'].includes(account.subscriptionStatus)) {
    throw new ConflictError(
      'The current subscription has an open payment: settle it in the billing portal before changing plan.',
      { subscriptionStatus: account.subscriptionStatus },
      'SUBSCRIPTION_NOT_SETTLED',
    );
  }

  const customer = await ensureCustomer(stripe, ctx, account);
  const metadata = { tenantId: ctx.tenantId, plan };
  const session = await callStripe(() =>
    stripe.checkout.sessions.create({
      mode: 'subscription',
      customer,
      client_reference_id: ctx.tenantId,
      line_items: [{ price, quantity: 1 }],
      metadata,
      subscription_data: { metadata },
      success_url: `${returnUrl}?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${returnUrl}?checkout=canceled`,
    }),
  );
  if (!session.url) throw new Error('Stripe returned a checkout session without a url');
  logger.info('checkout started', { tenantId: ctx.tenantId, plan });
  return { url: session.url, flow: 'checkout' };
}

export async function openPortal(ctx: TenantContext): Promise<{ url: string }> {
  const stripe = await stripeApi();
  const account = await getBillingAccount(ctx);
  if (!account.customerId) {
    throw new ConflictError(
      'The salon has no billing account yet: subscribe to a plan first (POST …/billing/checkout).',
      undefined,
      'NO_BILLING_ACCOUNT',
    );
  }
  const customer = account.customerId;
  const session = await callStripe(() =>
    stripe.billingPortal.sessions.create({ customer, return_url: billingPage(ctx.tenantId) }),
  );
  return { url: session.url };
}
