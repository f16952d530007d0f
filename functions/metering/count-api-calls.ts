/**
 * Subscribed to the API's access-log group: CloudWatch Logs delivers batches (gzip, base64) of the
 * JSON lines API Gateway writes; each batch becomes a few counter updates. A failure throws, and
 * CloudWatch Logs retries the batch.
 */
import { gunzipSync } from 'node:zlib';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import { logger } from '../shared/logger';
import { type AccessLogRecord, recordApiCalls, tallyApiCalls } from '../shared/metering/api-calls';

function* records(event: CloudWatchLogsEvent): Generator<AccessLogRecord> {
  const batch = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as {
    messageType: string;
    logEvents: Array<{ message: string }>;
  };
  if (batch.messageType !== 'DATA_MESSAGE') return;
  for (const e of batch.logEvents) {
    try {
      yield JSON.parse(e.message) as AccessLogRecord;
    } catch {
      logger.warn('unparsable access-log line skipped');
    }
  }
}

export async function handler(event: CloudWatchLogsEvent): Promise<void> {
  const tally = tallyApiCalls(records(event));
  const updates = await recordApiCalls(tally);
  logger.info('api calls metered', { tenants: tally.size, updates });
}
