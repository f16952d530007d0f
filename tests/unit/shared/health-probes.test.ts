/**
 * Deep health without a platform: a dependency on a closed port, and one that accepts the connection
 * but never answers, are reported down, in parallel, within the probe timeout, next to one that is up.
 */
import { type Server, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_TIMEOUT_MS, type Probe, dependencyProbes, runProbes } from '../../../functions/shared/health/probes';

let hung: Server;
let hungUrl: string;
let closedUrl: string;
const sockets: Array<import('node:net').Socket> = [];

beforeAll(async () => {
  process.env.AWS_REGION ??= 'eu-west-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  // A port that was free a moment ago: nothing listens there.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  closedUrl = `http://127.0.0.1:${closedPort}`;
  // Accepts and holds every connection, never a byte back.
  hung = createServer((socket) => sockets.push(socket));
  await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
  hungUrl = `http://127.0.0.1:${(hung.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => hung.close(() => r()));
});

describe('runProbes', () => {
  it('reports a stopped S3, a hung KMS and a hung Cognito down within the timeout, in parallel', async () => {
    const probes = dependencyProbes({
      bucketName: 'bucket',
      s3Endpoint: closedUrl,
      kmsKeyId: 'key',
      kmsEndpoint: hungUrl,
      userPoolId: 'eu-west-1_pool',
      cognitoEndpoint: hungUrl,
    });
    const fine: Probe = { name: 'dynamodb', check: async () => undefined };
    const started = performance.now();
    const results = await runProbes([fine, ...probes], 400);
    const elapsed = performance.now() - started;
    expect(results.dynamodb?.status).toBe('up');
    expect(results.s3?.status).toBe('down');
    expect(results.kms?.status).toBe('down');
    expect(results.cognito?.status).toBe('down');
    // Two hung probes of 400 ms each: parallel, so about 400 ms in all, not 800.
    expect(results.kms?.latencyMs).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(750);
  });

  it('a probe that ignores the abort signal is still down when its time is up', async () => {
    const stuck: Probe = { name: 'stuck', check: () => new Promise(() => undefined) };
    const started = performance.now();
    const results = await runProbes([stuck], 100);
    expect(results.stuck?.status).toBe('down');
    expect(performance.now() - started).toBeLessThan(400);
  });

  it('a failing probe is down at once, without waiting for the timeout', async () => {
    const failing: Probe = { name: 'failing', check: async () => Promise.reject(new Error('AccessDenied')) };
    const results = await runProbes([failing], 5_000);
    expect(results.failing).toEqual({ status: 'down', latencyMs: expect.any(Number) });
    expect(results.failing?.latencyMs).toBeLessThan(1_000);
  });
});

describe('GET /v1/health?deep=1', () => {
  it('answers 503 with Retry-After and each state when dependencies are down, within the probe timeout', async () => {
    Object.assign(process.env, {
      TABLE_NAME: 'table',
      DYNAMODB_ENDPOINT: closedUrl,
      BUCKET_NAME: 'bucket',
      S3_ENDPOINT: closedUrl,
      KMS_KEY_ID: 'key',
      KMS_ENDPOINT: hungUrl,
      USER_POOL_ID: 'eu-west-1_pool',
      COGNITO_ENDPOINT: closedUrl,
    });
    const { handler, RETRY_AFTER_SECONDS } = await import('../../../functions/http/health/get-health');
    const event = {
      httpMethod: 'GET',
      path: '/v1/health',
      headers: {},
      queryStringParameters: { deep: '1' },
      pathParameters: null,
      requestContext: { requestId: 'r-1' },
      body: null,
    } as unknown as Parameters<typeof handler>[0];
    const started = performance.now();
    const res = await handler(event, { awsRequestId: 'r-1' } as Parameters<typeof handler>[1]);
    expect(performance.now() - started).toBeLessThan(PROBE_TIMEOUT_MS + 1_000);
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    const body = JSON.parse(res.body) as { status: string; checks: Record<string, { status: string; latencyMs: number }> };
    expect(body.status).toBe('unavailable');
    expect(Object.keys(body.checks).sort()).toEqual(['cognito', 'dynamodb', 'kms', 's3']);
    for (const check of Object.values(body.checks)) expect(check).toEqual({ status: 'down', latencyMs: expect.any(Number) });
  });
});
