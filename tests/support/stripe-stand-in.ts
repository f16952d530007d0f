/**
 * A stand-in for the Stripe API calls billing makes (customers, Checkout Sessions, Billing Portal
 * sessions; retrieving and cancelling a subscription for the purge), reached by the real SDK through its host/port/protocol options. It records every request
 * (form parameters flattened as Stripe encodes them, e.g. `line_items[0][price]`, and the headers that
 * matter) for tests to assert, and honours idempotency keys as Stripe does: the same key answers the
 * same object.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';

export interface StripeRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  stripeVersion: string | undefined;
  params: Record<string, string>;
}

export interface StripeStandIn {
  url: string;
  secretKey: string;
  stop(): Promise<void>;
}

/**
 * Subscriptions: any id is an active subscription until cancelled here, except ids starting with this
 * prefix, which Stripe does not know (404 resource_missing). Cancelling one already cancelled answers
 * 400, as Stripe refuses changes to a canceled subscription.
 */
export const MISSING_SUBSCRIPTION_PREFIX = 'sub_gone_';

export const STAND_IN_SECRET_KEY = 'sk_test_rendezvous_stand_in';

async function read(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${Math.random().toString(36).slice(2)}` });
  res.end(JSON.stringify(body));
}

export async function startStripeStandIn(): Promise<StripeStandIn> {
  const requests: StripeRequest[] = [];
  const idempotent = new Map<string, unknown>();
  const cancelled = new Set<string>();
  let seq = 0;
  const next = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;
  const now = () => Math.floor(Date.now() / 1000);

  const create: Record<string, (p: Record<string, string>) => unknown> = {
    '/v1/customers': (p) => ({
      id: `cus_standin_${next()}`,
      object: 'customer',
      created: now(),
      email: p.email ?? null,
      name: p.name ?? null,
      livemode: false,
      metadata: Object.fromEntries(
        Object.entries(p)
          .filter(([k]) => k.startsWith('metadata['))
          .map(([k, v]) => [k.slice(9, -1), v]),
      ),
    }),
    '/v1/checkout/sessions': (p) => {
      const id = `cs_test_${next()}`;
      return {
        id,
        object: 'checkout.session',
        mode: p.mode,
        customer: p.customer ?? null,
        client_reference_id: p.client_reference_id ?? null,
        status: 'open',
        payment_status: 'unpaid',
        subscription: null,
        success_url: p.success_url,
        cancel_url: p.cancel_url,
        url: `https://checkout.stripe.com/c/pay/${id}`,
        livemode: false,
        created: now(),
        expires_at: now() + 86_400,
      };
    },
    '/v1/billing_portal/sessions': (p) => {
      const id = `bps_${next()}`;
      return {
        id,
        object: 'billing_portal.session',
        customer: p.customer,
        return_url: p.return_url ?? null,
        flow: null,
        url: `https://billing.stripe.com/p/session/test_${id}`,
        livemode: false,
        created: now(),
      };
    },
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'GET' && url.pathname === '/__requests') return send(res, 200, requests);
      if (req.headers.authorization !== `Bearer ${STAND_IN_SECRET_KEY}`) {
        return send(res, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } });
      }
      const params = Object.fromEntries(new URLSearchParams(await read(req)));
      const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        idempotencyKey,
        stripeVersion: req.headers['stripe-version'] as string | undefined,
        params,
      });
      const subscription = /^\/v1\/subscriptions\/([A-Za-z0-9_]+)$/.exec(url.pathname)?.[1];
      if (subscription && (req.method === 'GET' || req.method === 'DELETE')) {
        if (subscription.startsWith(MISSING_SUBSCRIPTION_PREFIX)) {
          return send(res, 404, {
            error: {
              type: 'invalid_request_error',
              code: 'resource_missing',
              message: `No such subscription: '${subscription}'`,
            },
          });
        }
        const status = cancelled.has(subscription) ? 'canceled' : 'active';
        if (req.method === 'DELETE') {
          if (status === 'canceled') {
            return send(res, 400, {
              error: { type: 'invalid_request_error', message: 'A canceled subscription can not be canceled again.' },
            });
          }
          cancelled.add(subscription);
        }
        return send(res, 200, {
          id: subscription,
          object: 'subscription',
          status: cancelled.has(subscription) ? 'canceled' : 'active',
          items: { object: 'list', data: [] },
          livemode: false,
        });
      }
      const make = req.method === 'POST' ? create[url.pathname] : undefined;
      if (!make)
        return send(res, 404, {
          error: { type: 'invalid_request_error', message: `Unrecognized request URL (${url.pathname}).` },
        });
      const key = idempotencyKey ? `${url.pathname} ${idempotencyKey}` : undefined;
      const body = (key && idempotent.get(key)) ?? make(params);
      if (key) idempotent.set(key, body);
      return send(res, 200, body);
    })().catch((err) => send(res, 500, { error: { type: 'api_error', message: String(err) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    secretKey: STAND_IN_SECRET_KEY,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What the stand-in received so far (tests run in other processes than the one that started it). */
export async function stripeRequests(standInUrl: string): Promise<StripeRequest[]> {
  return (await (await fetch(`${standInUrl}/__requests`)).json()) as StripeRequest[];
}
