/**
 * The usage-counter entity: the salon's totals (`USAGE`: users, clients, storage bytes), one item per
 * month of its calendar (`USAGE#<yyyy-mm>`: appointments, API calls) and the SMS reminders sent that month
 * (`SMS#<yyyy-mm>`). Its codec and every write of the counters: writers change a counter in the same
 * transaction as the item it counts, through these steps, whose conditions keep it within the limit.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { monthlyUsageKey, smsUsageKey, usageKey } from '../db/keys';
import { TABLE } from '../db/table';
import type { TransactItem } from '../db/transact';
import { type LimitName, isUnlimited } from '../domain/plans';
import { recordOf } from '../domain/closed-lists';
import { type Item, num } from './codec';

export { monthlyUsageKey, smsUsageKey, usageKey };

/** Maps a limit to the counter attribute that measures it. */
export const COUNTER_OF: Readonly<Record<LimitName, string>> = {
  maxUsers: 'users',
  maxClients: 'clients',
  maxStorage: 'storageBytes',
  maxAppointmentsPerMonth: 'appointments',
  maxApiCalls: 'apiCalls',
};

/**
 * A counter's value: `absent` when the item or the counter does not exist yet (counters start on their
 * first write); present and not a finite number is an error.
 */
export const usageCount = (item: Item | undefined, counter: string, absent = 0): number =>
  item?.[counter] === undefined ? absent : num(item, 'usage', counter);

/**
 * Adds `amount` to a counter only while the result stays within `limit`. Negative amounts (deletes)
 * always succeed.
 */
export function counterIncrement(key: Record<string, string>, limitName: LimitName, limit: number, amount: number) {
  const counter = COUNTER_OF[limitName];
  const bounded = amount > 0 && !isUnlimited(limit);
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'ADD #c :amount',
      ...(bounded ? { ConditionExpression: 'attribute_not_exists(#c) OR #c <= :max' } : {}),
      ExpressionAttributeNames: { '#c': counter },
      ExpressionAttributeValues: { ':amount': amount, ...(bounded ? { ':max': limit - amount } : {}) },
    },
  };
}

/** A new salon's totals: its one owner counted. */
export const newUsagePut = (table: string, tenantId: string): TransactItem => ({
  Put: {
    TableName: table,
    Item: { ...usageKey(tenantId), [TABLE.entityAttribute]: 'usage', users: 1, clients: 0, storageBytes: 0 },
  },
});

/**
 * What the metering adds to a month's usage item after the fact (metering/api-calls.ts, from the access
 * logs and the functions' meter lines), never bounded, and what the cost estimate reads back
 * (domain/costs.ts): the one list of them, for the tally, its write and the read.
 */
export const METERED_COUNTERS = [
  /** API calls that reached a handler; those to routes that write the table, and that use the KMS data key. */
  'apiCalls',
  'writeCalls',
  'kmsCalls',
  /** Sum of the calls' integration latency (ms): their Lambda time. */
  'integrationMs',
  /** DynamoDB units the API requests' functions measured, then the per-salon jobs'. Can be halves. */
  'readUnits',
  'writeUnits',
  'jobReadUnits',
  'jobWriteUnits',
  /** API requests that reported their capacity, and DynamoDB calls that reported none (priced by the model). */
  'measuredCalls',
  'unmeasuredDbCalls',
  /** Per-salon job runs (stream records, reminders) and their memory (MB) x milliseconds. */
  'jobRuns',
  'jobMbMs',
] as const;

export type MeteredCounter = (typeof METERED_COUNTERS)[number];
export type MeteredCounts = Record<MeteredCounter, number>;

const meteredOf = (value: (counter: MeteredCounter) => number): MeteredCounts => recordOf(METERED_COUNTERS, value);

/** A month with nothing metered yet (the tally's start). */
export const noMeteredCounts = (): MeteredCounts => meteredOf(() => 0);

/** The metered counters of a monthly usage item (absent counters are 0). */
export const meteredCounts = (month: Item | undefined): MeteredCounts => meteredOf((c) => usageCount(month, c));

/** Adds a tally of metered counters to the month's item, in one update. */
export const apiCallsAdded = (table: string, tenantId: string, month: string, t: MeteredCounts) => ({
  TableName: table,
  Key: monthlyUsageKey(tenantId, month),
  UpdateExpression: `ADD ${METERED_COUNTERS.map((c) => `${c} :${c}`).join(', ')} SET #entity = :entity`,
  ExpressionAttributeNames: { '#entity': TABLE.entityAttribute },
  ExpressionAttributeValues: {
    // Measured units can be halves (eventually consistent reads): kept to the thousandth.
    ...Object.fromEntries(METERED_COUNTERS.map((c) => [`:${c}`, Math.round(t[c] * 1000) / 1000])),
    ':entity': 'usage',
  },
});

/** One message (email or SMS) more sent this month: in the transaction that marks it sent. */
export const messageSentAdded = (table: string, tenantId: string, month: string, channel: 'email' | 'sms'): TransactItem => ({
  Update: {
    TableName: table,
    Key: monthlyUsageKey(tenantId, month),
    UpdateExpression: 'ADD #c :one SET #entity = :entity',
    ExpressionAttributeNames: { '#c': channel === 'sms' ? 'smsSent' : 'emailsSent', '#entity': TABLE.entityAttribute },
    ExpressionAttributeValues: { ':one': 1, ':entity': 'usage' },
  },
});

/** One reminder fired this month (one EventBridge Scheduler invocation): in the reminder's own transaction. */
export const reminderFiredAdded = (table: string, tenantId: string, month: string): TransactItem => ({
  Update: {
    TableName: table,
    Key: monthlyUsageKey(tenantId, month),
    UpdateExpression: 'ADD remindersFired :one SET #entity = :entity',
    ExpressionAttributeNames: { '#entity': TABLE.entityAttribute },
    ExpressionAttributeValues: { ':one': 1, ':entity': 'usage' },
  },
});

/** One SMS reminder more this month, within the plan's budget. */
export const smsSentAdded = (table: string, tenantId: string, month: string, budget: number): TransactItem => ({
  Update: {
    TableName: table,
    Key: smsUsageKey(tenantId, month),
    UpdateExpression: 'SET #entity = :entity ADD sent :one',
    ConditionExpression: 'attribute_not_exists(sent) OR sent < :budget',
    ExpressionAttributeNames: { '#entity': TABLE.entityAttribute },
    ExpressionAttributeValues: { ':entity': 'smsUsage', ':one': 1, ':budget': budget },
  },
});

/** One consistent Get of the salon's totals: a counter's value (`absent` when not counted yet). */
export async function totalsCount(db: DynamoDBDocumentClient, tenantId: string, counter: string, absent = 0): Promise<number> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: usageKey(tenantId), ConsistentRead: true }));
  return usageCount(out.Item, counter, absent);
}
