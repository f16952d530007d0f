/**
 * Applying Stripe's billing changes to salons (the webhook's own role, not a tenant one: an event names
 * its salon only once read). One DynamoDB transaction per event holds everything it changes:
 *   `event`: the event's dedupe item, put only if absent (TTL 30 days, beyond Stripe's 3-day retries and
 *      its 30-day manual resends), so an event is applied at most once, even delivered concurrently;
 *   `salon`: the salon's `SALON`, updated only if the event is not older than the last one applied to it and
 *      its rule holds (see ApplyRule), and only for the salon's own Stripe customer;
 *   `customer`: the customer -> salon mapping, when the salon came from metadata, never re-pointed elsewhere.
 * A failure of ours writes nothing at all, so Stripe's retry applies the event: there is no claim to
 * release.
 */
import { auditStep } from '../entities/audit';
import { patchChanges } from '../domain/audit';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { BillingChange } from '../billing/stripe-events';
import { documentClient, tableName } from '../db/client';
import { hasTransactionConflict } from '../db/conditions';
import { type Step, failedStepNames, step } from '../db/transact';
import { salonBillingMarks, salonBillingUpdate, tenantMetaKey } from '../entities/salon';
import { customerTenant, stripeCustomerKey, stripeCustomerLink, stripeEventPut } from '../entities/stripe';
import { ULID } from '../domain/tenant-context';
import { ConflictError } from '../errors';

export type Outcome =
  /** Applied now. */
  | 'applied'
  /** Applied before (a redelivery). */
  | 'duplicate'
  /** Older than the last event applied to the salon: newer state stays. */
  | 'stale'
  /** Its rule does not hold (e.g. a payment failure for a subscription already canceled). */
  | 'not-applicable'
  /** No salon for its metadata or customer. */
  | 'unknown-tenant'
  /** The salon pays with another Stripe customer, or the customer belongs to another salon. */
  | 'foreign-customer';

export interface ApplyResult {
  outcome: Outcome;
  tenantId?: string;
}

/** The salon a Stripe customer pays for, as recorded from an earlier event. */
export async function tenantForCustomer(customerId: string): Promise<string | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: stripeCustomerKey(customerId), ConsistentRead: true }),
  );
  return out.Item ? customerTenant(out.Item) : undefined;
}

/** Why the tenant item's condition failed, read after the fact (only for events that are skipped). */
async function explain(change: BillingChange, tenantId: string): Promise<Outcome> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: tenantMetaKey(tenantId), ConsistentRead: true }),
  );
  const item = out.Item;
  if (!item) return 'unknown-tenant';
  const marks = salonBillingMarks(item);
  if (marks.stripeCustomerId !== undefined && marks.stripeCustomerId !== change.customerId) return 'foreign-customer';
  if (change.rule !== 'link' && marks.lastBillingEventAt !== undefined && marks.lastBillingEventAt > change.at) return 'stale';
  return 'not-applicable';
}

/**
 * Applies one change to its salon (`tenantId` from the event's metadata when `fromMetadata`, else from
 * the customer mapping). Throws on failures of our own, so the webhook answers 5xx and Stripe retries.
 */
export async function applyBillingChange(change: BillingChange, tenantId: string, fromMetadata: boolean): Promise<ApplyResult> {
  if (!ULID.test(tenantId)) return { outcome: 'unknown-tenant' };
  const now = new Date();
  const table = tableName();
  const steps: Step[] = [
    step(
      'event',
      stripeEventPut(table, { eventId: change.eventId, eventType: change.eventType, eventCreatedAt: change.at, tenantId }, now),
    ),
    step('salon', salonBillingUpdate(table, tenantId, change, now)),
  ];
  if (fromMetadata) {
    steps.push(step('customer', stripeCustomerLink(table, change.customerId, tenantId, now)));
  }
  // Last, so the other steps keep their places. Retention by the plan the event sets; an event that sets
  // none is kept the longest (the salon's plan is not read).
  steps.push(
    auditStep(
      { tenantId, plan: change.set.plan ?? 'enterprise', actor: { system: 'stripe' }, requestId: change.eventId },
      {
        action: 'update',
        resource: 'subscription',
        resourceId: tenantId,
        // The ids the update writes beside the set (the customer id only if the salon had none: then it is this one).
        changes: patchChanges(tenantId, 'subscription', {
          ...change.set,
          subscriptionId: change.subscriptionId,
          stripeCustomerId: change.customerId,
        }),
      },
      now,
    ),
  );
  try {
    await documentClient().send(new TransactWriteCommand({ TransactItems: steps.map((s) => s.item) }));
    return { outcome: 'applied', tenantId };
  } catch (err) {
    // Outcomes, not errors: the failed steps are weighed together, the event's dedupe first.
    const failed = failedStepNames(err, steps);
    if (!failed) throw err;
    if (failed.has('event')) return { outcome: 'duplicate', tenantId };
    // Another delivery of this event (or another event of this salon) is being applied right now.
    if (hasTransactionConflict(err)) {
      throw new ConflictError('This event is being applied by another delivery; retry later.', undefined, 'EVENT_IN_PROGRESS');
    }
    if (failed.has('customer')) return { outcome: 'foreign-customer', tenantId };
    if (failed.has('salon')) return { outcome: await explain(change, tenantId), tenantId };
    throw err;
  }
}
