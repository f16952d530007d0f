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
import { stripeCustomerKey, stripeEventKey, tenantMetaKey } from '../db/keys';
import { TABLE } from '../db/table';
import { type Step, failedStepNames, step } from '../db/transact';
import { ENDED_STATUSES } from '../domain/billing';
import { PLAN_FEATURES, PLAN_LIMITS } from '../domain/plans';
import { ULID } from '../domain/tenant-context';
import { ConflictError } from '../errors';

export const EVENT_RETENTION_DAYS = 30;

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
  const tenantId = out.Item?.tenantId;
  return typeof tenantId === 'string' ? tenantId : undefined;
}

function tenantUpdate(change: BillingChange, tenantId: string, now: Date) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {
    ':cus': change.customerId,
    ':sub': change.subscriptionId,
    ':eid': change.eventId,
    ':now': now.toISOString(),
    ':one': 1,
  };
  const sets = [
    'subscriptionId = :sub',
    'stripeCustomerId = if_not_exists(stripeCustomerId, :cus)',
    'lastBillingEventId = :eid',
    'updatedAt = :now',
  ];
  const set = (name: string, value: unknown) => {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    sets.push(`#${name} = :${name}`);
  };
  const s = change.set;
  if (s.plan) {
    set('plan', s.plan);
    set('limits', { ...PLAN_LIMITS[s.plan] });
    set('features', { ...PLAN_FEATURES[s.plan] });
  }
  if (s.subscriptionStatus) set('subscriptionStatus', s.subscriptionStatus);
  if (s.priceId) set('priceId', s.priceId);
  if (s.subscriptionItemId) set('subscriptionItemId', s.subscriptionItemId);
  if (s.currentPeriodEnd !== undefined) set('currentPeriodEnd', new Date(s.currentPeriodEnd * 1000).toISOString());
  if (s.cancelAtPeriodEnd !== undefined) set('cancelAtPeriodEnd', s.cancelAtPeriodEnd);

  const conditions = ['attribute_exists(PK)', '(attribute_not_exists(stripeCustomerId) OR stripeCustomerId = :cus)'];
  if (change.rule !== 'link') {
    // Seconds: events of the same second apply in arrival order; older ones never overwrite newer state.
    values[':at'] = change.at;
    sets.push('lastBillingEventAt = :at');
    conditions.push('(attribute_not_exists(lastBillingEventAt) OR lastBillingEventAt <= :at)');
  }
  const statusIn = (...statuses: ReadonlyArray<string>) => {
    names['#status'] = 'subscriptionStatus';
    const refs = statuses.map((status) => {
      values[`:st_${status}`] = status;
      return `:st_${status}`;
    });
    return `#status IN (${refs.join(', ')})`;
  };
  switch (change.rule) {
    case 'takeover':
      break;
    case 'same-subscription':
    case 'link':
      conditions.push(`(attribute_not_exists(subscriptionId) OR subscriptionId = :sub OR ${statusIn(...ENDED_STATUSES)})`);
      break;
    case 'payment-succeeded':
      conditions.push('(attribute_not_exists(subscriptionId) OR subscriptionId = :sub)', `NOT (${statusIn(...ENDED_STATUSES)})`);
      break;
    case 'payment-failed':
      conditions.push('subscriptionId = :sub', statusIn('active', 'trialing'));
      break;
  }
  return {
    Update: {
      TableName: tableName(),
      Key: tenantMetaKey(tenantId),
      UpdateExpression: `SET ${sets.join(', ')} ADD billingEventsApplied :one`,
      ConditionExpression: conditions.join(' AND '),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
  };
}

/** Why the tenant item's condition failed, read after the fact (only for events that are skipped). */
async function explain(change: BillingChange, tenantId: string): Promise<Outcome> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: tenantMetaKey(tenantId), ConsistentRead: true }),
  );
  const item = out.Item;
  if (!item) return 'unknown-tenant';
  if (typeof item.stripeCustomerId === 'string' && item.stripeCustomerId !== change.customerId) return 'foreign-customer';
  if (change.rule !== 'link' && typeof item.lastBillingEventAt === 'number' && item.lastBillingEventAt > change.at)
    return 'stale';
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
    step('event', {
      Put: {
        TableName: table,
        Item: {
          ...stripeEventKey(change.eventId),
          [TABLE.entityAttribute]: 'stripeEvent',
          eventId: change.eventId,
          eventType: change.eventType,
          eventCreatedAt: change.at,
          tenantId,
          appliedAt: now.toISOString(),
          [TABLE.ttlAttribute]: Math.floor(now.getTime() / 1000) + EVENT_RETENTION_DAYS * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    }),
    step('salon', tenantUpdate(change, tenantId, now)),
  ];
  if (fromMetadata) {
    steps.push(
      step('customer', {
        Update: {
          TableName: table,
          Key: stripeCustomerKey(change.customerId),
          UpdateExpression: 'SET #entity = :entity, tenantId = :t, customerId = :c, createdAt = if_not_exists(createdAt, :now)',
          ConditionExpression: 'attribute_not_exists(PK) OR tenantId = :t',
          ExpressionAttributeNames: { '#entity': TABLE.entityAttribute },
          ExpressionAttributeValues: {
            ':entity': 'stripeCustomer',
            ':t': tenantId,
            ':c': change.customerId,
            ':now': now.toISOString(),
          },
        },
      }),
    );
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
