import type { APIGatewayProxyEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RouteDef } from '../../../functions/routes';
import {
  AppError,
  ConflictError,
  IdempotencyKeyInProgressError,
  NotFoundError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../../functions/shared/errors';
import { ok } from '../../../functions/shared/http/responses';
import { httpRoute } from '../../../functions/shared/middleware/http-route';
import { lambdaContext, testRoute } from '../../support/edge';

const route = testRoute('GET', '/v1/things') satisfies RouteDef;
const context = lambdaContext;
const app = 'http://app.example';

const failures: Record<string, () => Error> = {
  rate: () => new RateLimitError(),
  rateIn: () => new RateLimitError('slow down', 12.2),
  unavailable: () => new ServiceUnavailableError('BILLING_UNAVAILABLE', 'down'),
  inProgress: () => new IdempotencyKeyInProgressError(),
  bare503: () => new AppError(503, 'SOMETHING_DOWN', 'down'),
  conflict: () => new ConflictError('taken'),
  missing: () => new NotFoundError(),
  crash: () => new Error('internal'),
};

const handler = httpRoute({ ...route, id: 'test' }, {}, async ({ event }) => {
  const fail = failures[event.queryStringParameters?.fail ?? ''];
  if (fail) throw fail();
  return ok({ fine: true });
});

async function call(fail: string | undefined, origin?: string) {
  const event = {
    httpMethod: 'GET',
    path: '/v1/things',
    headers: origin ? { Origin: origin } : {},
    queryStringParameters: fail ? { fail } : null,
    requestContext: { requestId: 'gw-req' },
  } as unknown as APIGatewayProxyEvent;
  const res = await handler(event, context);
  return { status: res.statusCode, headers: res.headers ?? {}, body: JSON.parse(res.body) as { error?: { code: string } } };
}

beforeAll(() => {
  process.env.CORS_ALLOWED_ORIGINS = app;
});

describe('Retry-After, set by the error handler from the error class', () => {
  it.each([
    ['rate', 429, '60'],
    ['rateIn', 429, '13'],
    ['unavailable', 503, '30'],
    ['bare503', 503, '30'],
    ['inProgress', 409, '1'],
  ])('%s answers %i with Retry-After %s', async (fail, status, seconds) => {
    const res = await call(fail);
    expect(res.status).toBe(status);
    expect(res.headers['retry-after']).toBe(seconds);
  });

  it('keeps the error code of the in-progress conflict', async () => {
    expect((await call('inProgress')).body.error?.code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
  });

  it.each([
    ['conflict', 409],
    ['missing', 404],
    ['crash', 500],
  ])('%s (%i) says nothing about retrying', async (fail, status) => {
    const res = await call(fail);
    expect(res.status).toBe(status);
    expect(res.headers['retry-after']).toBeUndefined();
  });
});

describe('CORS exposes the headers a browser app reads', () => {
  it.each([undefined, 'rate', 'missing'])(
    'answer %s for the allowed origin exposes request id, replay flag and Retry-After',
    async (fail) => {
      const res = await call(fail, app);
      expect(res.headers['access-control-allow-origin']).toBe(app);
      const exposed = String(res.headers['access-control-expose-headers']).split(',');
      expect(exposed).toEqual(expect.arrayContaining(['x-amzn-requestid', 'idempotent-replayed', 'retry-after']));
    },
  );

  it('tells another origin nothing', async () => {
    const res = await call('rate', 'https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-expose-headers']).toBeUndefined();
  });
});
