/**
 * Table stream consumer (NEW_AND_OLD_IMAGES; appointment items `APPT#`, and the salon item's changes):
 * creates, moves and deletes each appointment's reminder schedules (functions/shared/reminders/sync.ts),
 * and re-plans a salon's upcoming appointments when its reminder settings change or it is deleted
 * (functions/shared/reminders/replan.ts).
 *
 * Records are applied in order and the batch stops at the first that fails (a Scheduler error after
 * the SDK's retries, throttling included): it is reported as the batch's failure, and Lambda (or the
 * local poller) delivers it again with everything after it, so a later change of the same appointment
 * is never applied before an earlier one. Redelivery is harmless: the calls converge (schedules.ts).
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../shared/logger';
import { streamImage } from './stream-image';
import { SALON_SK } from '../shared/db/keys';
import { type ReplanDeps, replanSalon } from '../shared/reminders/replan';
import { type SyncDeps, syncReminders } from '../shared/reminders/sync';
import { errorParts } from '../shared/errors';

const image = streamImage;

export async function syncBatch(event: DynamoDBStreamEvent, deps: SyncDeps & ReplanDeps = {}): Promise<DynamoDBBatchResponse> {
  for (const record of event.Records) {
    const sequence = record.dynamodb?.SequenceNumber ?? '';
    const [before, after] = [image(record.dynamodb?.OldImage), image(record.dynamodb?.NewImage)];
    try {
      const calls =
        record.dynamodb?.Keys?.SK?.S === SALON_SK
          ? await replanSalon(before, after, deps)
          : await syncReminders(before, after, deps);
      if (calls) logger.debug('reminder schedules synced', { sequence, calls });
    } catch (err) {
      const { name, message } = errorParts(err);
      logger.warn('reminder sync failed; the record will be delivered again', { sequence, error: name, message });
      return { batchItemFailures: [{ itemIdentifier: sequence }] };
    }
  }
  return { batchItemFailures: [] };
}

export const handler = (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => syncBatch(event);
