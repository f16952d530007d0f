/** The Scheduler stand-in through the real SDK: the wire protocol, the service's errors, and firing. */
import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalScheduler, startScheduler } from '../../../local/emulators/scheduler';
import { provisionScheduleGroup } from '../../../local/provision';

const GROUP = 'g1';
let scheduler: LocalScheduler;
let client: SchedulerClient;
const invoked: Array<{ arn: string; input: unknown }> = [];
const file = join(mkdtempSync(join(tmpdir(), 'scheduler-')), 'schedules.json');

const schedule = (name: string, at: string, extra: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput => ({
  Name: name,
  GroupName: GROUP,
  ScheduleExpression: `at(${at})`,
  ScheduleExpressionTimezone: 'UTC',
  FlexibleTimeWindow: { Mode: 'OFF' },
  ActionAfterCompletion: 'DELETE',
  Target: { Arn: 'arn:ok', RoleArn: 'arn:role', Input: JSON.stringify({ name }), RetryPolicy: { MaximumRetryAttempts: 2 } },
  ...extra,
});
const fireDue = async (now: string) => {
  const res = await fetch(`${scheduler.endpoint}/_local/fire-due`, { method: 'POST', body: JSON.stringify({ now }) });
  return (await res.json()) as { fired: string[] };
};

beforeAll(async () => {
  scheduler = await startScheduler({
    port: 0,
    file,
    tickMs: 60_000,
    invoke: async (arn, input) => {
      invoked.push({ arn, input });
      if (arn === 'arn:fails') throw new Error('target failed');
    },
  });
  client = new SchedulerClient({
    endpoint: scheduler.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  await provisionScheduleGroup(scheduler.endpoint, GROUP);
  await provisionScheduleGroup(scheduler.endpoint, GROUP);
});
afterAll(async () => {
  client.destroy();
  await scheduler.stop();
});

describe('local Scheduler stand-in', () => {
  it('creates, reads, updates, lists and deletes schedules, answering errors as the service does', async () => {
    const out = await client.send(new CreateScheduleCommand(schedule('a.1', '2040-01-01T10:00:00')));
    expect(out.ScheduleArn).toBe('arn:aws:scheduler:local:000000000000:schedule/g1/a.1');
    await expect(client.send(new CreateScheduleCommand(schedule('a.1', '2040-01-01T10:00:00')))).rejects.toBeInstanceOf(
      ConflictException,
    );
    await client.send(new UpdateScheduleCommand(schedule('a.1', '2040-01-02T10:00:00')));
    const got = await client.send(new GetScheduleCommand({ Name: 'a.1', GroupName: GROUP }));
    expect(got).toMatchObject({ Name: 'a.1', GroupName: GROUP, ScheduleExpression: 'at(2040-01-02T10:00:00)', State: 'ENABLED' });
    expect(got.CreationDate).toBeInstanceOf(Date);
    await expect(client.send(new UpdateScheduleCommand(schedule('nope', '2040-01-01T10:00:00')))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(client.send(new GetScheduleCommand({ Name: 'a.1', GroupName: 'other' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(client.send(new CreateScheduleCommand(schedule('bad name!', '2040-01-01T10:00:00')))).rejects.toBeInstanceOf(
      ValidationException,
    );
    await expect(
      client.send(new CreateScheduleCommand({ ...schedule('x', '2040-01-01T10:00:00'), ScheduleExpression: 'at(tomorrow)' })),
    ).rejects.toBeInstanceOf(ValidationException);

    for (const n of ['b1', 'b2', 'b3']) await client.send(new CreateScheduleCommand(schedule(n, '2040-01-01T10:00:00')));
    const page1 = await client.send(new ListSchedulesCommand({ GroupName: GROUP, NamePrefix: 'b', MaxResults: 2 }));
    expect(page1.Schedules?.map((s) => s.Name)).toEqual(['b1', 'b2']);
    const page2 = await client.send(new ListSchedulesCommand({ GroupName: GROUP, NamePrefix: 'b', NextToken: page1.NextToken }));
    expect(page2.Schedules?.map((s) => s.Name)).toEqual(['b3']);
    await client.send(new DeleteScheduleCommand({ Name: 'b1', GroupName: GROUP }));
    await expect(client.send(new DeleteScheduleCommand({ Name: 'b1', GroupName: GROUP }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('fires what is due at or before the instant given, once, and deletes it after (ActionAfterCompletion DELETE)', async () => {
    await client.send(new CreateScheduleCommand(schedule('due.1', '2031-05-01T08:00:00')));
    await client.send(new CreateScheduleCommand(schedule('due.2', '2031-05-01T09:00:00')));
    await client.send(new CreateScheduleCommand(schedule('kept', '2031-05-01T08:00:00', { ActionAfterCompletion: 'NONE' })));
    invoked.length = 0;
    expect((await fireDue('2031-05-01T07:59:59Z')).fired).toEqual([]);
    expect((await fireDue('2031-05-01T08:00:00Z')).fired.sort()).toEqual(['due.1', 'kept']);
    expect(invoked.map((i) => i.input)).toContainEqual({ name: 'due.1' });
    await expect(client.send(new GetScheduleCommand({ Name: 'due.1', GroupName: GROUP }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    expect((await client.send(new GetScheduleCommand({ Name: 'kept', GroupName: GROUP }))).State).toBe('DISABLED');
    expect((await fireDue('2031-05-01T08:30:00Z')).fired).toEqual([]);
    expect((await fireDue('2031-05-01T09:00:00Z')).fired).toEqual(['due.2']);
  });

  it('retries a failing target per its retry policy, then dead-letters it', async () => {
    await client.send(
      new CreateScheduleCommand(
        schedule('fails', '2032-01-01T00:00:00', {
          Target: { Arn: 'arn:fails', RoleArn: 'arn:role', Input: '{"n":1}', RetryPolicy: { MaximumRetryAttempts: 2 } },
        }),
      ),
    );
    invoked.length = 0;
    await fireDue('2032-01-01T00:00:00Z');
    expect(invoked).toHaveLength(3);
    expect(scheduler.deadLetters).toContainEqual({ name: 'fails', input: { n: 1 }, error: 'target failed' });
  });

  it('keeps its schedules in the data folder across a restart', async () => {
    const again = await startScheduler({ port: 0, file, tickMs: 60_000, invoke: async () => undefined });
    const c = new SchedulerClient({
      endpoint: again.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    expect((await c.send(new GetScheduleCommand({ Name: 'a.1', GroupName: GROUP }))).ScheduleExpression).toBe(
      'at(2040-01-02T10:00:00)',
    );
    c.destroy();
    await again.stop();
  });
});
