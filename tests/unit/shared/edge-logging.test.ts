/**
 * What the shared edge writes per request, read from stdout at level INFO: every line of a request carries
 * its request id (and the salon's id when the path has one), no line after it does, and a handler that
 * outlives the function's time still gets its 500 answer and access line (Middy's early timeout).
 * Also the CORS headers, now built once per origin, on fresh header objects.
 */
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RouteDef } from '../../../functions/routes';
import { json } from '../../../functions/shared/http/responses';
import { logger } from '../../../functions/shared/logger';
import { httpRoute } from '../../../functions/shared/middleware/http-route';
import { lambdaContext, testRoute } from '../../support/edge';

const route = testRoute('GET', '/v1/things/{tenantId}', 'edgeLogging') satisfies RouteDef;
const TENANT = '01JTENANT0000000000000000B';
const app = 'http://app.example';
const shared = Object.freeze({ 'x-shared': 'yes' });

const handler = httpRoute(route, {}, async ({ event }) => {
  const mode = event.queryStringParameters?.mode;
  logger.info('inside', { step: 1 });
  if (mode === 'hang') await new Promise(() => undefined);
  if (mode === 'own-id') logger.info({ message: 'own', requestId: 'mine' });
  return json(200, { fine: true }, shared);
});

function event(opts: { tenant?: string; requestId: string; mode?: string; headers?: Record<string, string> }) {
  return {
    httpMethod: 'GET',
    path: `/v1/things/${opts.tenant ?? 'none'}`,
    resource: route.path,
    headers: opts.headers ?? {},
    pathParameters: opts.tenant ? { tenantId: opts.tenant } : null,
    queryStringParameters: opts.mode ? { mode: opts.mode } : null,
    body: null,
    requestContext: { requestId: opts.requestId },
  } as unknown as APIGatewayProxyEvent;
}

let lines: Array<Record<string, unknown>> = [];
beforeAll(() => {
  process.env.CORS_ALLOWED_ORIGINS = app;
});
beforeEach(() => {
  lines = [];
  logger.setLogLevel('INFO');
  // Powertools writes ERROR lines to stderr, the others to stdout.
  const capture = (chunk: string | Uint8Array) => {
    for (const text of String(chunk).split('\n')) if (text.trim()) lines.push(JSON.parse(text) as Record<string, unknown>);
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});
afterEach(() => {
  vi.restoreAllMocks();
  logger.setLogLevel('SILENT');
});

const byMessage = (message: string) => lines.filter((l) => l.message === message);

describe('request keys on log lines', () => {
  it('each line of a request carries its request id and salon; the access line too; a later line neither', async () => {
    await handler(event({ tenant: TENANT, requestId: 'req-a' }), lambdaContext);
    logger.info('after');
    const [inside] = byMessage('inside');
    const [access] = byMessage('request');
    expect(inside).toMatchObject({ requestId: 'req-a', tenantId: TENANT, step: 1 });
    expect(access).toMatchObject({ requestId: 'req-a', tenantId: TENANT, route: 'edgeLogging', method: 'GET', status: 200 });
    expect(typeof access?.durationMs).toBe('number');
    const [after] = byMessage('after');
    expect(after).toBeDefined();
    expect(after).not.toHaveProperty('requestId');
    expect(after).not.toHaveProperty('tenantId');
  });

  it('a request without a salon carries no salon id from the request before', async () => {
    await handler(event({ tenant: TENANT, requestId: 'req-b' }), lambdaContext);
    await handler(event({ requestId: 'req-c' }), lambdaContext);
    const inside = byMessage('inside');
    expect(inside.map((l) => l.requestId)).toEqual(['req-b', 'req-c']);
    expect(inside[1]).not.toHaveProperty('tenantId');
  });

  it("a line's own attribute wins over the request key, as it did over Powertools' temporary keys", async () => {
    await handler(event({ requestId: 'req-d', mode: 'own-id' }), lambdaContext);
    expect(byMessage('own')[0]?.requestId).toBe('mine');
  });
});

describe('early timeout', () => {
  it('a handler that outlives the time left answers 500 INTERNAL with an error access line', async () => {
    const context = { ...lambdaContext, getRemainingTimeInMillis: () => 40 } as Context;
    const started = performance.now();
    const res = await handler(event({ tenant: TENANT, requestId: 'req-slow', mode: 'hang' }), context);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'INTERNAL' }, requestId: 'req-slow' });
    const [access] = byMessage('request');
    expect(access).toMatchObject({ level: 'ERROR', status: 500, requestId: 'req-slow', tenantId: TENANT });
  });
});

describe('CORS headers built once per origin', () => {
  it('the allowed origin, in either casing of the header, gets the same headers on a fresh object each time', async () => {
    const a = await handler(event({ requestId: 'r1', headers: { origin: app } }), lambdaContext);
    const b = await handler(event({ requestId: 'r2', headers: { Origin: app } }), lambdaContext);
    for (const res of [a, b]) {
      expect(res.headers).toMatchObject({ 'x-shared': 'yes', vary: 'origin', 'access-control-allow-origin': app });
    }
    expect(a.headers).not.toBe(b.headers);
    expect(shared).toEqual({ 'x-shared': 'yes' });
  });

  it('another origin, or none, gets only Vary', async () => {
    for (const headers of [{ origin: 'https://evil.example' }, {}] as Array<Record<string, string>>) {
      const res = await handler(event({ requestId: 'r3', headers }), lambdaContext);
      expect(res.headers?.vary).toBe('origin');
      expect(res.headers).not.toHaveProperty('access-control-allow-origin');
      expect(res.headers).not.toHaveProperty('access-control-expose-headers');
    }
  });
});
