/**
 * Cancelling a purged salon's Stripe subscription, idempotently: one that already ended or that Stripe
 * does not know is fine, and of two purges racing, the one whose cancel loses reads it ended. Stripe
 * takes no idempotency key on DELETE (it is idempotent by definition), hence the read first and after.
 */
import Stripe from 'stripe';
import { stripeApi } from './stripe-client';
import { stripeSecretKey } from './secrets';

export type CancelOutcome = 'cancelled' | 'already-ended' | 'missing' | 'none' | 'billing-not-configured';

/** Statuses after which a subscription bills nothing more. */
const ENDED = new Set(['canceled', 'incomplete_expired']);

const isMissing = (err: unknown) => err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'resource_missing';

async function state(stripe: Stripe, id: string): Promise<'ended' | 'live' | 'missing'> {
  try {
    const sub = await stripe.subscriptions.retrieve(id);
    return ENDED.has(sub.status) ? 'ended' : 'live';
  } catch (err) {
    if (isMissing(err)) return 'missing';
    throw err;
  }
}

export async function cancelSubscription(subscriptionId: string | undefined): Promise<CancelOutcome> {
  if (!subscriptionId) return 'none';
  // Locally without a Stripe key there is no account the subscription could live in; on AWS the key's
  // parameter is always configured, so a failure to read it throws and the purge is retried.
  if (!(await stripeSecretKey())) return 'billing-not-configured';
  const stripe = await stripeApi();
  const before = await state(stripe, subscriptionId);
  if (before === 'missing') return 'missing';
  if (before === 'ended') return 'already-ended';
  try {
    await stripe.subscriptions.cancel(subscriptionId);
    return 'cancelled';
  } catch (err) {
    if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw err;
    const after = await state(stripe, subscriptionId);
    if (after === 'live') throw err;
    return after === 'missing' ? 'missing' : 'already-ended';
  }
}
