import { describe, expect, it } from 'vitest';
import { tallyApiCalls } from '../../../functions/shared/metering/api-calls';

const T1 = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const T2 = '01JABCDEFGHJKMNPQRSTVWXYZ1';

describe('tallyApiCalls', () => {
  it('counts calls per tenant that reached a handler, from access-log records', () => {
    const tally = tallyApiCalls([
      { path: `/prod/v1/tenants/${T1}`, requestTimeEpoch: '1700000000000', errorType: '-', status: '200' },
      { path: `/prod/v1/tenants/${T1}/members`, requestTimeEpoch: 1700000000001, errorType: '', status: 403 },
      { path: `/prod/v1/tenants/${T2}/usage`, requestTimeEpoch: 1700000000002, errorType: '-' },
      { path: `/prod/v1/tenants/${T2}`, requestTimeEpoch: 1700000000003, errorType: 'ACCESS_DENIED', status: 404 },
      { path: `/prod/v1/tenants/${T2}`, requestTimeEpoch: 1700000000004, errorType: 'UNAUTHORIZED', status: 401 },
      { path: '/prod/v1/me', requestTimeEpoch: 1700000000005, errorType: '-' },
      { path: '/prod/v1/tenants/not-an-id', requestTimeEpoch: 1700000000006, errorType: '-' },
      { path: `/prod/v1/tenants/${T1}`, requestTimeEpoch: 'garbage' },
    ]);
    expect(Object.fromEntries([...tally].map(([k, v]) => [k, v.length]))).toEqual({ [T1]: 2, [T2]: 1 });
  });
});

describe('tallyApiCalls at volume', () => {
  it('keeps every one of 20,000 calls, in order, per tenant', () => {
    const records = Array.from({ length: 20_000 }, (_, i) => ({
      path: `/prod/v1/tenants/${i % 3 === 0 ? T2 : T1}/clients`,
      requestTimeEpoch: 1_700_000_000_000 + i,
      errorType: '-',
    }));
    const tally = tallyApiCalls(records);
    const t1 = tally.get(T1) ?? [];
    const t2 = tally.get(T2) ?? [];
    expect(t1.length + t2.length).toBe(20_000);
    expect(t2.length).toBe(6667);
    expect(t2.slice(0, 3).map((c) => c.at)).toEqual([1_700_000_000_000, 1_700_000_000_003, 1_700_000_000_006]);
    expect(t1.every((c, i) => i === 0 || c.at > (t1[i - 1]?.at as number))).toBe(true);
  });
});

describe('tallyApiCalls for the cost estimate', () => {
  it("keeps each call's integration time and whether its route writes or uses KMS, from the route table", () => {
    const tally = tallyApiCalls([
      {
        path: `/prod/v1/tenants/${T1}/usage`,
        method: 'GET',
        resourcePath: '/v1/tenants/{tenantId}/usage',
        integrationLatency: '41',
        requestTimeEpoch: 1,
        errorType: '-',
      },
      {
        path: `/prod/v1/tenants/${T1}/clients`,
        method: 'POST',
        resourcePath: '/v1/tenants/{tenantId}/clients',
        integrationLatency: 120,
        requestTimeEpoch: 2,
        errorType: '-',
      },
      {
        path: `/prod/v1/tenants/${T1}/clients`,
        method: 'POST',
        resourcePath: '/v1/tenants/{tenantId}/clients',
        integrationLatency: '-',
        requestTimeEpoch: 3,
        errorType: '-',
      },
    ]);
    expect(tally.get(T1)).toEqual([
      { at: 1, ms: 41, write: false, kms: false },
      { at: 2, ms: 120, write: true, kms: false },
      { at: 3, ms: 0, write: true, kms: false },
    ]);
  });
});
