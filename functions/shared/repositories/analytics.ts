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
import { tableName } from '../db/client';
import { type Analytics, type Period, periodRange, summarize } from '../domain/analytics';
import { localParts } from '../domain/zoned-time';
import { readDailyStats } from '../entities/daily-stats';
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
