/**
 * Table stream consumer (NEW_AND_OLD_IMAGES, appointment items `APPT#` only): creates, moves and
 * deletes each appointment's reminder schedules (functions/shared/reminders/sync.ts).
 *
 * Records are applied in order and the batch stops at the first that fails (a Scheduler error after
 * the SDK's retries, throttling included): it is reported as the batch's failure, and Lambda (or the
 * local poller) delivers it again with everything after it, so a later change of the same appointment
 * is never applied before an earlier one. Redelivery is harmless: the calls converge (schedules.ts).
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../shared/logger';
import { type SyncDeps, syncReminders } from '../shared/reminders/sync';

type StreamImage = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

const image = (i: StreamImage | undefined) => (i ? unmarshall(i as Record<string, AttributeValue>) : undefined);

export async function syncBatch(event: DynamoDBStreamEvent, deps: SyncDeps = {}): Promise<DynamoDBBatchResponse> {
  for (const record of event.Records) {
    const sequence = record.dynamodb?.SequenceNumber ?? '';
    try {
      const calls = await syncReminders(image(record.dynamodb?.OldImage), image(record.dynamodb?.NewImage), deps);
      if (calls) logger.debug('reminder schedules synced', { sequence, calls });
    } catch (err) {
      const e = err as Error;
      logger.warn('reminder sync failed; the record will be delivered again', { sequence, error: e.name, message: e.message });
      return { batchItemFailures: [{ itemIdentifier: sequence }] };
    }
  }
  return { batchItemFailures: [] };
}

export const handler = (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => syncBatch(event);
