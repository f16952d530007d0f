import { ConflictException, CreateScheduleCommand, SchedulerClient, ThrottlingException } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createOnce, oneTimeScheduleInput } from '../../../functions/shared/scheduler/one-time';

const client = new SchedulerClient({ region: 'eu-west-3' });
const scheduler = mockClient(client);

const input = oneTimeScheduleInput({
  name: 'purge-t',
  groupName: 'g',
  at: new Date('2027-01-02T03:04:00.000Z'),
  description: 'd',
  target: {
    arn: 'arn:fn',
    roleArn: 'arn:role',
    deadLetterArn: 'arn:dlq',
    input: { tenantId: 't' },
    retries: 3,
    maxEventAgeSeconds: 60,
  },
});

describe('one-time schedules', () => {
  beforeEach(() => scheduler.reset());

  it('fire once at a UTC instant, are deleted after, and carry the retry policy and dead-letter queue', () => {
    expect(input).toEqual({
      Name: 'purge-t',
      GroupName: 'g',
      ScheduleExpression: 'at(2027-01-02T03:04:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: 'arn:fn',
        RoleArn: 'arn:role',
        Input: '{"tenantId":"t"}',
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 60 },
        DeadLetterConfig: { Arn: 'arn:dlq' },
      },
      Description: 'd',
    });
  });

  it('createOnce answers true for a new schedule and false when the name exists', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .resolvesOnce({ ScheduleArn: 'arn:s' })
      .rejectsOnce(new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }));
    expect(await createOnce(client, input)).toBe(true);
    expect(await createOnce(client, input)).toBe(false);
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input).toEqual(input);
  });

  it('createOnce throws any other error (the caller retries)', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejects(new ThrottlingException({ message: 'slow down', Message: 'slow down', $metadata: {} }));
    await expect(createOnce(client, input)).rejects.toThrow('slow down');
  });
});
