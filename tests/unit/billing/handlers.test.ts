/**
 * The webhook through its real Middy edge, without any backend: no table configured, so anything that
 * reached DynamoDB would fail loudly. (Checkout and portal: checkout-handlers.test.ts.)
 */
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';

const SECRET = 'whsec_unit_test_secret';
const TENANT = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const context = { awsRequestId: 'lambda-req', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

type Handler = (e: APIGatewayProxyEvent, c: Context) => Promise<{ statusCode: number; body: string }>;
let webhook: Handler;

beforeAll(async () => {
  for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_SECRET_KEY_PARAMETER', 'TABLE_NAME', 'STRIPE_WEBHOOK_SECRET_PARAMETER']) {
    delete process.env[name];
  }
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  process.env.STRIPE_PRICE_STARTER = 'price_s';
  webhook = (await import('../../../functions/webhooks/receive-stripe-event')).handler as unknown as Handler;
});

function event(method: string, path: string, overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    httpMethod: method,
    path,
    resource: path,
    headers: { 'content-type': 'application/json' },
    multiValueHeaders: {},
    pathParameters: path.includes(TENANT) ? { tenantId: TENANT } : null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'gw-req',
      authorizer: { userId: 'u1', username: 'u1', tenantId: TENANT, role: 'owner', plan: 'free', subscriptionStatus: 'trialing' },
    } as unknown as APIGatewayProxyEvent['requestContext'],
    ...overrides,
  };
}

async function call(h: Handler, e: APIGatewayProxyEvent) {
  const res = await h(e, context);
  return {
    status: res.statusCode,
    body: JSON.parse(res.body) as { error?: { code: string; message: string }; outcome?: string },
  };
}

describe('webhook edge', () => {
  const payload = JSON.stringify({ id: 'evt_unit', object: 'event', type: 'customer.created', created: 1, data: { object: {} } });
  const signed = (body = payload, secret = SECRET) =>
    ({ 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret }) }) as Record<string, string>;
  const post = (body: string | null, headers: Record<string, string>, extra: Partial<APIGatewayProxyEvent> = {}) =>
    call(webhook, event('POST', '/v1/webhooks/stripe', { body, headers, requestContext: { requestId: 'r' } as never, ...extra }));

  it('refuses a bad signature with 400 before touching anything (no table is configured here)', async () => {
    const res = await post(payload, signed(payload, 'whsec_other'));
    expect([res.status, res.body.error?.code]).toEqual([400, 'INVALID_SIGNATURE']);
    expect((await post(payload, {})).status).toBe(400);
    expect((await post(null, signed())).status).toBe(400);
  });

  it('verifies the raw bytes, whatever the media type, and base64 bodies once decoded', async () => {
    const plain = await post(payload, { ...signed(), 'content-type': 'text/plain' });
    expect([plain.status, plain.body.outcome]).toEqual([200, 'ignored']);
    const base64 = await post(Buffer.from(payload).toString('base64'), signed(), { isBase64Encoded: true });
    expect([base64.status, base64.body.outcome]).toEqual([200, 'ignored']);
  });

  it('answers 413 for a body over its limit', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(600 * 1024) });
    expect((await post(big, signed(big))).status).toBe(413);
  });

  it('answers 5xx when applying fails on our side, so Stripe retries', async () => {
    const sub = JSON.stringify({
      id: 'evt_unit_2',
      object: 'event',
      type: 'customer.subscription.updated',
      created: 1,
      data: { object: { id: 'sub_1', customer: 'cus_1', status: 'active', metadata: {}, items: { data: [] } } },
    });
    const res = await post(sub, signed(sub));
    expect(res.status).toBe(500);
    expect(res.body.error?.code).toBe('INTERNAL');
  });
});
