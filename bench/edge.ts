/**
 * `npm run bench -- --only edge`: CPU per request of the shared HTTP edge (Middy: observability, CORS,
 * JSON body, validation, caller, error handler) and of the tenant edge (that plus the tenant gate with
 * the authorizer's cached decision and its one request-rate Update), around a handler that does nothing,
 * warm, in process, at log level SILENT with metrics off, so the access-log and metrics lines are not
 * written (their cost is apart from the target). DynamoDB is a real client with a stub HTTP handler
 * (as in the handler section), so signing and marshalling of the gate's Update count. The shared edge
 * is measured twice: as a public route's function runs it, then after the tenant route has started
 * AsyncLocalStorage (each promise then costs a hook), as a tenant function runs it.
 */
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { cpuPerCallAsync as cpuPerCall } from './availability';

/** The shared edge, apart from the access-log line, at most this many µs per request (issue 16). */
export const EDGE_TARGET_US = 10;
const SHARED_ROW = 'shared edge (public route)';

export interface EdgeRow {
  edge: string;
  cpuUs: number;
}

const TENANT = '01JTENANT00000000000000000';
const WARM_CALLS = 2_000;
const WARM_MS = 200;
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const context = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

function event(path: string, tenant: boolean): APIGatewayProxyEvent {
  return {
    httpMethod: 'GET',
    path,
    resource: path,
    headers: { origin: 'http://localhost:5173' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: tenant ? { tenantId: TENANT } : null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'bench-request',
      ...(tenant
        ? {
            authorizer: {
              userId: 'user-1',
              username: 'user-1',
              tenantId: TENANT,
              role: 'owner',
              plan: 'professional',
              subscriptionStatus: 'active',
              apiCalls: '10',
              maxApiCalls: '-1',
            },
          }
        : {}),
    },
  } as unknown as APIGatewayProxyEvent;
}

/** A stub HTTP handler answering the gate's Update as DynamoDB would. */
const requestHandler = {
  handle: async () => ({
    response: {
      statusCode: 200,
      reason: 'OK',
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: new TextEncoder().encode('{"Attributes":{"requests":{"N":"1"}}}'),
    },
  }),
  updateHttpClientConfig: () => undefined,
  httpHandlerConfigs: () => ({}),
};

export async function edgeSection(): Promise<EdgeRow[]> {
  Object.assign(process.env, {
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    AWS_REGION: process.env.AWS_REGION ?? 'eu-west-1',
    TABLE_NAME: process.env.TABLE_NAME ?? 'bench',
    TENANT_READ_ROLE_ARN: 'arn:aws:iam::123456789012:role/bench',
    CORS_ALLOWED_ORIGINS: 'http://localhost:5173',
  });
  // After the environment: config is read at first use.
  const { httpEdge } = await import('../functions/shared/middleware/http-route');
  const { httpRoute } = await import('../functions/shared/middleware/tenant-route');
  const { ok } = await import('../functions/shared/http/responses');
  const { TenantParams } = await import('../functions/shared/http/params');
  const { tenantRateClient } = await import('../functions/shared/db/tenant-client');
  const publicRoute = {
    id: 'benchPublic',
    method: 'GET',
    path: '/v1/bench',
    handler: 'n/a',
    auth: 'public',
    permission: 'public',
    access: [],
    summary: 'bench',
  } as const;
  const tenantRoute = {
    id: 'benchTenant',
    method: 'GET',
    path: '/v1/tenants/{tenantId}/bench',
    handler: 'n/a',
    auth: 'tenant',
    permission: 'tenant:read',
    access: ['table:read'],
    summary: 'bench',
  } as const;
  const body = { ok: true };
  const shared = httpEdge(publicRoute as never, {}, async () => ok(body));
  const gated = httpRoute(tenantRoute as never, { params: TenantParams }, async () => ok(body));
  // The gate's client for this tenant, answered by the stub (no STS, no network).
  const client = tenantRateClient(TENANT) as unknown as { config: Record<string, unknown> };
  client.config.requestHandler = requestHandler;
  client.config.credentials = async () => ({ accessKeyId: 'AKIDSTUB', secretAccessKey: 'stub' });
  const bare = async () => ok(body);
  const check = async (h: (e: APIGatewayProxyEvent, c: Context) => Promise<{ statusCode: number }>, e: APIGatewayProxyEvent) => {
    const res = await h(e, context);
    if (res.statusCode !== 200) throw new Error(`bench request answered ${res.statusCode}: ${JSON.stringify(res)}`);
  };
  await check(shared as never, event('/v1/bench', false));
  const rows: EdgeRow[] = [];
  (globalThis as Record<string, unknown>).__edgeBench = {
    shared: () => (shared as never as (e: unknown, c: Context) => Promise<unknown>)(event('/v1/bench', false), context),
    tenant: () =>
      (gated as never as (e: unknown, c: Context) => Promise<unknown>)(event(`/v1/tenants/${TENANT}/bench`, true), context),
  };
  const measure = async (edge: string, fn: () => Promise<unknown>) => {
    // Warm to steady state first: the optimizing compiler runs on other threads of this process, and its
    // CPU would otherwise land in the first samples (a few calls were 2-4x the steady cost).
    const warm = process.cpuUsage();
    for (let i = 0; i < WARM_CALLS || cpuMs(process.cpuUsage(warm)) < WARM_MS; i++) await fn();
    const row = { edge, cpuUs: await cpuPerCall(fn) };
    process.stderr.write(`edge ${edge}: ${row.cpuUs.toFixed(1)} µs\n`);
    rows.push(row);
  };
  const sharedCall = () => (shared as never as (e: unknown, c: Context) => Promise<unknown>)(event('/v1/bench', false), context);
  await measure('handler alone (baseline)', bare);
  // First as in a public route's function, which never runs the tenant route's capacity meter.
  await measure(SHARED_ROW, sharedCall);
  // The tenant route's first request starts AsyncLocalStorage (metering/capacity.ts), which from then on
  // hooks every promise of the process: the shared edge as a tenant function runs it.
  await check(gated as never, event(`/v1/tenants/${TENANT}/bench`, true));
  await measure('shared edge, AsyncLocalStorage on (as in a tenant function)', sharedCall);
  await measure('tenant edge (gate, cached decision, rate Update)', () =>
    (gated as never as (e: unknown, c: Context) => Promise<unknown>)(event(`/v1/tenants/${TENANT}/bench`, true), context),
  );
  return rows;
}

export function edgeTable(rows: EdgeRow[]): string {
  const base = rows[0]?.cpuUs ?? 0;
  return [
    '| path | µs CPU / request | over the handler alone |',
    '|---|--:|--:|',
    ...rows.map((r) => `| ${r.edge} | ${r.cpuUs.toFixed(1)} | ${(r.cpuUs - base).toFixed(1)} |`),
  ].join('\n');
}

export function edgeVerdicts(rows: EdgeRow[]): string[] {
  const base = rows[0]?.cpuUs ?? 0;
  const shared = rows.find((r) => r.edge === SHARED_ROW);
  if (!shared) return [];
  const over = shared.cpuUs - base;
  const hooked = rows.find((r) => r.edge.startsWith('shared edge, AsyncLocalStorage'));
  return [
    `${over <= EDGE_TARGET_US ? 'PASS' : 'FAIL'} edge: shared edge ${over.toFixed(1)} µs per request (SILENT), target ≤ ${EDGE_TARGET_US} µs`,
    ...(hooked ? [`info edge: with AsyncLocalStorage on (tenant functions) ${(hooked.cpuUs - base).toFixed(1)} µs`] : []),
  ];
}
