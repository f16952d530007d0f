/** Daily (EventBridge Scheduler): purges the tenants deleted more than the retention period ago. */
import { logger } from '../shared/logger';
import { purgeDueTenants } from '../shared/repositories/tenant-purge';

export async function handler(): Promise<{ tenants: number; items: number }> {
  const result = await purgeDueTenants();
  logger.info('deleted tenants purged', result);
  return result;
}
