/**
 * A salon's request budget (domain/plans.ts RateLimit), spent by the tenant gate once per request: one
 * conditional UpdateItem on the salon's counter of the current minute, which also counts the current
 * second. DynamoDB serializes updates of one item, so the count is exact under any concurrency: with a
 * limit of N, exactly N requests of a minute pass. Counters live in their own partition
 * (`TENANT#<id>#RATE`, keys.ts) and expire two minutes after their window.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { tableName } from '../db/client';
import { tenantRateKey } from '../db/keys';
import { TABLE } from '../db/table';
import { CorruptItemError } from '../entities/codec';
import type { RateLimit } from '../domain/plans';
import { RateLimitError } from '../errors';

export interface RateState {
  limit: RateLimit;
  /** Requests left in this minute after this one. */
  remaining: number;
  /** Seconds until the minute's window resets. */
  resetSeconds: number;
}

/** IETF draft-ietf-httpapi-ratelimit-headers: the policy (quota per window) and what is left of it. */
export function rateLimitHeaders(state: RateState): Record<string, string> {
  const { limit, remaining, resetSeconds } = state;
  return {
    'ratelimit-policy': `"minute";q=${limit.perMinute};w=60, "burst";q=${limit.perSecond};w=1`,
    ratelimit: `"minute";r=${Math.max(0, remaining)};t=${resetSeconds}`,
  };
}

/** The minute's count in an answer or a failed item, both marshalled (`{ N: "20" }`) by the low-level client. */
function countIn(item: Record<string, AttributeValue> | undefined): number {
  const value = item?.requests;
  if (value === undefined) return 0;
  const n = Number(value.N);
  if (!(n >= 0)) throw new CorruptItemError('requestRate', 'requests');
  return n;
}

const THROTTLED = /^(Throttling|ProvisionedThroughputExceeded)Exception$/;

const S = (value: string) => ({ S: value });
const N = (value: number) => ({ N: String(value) });

/**
 * Spends one request of the salon's budget, or throws 429 RATE_LIMITED with when to retry. Sent on
 * every request, so written for the low-level client (db/tenant-client.ts `tenantRateClient`), its
 * values already marshalled.
 */
export async function spendRequest(db: DynamoDBClient, tenantId: string, limit: RateLimit, now = Date.now()): Promise<RateState> {
  const minute = Math.floor(now / 60_000);
  const second = Math.floor(now / 1000) % 60;
  const resetSeconds = 60 - second;
  try {
    const key = tenantRateKey(tenantId, minute);
    const out = await db.send(
      new UpdateItemCommand({
        TableName: tableName(),
        Key: { PK: S(key.PK), SK: S(key.SK) },
        UpdateExpression: 'ADD #n :one, #s :one SET #ttl = :expires, #entity = :entity',
        ConditionExpression: '(attribute_not_exists(#n) OR #n < :perMinute) AND (attribute_not_exists(#s) OR #s < :perSecond)',
        ExpressionAttributeNames: {
          '#n': 'requests',
          '#s': `s${second}`,
          '#ttl': TABLE.ttlAttribute,
          '#entity': TABLE.entityAttribute,
        },
        ExpressionAttributeValues: {
          ':one': N(1),
          ':perMinute': N(limit.perMinute),
          ':perSecond': N(limit.perSecond),
          ':expires': N((minute + 3) * 60),
          ':entity': S('requestRate'),
        },
        ReturnValues: 'UPDATED_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { limit, remaining: limit.perMinute - countIn(out.Attributes), resetSeconds };
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) {
      const spent = countIn(err.Item);
      const minuteSpent = spent >= limit.perMinute;
      const state = { limit, remaining: limit.perMinute - spent, resetSeconds };
      throw new RateLimitError(
        minuteSpent
          ? `This salon's plan allows ${limit.perMinute} requests a minute; retry when the minute ends.`
          : `This salon's plan allows ${limit.perSecond} requests a second; slow down.`,
        minuteSpent ? resetSeconds : 1,
        rateLimitHeaders(state),
      );
    }
    // One salon flooding its own counter key is throttled on that key alone: that is its limit too.
    if (err instanceof Error && THROTTLED.test(err.name)) {
      throw new RateLimitError(
        'Too many requests for this salon; retry shortly.',
        1,
        rateLimitHeaders({ limit, remaining: 0, resetSeconds }),
      );
    }
    throw err;
  }
}
