import { describe, expect, it } from 'vitest';
import { PLAN_RATE_LIMITS, PLANS, rateLimitFor } from '../../../functions/shared/domain/plans';
import { rateLimitHeaders } from '../../../functions/shared/repositories/request-rate';

describe('rateLimitFor', () => {
  it('is the plan rate, rising with the plan, in production (factor 1)', () => {
    expect(PLANS.map((p) => rateLimitFor(p).perMinute)).toEqual([20, 100, 500, 2_000]);
    for (const plan of PLANS) expect(rateLimitFor(plan).perSecond).toBeLessThanOrEqual(rateLimitFor(plan).perMinute);
  });

  it("a salon's own limits win over its plan's and are not multiplied", () => {
    expect(rateLimitFor('free', { perMinute: 7 }, 1000)).toEqual({
      perMinute: 7,
      perSecond: PLAN_RATE_LIMITS.free.perSecond * 1000,
    });
    expect(rateLimitFor('starter', { perMinute: 3, perSecond: 2 }, 1000)).toEqual({ perMinute: 3, perSecond: 2 });
  });
});

describe('rateLimitHeaders', () => {
  it('speaks the IETF draft: the policy with both windows, what is left of the minute (never negative)', () => {
    const limit = { perMinute: 20, perSecond: 10 };
    expect(rateLimitHeaders({ limit, remaining: 5, resetSeconds: 42 })).toEqual({
      'ratelimit-policy': '"minute";q=20;w=60, "burst";q=10;w=1',
      ratelimit: '"minute";r=5;t=42',
    });
    expect(rateLimitHeaders({ limit, remaining: -1, resetSeconds: 1 }).ratelimit).toBe('"minute";r=0;t=1');
  });
});
