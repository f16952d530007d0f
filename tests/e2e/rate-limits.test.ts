/**
 * The salon request rate (domain/plans.ts), spent by the tenant gate before any handler runs. The test
 * stack multiplies plan rates by TENANT_RATE_LIMIT_FACTOR (global-setup.ts) so other tests never meet
 * them; here each salon gets its own limit through `limits.requestsPerMinute`, as a contract would.
 */
import { describe, expect, inject, it } from 'vitest';
import { PLAN_LIMITS, PLAN_RATE_LIMITS } from '../../functions/shared/domain/plans';
import { setPlan, setTenantFields } from '../support/fixtures';
import { api } from '../support/http';
import { sampleClientBody } from '../support/route-samples';
import { signUpAndSignIn } from '../support/tokens';

/** TENANT_RATE_LIMIT_FACTOR of the test stack (tests/support/global-setup.ts). */
const FACTOR = 1000;

let seq = 0;
async function salonWithLimit(perMinute: number, perSecond = 10_000) {
  const owner = await signUpAndSignIn(inject('endpoints'), 'rate');
  const res = await api<{ id: string }>('POST', '/v1/tenants', {
    token: owner.accessToken,
    body: { name: 'Salon Rate', slug: `rate-${Date.now().toString(36)}-${(seq++).toString(36)}` },
  });
  expect(res.status).toBe(201);
  // Before the salon's first tenant request, so that no cached authorizer decision predates it.
  await setTenantFields(res.body.id, {
    limits: { ...PLAN_LIMITS.free, requestsPerMinute: perMinute, requestsPerSecond: perSecond },
  });
  return { token: owner.accessToken, tenantId: res.body.id };
}

const ROOM_SECONDS = 20;
/** For a test that may wait for room in the minute: that wait, and the stack's 30 s for its own work. */
const WAITS_FOR_ROOM = { timeout: (ROOM_SECONDS + 30) * 1000 };

/** The counters are per calendar minute: start a burst only when it cannot straddle two minutes. */
async function awayFromMinuteEnd(neededSeconds = ROOM_SECONDS): Promise<void> {
  const left = 60 - ((Date.now() / 1000) % 60);
  if (left < neededSeconds) await new Promise((r) => setTimeout(r, left * 1000 + 200));
}

const listClients = (s: { token: string; tenantId: string }) =>
  api<{ error?: { code: string } }>('GET', `/v1/tenants/${s.tenantId}/clients`, { token: s.token });

const statuses = (responses: Array<{ status: number }>) => {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
};

describe('salon request rate', () => {
  it('limit 20 a minute, 40 concurrent requests: exactly 20 pass, 20 are 429 RATE_LIMITED', WAITS_FOR_ROOM, async () => {
    const salon = await salonWithLimit(20);
    await awayFromMinuteEnd();
    const responses = await Promise.all(Array.from({ length: 40 }, () => listClients(salon)));
    expect(statuses(responses)).toEqual({ 200: 20, 429: 20 });
    for (const r of responses.filter((x) => x.status === 429)) expect(r.body.error?.code).toBe('RATE_LIMITED');
  });

  it('answers carry RateLimit and RateLimit-Policy; a 429 also Retry-After until the minute ends', WAITS_FOR_ROOM, async () => {
    const salon = await salonWithLimit(3);
    await awayFromMinuteEnd();
    const first = await listClients(salon);
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-policy')).toBe('"minute";q=3;w=60, "burst";q=10000;w=1');
    expect(first.headers.get('ratelimit')).toMatch(/^"minute";r=2;t=\d+$/);
    await listClients(salon);
    const third = await listClients(salon);
    expect(third.headers.get('ratelimit')).toMatch(/^"minute";r=0;t=\d+$/);
    const refused = await listClients(salon);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit')).toBe(`"minute";r=0;t=${retryAfter}`);
    expect(refused.headers.get('ratelimit-policy')).toContain('"minute";q=3;w=60');
  });

  it('the burst cap refuses with Retry-After 1 while the minute still has room', WAITS_FOR_ROOM, async () => {
    const salon = await salonWithLimit(100, 2);
    await awayFromMinuteEnd();
    // Three in one second: the third may only miss the second if the machine stalls, so retry once.
    for (let attempt = 0; attempt < 3; attempt++) {
      const responses = await Promise.all(Array.from({ length: 6 }, () => listClients(salon)));
      const refused = responses.find((r) => r.status === 429);
      if (!refused) continue;
      expect(refused.headers.get('retry-after')).toBe('1');
      return;
    }
    throw new Error('six concurrent requests never met a burst cap of 2 a second');
  });

  // The gate counts per calendar minute on the platform's clock (a separate process: no clock to move
  // from here). Rather than wait for room before the minute ends, each try notes the minute before and
  // after its burst: the quiet salon must pass in every try; the flooded one's exact count is checked on
  // a try that stayed within one minute. A straddled try ends early in a minute, so the next one has
  // nearly all of it: a third try is only for a burst slower than a minute; the timeout covers three.
  it('one salon at 10x its limit does not touch another salon: all of its requests pass', async () => {
    for (let attempt = 1; ; attempt++) {
      const flooded = await salonWithLimit(20);
      const quiet = await salonWithLimit(20);
      const minuteBefore = Math.floor(Date.now() / 60_000);
      const [flood, calm] = await Promise.all([
        Promise.all(Array.from({ length: 200 }, () => listClients(flooded))),
        Promise.all(Array.from({ length: 15 }, () => listClients(quiet))),
      ]);
      expect(statuses(calm)).toEqual({ 200: 15 });
      if (Math.floor(Date.now() / 60_000) === minuteBefore) {
        expect(statuses(flood)).toEqual({ 200: 20, 429: 180 });
        return;
      }
      // Two minutes' budgets at most, and the limit still refused the rest.
      expect(statuses(flood)[200]).toBeLessThanOrEqual(40);
      if (attempt >= 3) throw new Error('three bursts each straddled a minute: the machine is too slow for this test');
    }
  }, 120_000);

  it('a plan change takes effect at the next write (reads within the authorizer cache TTL)', WAITS_FOR_ROOM, async () => {
    const salon = await salonWithLimit(2);
    await awayFromMinuteEnd();
    const create = () => api('POST', `/v1/tenants/${salon.tenantId}/clients`, { token: salon.token, body: sampleClientBody() });
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(429);
    // As the billing webhook does: plan and limits together, so the salon's own rate gives way to the plan's.
    await setPlan(salon.tenantId, 'starter');
    const after = await create();
    expect(after.status).toBe(201);
    expect(after.headers.get('ratelimit-policy')).toBe(
      `"minute";q=${PLAN_RATE_LIMITS.starter.perMinute * FACTOR};w=60, "burst";q=${PLAN_RATE_LIMITS.starter.perSecond * FACTOR};w=1`,
    );
  });

  it('non-members spend nothing of a salon budget', WAITS_FOR_ROOM, async () => {
    const salon = await salonWithLimit(2);
    const stranger = await signUpAndSignIn(inject('endpoints'), 'stranger');
    await awayFromMinuteEnd();
    const probes = await Promise.all(
      Array.from({ length: 5 }, () => listClients({ token: stranger.accessToken, tenantId: salon.tenantId })),
    );
    expect(statuses(probes)).toEqual({ 404: 5 });
    expect((await listClients(salon)).status).toBe(200);
    expect((await listClients(salon)).status).toBe(200);
  });
});
