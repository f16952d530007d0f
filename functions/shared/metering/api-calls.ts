/**
 * API-call metering from API Gateway access logs, so counting costs requests nothing: access-log
 * lines are aggregated per tenant and month (of the tenant's calendar) and added to the monthly usage
 * counter in one update per tenant and month. Only calls that reached a handler count (gateway
 * rejections such as 401, or 404 for non-members, do not). The same update adds what the cost
 * estimate (domain/costs.ts) needs: the calls' integration time and how many went to routes that
 * write the table or use the KMS data key (the route table's `access`).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client';
import { tenantMetaKey } from '../db/keys';
import { batchGetAll } from '../db/read';
import { str } from '../entities/codec';
import { salonTimezone } from '../entities/salon';
import { apiCallsAdded } from '../entities/usage';
import { monthIn } from '../domain/calendar';
import { routeList } from '../../routes';

/** The access-log fields metering reads (see ACCESS_LOG_FIELDS in lib/stacks/api-stack.ts). */
export interface AccessLogRecord {
  path?: string;
  requestTimeEpoch?: string | number;
  errorType?: string;
  status?: string | number;
  method?: string;
  resourcePath?: string;
  /** Milliseconds the integration (the route's function) took; `-` when there was none. */
  integrationLatency?: string | number;
}

/** One metered call: when, how long its function ran (ms), and what its route may touch. */
export interface MeteredCall {
  at: number;
  ms: number;
  write: boolean;
  kms: boolean;
}

/** `GET /v1/tenants/{tenantId}/usage` -> what the route may use, from the route table. */
const ROUTE_ACCESS = new Map<string, ReadonlySet<string>>(
  routeList.map((r) => [`${r.method} ${r.path}`, new Set<string>(r.access)] as const),
);

/** The per-month sums one counter update adds. */
export interface MonthTally {
  calls: number;
  writeCalls: number;
  kmsCalls: number;
  integrationMs: number;
}

const TENANT_PATH = /\/v1\/tenants\/([0-9A-HJKMNP-TV-Z]{26})(?:\/|$)/;

/** Calls per tenant, with the instants they happened at (months are decided per tenant timezone). */
export function tallyApiCalls(records: Iterable<AccessLogRecord>): Map<string, MeteredCall[]> {
  const byTenant = new Map<string, MeteredCall[]>();
  for (const r of records) {
    const tenantId = TENANT_PATH.exec(r.path ?? '')?.[1];
    // A gateway-made answer (authorizer denial, throttling...) carries an error type: not a billable call.
    if (!tenantId || (r.errorType && r.errorType !== '-')) continue;
    const at = Number(r.requestTimeEpoch);
    if (!Number.isFinite(at) || at <= 0) continue;
    const latency = Number(r.integrationLatency);
    const access = ROUTE_ACCESS.get(`${r.method ?? ''} ${r.resourcePath ?? ''}`);
    const call: MeteredCall = {
      at,
      ms: Number.isFinite(latency) && latency > 0 ? Math.round(latency) : 0,
      write: access?.has('table:write') ?? false,
      kms: access?.has('kms:data-key') ?? false,
    };
    // Appended in place: copying the list per call made a tally quadratic in its calls.
    const list = byTenant.get(tenantId);
    if (list) list.push(call);
    else byTenant.set(tenantId, [call]);
  }
  return byTenant;
}

/** Adds the tallied calls to each tenant's monthly counter: one BatchGet, one update per tenant and month. */
export async function recordApiCalls(tally: Map<string, MeteredCall[]>): Promise<number> {
  if (tally.size === 0) return 0;
  const table = tableName();
  const timezones = new Map<string, string>();
  const salons = await batchGetAll(
    documentClient(),
    [...tally.keys()].map((id) => tenantMetaKey(id)),
    { projection: { expression: 'id, settings.#tz', names: { '#tz': 'timezone' } } },
  );
  for (const salon of salons) timezones.set(str(salon, 'salon', 'id'), salonTimezone(salon));
  let updates = 0;
  for (const [tenantId, calls] of tally) {
    const tz = timezones.get(tenantId);
    if (!tz) continue; // a tenant that no longer exists
    const perMonth = new Map<string, MonthTally>();
    for (const call of calls) {
      const month = monthIn(tz, new Date(call.at));
      const t = perMonth.get(month) ?? { calls: 0, writeCalls: 0, kmsCalls: 0, integrationMs: 0 };
      perMonth.set(month, t);
      t.calls += 1;
      t.integrationMs += call.ms;
      if (call.write) t.writeCalls += 1;
      if (call.kms) t.kmsCalls += 1;
    }
    for (const [month, t] of perMonth) {
      await documentClient().send(new UpdateCommand(apiCallsAdded(table, tenantId, month, t)));
      updates += 1;
    }
  }
  return updates;
}
