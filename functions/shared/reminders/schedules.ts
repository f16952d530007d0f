/**
 * Reminder schedules in EventBridge Scheduler: one one-time schedule per reminder, applied so that a
 * redelivered stream record converges instead of failing or doubling. Create on an existing name is
 * an Update (the earlier attempt got through); Update of a missing one is a Create (it fired and was
 * deleted, or was never made); Delete of a missing one is done. Any other error (throttling past the
 * SDK's own retries included) is thrown, so the record fails its batch and is delivered again.
 */
import {
  ActionAfterCompletion,
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  FlexibleTimeWindowMode,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { awsConfig, reminderScheduleConfig } from '../config';
import { type PlannedReminder, type ScheduleChange, atExpression } from '../domain/reminders';

let client: SchedulerClient | undefined;

export function schedulerClient(): SchedulerClient {
  if (!client) {
    const { endpoint } = reminderScheduleConfig();
    client = new SchedulerClient({ region: awsConfig().region, ...(endpoint ? { endpoint } : {}) });
  }
  return client;
}

/** Attempts (and the age past which a missed reminder is dropped) Scheduler gives the target. */
export const TARGET_RETRIES = 3;
export const TARGET_MAX_EVENT_AGE_SECONDS = 3_600;

function scheduleInput(r: PlannedReminder): CreateScheduleCommandInput {
  const c = reminderScheduleConfig();
  return {
    Name: r.name,
    GroupName: c.groupName,
    ScheduleExpression: atExpression(r.at),
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: FlexibleTimeWindowMode.OFF },
    ActionAfterCompletion: ActionAfterCompletion.DELETE,
    Target: {
      Arn: c.targetArn,
      RoleArn: c.roleArn,
      Input: JSON.stringify(r.input),
      RetryPolicy: { MaximumRetryAttempts: TARGET_RETRIES, MaximumEventAgeInSeconds: TARGET_MAX_EVENT_AGE_SECONDS },
      DeadLetterConfig: { Arn: c.deadLetterArn },
    },
    Description: `Reminder ${r.input.offset} before appointment ${r.input.appointmentId}`,
  };
}

const create = (s: SchedulerClient, r: PlannedReminder) => s.send(new CreateScheduleCommand(scheduleInput(r)));
const update = (s: SchedulerClient, r: PlannedReminder) => s.send(new UpdateScheduleCommand(scheduleInput(r)));

/** Applies one change: one Scheduler call, two only when a redelivery finds the earlier attempt's result. */
export async function applyScheduleChange(change: ScheduleChange, s: SchedulerClient = schedulerClient()): Promise<void> {
  switch (change.kind) {
    case 'create':
      try {
        await create(s, change.reminder);
      } catch (err) {
        if (!(err instanceof ConflictException)) throw err;
        await update(s, change.reminder);
      }
      return;
    case 'update':
      try {
        await update(s, change.reminder);
      } catch (err) {
        if (!(err instanceof ResourceNotFoundException)) throw err;
        await create(s, change.reminder);
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
