/**
 * The EMF lines the shared edge writes: names, units, dimensions (service and route only, never a
 * salon's id) and the salon's id as metadata. Captures stdout, where Powertools writes them.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RouteDef } from '../../../functions/routes';
import { PlanLimitError, RateLimitError } from '../../../functions/shared/errors';
import { ok } from '../../../functions/shared/http/responses';
import { BUSINESS_METRICS, REQUEST_METRICS, recordEvent, recordRequest } from '../../../functions/shared/metrics';
import { httpRoute } from '../../../functions/shared/middleware/http-route';
import { lambdaContext, testRoute } from '../../support/edge';

const route = testRoute('GET', '/v1/things/{tenantId}') satisfies RouteDef;

const TENANT = '01JTENANT0000000000000000A';
const context = lambdaContext;
const event = {
  httpMethod: 'GET',
  path: `/v1/things/${TENANT}`,
  resource: route.path,
  headers: {},
  multiValueHeaders: {},
  pathParameters: { tenantId: TENANT },
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  stageVariables: null,
  body: null,
  isBase64Encoded: false,
  requestContext: { requestId: 'gw-req-1' },
} as unknown as APIGatewayProxyEvent;

interface EmfLine {
  _aws: {
    CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }>;
  };
  [key: string]: unknown;
}

let lines: EmfLine[] = [];
beforeEach(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  lines = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    for (const text of String(chunk).split('\n')) {
      if (!text.trim()) continue;
      const parsed = JSON.parse(text) as Partial<EmfLine>;
      if (parsed._aws) lines.push(parsed as EmfLine);
    }
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

const names = (line: EmfLine) => line._aws.CloudWatchMetrics.flatMap((d) => d.Metrics.map((m) => m.Name)).sort();
const dimensions = (line: EmfLine) => line._aws.CloudWatchMetrics.flatMap((d) => d.Dimensions);

describe('request metrics (shared edge)', () => {
  it('one line per request: Requests, Latency, Errors4xx, Errors5xx by service and route; the salon only as metadata', async () => {
    const handler = httpRoute({ ...route, id: 'getThing' }, {}, async () => ok({}));
    await handler(event, context);
    expect(lines).toHaveLength(1);
    const [line] = lines as [EmfLine];
    expect(line._aws.CloudWatchMetrics[0]?.Namespace).toBe('Rendezvous');
    expect(names(line)).toEqual(Object.values(REQUEST_METRICS).sort());
    expect(dimensions(line)).toEqual([['service', 'route']]);
    expect(line.route).toBe('getThing');
    expect(line.Requests).toBe(1);
    expect(line.Errors4xx).toBe(0);
    expect(line.Errors5xx).toBe(0);
    expect(line._aws.CloudWatchMetrics[0]?.Metrics.find((m) => m.Name === 'Latency')?.Unit).toBe('Milliseconds');
    expect(line.tenantId).toBe(TENANT);
    expect(JSON.stringify(dimensions(line))).not.toContain('tenantId');
  });

  it('an unknown failure counts as 5xx, a typed client error as 4xx', async () => {
    await httpRoute({ ...route, id: 'boom' }, {}, async () => {
      throw new Error('boom');
    })(event, context);
    await httpRoute({ ...route, id: 'conflict' }, {}, async () => {
      throw new PlanLimitError('limit', { limitName: 'maxClients' });
    })(event, context);
    const requestLines = lines.filter((l) => l.Requests === 1);
    expect(requestLines.map((l) => [l.route, l.Errors4xx, l.Errors5xx])).toEqual([
      ['boom', 0, 1],
      ['conflict', 1, 0],
    ]);
  });

  it('limit and rate refusals are business events without a tenant dimension', async () => {
    await httpRoute({ ...route, id: 'limited' }, {}, async () => {
      throw new RateLimitError('slow down', 12);
    })(event, context);
    await httpRoute({ ...route, id: 'planned' }, {}, async () => {
      throw new PlanLimitError('limit', { limitName: 'maxClients' });
    })(event, context);
    const rate = lines.find((l) => names(l).includes(BUSINESS_METRICS.rateLimitRefusal));
    const plan = lines.find((l) => names(l).includes(BUSINESS_METRICS.planLimitRefusal));
    expect(rate && dimensions(rate)).toEqual([['service']]);
    expect(rate?.tenantId).toBe(TENANT);
    expect(plan && dimensions(plan)).toEqual([['service']]);
    expect(plan?.limitName).toBe('maxClients');
  });
});

describe('business events', () => {
  it('each name is emitted as a Count with the service dimension only', () => {
    for (const name of Object.values(BUSINESS_METRICS)) recordEvent(name, { tenantId: TENANT });
    expect(lines.map(names)).toEqual(Object.values(BUSINESS_METRICS).map((n) => [n]));
    for (const line of lines) {
      expect(dimensions(line)).toEqual([['service']]);
      expect(line._aws.CloudWatchMetrics[0]?.Metrics[0]?.Unit).toBe('Count');
      expect(line.tenantId).toBe(TENANT);
    }
  });

  it('nothing is written when metrics are disabled (the local stack and the other tests)', () => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    recordEvent(BUSINESS_METRICS.onlineBooking);
    expect(lines).toEqual([]);
  });

  it('the one Metrics object per container follows the switch when it changes between requests', () => {
    recordEvent(BUSINESS_METRICS.onlineBooking);
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    recordEvent(BUSINESS_METRICS.appointmentBooked);
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    recordEvent(BUSINESS_METRICS.appointmentCancelled);
    expect(lines.map(names)).toEqual([[BUSINESS_METRICS.onlineBooking], [BUSINESS_METRICS.appointmentCancelled]]);
  });

  it('a record that fails half-way leaves nothing in the shared buffer for the next one', () => {
    // Requests and the route dimension are stored before the bad latency throws.
    expect(() => recordRequest({ route: 'half', status: 200, latencyMs: 'slow' as never, requestId: 'r' })).toThrow();
    recordEvent(BUSINESS_METRICS.onlineBooking, { tenantId: TENANT });
    expect(lines.map(names)).toEqual([[BUSINESS_METRICS.onlineBooking]]);
    expect(lines[0] && dimensions(lines[0])).toEqual([['service']]);
  });
});
