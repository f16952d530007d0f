/**
 * Daily (EventBridge Scheduler): queues one purge per salon deleted more than the retention period ago
 * (functions/shared/purge/fan-out.ts); the purging itself is functions/schedules/purge-tenant.ts.
 */
import { logger } from '../shared/logger';
import { type FanOutResult, queueDuePurges } from '../shared/purge/fan-out';

export async function handler(): Promise<FanOutResult> {
  const result = await queueDuePurges();
  logger.info('tenant purges queued', { ...result });
  return result;
}
