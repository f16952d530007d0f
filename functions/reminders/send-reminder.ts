/**
 * EventBridge Scheduler target: one reminder of one appointment (the schedule's Input). Sends only if
 * the send-time check holds (functions/shared/reminders/send.ts); a malformed Input is logged and
 * dropped, since retrying it cannot help. Other errors throw: Scheduler retries, then dead-letters.
 * Its time and DynamoDB capacity are metered for the salon (metering/capacity.ts).
 */
import { logger } from '../shared/logger';
import { jobMemoryMb, measured, meterWork } from '../shared/metering/capacity';
import { type ReminderOutcome, parseReminderInput, sendReminder } from '../shared/reminders/send';

export async function handler(event: unknown): Promise<ReminderOutcome | { outcome: 'invalid' }> {
  const input = parseReminderInput(event);
  if (!input) {
    logger.error('reminder input refused');
    return { outcome: 'invalid' };
  }
  const result = await measured(
    () => sendReminder(input),
    (tally) => meterWork(input.tenantId, tally, 'job', Date.now(), jobMemoryMb()),
  );
  logger.info('reminder', { tenantId: input.tenantId, appointmentId: input.appointmentId, offset: input.offset, ...result });
  return result;
}
