/**
 * The two items of Stripe's outside any tenant partition: an event received (`STRIPE_EVENT#<id>`, the
 * webhook's dedupe, kept by TTL beyond Stripe's 3-day retries and its 30-day manual resends) and a
 * customer's salon (`STRIPE_CUSTOMER#<id>`, for events that name no salon in their metadata). Their
 * writes: the event's create, once, and the customer's link, never re-pointed to another salon. The
 * tenant purge deletes a customer item only while it is the salon's own.
 */
import { stripeCustomerKey, stripeEventKey } from '../db/keys';
import { TABLE } from '../db/table';
import type { TransactItem } from '../db/transact';
import { type Item, str } from './codec';

export { stripeCustomerKey, stripeEventKey };

export const EVENT_RETENTION_DAYS = 30;

export interface StripeEventApplied {
  eventId: string;
  eventType: string;
  /** Stripe's `created` (seconds). */
  eventCreatedAt: number;
  tenantId: string;
}

/** Records the event as applied; fails its condition when it was applied before. */
export function stripeEventPut(table: string, e: StripeEventApplied, now: Date): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: {
        ...stripeEventKey(e.eventId),
        [TABLE.entityAttribute]: 'stripeEvent',
        ...e,
        appliedAt: now.toISOString(),
        [TABLE.ttlAttribute]: Math.floor(now.getTime() / 1000) + EVENT_RETENTION_DAYS * 86_400,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** Links the customer to the salon; fails its condition when the customer belongs to another one. */
export function stripeCustomerLink(table: string, customerId: string, tenantId: string, now: Date): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: stripeCustomerKey(customerId),
      UpdateExpression: 'SET #entity = :entity, tenantId = :t, customerId = :c, createdAt = if_not_exists(createdAt, :now)',
      ConditionExpression: 'attribute_not_exists(PK) OR tenantId = :t',
      ExpressionAttributeNames: { '#entity': TABLE.entityAttribute },
      ExpressionAttributeValues: { ':entity': 'stripeCustomer', ':t': tenantId, ':c': customerId, ':now': now.toISOString() },
    },
  };
}

/** Forgets the customer's salon, only while it is this salon (the purge's last steps). */
export const stripeCustomerUnlink = (table: string, customerId: string, tenantId: string) => ({
  TableName: table,
  Key: stripeCustomerKey(customerId),
  ConditionExpression: 'tenantId = :id',
  ExpressionAttributeValues: { ':id': tenantId },
});

/** The salon a customer item names. */
export const customerTenant = (item: Item): string => str(item, 'stripeCustomer', 'tenantId');
