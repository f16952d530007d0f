/**
 * Checkout and portal through their real Middy edge with no Stripe key (the local default). The tenant
 * gate decides writes again from DynamoDB (mocked here: the salon and the caller's membership), so the
 * cached authorizer decision never authorizes them; nothing reaches Stripe and nothing is written.
 */
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ddb } from '../../support/dynamodb-mock';

const TENANT = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const context = { awsRequestId: 'lambda-req', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

type Handler = (e: APIGatewayProxyEvent, c: Context) => Promise<{ statusCode: number; body: string }>;
let checkout: Handler;
let portal: Handler;

beforeAll(async () => {
  for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_SECRET_KEY_PARAMETER']) delete process.env[name];
  process.env.STRIPE_PRICE_STARTER = 'price_s';
  checkout = (await import('../../../functions/http/billing/create-checkout-session')).handler as unknown as Handler;
  portal = (await import('../../../functions/http/billing/create-portal-session')).handler as unknown as Handler;
});

/**
 * What the gate's one BatchGet finds: the salon and the caller's membership with `role`; and the salon's
 * request counter (the gate's one UpdateItem) with room left.
 */
// The gate's rate Update goes through its own low-level client (db/tenant-client.ts tenantRateClient).
const rate = mockClient(DynamoDBClient);

function member(role: string) {
  rate.on(UpdateItemCommand).resolves({ Attributes: { requests: { N: '1' } } });
  ddb.on(BatchGetCommand).resolves({
    Responses: {
      unit: [
        { SK: 'SALON', plan: 'free', subscriptionStatus: 'trialing', limits: { maxApiCalls: -1 }, settings: { timezone: 'UTC' } },
        { SK: 'MEMBER#u1', role },
      ],
    },
  });
}

function event(path: string, body: string, cachedRole = 'owner'): APIGatewayProxyEvent {
  return {
    httpMethod: 'POST',
    path,
    resource: path,
    headers: { 'content-type': 'application/json' },
    multiValueHeaders: {},
    pathParameters: { tenantId: TENANT },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'gw-req',
      authorizer: {
        userId: 'u1',
        username: 'u1',
        tenantId: TENANT,
        role: cachedRole,
        plan: 'free',
        subscriptionStatus: 'trialing',
      },
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

async function call(h: Handler, e: APIGatewayProxyEvent) {
  const res = await h(e, context);
  return { status: res.statusCode, body: JSON.parse(res.body) as { error?: { code: string; message: string } } };
}

const checkoutPath = `/v1/tenants/${TENANT}/billing/checkout`;

describe('checkout and portal without a Stripe key', () => {
  beforeEach(() => {
    ddb.reset();
    member('owner');
  });

  it.each([
    ['checkout', () => checkout, checkoutPath, { plan: 'starter' }],
    ['portal', () => portal, `/v1/tenants/${TENANT}/billing/portal`, {}],
  ] as const)('%s answers 503 BILLING_UNAVAILABLE saying what to configure', async (_n, h, path, body) => {
    const res = await call(h(), event(path, JSON.stringify(body)));
    expect(res.status).toBe(503);
    expect(res.body.error?.code).toBe('BILLING_UNAVAILABLE');
    expect(res.body.error?.message).toContain('STRIPE_SECRET_KEY');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it.each(['free', 'enterprise'])('checkout refuses the %s plan with 400 first', async (plan) => {
    const res = await call(checkout, event(checkoutPath, JSON.stringify({ plan })));
    expect([res.status, res.body.error?.code]).toEqual([400, 'PLAN_NOT_PURCHASABLE']);
  });

  it('checkout refuses an unknown plan as invalid', async () => {
    const res = await call(checkout, event(checkoutPath, '{"plan":"gold"}'));
    expect([res.status, res.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('is owner-only: an admin (billing:read) gets 403', async () => {
    member('admin');
    const res = await call(checkout, event(checkoutPath, '{"plan":"starter"}', 'admin'));
    expect([res.status, res.body.error?.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('decides a write from DynamoDB, not from the cached decision: an owner demoted to admin gets 403 at once', async () => {
    member('admin');
    const res = await call(checkout, event(checkoutPath, '{"plan":"starter"}', 'owner'));
    expect([res.status, res.body.error?.code]).toEqual([403, 'FORBIDDEN']);
    expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.unit).toMatchObject({ ConsistentRead: true });
  });

  it('a caller removed since the cached decision gets 404, as a non-member', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { unit: [{ SK: 'SALON', plan: 'free', subscriptionStatus: 'trialing' }] } });
    const res = await call(checkout, event(checkoutPath, '{"plan":"starter"}', 'owner'));
    expect([res.status, res.body.error?.code]).toEqual([404, 'NOT_FOUND']);
  });
});
