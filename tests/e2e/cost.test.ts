/**
 * Cost per salon through the local platform: a salon's API calls (metered from the gateway's access
 * records, as on AWS) and the messages it sends move its estimate in `/usage`, which only the owner
 * sees; another salon's estimate does not move; the operator report lists both.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { CostEstimate } from '../../functions/shared/domain/costs';
import { monthlyUsageKey } from '../../functions/shared/db/keys';
import { monthIn } from '../../functions/shared/domain/calendar';
import { costReport } from '../../functions/shared/metering/cost-report';
import { addMember, getItem, setPlan } from '../support/fixtures';
import { api } from '../support/http';
import { signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;
type Usage = { usage: { apiCallsThisMonth: number }; cost?: CostEstimate };

let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
const TZ = 'Europe/Paris';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const line = (c: CostEstimate | undefined, item: string) => c?.lines.find((l) => l.item === item);

describe('cost per salon', () => {
  const e = inject('endpoints');
  let owner: Session;
  let admin: Session;
  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'cost-owner');
    admin = await signUpAndSignIn(e, 'cost-admin');
  });

  async function salon() {
    const res = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Salon Coût', slug: unique('cout'), timezone: TZ, locale: 'fr-FR' },
    });
    expect(res.status).toBe(201);
    await setPlan(res.body.id, 'professional');
    return res.body.id;
  }
  const usage = async (t: string, token = owner.accessToken) => {
    const r = await api<Usage>('GET', `/v1/tenants/${t}/usage`, { token });
    expect(r.status).toBe(200);
    return r.body;
  };
  /** The month's usage item once metering has counted at least `calls` calls (it runs after the fact). */
  async function meteredAtLeast(t: string, calls: number) {
    const key = monthlyUsageKey(t, monthIn(TZ));
    for (let i = 0; i < 60; i++) {
      const item = await getItem(key);
      if (Number(item?.apiCalls ?? 0) >= calls) return item;
      await sleep(100);
    }
    throw new Error(`metering never reached ${calls} calls`);
  }

  async function emailsAtLeast(t: string, sent: number) {
    for (let i = 0; i < 100; i++) {
      if (Number((await getItem(monthlyUsageKey(t, monthIn(TZ))))?.emailsSent ?? 0) >= sent) return;
      await sleep(100);
    }
    throw new Error(`${sent} emails never counted`);
  }

  it('moves with the salon’s requests and messages, and only for that salon', async () => {
    const t = await salon();
    const other = await salon();
    await meteredAtLeast(t, 0);
    // Each salon's welcome email is delivered after the fact: counted before the baseline, not after it.
    await emailsAtLeast(t, 1);
    await emailsAtLeast(other, 1);
    const before = (await usage(t)).cost;
    const otherBefore = (await usage(other)).cost;
    expect(before?.currency).toBe('USD');
    expect(before?.month).toBe(monthIn(TZ));

    // 20 reads and 3 writes (client creations, each of which queues no message) ...
    for (let i = 0; i < 20; i++) expect((await api('GET', `/v1/tenants/${t}`, { token: owner.accessToken })).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const c = await api('POST', `/v1/tenants/${t}/clients`, { token: owner.accessToken, body: { name: `Client ${i}` } });
      expect(c.status).toBe(201);
    }
    // ... and one invitation, which sends one email through the outbox.
    const inv = await api('POST', `/v1/tenants/${t}/invitations`, {
      token: owner.accessToken,
      body: { email: `${unique('guest')}@example.test`, role: 'viewer' },
    });
    expect(inv.status).toBe(201);

    const item = await meteredAtLeast(t, Number(line(before, 'apiRequests')?.quantity ?? 0) + 25);
    await emailsAtLeast(t, 2);
    const after = (await usage(t)).cost;
    const calls = (line(after, 'apiRequests')?.quantity ?? 0) - (line(before, 'apiRequests')?.quantity ?? 0);
    expect(calls).toBeGreaterThanOrEqual(25);
    // Each create-client call is a write; the counters agree with the estimate's DynamoDB lines.
    expect(Number(item?.writeCalls)).toBeGreaterThanOrEqual(4);
    expect(Number(item?.integrationMs)).toBeGreaterThan(0);
    expect(line(after, 'lambdaCompute')?.quantity ?? 0).toBeGreaterThan(line(before, 'lambdaCompute')?.quantity ?? 0);
    expect(line(after, 'dynamodbWrites')?.quantity ?? 0).toBeGreaterThan(line(before, 'dynamodbWrites')?.quantity ?? 0);
    expect(line(after, 'emails')?.quantity).toBe((line(before, 'emails')?.quantity ?? 0) + 1);
    expect(after?.total.amountMicros ?? 0).toBeGreaterThan(before?.total.amountMicros ?? 0);
    // The email alone is $0.0001 = 100 micro-dollars.
    expect((line(after, 'emails')?.amountMicros ?? 0) - (line(before, 'emails')?.amountMicros ?? 0)).toBe(100);

    // The other salon's estimate counts only its own /usage reads.
    const otherAfter = (await usage(other)).cost;
    expect(line(otherAfter, 'emails')?.quantity).toBe(line(otherBefore, 'emails')?.quantity);
    expect(line(otherAfter, 'apiRequests')?.quantity ?? 0).toBeLessThan(calls);

    // The operator report shows the same estimate for the salon.
    const report = await costReport(monthIn(TZ), 512);
    const row = report.find((r) => r.tenantId === t);
    expect(row?.name).toBe('Salon Coût');
    expect(row?.cost.lines.find((l) => l.item === 'emails')?.quantity).toBe(line(after, 'emails')?.quantity);
    expect(report.some((r) => r.tenantId === other)).toBe(true);
  });

  it('shows the cost to the owner only: an admin (billing:read) sees usage without it', async () => {
    const t = await salon();
    await addMember(t, admin.userId, admin.email, 'admin');
    const asAdmin = await usage(t, admin.accessToken);
    expect(asAdmin.usage).toBeDefined();
    expect(asAdmin).not.toHaveProperty('cost');
    expect(await usage(t)).toHaveProperty('cost.total.currency', 'USD');
  });
});
