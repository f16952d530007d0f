/** Stream consumer: each outbox INSERT is one message to deliver (functions/shared/mail/deliver.ts). */
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { outboxImageExpiry } from '../shared/entities/outbox';
import { deliverMessage } from '../shared/mail/deliver';
import { awsSenders } from '../shared/mail/senders';
import { STREAM_CONSUMERS } from './consumers';
import { eachRecord, recordKey } from './stream-batch';

export const filters = STREAM_CONSUMERS.deliverMessages.filters;

export async function handler(event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> {
  // Leave a margin of the invocation for the writes after a wait on a lease.
  const deadline = context ? Date.now() + context.getRemainingTimeInMillis() - 5_000 : undefined;
  return eachRecord(event, 'deliverMessages', async (record) => {
    const key = recordKey(record);
    if (!key) return true;
    const expiresAt = outboxImageExpiry(record.dynamodb?.NewImage);
    const outcome = await deliverMessage(
      key,
      { senders: awsSenders, ...(deadline ? { deadline } : {}) },
      expiresAt !== undefined ? { expiresAt } : {},
    );
    return outcome !== 'retry';
  });
}
