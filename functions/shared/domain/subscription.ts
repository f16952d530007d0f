/** Subscription states, as Stripe names them (lower-case), and what they mean for the salon. */
import { isOneOf } from './closed-lists';

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
export const SUSPENDED_STATUSES = ['canceled', 'unpaid'] as const satisfies ReadonlyArray<SubscriptionStatus>;

export function isSuspended(status: SubscriptionStatus): boolean {
  return isOneOf(SUSPENDED_STATUSES, status);
}
