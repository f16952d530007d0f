/**
 * Re-planning a salon's upcoming reminders from the salon item's change record: the Scheduler
 * stand-in holds the schedules, the salon timeline (GSI1) is a mocked Query, and the Scheduler calls
 * are counted on the client.
 */
import { ListSchedulesCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { replanSalon, sameReminderRules } from '../../../functions/shared/reminders/replan';
import { syncBatch } from '../../../functions/streams/sync-reminders';
import { type CountingScheduler, countingScheduler } from '../../support/scheduler';
import { STREAM_CONSUMERS, matchesAny } from '../../../functions/streams/consumers';

const GROUP = 'test-replan';
const NOW = new Date('2027-06-01T00:00:00Z');
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddb = mockClient(db);

let stub: CountingScheduler;
let client: SchedulerClient;

beforeAll(async () => {
  process.env.TABLE_NAME = 'test-table';
  stub = await countingScheduler(GROUP);
  client = stub.client;
});
afterAll(() => stub.stop());
beforeEach(() => {
  stub.reset();
  ddb.reset();
});

const salon = (settings: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  PK: 'TENANT#t1',
  SK: 'SALON',
  entity: 'salon',
  name: 'Salon',
  settings: { timezone: 'Europe/Paris', locale: 'fr-FR', ...settings },
  ...over,
});
const appointment = (id: string, start: string, status = 'scheduled') => ({
  PK: 'TENANT#t1',
  SK: `APPT#${id}`,
  appointmentId: id,
  start,
  status,
  GSI1PK: 'TENANT#t1#APPTS',
  GSI1SK: `${new Date(start).toISOString()}#${id}`,
});
const A = '01JDQ0000000000000000000B1';
const B = '01JDQ0000000000000000000B2';
const C = '01JDQ0000000000000000000B3';
/** Two pages of the timeline: the re-plan must read both. */
function timeline() {
  ddb
    .on(QueryCommand)
    .callsFake((input: { ExclusiveStartKey?: unknown }) =>
      input.ExclusiveStartKey
        ? { Items: [appointment(B, '2027-06-12T15:00:00+02:00'), appointment(C, '2027-06-12T16:00:00+02:00', 'cancelled')] }
        : { Items: [appointment(A, '2027-06-10T09:00:00+02:00')], LastEvaluatedKey: { PK: 'x', SK: 'y' } },
    );
}
const names = async () =>
  ((await client.send(new ListSchedulesCommand({ GroupName: GROUP }))).Schedules ?? []).map((s) => s.Name).sort();
const replan = (before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined) =>
  replanSalon(before, after, { db, scheduler: client, now: NOW });

describe('re-planning reminders when the salon changes', () => {
  it('changes that move no reminder (address, name, locale) read nothing and call nothing', async () => {
    expect(await replan(salon({}), salon({ address: '2 rue X', locale: 'en-GB' }, { name: 'Other' }))).toBe(0);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
    expect(stub.calls).toEqual({});
    expect(
      sameReminderRules(
        { timezone: 'UTC' },
        {
          timezone: 'UTC',
          reminders: [
            { before: 'PT24H', channel: 'email' },
            { before: 'PT2H', channel: 'sms' },
          ],
        },
      ),
    ).toBe(true);
  });

  it('an added offset reaches the open appointments ahead, one create each, reading every page from now on', async () => {
    timeline();
    const before = salon({});
    const after = salon({
      reminders: [
        { before: 'P2D', channel: 'email' },
        { before: 'PT24H', channel: 'email' },
        { before: 'PT2H', channel: 'sms' },
      ],
    });
    // From an empty group: the defaults' schedules first, as the appointment sync made them.
    await replan(salon({ reminders: [] }), before);
    stub.clearCalls();
    timeline();
    expect(await replan(before, after)).toBe(2);
    expect(stub.calls).toEqual({ CreateScheduleCommand: 2 });
    const query = ddb.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(query).toMatchObject({
      IndexName: 'GSI1',
      ExpressionAttributeValues: { ':pk': 'TENANT#t1#APPTS', ':now': NOW.toISOString() },
    });
    expect(await names()).toEqual([A, B].flatMap((id) => [`rem-${id}-P2D`, `rem-${id}-PT24H`, `rem-${id}-PT2H`]).sort());
  });

  it('quiet hours move the schedules due inside them; a removed offset deletes its schedules; redelivery converges', async () => {
    const three = [
      { before: 'P2D', channel: 'email' },
      { before: 'PT24H', channel: 'email' },
      { before: 'PT2H', channel: 'sms' },
    ];
    timeline();
    // A at 09:00 Paris: its 2 h reminder (07:00) falls in 20:00-08:00 quiet hours and moves to 20:00 the day before.
    expect(
      await replan(salon({ reminders: three }), salon({ reminders: three, quietHours: { start: '20:00', end: '08:00' } })),
    ).toBe(1);
    expect(stub.calls).toEqual({ UpdateScheduleCommand: 1 });
    stub.clearCalls();
    for (let i = 0; i < 2; i++) {
      timeline();
      expect(await replan(salon({ reminders: three }), salon({ reminders: three.slice(1) }))).toBe(2);
    }
    // The second run found them gone: Delete of a missing schedule is done, not an error.
    expect(stub.calls).toEqual({ DeleteScheduleCommand: 4 });
    expect(await names()).toEqual([A, B].flatMap((id) => [`rem-${id}-PT24H`, `rem-${id}-PT2H`]).sort());
  });

  it('a deleted salon leaves no schedule to fire', async () => {
    timeline();
    expect(await replan(salon({}), salon({}, { deletedAt: '2027-06-01T00:00:00Z' }))).toBe(4);
    expect(stub.calls).toEqual({ DeleteScheduleCommand: 4 });
    expect(await names()).toEqual([]);
  });

  it('the stream consumer takes the salon item and sends it to the re-plan, not to the appointment sync', async () => {
    const rec = (oldImage: Record<string, unknown>, newImage: Record<string, unknown>): DynamoDBRecord => ({
      eventName: 'MODIFY',
      dynamodb: {
        Keys: marshall({ PK: 'TENANT#t1', SK: 'SALON' }) as NonNullable<DynamoDBRecord['dynamodb']>['Keys'],
        OldImage: marshall(oldImage, { removeUndefinedValues: true }) as NonNullable<DynamoDBRecord['dynamodb']>['OldImage'],
        NewImage: marshall(newImage, { removeUndefinedValues: true }) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
        SequenceNumber: '1',
      },
    });
    const { filters } = STREAM_CONSUMERS.syncReminders;
    const salonChange = rec(salon({}), salon({ reminders: [{ before: 'PT3H', channel: 'email' }] }));
    expect(matchesAny(filters, salonChange)).toBe(true);
    // A service or staff item shares the SALON prefix; the exact key keeps them out.
    expect(
      matchesAny(filters, {
        ...salonChange,
        dynamodb: { Keys: marshall({ PK: 'TENANT#t1', SK: 'SALON#SERVICE#1' }) },
      } as DynamoDBRecord),
    ).toBe(false);
    timeline();
    expect(await syncBatch({ Records: [salonChange] }, { db, scheduler: client, now: NOW })).toEqual({ batchItemFailures: [] });
    // Nothing left from the test before: the defaults' deletes find no schedule, which is fine.
    expect(stub.calls).toEqual({ CreateScheduleCommand: 2, DeleteScheduleCommand: 4 });
    expect(await names()).toEqual([`rem-${A}-PT3H`, `rem-${B}-PT3H`]);
  });
});
