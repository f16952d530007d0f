/**
 * Local API-call metering: the local gateway's access records, and the meter lines the functions
 * write (metering/capacity.ts; on AWS they reach the subscriber through the functions' logs), go
 * through the same tally and counter code the subscriber runs on AWS, flushed in small batches like
 * CloudWatch Logs delivers.
 */
import { type AccessLogRecord, recordApiCalls, tallyApiCalls } from '../functions/shared/metering/api-calls';
import { type MeterLine, setMeterSink } from '../functions/shared/metering/capacity';

export function startLocalMetering(intervalMs = 250): { record(r: AccessLogRecord | MeterLine): void; stop(): Promise<void> } {
  let pending: Array<AccessLogRecord | MeterLine> = [];
  let current: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    current = recordApiCalls(tallyApiCalls(batch)).catch((err) => console.error('[metering] failed:', err));
    await current;
  };
  const timer = setInterval(() => void flush(), intervalMs);
  // The handlers run in this process: their meter lines come here instead of stdout.
  setMeterSink((line) => pending.push(line));
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
