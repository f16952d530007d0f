/**
 * API-call metering from API Gateway access logs, so counting costs requests nothing: access-log
 * lines are aggregated per tenant and month (of the tenant's calendar) and added to the monthly usage
 * counter in one update per tenant and month. Only calls that reached a handler count (gateway
 * rejections such as 401, or 404 for non-members, do not).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client';
import { tenantMetaKey } from '../db/keys';
import { batchGetAll } from '../db/read';
import { str } from '../entities/codec';
import { salonTimezone } from '../entities/salon';
import { apiCallsAdded } from '../entities/usage';
import { monthIn } from '../domain/calendar';

/** The access-log fields metering reads (see ACCESS_LOG_FIELDS in lib/stacks/api-stack.ts). */
export interface AccessLogRecord {
  path?: string;
  requestTimeEpoch?: string | number;
  errorType?: string;
  status?: string | number;
}

const TENANT_PATH = /\/v1\/tenants\/([0-9A-HJKMNP-TV-Z]{26})(?:\/|$)/;

/** Calls per tenant, with the instants they happened at (months are decided per tenant timezone). */
export function tallyApiCalls(records: Iterable<AccessLogRecord>): Map<string, number[]> {
  const byTenant = new Map<string, number[]>();
  for (const r of records) {
    const tenantId = TENANT_PATH.exec(r.path ?? '')?.[1];
    // A gateway-made answer (authorizer denial, throttling...) carries an error type: not a billable call.
    if (!tenantId || (r.errorType && r.errorType !== '-')) continue;
    const at = Number(r.requestTimeEpoch);
    if (!Number.isFinite(at) || at <= 0) continue;
    // Appended in place: copying the list per call made a tally quadratic in its calls.
    const list = byTenant.get(tenantId);
    if (list) list.push(at);
    else byTenant.set(tenantId, [at]);
  }
  return byTenant;
}

/** Adds the tallied calls to each tenant's monthly counter: one BatchGet, one update per tenant and month. */
export async function recordApiCalls(tally: Map<string, number[]>): Promise<number> {
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
  for (const [tenantId, instants] of tally) {
    const tz = timezones.get(tenantId);
    if (!tz) continue; // a tenant that no longer exists
    const perMonth = new Map<string, number>();
    for (const at of instants) {
      const month = monthIn(tz, new Date(at));
      perMonth.set(month, (perMonth.get(month) ?? 0) + 1);
    }
    for (const [month, calls] of perMonth) {
      await documentClient().send(new UpdateCommand(apiCallsAdded(table, tenantId, month, calls)));
      updates += 1;
    }
  }
  return updates;
}
