import { describe, expect, it } from 'vitest';
import { PLAN_LIMITS } from '../../../functions/shared/domain/plans';
import { MONTHLY_LIMITS, TOTAL_LIMITS, crossedThresholds, limitAlerts } from '../../../functions/shared/domain/usage-alerts';
import { renderEmail } from '../../../functions/shared/mail/templates';

describe('usage alerts', () => {
  it('fires each threshold once, when a change carries the counter across it', () => {
    expect(crossedThresholds(3, 4, 5)).toEqual([80]);
    expect(crossedThresholds(4, 5, 5)).toEqual([100]);
    expect(crossedThresholds(0, 5, 5)).toEqual([80, 100]);
    expect(crossedThresholds(4, 4, 5)).toEqual([]);
    expect(crossedThresholds(5, 6, 5)).toEqual([]);
    // A decrease (a client deleted) never alerts; unlimited never does.
    expect(crossedThresholds(5, 3, 5)).toEqual([]);
    expect(crossedThresholds(0, 1_000_000, -1)).toEqual([]);
    // 80% of 1,000 API calls: at 800, not 799.
    expect(crossedThresholds(700, 799, 1_000)).toEqual([]);
    expect(crossedThresholds(799, 800, 1_000)).toEqual([80]);
  });

  it('reads each limit from its own counter of the item', () => {
    const limits = { ...PLAN_LIMITS.free, maxAppointmentsPerMonth: 10 };
    const before: Record<string, number> = { appointments: 7, apiCalls: 100 };
    const after: Record<string, number> = { appointments: 8, apiCalls: 1_000 };
    const alerts = limitAlerts(
      MONTHLY_LIMITS,
      (c) => before[c] ?? 0,
      (c) => after[c] ?? 0,
      limits,
    );
    expect(alerts).toEqual([
      { limitName: 'maxAppointmentsPerMonth', threshold: 80, used: 8, limit: 10 },
      // Both thresholds at once: the one email that says it all.
      { limitName: 'maxApiCalls', threshold: 100, used: 1_000, limit: 1_000 },
    ]);
    expect(
      limitAlerts(
        TOTAL_LIMITS,
        () => 0,
        (c) => (c === 'clients' ? 40 : 0),
        PLAN_LIMITS.free,
      ),
    ).toEqual([{ limitName: 'maxClients', threshold: 80, used: 40, limit: 50 }]);
  });

  it('renders the owners’ email', () => {
    const m = renderEmail('usage-alert', {
      salonName: 'Studio',
      limit: 'appointments this month',
      threshold: '80',
      used: '80',
      max: '100',
      period: '2026-12',
    });
    expect(m.subject).toBe("Studio has used 80% of its plan's appointments this month");
    expect(m.text).toContain('80 of the 100 appointments this month');
  });
});
