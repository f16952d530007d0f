/**
 * Hourly (EventBridge Scheduler): rotates the salons whose current data key is older than
 * KEY_ROTATION_MAX_AGE_DAYS and drives every re-encryption not done to its next stop (done, waiting for
 * `quietAfter`, or the deadline), from its checkpoint. Runs are idempotent: one an hour later finds no
 * salon due that was rotated, and jobs resume where they were.
 */
import type { Context } from 'aws-lambda';
import { logger } from '../shared/logger';
import { type MaintenanceResult, maintainKeys } from '../shared/repositories/key-rotation';

const MARGIN_MS = 30_000;

export async function handler(_event: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<MaintenanceResult> {
  const deadline = context ? new Date(Date.now() + context.getRemainingTimeInMillis() - MARGIN_MS) : undefined;
  const result = await maintainKeys(deadline ? { deadline } : {});
  logger.info('data keys maintained', { ...result });
  return result;
}
