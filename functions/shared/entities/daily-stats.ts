/**
 * The daily-stats entity: `STATS#<yyyy-mm-dd>`, a salon's analytics counters for one salon-local date
 * (what they count: domain/analytics.ts). Its codec and its one write: a step that ADDs a delta, which
 * the booking core, the confirmation and client creation put in their own transactions, so the counters
 * move exactly when what they count does. The step has no condition: it never refuses a write, and a
 * transaction that fails for another step changes no counter.
 */
import { DAILY_STATS_PREFIX, dailyStatsKey } from '../db/keys';
import { queryAll } from '../db/read';
import { TABLE } from '../db/table';
import { type Step, step } from '../db/transact';
import { type AppointmentFacts, type DayCounters, type StatsDelta, factsOf } from '../domain/analytics';
import { storedStatus } from './appointment';
import { CorruptItemError, type Item, mapOf, num, str } from './codec';
import type { TenantScope } from '../repositories/scope';

export { DAILY_STATS_PREFIX, dailyStatsKey };

const E = 'daily stats';
/** Attributes of the item that are not counters. */
const NOT_COUNTERS = new Set([TABLE.partitionKey, TABLE.sortKey, TABLE.entityAttribute, 'date']);

/** What a stored appointment item counts for (its stored status, start, service, staff, duration, price). */
export function appointmentFactsOf(item: Item): AppointmentFacts {
  const price = mapOf(item, 'appointment', 'price');
  return factsOf({
    start: str(item, 'appointment', 'start'),
    status: storedStatus(item),
    serviceId: str(item, 'appointment', 'serviceId'),
    staffId: str(item, 'appointment', 'staffId'),
    durationMinutes: num(item, 'appointment', 'durationMinutes'),
    price: { amount: num(price, 'appointment', 'amount'), currency: str(price, 'appointment', 'currency') },
  });
}

/** One step per date of the delta (`stats:<date>`), each ADDing its counters. */
export function dailyStatsSteps(table: string, tenantId: string, delta: StatsDelta): Step[] {
  return [...delta].map(([date, counters]) => {
    const names: Record<string, string> = { '#entity': TABLE.entityAttribute, '#date': 'date' };
    const values: Record<string, unknown> = { ':entity': 'dailyStats', ':date': date };
    const adds = [...counters].map(([counter, amount], i) => {
      names[`#c${i}`] = counter;
      values[`:c${i}`] = amount;
      return `#c${i} :c${i}`;
    });
    return step(`stats:${date}`, {
      Update: {
        TableName: table,
        Key: dailyStatsKey(tenantId, date),
        UpdateExpression: `SET #entity = :entity, #date = :date ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    });
  });
}

/** A date's counters: every attribute but the keys is a finite number. */
export function toDayCounters(item: Item): { date: string; counters: DayCounters } {
  const counters = new Map<string, number>();
  for (const [k, v] of Object.entries(item)) {
    if (NOT_COUNTERS.has(k)) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new CorruptItemError(E, k);
    if (v !== 0) counters.set(k, v);
  }
  return { date: str(item, E, 'date'), counters };
}

/** One Query (a month is at most 31 small items, far below a page): the dates from..to that have counters. */
export async function readDailyStats(
  scope: TenantScope,
  table: string,
  range: { from: string; to: string },
  consistent = false,
): Promise<Map<string, DayCounters>> {
  const items = await queryAll(scope.db, {
    TableName: table,
    ConsistentRead: consistent,
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': dailyStatsKey(scope.tenantId, range.from).PK,
      ':from': dailyStatsKey(scope.tenantId, range.from).SK,
      ':to': dailyStatsKey(scope.tenantId, range.to).SK,
    },
  });
  return new Map(
    items.map((item) => {
      const day = toDayCounters(item);
      return [day.date, day.counters];
    }),
  );
}
