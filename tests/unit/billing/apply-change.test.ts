import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type Stripe from 'stripe';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handleStripeEvent } from '../../../functions/shared/billing/webhook';
import { logger } from '../../../functions/shared/logger';
import { stripeEvent, subscription } from '../../support/stripe-events';

Object.assign(process.env, { AWS_REGION: 'eu-west-3', TABLE_NAME: 'unit', STRIPE_PRICE_STARTER: 'price_s' });
const ddb = mockClient(DynamoDBDocumentClient);
const tenantId = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const event = (created = 1_800_000_000) =>
  stripeEvent(
    'customer.subscription.updated',
    subscription({ id: 'sub_1', customer: 'cus_1', tenantId, status: 'active', price: 'price_s' }),
    {
      created,
      id: 'evt_unit',
    },
  ) as unknown as Stripe.Event;
const canceled = (codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('applying a Stripe event', () => {
  beforeEach(() => {
    ddb.reset();
    vi.restoreAllMocks();
  });

  it('writes dedupe item, salon and customer mapping in one transaction, and logs the change with the tenant id', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const info = vi.spyOn(logger, 'info');
    expect(await handleStripeEvent(event())).toEqual({ outcome: 'applied' });
    const [call] = ddb.commandCalls(TransactWriteCommand);
    const [dedupe, meta, mapping, audit] = call?.args[0].input.TransactItems ?? [];
    // The audit entry: a fourth item of the same transaction, by the system actor `stripe`.
    expect(call?.args[0].input.TransactItems).toHaveLength(4);
    expect(audit?.Put?.Item).toMatchObject({
      PK: `TENANT#${tenantId}#AUDIT`,
      actor: { system: 'stripe' },
      action: 'update',
      resource: 'subscription',
      changes: { plan: { to: 'starter' }, subscriptionStatus: { to: 'active' } },
    });
    expect(dedupe?.Put).toMatchObject({
      Item: { PK: 'STRIPE_EVENT#evt_unit', entity: 'stripeEvent', tenantId },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    const ttl = Number(dedupe?.Put?.Item?.expiresAt) - Date.now() / 1000;
    expect(ttl).toBeGreaterThan(3 * 86_400);
    expect(meta?.Update).toMatchObject({ Key: { PK: `TENANT#${tenantId}`, SK: 'SALON' } });
    expect(meta?.Update?.ConditionExpression).toContain('lastBillingEventAt <= :at');
    expect(meta?.Update?.ConditionExpression).toContain('stripeCustomerId = :cus');
    expect(meta?.Update?.ExpressionAttributeValues).toMatchObject({
      ':at': 1_800_000_000,
      ':plan': 'starter',
      ':subscriptionStatus': 'active',
    });
    expect(mapping?.Update).toMatchObject({
      Key: { PK: 'STRIPE_CUSTOMER#cus_1' },
      ConditionExpression: 'attribute_not_exists(PK) OR tenantId = :t',
    });
    expect(info).toHaveBeenCalledWith(
      'billing change applied',
      expect.objectContaining({ tenantId, eventId: 'evt_unit', plan: 'starter' }),
    );
  });

  it('lets a failure of ours through (5xx) having written nothing, so the retry applies the event', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(new Error('ProvisionedThroughputExceeded')).resolves({});
    await expect(handleStripeEvent(event())).rejects.toThrow('ProvisionedThroughputExceeded');
    expect(ddb.calls().map((c) => c.args[0].constructor.name)).toEqual(['TransactWriteCommand']);
    expect(await handleStripeEvent(event())).toEqual({ outcome: 'applied' });
  });

  it('answers a redelivery as a duplicate, and one racing another delivery as 409 (Stripe retries)', async () => {
    ddb.on(TransactWriteCommand).rejects(canceled(['ConditionalCheckFailed', 'None', 'None']));
    expect(await handleStripeEvent(event())).toEqual({ outcome: 'duplicate' });
    ddb.reset();
    ddb.on(TransactWriteCommand).rejects(canceled(['None', 'TransactionConflict', 'None']));
    await expect(handleStripeEvent(event())).rejects.toMatchObject({ status: 409, code: 'EVENT_IN_PROGRESS' });
  });

  it('explains a skipped event: stale when a newer one was applied', async () => {
    ddb.on(TransactWriteCommand).rejects(canceled(['None', 'ConditionalCheckFailed', 'None']));
    ddb
      .on(GetCommand)
      .resolves({ Item: { PK: `TENANT#${tenantId}`, stripeCustomerId: 'cus_1', lastBillingEventAt: 1_800_000_100 } });
    expect(await handleStripeEvent(event())).toEqual({ outcome: 'stale' });
    ddb.on(GetCommand).resolves({ Item: { PK: `TENANT#${tenantId}`, stripeCustomerId: 'cus_other' } });
    expect(await handleStripeEvent(event())).toEqual({ outcome: 'foreign-customer' });
    ddb.on(GetCommand).resolves({});
    expect(await handleStripeEvent(event())).toEqual({ outcome: 'unknown-tenant' });
  });
});
