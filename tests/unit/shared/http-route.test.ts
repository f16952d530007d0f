import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { RouteDef } from '../../../functions/routes';
import { ConflictError } from '../../../functions/shared/errors';
import { created } from '../../../functions/shared/http/responses';
import { httpRoute } from '../../../functions/shared/middleware/http-route';
import { lambdaContext, testRoute } from '../../support/edge';

const publicRoute = testRoute('POST', '/v1/things/{thingId}') satisfies RouteDef;
const userRoute = { ...publicRoute, auth: 'user', permission: 'authenticated' } as const satisfies RouteDef;

const context = lambdaContext;

function event(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    httpMethod: 'POST',
    path: '/v1/things/t1',
    resource: publicRoute.path,
    headers: { 'Content-Type': 'application/json' },
    multiValueHeaders: {},
    pathParameters: { thingId: 't1' },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    body: JSON.stringify({ name: 'Ada', count: 2 }),
    isBase64Encoded: false,
    requestContext: { requestId: 'gw-req-1' } as APIGatewayProxyEvent['requestContext'],
    ...overrides,
  };
}

const schemas = {
  params: z.object({ thingId: z.string().check(z.minLength(1)) }),
  body: z.strictObject({ name: z.string().check(z.minLength(1)), count: z.number().check(z.int()) }),
};
let calls = 0;
const handler = httpRoute({ ...publicRoute, id: 'test' }, schemas, async ({ params, body }) => {
  calls += 1;
  if (body.name === 'taken') throw new ConflictError('That name is taken.', { name: body.name });
  if (body.name === 'boom') throw new Error('secret internal detail');
  return created({ id: params.thingId, ...body });
});

async function invoke(e: APIGatewayProxyEvent, h = handler) {
  const res = await h(e, context);
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown>, headers: res.headers };
}

describe('httpRoute edge', () => {
  it('parses, validates and answers 201 with the handler result', async () => {
    const res = await invoke(event());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: 't1', name: 'Ada', count: 2 });
    expect(res.headers?.['content-type']).toMatch(/application\/json/);
  });

  it('answers 400 INVALID_JSON for a malformed body, without running the handler', async () => {
    const before = calls;
    const res = await invoke(event({ body: '{"name": "Ada",' }));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: { code: 'INVALID_JSON', message: 'The request body is not valid JSON.' },
      requestId: 'gw-req-1',
    });
    expect(calls).toBe(before);
  });

  it('answers 413 for a body over the limit, before parsing it', async () => {
    const res = await invoke(event({ body: `{"name":"${'x'.repeat(200_000)}"}` }));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limitBytes: 102_400 } });
  });

  it('answers 415 for a body that is not JSON', async () => {
    const res = await invoke(event({ headers: { 'content-type': 'text/plain' } }));
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers 400 with field details for a body that breaks the schema', async () => {
    const res = await invoke(event({ body: JSON.stringify({ name: '', count: 1.5, admin: true }) }));
    expect(res.status).toBe(400);
    const error = res.body.error as { code: string; details: Array<{ in: string; path: string }> };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.map((d) => `${d.in}:${d.path}`).sort()).toEqual(['body:admin', 'body:count', 'body:name']);
  });

  it('answers 400 when the body is missing but required', async () => {
    const res = await invoke(event({ body: null }));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('maps typed domain errors to their status with details', async () => {
    const res = await invoke(event({ body: JSON.stringify({ name: 'taken', count: 1 }) }));
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      error: { code: 'CONFLICT', message: 'That name is taken.', details: { name: 'taken' } },
      requestId: 'gw-req-1',
    });
  });

  it('answers unknown failures 500 INTERNAL without leaking their message', async () => {
    const res = await invoke(event({ body: JSON.stringify({ name: 'boom', count: 1 }) }));
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('secret');
    expect(res.body.error).toMatchObject({ code: 'INTERNAL' });
  });

  it('refuses a signed-in route whose event carries no authorizer context (401)', async () => {
    const guarded = httpRoute({ ...userRoute, id: 'guarded' }, {}, async () => created({}));
    const res = await invoke(event(), guarded);
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('hands the authorizer identity to a signed-in route', async () => {
    const guarded = httpRoute({ ...userRoute, id: 'guarded' }, {}, async ({ caller }) => created(caller));
    const e = event();
    e.requestContext.authorizer = { userId: 'u-1', username: 'u-1', principalId: 'u-1' };
    const res = await invoke(e, guarded);
    expect(res.body).toEqual({ userId: 'u-1', username: 'u-1' });
  });
});

describe('events keyed by prototype names (API Gateway hands Lambda plain JSON)', () => {
  const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
  // JSON.parse makes each name an own property, `__proto__` included, as Lambda's runtime does.
  const keyed = (extra: Record<string, string>) =>
    `{${[...names.map((n) => `"${n}":"1"`), ...Object.entries(extra).map(([k, v]) => `"${k}":"${v}"`)].join(',')}}`;
  const plainEvent = (): APIGatewayProxyEvent =>
    JSON.parse(
      JSON.stringify({ ...event(), headers: null, queryStringParameters: null })
        .replace(
          '"headers":null',
          `"headers":${keyed({ 'Content-Type': 'application/json', 'Idempotency-Key': 'k-1', Authorization: 'Bearer a.b.c' })}`,
        )
        .replace('"queryStringParameters":null', `"queryStringParameters":${keyed({ limit: '5' })}`),
    ) as APIGatewayProxyEvent;

  it('parses the query, reads the headers and answers normally', async () => {
    const { idempotencyKeyOf } = await import('../../../functions/shared/middleware/idempotency');
    const { bearerToken } = await import('../../../functions/shared/auth/bearer');
    const { headerOf } = await import('../../../functions/shared/http/headers');
    const seen: unknown[] = [];
    const h = httpRoute(
      { ...publicRoute, id: 'proto' },
      { ...schemas, query: z.object({ limit: z.optional(z.string()), cursor: z.optional(z.string()) }) },
      async ({ query, event: e }) => {
        seen.push(query, idempotencyKeyOf(e), bearerToken(e.headers), headerOf(e, 'constructor'), headerOf(e, 'origin'));
        return created({ ok: true });
      },
    );
    const e = plainEvent();
    expect(Object.hasOwn(e.headers, '__proto__')).toBe(true);
    const res = await invoke(e, h);
    expect(res.status).toBe(201);
    expect(seen).toEqual([{ limit: '5' }, 'k-1', 'a.b.c', '1', undefined]);
  });

  it('refuses them as unknown fields of a strict query, with a 400 naming each', async () => {
    const h = httpRoute(
      { ...publicRoute, id: 'proto-strict' },
      { ...schemas, query: z.strictObject({ limit: z.optional(z.string()) }) },
      async () => created({}),
    );
    const res = await invoke(plainEvent(), h);
    expect(res.status).toBe(400);
    expect((res.body.error as { details: Array<{ path: string }> }).details.map((d) => d.path).sort()).toEqual([...names].sort());
  });
});
