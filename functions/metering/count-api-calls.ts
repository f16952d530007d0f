/**
 * Subscribed to the API's access-log group: CloudWatch Logs delivers batches (gzip, base64) of the
 * JSON lines API Gateway writes, and the meter lines of the functions' own logs (metering/capacity.ts);
 * each batch becomes a few counter updates. A failure throws, and CloudWatch Logs retries the batch.
 */
import { gunzipSync } from 'node:zlib';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import { logger } from '../shared/logger';
import { type AccessLogRecord, recordApiCalls, tallyApiCalls } from '../shared/metering/api-calls';
import type { MeterLine } from '../shared/metering/capacity';

function* records(event: CloudWatchLogsEvent): Generator<AccessLogRecord | MeterLine> {
  const batch = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as {
    messageType: string;
    logEvents: Array<{ message: string }>;
  };
  if (batch.messageType !== 'DATA_MESSAGE') return;
  for (const e of batch.logEvents) {
    try {
      // Function logs also hold other lines (REPORT, the logger's): only JSON objects are records.
      const record: unknown = JSON.parse(e.message);
      if (typeof record === 'object' && record !== null) yield record as AccessLogRecord | MeterLine;
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
