/**
 * When a salon's owners are told it is near or at a plan limit: once per limit, threshold (80% and
 * 100%) and period, when a usage counter's change carries it across the threshold. The period is the
 * counter's month for the monthly counters (appointments, API calls) and the month of the crossing in
 * the salon's calendar for the running totals (users, clients, storage). Pure: the stream consumer
 * (functions/streams/usage-alerts.ts) feeds it the counter item's old and new images.
 */
import { type LimitName, isUnlimited } from './plans';

export const ALERT_THRESHOLDS = [80, 100] as const;
export type AlertThreshold = (typeof ALERT_THRESHOLDS)[number];

/** Which counter of which usage item measures each limit (entities/usage.ts names the counters). */
export const MONTHLY_LIMITS: ReadonlyArray<[LimitName, string]> = [
  ['maxAppointmentsPerMonth', 'appointments'],
  ['maxApiCalls', 'apiCalls'],
];
export const TOTAL_LIMITS: ReadonlyArray<[LimitName, string]> = [
  ['maxUsers', 'users'],
  ['maxClients', 'clients'],
  ['maxStorage', 'storageBytes'],
];

export interface LimitAlert {
  limitName: LimitName;
  threshold: AlertThreshold;
  used: number;
  limit: number;
}

/** The thresholds a counter crossed going from `before` to `after` (absent counters are 0). */
export function crossedThresholds(before: number, after: number, limit: number): AlertThreshold[] {
  if (isUnlimited(limit) || limit <= 0) return [];
  // In integers: used * 100 >= limit * threshold, so 80% of 5 is reached at 4.
  return ALERT_THRESHOLDS.filter((t) => before * 100 < limit * t && after * 100 >= limit * t);
}

/** Every alert a usage item's change calls for: per limit, the highest threshold it crossed (one email says it all). */
export function limitAlerts(
  counters: ReadonlyArray<[LimitName, string]>,
  before: (counter: string) => number,
  after: (counter: string) => number,
  limits: Readonly<Record<LimitName, number>>,
): LimitAlert[] {
  return counters.flatMap(([limitName, counter]) => {
    const threshold = crossedThresholds(before(counter), after(counter), limits[limitName]).at(-1);
    return threshold === undefined ? [] : [{ limitName, threshold, used: after(counter), limit: limits[limitName] }];
  });
}

/** How an alert names its limit to people. */
export const LIMIT_LABELS: Readonly<Record<LimitName, string>> = {
  maxAppointmentsPerMonth: 'appointments this month',
  maxApiCalls: 'API calls this month',
  maxUsers: 'team members',
  maxClients: 'clients',
  maxStorage: 'storage',
};
