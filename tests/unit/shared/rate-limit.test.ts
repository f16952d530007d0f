import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DynamoDBClient,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PLAN_RATE_LIMITS, PLANS, rateLimitFor } from '../../../functions/shared/domain/plans';
import { RateLimitError } from '../../../functions/shared/errors';
import { rateLimitHeaders, spendRequest } from '../../../functions/shared/repositories/request-rate';

const TENANT = '01HZZZZZZZZZZZZZZZZZZZZZZZ';

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

describe('spendRequest', () => {
  const limit = { perMinute: 20, perSecond: 5 };
  // 12:00:30 UTC: 30 s left in the minute.
  const now = Date.UTC(2026, 2, 15, 12, 0, 30);
  const db = new DynamoDBClient({ region: 'eu-west-3' });
  const ddb = mockClient(db);
  const refused = (item?: Record<string, AttributeValue>) =>
    new ConditionalCheckFailedException({
      message: 'The conditional request failed',
      $metadata: {},
      ...(item ? { Item: item } : {}),
    });

  beforeAll(() => {
    process.env.TABLE_NAME = 'test-table';
  });
  beforeEach(() => ddb.reset());

  it('answers what is left of the minute from the updated counter', async () => {
    ddb.on(UpdateItemCommand).resolves({ Attributes: { requests: { N: '8' } } });
    expect(await spendRequest(db, TENANT, limit, now)).toEqual({ limit, remaining: 12, resetSeconds: 30 });
  });

  it("reads the refused item's count (marshalled): the minute spent waits for its end", async () => {
    ddb.on(UpdateItemCommand).rejects(refused({ requests: { N: '20' }, s30: { N: '2' } }));
    const err = await spendRequest(db, TENANT, limit, now).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfterSeconds).toBe(30);
    expect((err as RateLimitError).message).toMatch(/20 requests a minute/);
  });

  it('a second spent (the minute not) waits one second', async () => {
    ddb.on(UpdateItemCommand).rejects(refused({ requests: { N: '7' }, s30: { N: '5' } }));
    const err = await spendRequest(db, TENANT, limit, now).catch((e: unknown) => e);
    expect((err as RateLimitError).retryAfterSeconds).toBe(1);
    expect((err as RateLimitError).headers?.ratelimit).toBe('"minute";r=13;t=30');
  });

  it('a refused item with a count that is not a number is an error, not a guess', async () => {
    ddb.on(UpdateItemCommand).rejects(refused({ requests: { S: 'twenty' } }));
    await expect(spendRequest(db, TENANT, limit, now)).rejects.not.toBeInstanceOf(RateLimitError);
  });

  it("throttling on the salon's own counter is its limit too", async () => {
    ddb.on(UpdateItemCommand).rejects(Object.assign(new Error('Throughput exceeded'), { name: 'ThrottlingException' }));
    await expect(spendRequest(db, TENANT, limit, now)).rejects.toBeInstanceOf(RateLimitError);
  });
});
