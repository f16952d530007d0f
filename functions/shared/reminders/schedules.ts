/**
 * Reminder schedules in EventBridge Scheduler: one one-time schedule per reminder, applied so that a
 * redelivered stream record converges instead of failing or doubling. Create on an existing name is
 * an Update (the earlier attempt got through); Update of a missing one is a Create (it fired and was
 * deleted, or was never made); Delete of a missing one is done. Any other error (throttling past the
 * SDK's own retries included) is thrown, so the record fails its batch and is delivered again.
 */
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { reminderScheduleConfig } from '../config';
import type { PlannedReminder, ScheduleChange } from '../domain/reminders';
import { createOnce, newSchedulerClient, oneTimeScheduleInput } from '../scheduler/one-time';

let client: SchedulerClient | undefined;

export function schedulerClient(): SchedulerClient {
  client ??= newSchedulerClient(reminderScheduleConfig().endpoint);
  return client;
}

/** Attempts (and the age past which a missed reminder is dropped) Scheduler gives the target. */
export const TARGET_RETRIES = 3;
export const TARGET_MAX_EVENT_AGE_SECONDS = 3_600;

function scheduleInput(r: PlannedReminder): CreateScheduleCommandInput {
  const c = reminderScheduleConfig();
  return oneTimeScheduleInput({
    name: r.name,
    groupName: c.groupName,
    at: r.at,
    description: `Reminder ${r.input.offset} before appointment ${r.input.appointmentId}`,
    target: {
      arn: c.targetArn,
      roleArn: c.roleArn,
      deadLetterArn: c.deadLetterArn,
      input: r.input,
      retries: TARGET_RETRIES,
      maxEventAgeSeconds: TARGET_MAX_EVENT_AGE_SECONDS,
    },
  });
}

const update = (s: SchedulerClient, r: PlannedReminder) => s.send(new UpdateScheduleCommand(scheduleInput(r)));

/** Applies one change: one Scheduler call, two only when a redelivery finds the earlier attempt's result. */
export async function applyScheduleChange(change: ScheduleChange, s: SchedulerClient = schedulerClient()): Promise<void> {
  switch (change.kind) {
    case 'create':
      // A schedule of that name exists: an earlier attempt got through, so this one updates it.
      if (!(await createOnce(s, scheduleInput(change.reminder)))) await update(s, change.reminder);
      return;
    case 'update':
      try {
        await update(s, change.reminder);
      } catch (err) {
        if (!(err instanceof ResourceNotFoundException)) throw err;
        // Gone (it fired, or was never made): made again; a conflict here is a race, thrown to retry.
        await s.send(new CreateScheduleCommand(scheduleInput(change.reminder)));
      }
      return;
    case 'delete':
      try {
        await s.send(new DeleteScheduleCommand({ Name: change.name, GroupName: reminderScheduleConfig().groupName }));
      } catch (err) {
        if (!(err instanceof ResourceNotFoundException)) throw err;
      }
      return;
  }
}
