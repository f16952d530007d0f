/**
 * API-call metering from API Gateway access logs, so counting costs requests nothing: access-log
 * lines are aggregated per tenant and month (of the tenant's calendar) and added to the monthly usage
 * counter in one update per tenant and month. Only calls that reached a handler count (gateway
 * rejections such as 401, or 404 for non-members, do not). The same update adds what the cost
 * estimate (domain/costs.ts) needs: the calls' integration time and how many went to routes that
 * write the table or use the KMS data key (the route table's `access`), and the work the functions
 * measured themselves (metering/capacity.ts meter lines, from the functions' logs): DynamoDB units of
 * API requests and of per-salon jobs, and the jobs' function time.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client';
import { tenantMetaKey } from '../db/keys';
import { batchGetAll } from '../db/read';
import { str } from '../entities/codec';
import { salonTimezone } from '../entities/salon';
import { apiCallsAdded, type MeteredCounts, noMeteredCounts } from '../entities/usage';
import { monthIn } from '../domain/calendar';
import { routeList } from '../../routes';
import type { MeterLine } from './capacity';

/** The memory a job ran with when its line does not say (outside Lambda): the stage default. */
const DEFAULT_JOB_MEMORY_MB = 512;

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

/** What a function measured of one salon's work (a meter line). */
export interface MeteredWork {
  at: number;
  work: 'api' | 'job';
  rru: number;
  wru: number;
  unmeasured: number;
  /** A job's milliseconds times its memory (MB); 0 for API requests (their time is the access log's). */
  mbMs: number;
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

const isMeterLine = (r: AccessLogRecord | MeterLine): r is MeterLine => 'meter' in r && r.meter === 'work';

const TENANT_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const finite = (n: unknown): number => {
  const v = Number(n);
  return Number.isFinite(v) && v > 0 ? v : 0;
};

function workOf(line: MeterLine): MeteredWork | undefined {
  const at = Number(line.at);
  if (!TENANT_ID.test(String(line.tenantId)) || !Number.isFinite(at) || at <= 0) return undefined;
  const job = line.kind === 'job';
  return {
    at,
    work: job ? 'job' : 'api',
    rru: finite(line.rru),
    wru: finite(line.wru),
    unmeasured: Math.round(finite(line.unmeasured)),
    mbMs: job ? Math.round(finite(line.ms) * (finite(line.memoryMb) || DEFAULT_JOB_MEMORY_MB)) : 0,
  };
}

const TENANT_PATH = /\/v1\/tenants\/([0-9A-HJKMNP-TV-Z]{26})(?:\/|$)/;

/** Calls and measured work per tenant, with the instants they happened at (months are per tenant timezone). */
export function tallyApiCalls(records: Iterable<AccessLogRecord | MeterLine>): Map<string, Array<MeteredCall | MeteredWork>> {
  const byTenant = new Map<string, Array<MeteredCall | MeteredWork>>();
  const add = (tenantId: string, entry: MeteredCall | MeteredWork) => {
    // Appended in place: copying the list per call made a tally quadratic in its calls.
    const list = byTenant.get(tenantId);
    if (list) list.push(entry);
    else byTenant.set(tenantId, [entry]);
  };
  for (const r of records) {
    if (isMeterLine(r)) {
      const work = workOf(r);
      if (work) add(r.tenantId, work);
      continue;
    }
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
    add(tenantId, call);
  }
  return byTenant;
}

/** Adds the tallied calls to each tenant's monthly counter: one BatchGet, one update per tenant and month. */
export async function recordApiCalls(tally: Map<string, Array<MeteredCall | MeteredWork>>): Promise<number> {
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
    const perMonth = new Map<string, MeteredCounts>();
    for (const call of calls) {
      const month = monthIn(tz, new Date(call.at));
      const t = perMonth.get(month) ?? noMeteredCounts();
      perMonth.set(month, t);
      if ('work' in call) {
        t.unmeasuredDbCalls += call.unmeasured;
        if (call.work === 'api') {
          t.measuredCalls += 1;
          t.readUnits += call.rru;
          t.writeUnits += call.wru;
        } else {
          t.jobRuns += 1;
          t.jobMbMs += call.mbMs;
          t.jobReadUnits += call.rru;
          t.jobWriteUnits += call.wru;
        }
        continue;
      }
      t.apiCalls += 1;
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
