/** The purge fan-out's fixed terms, shared by the fan-out (functions/shared/purge/fan-out.ts) and CDK. */

/** Scheduler's further attempts at one salon's invocation, and how long it (and Lambda's async queue) keeps trying. */
export const PURGE_TARGET_RETRIES = 2;
export const PURGE_TARGET_MAX_EVENT_AGE_SECONDS = 6 * 3600;

/** What the worker receives. */
export interface PurgeMessage {
  tenantId: string;
}

/** One schedule per salon, so queueing twice is refused by name: 6 + 26 characters, within Scheduler's 64. */
export const purgeScheduleName = (tenantId: string): string => `purge-${tenantId}`;
