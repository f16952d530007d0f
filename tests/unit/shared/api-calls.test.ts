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
