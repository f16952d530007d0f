/**
 * Billing rules, free of Stripe and AWS: which plans can be bought, plan <-> price id, Stripe's
 * subscription statuses as ours, the public pricing table and the billing view of a salon.
 */
import { type Features, type Limits, PLANS, PLAN_FEATURES, PLAN_LIMITS, PLAN_MONTHLY_PRICE, type Plan } from './plans';
import { isOneOf } from './closed-lists';
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus, isSuspended } from './subscription';

/** Free needs no payment and enterprise is sold on quote: only these go through checkout. */
export const PURCHASABLE_PLANS = ['starter', 'professional'] as const satisfies ReadonlyArray<Plan>;
export type PurchasablePlan = (typeof PURCHASABLE_PLANS)[number];

export function isPurchasable(plan: Plan): plan is PurchasablePlan {
  return isOneOf(PURCHASABLE_PLANS, plan);
}

/** Stripe price ids per plan, from configuration. Enterprise's only maps back (a subscription sales made). */
export interface PlanPrices {
  starter?: string | undefined;
  professional?: string | undefined;
  enterprise?: string | undefined;
}

export function planForPrice(priceId: string | undefined, prices: PlanPrices): Plan | undefined {
  if (!priceId) return undefined;
  return (['starter', 'professional', 'enterprise'] as const).find((plan) => prices[plan] === priceId);
}

/** Stripe's status (lower-case, the same words) as ours; undefined for a status we do not know. */
export function toSubscriptionStatus(stripeStatus: string): SubscriptionStatus | undefined {
  return SUBSCRIPTION_STATUSES.find((s) => s === stripeStatus);
}

/** A subscription in these states is the salon's and changes plan in place (never a second one). */
export const LIVE_STATUSES: ReadonlyArray<SubscriptionStatus> = ['active', 'trialing', 'past_due'];
/** A subscription in these states is over for good: a new one may take its place. */
export const ENDED_STATUSES: ReadonlyArray<SubscriptionStatus> = ['canceled', 'incomplete_expired'];

export interface Money {
  /** Minor units (cents). */
  amount: number;
  /** ISO 4217, upper-case, as in the salon's settings. */
  currency: string;
}

export interface PlanOffer {
  plan: Plan;
  /** Per month; null is "on quote". */
  price: Money | null;
  interval: 'month';
  /** Whether `POST …/billing/checkout` sells it (free needs nothing, enterprise is on quote). */
  purchasable: boolean;
  limits: Limits;
  features: Features;
}

/** `GET /v1/plans`: every plan, its price, limits and features, from the one module that holds them. */
export function pricingTable(currency: string): PlanOffer[] {
  return PLANS.map((plan) => {
    const amount = PLAN_MONTHLY_PRICE[plan];
    return {
      plan,
      price: amount === null ? null : { amount, currency },
      interval: 'month',
      purchasable: isPurchasable(plan),
      limits: { ...PLAN_LIMITS[plan] },
      features: { ...PLAN_FEATURES[plan] },
    };
  });
}

/** `GET /v1/tenants/{id}/billing`: the salon's subscription as members see it (no Stripe ids). */
export interface BillingView {
  plan: Plan;
  subscriptionStatus: SubscriptionStatus;
  /** Writes refused until paid (canceled, unpaid); reads and billing stay open. */
  suspended: boolean;
  /** ISO 8601; null before any subscription. */
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  /** Whether a Stripe customer exists for the salon (then the billing portal opens). */
  hasCustomer: boolean;
}

/** A salon item whose plan and status were read through the salon codec; the rest is optional here. */
export interface BillingSource extends Readonly<Record<string, unknown>> {
  readonly plan: Plan;
  readonly subscriptionStatus: SubscriptionStatus;
}

export function billingView(item: BillingSource): BillingView {
  return {
    plan: item.plan,
    subscriptionStatus: item.subscriptionStatus,
    suspended: isSuspended(item.subscriptionStatus),
    currentPeriodEnd: typeof item.currentPeriodEnd === 'string' ? item.currentPeriodEnd : null,
    cancelAtPeriodEnd: item.cancelAtPeriodEnd === true,
    hasCustomer: typeof item.stripeCustomerId === 'string' && item.stripeCustomerId.length > 0,
  };
}
