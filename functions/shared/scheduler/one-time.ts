/**
 * One-time EventBridge Scheduler schedules, as the purge fan-out and the reminders make them: at a UTC
 * instant, no flexible window, deleted after they fire, with the target's retry policy and dead-letter
 * queue. The schedule's name is what makes creating it idempotent: `createOnce` answers false when a
 * schedule of that name exists (Scheduler's ConflictException), and each caller decides what that means.
 */
import {
  ActionAfterCompletion,
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  FlexibleTimeWindowMode,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { awsConfig } from '../config';
import { atExpression } from '../domain/reminders';

export interface OneTimeSchedule {
  name: string;
  groupName: string;
  at: Date;
  description: string;
  target: {
    arn: string;
    roleArn: string;
    deadLetterArn: string;
    /** The event the target gets (JSON). */
    input: unknown;
    retries: number;
    maxEventAgeSeconds: number;
  };
}

export function oneTimeScheduleInput(s: OneTimeSchedule): CreateScheduleCommandInput {
  return {
    Name: s.name,
    GroupName: s.groupName,
    ScheduleExpression: atExpression(s.at),
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: FlexibleTimeWindowMode.OFF },
    ActionAfterCompletion: ActionAfterCompletion.DELETE,
    Target: {
      Arn: s.target.arn,
      RoleArn: s.target.roleArn,
      Input: JSON.stringify(s.target.input),
      RetryPolicy: { MaximumRetryAttempts: s.target.retries, MaximumEventAgeInSeconds: s.target.maxEventAgeSeconds },
      DeadLetterConfig: { Arn: s.target.deadLetterArn },
    },
    Description: s.description,
  };
}

/** Creates the schedule; false when one of that name already exists. Any other error is thrown. */
export async function createOnce(client: SchedulerClient, input: CreateScheduleCommandInput): Promise<boolean> {
  try {
    await client.send(new CreateScheduleCommand(input));
    return true;
  } catch (err) {
    if (err instanceof ConflictException) return false;
    throw err;
  }
}

/** A Scheduler client for the app's region, on the local scheduler's endpoint when one is configured. */
export const newSchedulerClient = (endpoint: string | undefined): SchedulerClient =>
  new SchedulerClient({ region: awsConfig().region, ...(endpoint ? { endpoint } : {}) });
