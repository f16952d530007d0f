/**
 * Local API-call metering: the local gateway's access records go through the same tally and counter
 * code the access-log subscriber runs on AWS, flushed in small batches like CloudWatch Logs delivers.
 */
import { type AccessLogRecord, recordApiCalls, tallyApiCalls } from '../functions/shared/metering/api-calls';

export function startLocalMetering(intervalMs = 250): { record(r: AccessLogRecord): void; stop(): Promise<void> } {
  let pending: AccessLogRecord[] = [];
  let current: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    current = recordApiCalls(tallyApiCalls(batch)).catch((err) => console.error('[metering] failed:', err));
    await current;
  };
  const timer = setInterval(() => void flush(), intervalMs);
  return {
    record: (r) => {
      pending.push(r);
    },
    async stop() {
      clearInterval(timer);
      await current;
      await flush();
    },
  };
}
