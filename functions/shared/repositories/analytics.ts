/**
 * A salon's analytics for a day, week or month, from its daily counters (entities/daily-stats.ts): one
 * Query of `STATS#<from>` … `STATS#<to>` (at most 31 small items), never a read of appointments. Beside
 * it, one Query of the catalog (`begins_with(SK, 'SALON')`: the salon's plan features and timezone, the
 * services' names and, for the advanced figures, the staff's working hours); the two run side by side
 * when the date is given. Answers are cached in the container (per salon, namespaced key) for
 * CACHE_MS: a dashboard polled by several members costs the reads once every few minutes; the figures
 * may lag the writes by that long. The cache lives in one Lambda container: another container (or a
 * cold start) reads again, which is right for a figure that is only ever a few minutes stale.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { APPOINTMENT_PREFIX, CLIENT_PREFIX, tenantPk } from '../db/keys';
import { queryAll } from '../db/read';
import {
  type Analytics,
  type Period,
  appointmentDelta,
  newClientDelta,
  periodRange,
  reconcileDelta,
  sumDeltas,
  summarize,
} from '../domain/analytics';
import { localParts } from '../domain/zoned-time';
import { str } from '../entities/codec';
import { appointmentFactsOf, dailyStatsSteps, readDailyStats } from '../entities/daily-stats';
import { toTenant } from '../entities/salon';
import { catalogOf, readCatalogItems } from './salon-schedule';
import type { TenantScope } from './scope';

export const CACHE_MS = 3 * 60_000;
const CACHE_SIZE = 500;
const cache = new Map<string, { at: number; answer: Analytics }>();

/** The cache key: namespaced, so nothing else kept in the container can collide with it. */
export const analyticsCacheKey = (tenantId: string, period: Period, date: string | undefined) =>
  `analytics:v1:${tenantId}:${period}:${date ?? 'today'}`;

export function clearAnalyticsCache(): void {
  cache.clear();
}

export interface AnalyticsQuery {
  period: Period;
  /** Salon-local; today in the salon's timezone when absent. */
  date?: string | undefined;
}

/** Cached for CACHE_MS; otherwise two Queries (the counters and the catalog). */
export async function salonAnalytics(
  scope: TenantScope,
  query: AnalyticsQuery,
  options: { now?: Date; cached?: boolean } = {},
): Promise<Analytics> {
  const now = options.now ?? new Date();
  const key = analyticsCacheKey(scope.tenantId, query.period, query.date);
  if (options.cached !== false) {
    const hit = cache.get(key);
    if (hit && now.getTime() - hit.at < CACHE_MS) return hit.answer;
  }
  const answer = await computeAnalytics(scope, query, now);
  cache.delete(key);
  cache.set(key, { at: now.getTime(), answer });
  if (cache.size > CACHE_SIZE) {
    const [oldest] = cache.keys();
    if (oldest !== undefined) cache.delete(oldest);
  }
  return answer;
}

async function computeAnalytics(scope: TenantScope, query: AnalyticsQuery, now: Date): Promise<Analytics> {
  const table = tableName();
  const catalogRead = readCatalogItems(scope);
  let range = query.date ? periodRange(query.period, query.date) : undefined;
  const statsRead = range ? readDailyStats(scope, table, range) : undefined;
  // Settle both before answering, so a failed catalog read leaves no counter read unobserved.
  const [items] = await Promise.all([catalogRead, statsRead]);
  const catalog = catalogOf(items);
  const timezone = catalog.rules.timezone;
  if (!range) range = periodRange(query.period, localParts(now, timezone).date);
  const days = statsRead ? await statsRead : await readDailyStats(scope, table, range);
  const advanced = toTenant(catalog.salon).features.advancedAnalytics;
  return summarize({
    period: query.period,
    range,
    days,
    services: new Map([...catalog.services].map(([id, s]) => [id, { name: s.name }])),
    ...(advanced
      ? {
          advanced: {
            timezone,
            staff: new Map(
              [...catalog.staff].map(([id, s]) => [id, { name: s.name, workingHours: s.workingHours, timeOff: s.timeOff }]),
            ),
          },
        }
      : {}),
  });
}

/**
 * Brings a salon's counters in line with its raw appointments and clients: for data from before the
 * counters existed, or a repair. An operator job, not a request path: it reads every appointment and
 * client of the salon (two Queries, paged) and the counters, then ADDs the difference per date. A write
 * that commits between those reads can make one pass wrong by that write; a pass that finds nothing to
 * change proves the counters right, so this runs passes until one changes nothing (at most `passes`).
 * Returns the number of dates each pass corrected.
 */
export async function reconcileDailyStats(scope: TenantScope, passes = 3): Promise<number[]> {
  const table = tableName();
  const corrected: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const [catalogItems, appointments, clients, stored] = await Promise.all([
      readCatalogItems(scope, true),
      queryAll(scope.db, prefixQuery(table, scope.tenantId, APPOINTMENT_PREFIX)),
      queryAll(scope.db, prefixQuery(table, scope.tenantId, CLIENT_PREFIX)),
      readDailyStats(scope, table, { from: '0000-00-00', to: '9999-99-99' }, true),
    ]);
    const timezone = catalogOf(catalogItems).rules.timezone;
    const recomputed = sumDeltas([
      ...appointments.map((a) => appointmentDelta(undefined, appointmentFactsOf(a))),
      ...clients.map((c) => newClientDelta(localParts(new Date(str(c, 'client', 'createdAt')), timezone).date)),
    ]);
    const delta = reconcileDelta(stored, recomputed);
    corrected.push(delta.size);
    if (delta.size === 0) break;
    for (const s of dailyStatsSteps(table, scope.tenantId, delta)) {
      if (!s.item.Update) throw new Error('A counter step is an Update');
      await scope.db.send(new UpdateCommand(s.item.Update));
    }
  }
  return corrected;
}

const prefixQuery = (table: string, tenantId: string, prefix: string) => ({
  TableName: table,
  KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
  ExpressionAttributeValues: { ':pk': tenantPk(tenantId), ':prefix': prefix },
  ConsistentRead: true,
});
