/**
 * The stream consumer against the Scheduler stand-in, with synthetic stream records (images marshalled
 * as DynamoDB Streams carries them) and a middleware that counts the Scheduler calls on the client.
 */
import { GetScheduleCommand, ListSchedulesCommand, type SchedulerClient, ThrottlingException } from '@aws-sdk/client-scheduler';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ReminderSettings } from '../../../functions/shared/domain/reminders';
import { syncBatch } from '../../../functions/streams/sync-reminders';
import { type CountingScheduler, countingScheduler } from '../../support/scheduler';

const GROUP = 'test-reminders';
const NOW = new Date('2027-06-01T00:00:00Z');
const settings = async (): Promise<ReminderSettings> => ({ timezone: 'Europe/Paris' });

let stub: CountingScheduler;
let client: SchedulerClient;

beforeAll(async () => {
  // One attempt: throttling past the SDK's own retries is what the batch failure path is for.
  stub = await countingScheduler(GROUP, {
    maxAttempts: 1,
    failure: () =>
      new ThrottlingException({ message: 'Rate exceeded', Message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }),
  });
  client = stub.client;
});
afterAll(() => stub.stop());
beforeEach(() => stub.reset());

let seq = 0;
const item = (id: string, over: Record<string, unknown> = {}) => ({
  PK: 'TENANT#t1',
  SK: `APPT#${id}`,
  entity: 'appointment',
  appointmentId: id,
  clientId: '01JDQ00000000000000000C11E',
  staffId: '01JDQ00000000000000000STAF',
  start: '2027-06-10T09:00:00+02:00',
  end: '2027-06-10T10:00:00+02:00',
  status: 'scheduled',
  version: 1,
  ...over,
});
type Img = Record<string, unknown> | undefined;
function record(oldImage: Img, newImage: Img): DynamoDBRecord {
  seq++;
  const eventName = !oldImage ? 'INSERT' : !newImage ? 'REMOVE' : 'MODIFY';
  const img = (i: Img) => (i ? (marshall(i) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage']) : undefined);
  return {
    eventName,
    dynamodb: {
      Keys: img({ PK: (newImage ?? oldImage)?.PK, SK: (newImage ?? oldImage)?.SK }),
      ...(oldImage ? { OldImage: img(oldImage) } : {}),
      ...(newImage ? { NewImage: img(newImage) } : {}),
      SequenceNumber: String(seq).padStart(21, '0'),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}
const batch = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });
const sync = (event: DynamoDBStreamEvent) => syncBatch(event, { scheduler: client, settings, now: NOW });
const schedulesOf = async (id: string) => {
  const out = await client.send(new ListSchedulesCommand({ GroupName: GROUP, NamePrefix: `rem-${id}` }));
  return (out.Schedules ?? []).map((s) => s.Name);
};
const expressionOf = async (name: string) =>
  (await client.send(new GetScheduleCommand({ Name: name, GroupName: GROUP }))).ScheduleExpression;

describe('sync-reminders (stream records -> Scheduler)', () => {
  it('creates one schedule per reminder on booking, with exactly one call each', async () => {
    const id = '01JDQ0000000000000000000A1';
    expect(await sync(batch(record(undefined, item(id))))).toEqual({ batchItemFailures: [] });
    // The counting list calls below are not counted in `calls` before this line.
    expect(stub.calls).toEqual({ CreateScheduleCommand: 2 });
    expect(await schedulesOf(id)).toEqual([`rem-${id}-PT24H`, `rem-${id}-PT2H`]);
    const s = await client.send(new GetScheduleCommand({ Name: `rem-${id}-PT24H`, GroupName: GROUP }));
    expect(s).toMatchObject({
      ScheduleExpression: 'at(2027-06-09T07:00:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: { RetryPolicy: { MaximumRetryAttempts: 3 }, DeadLetterConfig: { Arn: 'arn:aws:sqs:local:000000000000:dlq' } },
    });
    expect(JSON.parse(String(s.Target?.Input))).toEqual({
      tenantId: 't1',
      appointmentId: id,
      offset: 'PT24H',
      start: '2027-06-10T09:00:00+02:00',
      channel: 'email',
    });
  });

  it('moves the schedules on reschedule and deletes them on cancel, no-show and deletion: one call per reminder', async () => {
    const ids = ['01JDQ0000000000000000000B1', '01JDQ0000000000000000000B2', '01JDQ0000000000000000000B3'];
    await sync(batch(...ids.map((id) => record(undefined, item(id)))));
    stub.clearCalls();
    const moved = item(ids[0] as string, { start: '2027-06-12T15:00:00+02:00', version: 2 });
    await sync(batch(record(item(ids[0] as string), moved)));
    expect(stub.calls).toEqual({ UpdateScheduleCommand: 2 });
    expect(await expressionOf(`rem-${ids[0]}-PT24H`)).toBe('at(2027-06-11T13:00:00)');
    expect(await expressionOf(`rem-${ids[0]}-PT2H`)).toBe('at(2027-06-12T11:00:00)');

    stub.clearCalls();
    await sync(
      batch(
        record(moved, { ...moved, status: 'cancelled' }),
        record(item(ids[1] as string), item(ids[1] as string, { status: 'no_show' })),
        record(item(ids[2] as string), undefined),
      ),
    );
    expect(stub.calls).toEqual({ DeleteScheduleCommand: 6 });
    for (const id of ids) expect(await schedulesOf(id)).toEqual([]);
  });

  it('makes no call for a change reminders do not read, and none for a pending hold until it is confirmed', async () => {
    const id = '01JDQ0000000000000000000C1';
    const pending = item(id, { status: 'pending', holdExpiresAt: '2027-06-01T00:30:00Z' });
    await sync(batch(record(undefined, pending)));
    expect(stub.calls).toEqual({});
    const confirmed = item(id, { status: 'scheduled', version: 2 });
    await sync(batch(record(pending, confirmed), record(confirmed, { ...confirmed, notes: 'x', manageTokenHashes: ['ab'] })));
    expect(stub.calls).toEqual({ CreateScheduleCommand: 2 });
  });

  it('converges when a record is delivered again: no error, no second schedule', async () => {
    const id = '01JDQ0000000000000000000D1';
    const insert = record(undefined, item(id));
    await sync(batch(insert));
    stub.clearCalls();
    expect(await sync(batch(insert))).toEqual({ batchItemFailures: [] });
    // Each create finds its schedule (ConflictException) and updates it to the same content.
    expect(stub.calls).toEqual({ CreateScheduleCommand: 2, UpdateScheduleCommand: 2 });
    const cancel = record(item(id), item(id, { status: 'cancelled' }));
    await sync(batch(cancel));
    expect(await sync(batch(cancel))).toEqual({ batchItemFailures: [] });
    expect(await schedulesOf(id)).toEqual([]);
  });

  it('retries Scheduler throttling by failing the record and its tail; redelivered, nothing is lost or doubled', async () => {
    const [a, b] = ['01JDQ0000000000000000000E1', '01JDQ0000000000000000000E2'];
    const first = record(undefined, item(a));
    const second = record(undefined, item(b));
    const third = record(item(a), item(a, { start: '2027-06-11T09:00:00+02:00', version: 2 }));
    // The second call (a's 2 h reminder) is throttled: the batch stops at the first record.
    stub.failOn(2);
    const failed = await sync(batch(first, second, third));
    expect(failed).toEqual({ batchItemFailures: [{ itemIdentifier: first.dynamodb?.SequenceNumber }] });
    expect(stub.calls).toEqual({ CreateScheduleCommand: 2 });
    expect(await schedulesOf(b)).toEqual([]);
    // Lambda delivers the failed record again with everything after it.
    stub.clearCalls();
    expect(await sync(batch(first, second, third))).toEqual({ batchItemFailures: [] });
    // a's 24 h create finds its schedule (Conflict -> Update), then a's 2 h, b's two, and a's move.
    expect(stub.calls).toEqual({ CreateScheduleCommand: 4, UpdateScheduleCommand: 3 });
    expect(await schedulesOf(a)).toEqual([`rem-${a}-PT24H`, `rem-${a}-PT2H`]);
    expect(await schedulesOf(b)).toEqual([`rem-${b}-PT24H`, `rem-${b}-PT2H`]);
    expect(await expressionOf(`rem-${a}-PT24H`)).toBe('at(2027-06-10T07:00:00)');
  });
});
