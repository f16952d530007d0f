/**
 * The tenant access check reads the salon, the membership and the month's counter through their codecs:
 * a corrupt salon item is an error (never a plan of "undefined" or a NaN limit); a counter not written
 * yet is zero; a missing or soft-deleted salon, or an unknown role or subscription status, is no access.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { resolveTenantAccess as Resolve } from '../../../functions/shared/auth/tenant-access';
import { CorruptItemError } from '../../../functions/shared/entities/codec';

const TENANT = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
const USER = 'user-1';
const NOW = new Date('2026-03-15T12:00:00Z');
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
const ddb = mockClient(db);
let resolveTenantAccess: typeof Resolve;

beforeAll(async () => {
  process.env.AWS_REGION ??= 'eu-west-3';
  process.env.TABLE_NAME = 'test-table';
  ({ resolveTenantAccess } = await import('../../../functions/shared/auth/tenant-access'));
});
beforeEach(() => ddb.reset());

const salon = (over: Record<string, unknown> = {}) => ({
  SK: 'SALON',
  plan: 'professional',
  subscriptionStatus: 'active',
  limits: { maxApiCalls: 1000 },
  settings: { timezone: 'Europe/Paris' },
  ...over,
});
const member = (over: Record<string, unknown> = {}) => ({
  SK: `MEMBER#${USER}`,
  role: 'manager',
  email: 'm@example.test',
  ...over,
});

function answer(...items: Array<Record<string, unknown>>) {
  ddb.on(BatchGetCommand).resolves({ Responses: { 'test-table': items } });
}

const resolve = () => resolveTenantAccess(TENANT, USER, { now: NOW, db });

describe('resolveTenantAccess', () => {
  it('reads role, plan, status, counters and the rate override', async () => {
    answer(salon({ limits: { maxApiCalls: 1000, requestsPerMinute: 30, requestsPerSecond: 0 } }), member(), {
      SK: 'USAGE#2026-03',
      apiCalls: 12,
    });
    expect(await resolve()).toEqual({
      role: 'manager',
      plan: 'professional',
      subscriptionStatus: 'active',
      apiCalls: 12,
      maxApiCalls: 1000,
      email: 'm@example.test',
      rateOverride: { perMinute: 30 },
    });
  });

  it('counts zero calls before the month has a counter', async () => {
    answer(salon(), member({ email: undefined }));
    const access = await resolve();
    expect(access?.apiCalls).toBe(0);
    expect(access).not.toHaveProperty('email');
    expect(access?.rateOverride).toEqual({});
  });

  it.each([
    ['no salon', [member()]],
    ['a soft-deleted salon', [salon({ deletedAt: '2026-03-01T00:00:00Z' }), member()]],
    ['no membership', [salon()]],
    ['an unknown role', [salon(), member({ role: 'emperor' })]],
    ['an unknown subscription status', [salon({ subscriptionStatus: 'frozen' }), member()]],
  ])('is no access with %s', async (_, items) => {
    answer(...items);
    expect(await resolve()).toBeUndefined();
  });

  it.each([
    ['an unknown plan', salon({ plan: 'gold' })],
    ['no timezone', salon({ settings: {} })],
    ['no API call limit', salon({ limits: {} })],
    ['a rate override that is not a number', salon({ limits: { maxApiCalls: 5, requestsPerMinute: '30' } })],
  ])('refuses a salon item with %s as corrupt', async (_, item) => {
    answer(item, member());
    await expect(resolve()).rejects.toBeInstanceOf(CorruptItemError);
  });

  it('refuses a counter that is not a number as corrupt', async () => {
    answer(salon(), member(), { SK: 'USAGE#2026-03', apiCalls: 'many' });
    await expect(resolve()).rejects.toBeInstanceOf(CorruptItemError);
  });
});
