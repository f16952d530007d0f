/**
 * Stripe events, read as the billing changes they mean for a salon. Pure: no I/O, so every event shape
 * of the pinned API version (items carry the period, invoices name their subscription under
 * `parent.subscription_details`) is unit-tested here.
 */
import type Stripe from 'stripe';
import { LIVE_STATUSES, type PlanPrices, planForPrice, toSubscriptionStatus } from '../domain/billing';
import type { Plan } from '../domain/plans';
import type { SubscriptionStatus } from '../domain/subscription';

/**
 * When a change may be applied, besides "not older than the last event applied to the salon":
 * - `takeover`: a paying subscription, even one the salon did not have yet (a new one after a cancel);
 * - `same-subscription`: only to the salon's current subscription (or when it has none, or it ended);
 * - `payment-succeeded`: the current subscription, never reviving one that ended;
 * - `payment-failed`: the current subscription while it was in good standing;
 * - `link`: records the customer and subscription ids only, whatever the order of arrival.
 */
export type ApplyRule = 'takeover' | 'same-subscription' | 'payment-succeeded' | 'payment-failed' | 'link';

export interface BillingChange {
  eventId: string;
  eventType: string;
  /** Event creation, epoch seconds: the order in which changes are applied. */
  at: number;
  /** From our metadata (`tenantId`) or the session's client_reference_id; else found by customer. */
  tenantId: string | undefined;
  customerId: string;
  subscriptionId: string;
  rule: ApplyRule;
  set: {
    subscriptionStatus?: SubscriptionStatus;
    plan?: Plan;
    priceId?: string;
    subscriptionItemId?: string;
    /** Epoch seconds. */
    currentPeriodEnd?: number;
    cancelAtPeriodEnd?: boolean;
  };
  /** A price we could not map to a plan: the rest applies, the plan stays, and it is logged as an error. */
  unknownPriceId?: string;
}

export type Reading = { change: BillingChange } | { ignore: string };

const idOf = (value: string | { id: string } | null | undefined): string | undefined =>
  typeof value === 'string' ? value : (value?.id ?? undefined);

function tenantIdFrom(metadata: Stripe.Metadata | null | undefined): string | undefined {
  const id = metadata?.tenantId;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

function withPlan(
  set: BillingChange['set'],
  priceId: string | undefined,
  prices: PlanPrices,
): Pick<BillingChange, 'unknownPriceId'> {
  if (!priceId) return {};
  set.priceId = priceId;
  const plan = planForPrice(priceId, prices);
  if (plan) {
    set.plan = plan;
    return {};
  }
  return { unknownPriceId: priceId };
}

function fromSubscription(event: Stripe.Event, sub: Stripe.Subscription, prices: PlanPrices): Reading {
  const customerId = idOf(sub.customer);
  if (!customerId) return { ignore: 'subscription without a customer' };
  const status = toSubscriptionStatus(sub.status);
  if (!status) return { ignore: `unknown subscription status ${sub.status}` };
  const items = sub.items?.data ?? [];
  // The plan's item: the first whose price we know (add-ons may sit beside it), else the first.
  const item = items.find((i) => planForPrice(i.price?.id, prices)) ?? items[0];
  const periodEnd = typeof item?.current_period_end === 'number' ? item.current_period_end : undefined;
  // Newer API versions schedule a portal cancellation as `cancel_at` (the period end) rather than the flag.
  const cancelsAtEnd =
    sub.cancel_at_period_end === true ||
    (typeof sub.cancel_at === 'number' && periodEnd !== undefined && sub.cancel_at <= periodEnd);
  const set: BillingChange['set'] = { subscriptionStatus: status, cancelAtPeriodEnd: cancelsAtEnd };
  if (item?.id) set.subscriptionItemId = item.id;
  if (periodEnd !== undefined) set.currentPeriodEnd = periodEnd;
  const extra = withPlan(set, item?.price?.id, prices);
  // A subscription that is paying takes the salon over; any other state only touches its own.
  const rule: ApplyRule = LIVE_STATUSES.includes(status) ? 'takeover' : 'same-subscription';
  return {
    change: {
      eventId: event.id,
      eventType: event.type,
      at: event.created,
      tenantId: tenantIdFrom(sub.metadata),
      customerId,
      subscriptionId: sub.id,
      rule,
      set,
      ...extra,
    },
  };
}

function fromInvoice(event: Stripe.Event, invoice: Stripe.Invoice, paid: boolean, prices: PlanPrices): Reading {
  const details = invoice.parent?.subscription_details;
  const subscriptionId = idOf(details?.subscription);
  if (!subscriptionId) return { ignore: 'invoice of no subscription' };
  const customerId = idOf(invoice.customer);
  if (!customerId) return { ignore: 'invoice without a customer' };
  const line = (invoice.lines?.data ?? []).find((l) => l.pricing?.price_details?.price);
  const set: BillingChange['set'] = {};
  if (paid) {
    // A zero invoice (a trial starting) proves no payment: the status stays what the subscription says.
    if (invoice.amount_paid > 0) set.subscriptionStatus = 'active';
    if (typeof line?.period?.end === 'number') set.currentPeriodEnd = line.period.end;
    const itemId = line?.parent?.subscription_item_details?.subscription_item;
    if (itemId) set.subscriptionItemId = itemId;
  } else {
    set.subscriptionStatus = 'past_due';
  }
  const extra = paid ? withPlan(set, idOf(line?.pricing?.price_details?.price), prices) : {};
  return {
    change: {
      eventId: event.id,
      eventType: event.type,
      at: event.created,
      tenantId: tenantIdFrom(details?.metadata),
      customerId,
      subscriptionId,
      rule: paid ? 'payment-succeeded' : 'payment-failed',
      set,
      ...extra,
    },
  };
}

function fromCheckout(event: Stripe.Event, session: Stripe.Checkout.Session): Reading {
  if (session.mode !== 'subscription') return { ignore: `checkout in ${session.mode} mode` };
  const customerId = idOf(session.customer);
  const subscriptionId = idOf(session.subscription);
  if (!customerId || !subscriptionId) return { ignore: 'checkout without customer or subscription' };
  return {
    change: {
      eventId: event.id,
      eventType: event.type,
      at: event.created,
      tenantId: session.client_reference_id || tenantIdFrom(session.metadata),
      customerId,
      subscriptionId,
      rule: 'link',
      set: {},
    },
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** Stripe ids (`cus_…`, `sub_…`, `price_…`, `si_…`): they become key parts and attribute values. */
const STRIPE_ID = /^[A-Za-z0-9_]{1,255}$/;
const isStripeId = (value: unknown) => typeof value === 'string' && STRIPE_ID.test(value);
/** Epoch seconds a salon could be billed at: 2000..2100, so the ISO dates we store from them exist. */
const isBillingTime = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 946_684_800 && value < 4_133_980_800;

/**
 * What a change read from a signed but ill-typed event (wrong types read as ids, numbers as times)
 * must look like before it is written anywhere; the first field that does not fit, else undefined.
 */
function misfit(change: BillingChange): string | undefined {
  // Only compared with other events' (ordering), never stored as a date.
  if (typeof change.at !== 'number' || !Number.isSafeInteger(change.at) || change.at < 0) return 'created';
  if (change.tenantId !== undefined && typeof change.tenantId !== 'string') return 'tenantId';
  if (!isStripeId(change.customerId)) return 'customer';
  if (!isStripeId(change.subscriptionId)) return 'subscription';
  const { set } = change;
  if (set.priceId !== undefined && !isStripeId(set.priceId)) return 'price';
  if (set.subscriptionItemId !== undefined && !isStripeId(set.subscriptionItemId)) return 'subscription item';
  if (set.currentPeriodEnd !== undefined && !isBillingTime(set.currentPeriodEnd)) return 'period end';
  if (set.cancelAtPeriodEnd !== undefined && typeof set.cancelAtPeriodEnd !== 'boolean') return 'cancel_at_period_end';
  return undefined;
}

/**
 * The billing change a verified event means, or why it is ignored. A signed event that is unusable
 * (no `data.object`, fields of the wrong type) is ignored too: Stripe would only send it again.
 */
export function readStripeEvent(event: Stripe.Event, prices: PlanPrices): Reading {
  // Typed as always present, but a signed event may still lack it.
  const data: unknown = event.data;
  if (!isObject(data) || !isObject(data.object)) return { ignore: 'event without a data.object' };
  let reading: Reading;
  try {
    reading = readObject(event, prices);
  } catch (err) {
    if (err instanceof TypeError) return { ignore: `malformed ${event.type} event` };
    throw err;
  }
  if ('ignore' in reading) return reading;
  const field = misfit(reading.change);
  return field ? { ignore: `malformed ${event.type} event (${field})` } : reading;
}

function readObject(event: Stripe.Event, prices: PlanPrices): Reading {
  switch (event.type) {
    case 'checkout.session.completed':
      return fromCheckout(event, event.data.object);
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return fromSubscription(event, event.data.object, prices);
    case 'invoice.paid':
    case 'invoice.payment_succeeded':
      return fromInvoice(event, event.data.object, true, prices);
    case 'invoice.payment_failed':
      return fromInvoice(event, event.data.object, false, prices);
    default:
      return { ignore: `event type ${event.type} is not used` };
  }
}
