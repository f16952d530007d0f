/**
 * Plans, their limits, features and prices: defined once. Usage checks, onboarding, the billing
 * webhook and `GET /v1/plans` all read this module. -1 means unlimited.
 */
export const PLANS = ['free', 'starter', 'professional', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export interface Limits {
  maxUsers: number;
  /** Bytes. */
  maxStorage: number;
  /** Per calendar month in the tenant's timezone. */
  maxApiCalls: number;
  maxClients: number;
  maxAppointmentsPerMonth: number;
}

export type LimitName = keyof Limits;

export interface Features {
  onlineBooking: boolean;
  smsReminders: boolean;
  apiAccess: boolean;
  advancedAnalytics: boolean;
  customBranding: boolean;
}

const MB = 1024 * 1024;
const GB = 1024 * MB;

export const PLAN_LIMITS: Readonly<Record<Plan, Readonly<Limits>>> = {
  free: { maxUsers: 1, maxStorage: 100 * MB, maxApiCalls: 1_000, maxClients: 50, maxAppointmentsPerMonth: 100 },
  starter: { maxUsers: 5, maxStorage: 1 * GB, maxApiCalls: 10_000, maxClients: 500, maxAppointmentsPerMonth: 1_000 },
  professional: { maxUsers: 25, maxStorage: 10 * GB, maxApiCalls: 100_000, maxClients: 5_000, maxAppointmentsPerMonth: 10_000 },
  enterprise: { maxUsers: -1, maxStorage: -1, maxApiCalls: -1, maxClients: -1, maxAppointmentsPerMonth: -1 },
};

export const PLAN_FEATURES: Readonly<Record<Plan, Readonly<Features>>> = {
  free: { onlineBooking: true, smsReminders: false, apiAccess: false, advancedAnalytics: false, customBranding: false },
  starter: { onlineBooking: true, smsReminders: true, apiAccess: false, advancedAnalytics: false, customBranding: true },
  professional: { onlineBooking: true, smsReminders: true, apiAccess: true, advancedAnalytics: true, customBranding: true },
  enterprise: { onlineBooking: true, smsReminders: true, apiAccess: true, advancedAnalytics: true, customBranding: true },
};

/**
 * SMS reminders a salon may send per calendar month (its timezone), counted atomically with each SMS
 * queued; past it, reminders go by email. Only plans with `smsReminders` send SMS at all.
 */
export const PLAN_SMS_PER_MONTH: Readonly<Record<Plan, number>> = {
  free: 0,
  starter: 200,
  professional: 1_000,
  enterprise: 5_000,
};

/** Monthly price in minor units; null is "on quote". Currency comes from configuration. */
export const PLAN_MONTHLY_PRICE: Readonly<Record<Plan, number | null>> = {
  free: 0,
  starter: 1_900,
  professional: 4_900,
  enterprise: null,
};

/**
 * How long the audit log keeps an entry (days): its TTL (`expiresAt`) is set from this when it is
 * written, so a plan change applies to entries written after it.
 */
export const PLAN_AUDIT_RETENTION_DAYS: Readonly<Record<Plan, number>> = {
  free: 30,
  starter: 90,
  professional: 365,
  enterprise: 7 * 365,
};

export function isUnlimited(limit: number): boolean {
  return limit < 0;
}

/** The cheapest plan whose limit admits `needed` units, to name in a 402 answer. */
export function planAllowing(limit: LimitName, needed: number): Plan | undefined {
  return PLANS.find((plan) => {
    const value = PLAN_LIMITS[plan][limit];
    return isUnlimited(value) || value >= needed;
  });
}

/**
 * Request rate per salon, enforced by the tenant gate on every tenant route before the handler runs
 * (middleware/tenant-gate.ts): a fixed one-minute window plus a one-second burst cap, both counted by
 * one conditional UpdateItem. Unlike the monthly `maxApiCalls`, this protects the platform from one
 * salon's runaway client; it is not a billed quantity.
 */
export interface RateLimit {
  perMinute: number;
  /** Most requests in any one second: a page load's fan-out passes, a tight loop does not. */
  perSecond: number;
}

export const PLAN_RATE_LIMITS: Readonly<Record<Plan, Readonly<RateLimit>>> = {
  free: { perMinute: 20, perSecond: 10 },
  starter: { perMinute: 100, perSecond: 25 },
  professional: { perMinute: 500, perSecond: 100 },
  enterprise: { perMinute: 2_000, perSecond: 300 },
};

/**
 * The salon's rate: its own `limits.requestsPerMinute`/`requestsPerSecond` when set (a negotiated
 * contract; the billing webhook resets `limits` on a plan change), else its plan's, times `factor`
 * (1 in production; the local test stack raises it so that only the limiter's own tests meet it).
 */
export function rateLimitFor(plan: Plan, override: Partial<RateLimit> = {}, factor = 1): RateLimit {
  const base = PLAN_RATE_LIMITS[plan];
  return {
    perMinute: override.perMinute ?? base.perMinute * factor,
    perSecond: override.perSecond ?? base.perSecond * factor,
  };
}
