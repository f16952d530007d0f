/** Subscription states, as Stripe names them (lower-case), and what they mean for the salon. */
export const SUBSCRIPTION_STATUSES = [
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'incomplete',
  'incomplete_expired',
  'paused',
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** Statuses in which the salon may read and pay but not write. */
export function isSuspended(status: SubscriptionStatus): boolean {
  return status === 'canceled' || status === 'unpaid';
}
