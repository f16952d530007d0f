/**
 * Runs a stream batch record by record and reports the ones that failed (ReportBatchItemFailures), so
 * Lambda (or the local poller) retries from the first failure instead of the whole batch. Records are
 * independent messages or changes; a later one is still tried when an earlier one fails, and each
 * consumer is idempotent, so the retried tail does no harm. Each record's time and DynamoDB capacity
 * are metered for the salon whose item changed (metering/capacity.ts) unless the consumer says
 * `metered: false`; the batch's own overhead is not (platform overhead).
 */
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../shared/logger';
import { jobMemoryMb, measured, meterWork } from '../shared/metering/capacity';
import { errorParts } from '../shared/errors';

const TENANT_OF_PK = /^TENANT#([0-9A-HJKMNP-TV-Z]{26})(?:#|$)/;

export async function eachRecord(
  event: DynamoDBStreamEvent,
  consumer: string,
  handle: (record: DynamoDBRecord) => Promise<boolean>,
  options: { metered?: boolean } = {},
): Promise<DynamoDBBatchResponse> {
  const metered = options.metered ?? true;
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const sequence = record.dynamodb?.SequenceNumber;
    let done: boolean;
    const tenantId = TENANT_OF_PK.exec(record.dynamodb?.Keys?.PK?.S ?? '')?.[1];
    try {
      done = metered
        ? await measured(
            () => handle(record),
            (tally) => meterWork(tenantId, tally, 'job', Date.now(), jobMemoryMb()),
          )
        : await handle(record);
    } catch (err) {
      const { name, message } = errorParts(err);
      logger.error('Stream record failed', { consumer, sequence, error: name, message });
      done = false;
    }
    if (!done && sequence) batchItemFailures.push({ itemIdentifier: sequence });
  }
  return { batchItemFailures };
}

/** The item's key from a stream record (strings only, as every key of the table). */
export function recordKey(record: DynamoDBRecord): { PK: string; SK: string } | undefined {
  const keys = record.dynamodb?.Keys;
  const PK = keys?.PK?.S;
  const SK = keys?.SK?.S;
  return PK && SK ? { PK, SK } : undefined;
}
