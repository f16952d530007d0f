/**
 * When a salon changes what its reminders depend on (offsets, quiet hours, timezone) or is deleted,
 * the schedules of its upcoming appointments are re-planned from the salon item's change record: the
 * plan under the old settings against the plan under the new ones, for every open appointment still
 * ahead. So an offset added in the settings reaches bookings already made, and a removed one (or a
 * deleted salon) leaves no schedule to fire. The send-time check still guards whatever fires meanwhile.
 *
 * Redelivery converges (schedules.ts): a record replayed after a partial run re-applies the same
 * changes, and those already made turn into no-ops or their Create/Update twin.
 */
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client';
import { SALON_SK, TENANT_PREFIX, appointmentTimelinePk } from '../db/keys';
import { queryPages } from '../db/read';
import { TABLE } from '../db/table';
import { type ReminderSettings, type ScheduleChange, plannedReminders, remindersOf, scheduleChanges } from '../domain/reminders';
import { type Item, optStr } from '../entities/codec';
import { applyScheduleChange, schedulerClient } from './schedules';
import { reminderSettingsOf, timingOf } from './sync';

/** Scheduler calls in flight at once: far under its 1,000 requests a second per Region, quick for 10k changes. */
const CONCURRENCY = 10;

/** The same reminders at the same local rules: nothing to re-plan. */
export function sameReminderRules(a: ReminderSettings | undefined, b: ReminderSettings | undefined): boolean {
  const key = (s: ReminderSettings | undefined) =>
    s ? JSON.stringify([s.timezone, remindersOf(s), s.quietHours ? [s.quietHours.start, s.quietHours.end] : null]) : '';
  return key(a) === key(b);
}

export interface ReplanDeps {
  db?: DynamoDBDocumentClient;
  scheduler?: SchedulerClient;
  now?: Date;
}

/** The salon item's change record → Scheduler calls for its upcoming appointments; the number of calls. */
export async function replanSalon(
  oldImage: Item | undefined,
  newImage: Item | undefined,
  deps: ReplanDeps = {},
): Promise<number> {
  const image = newImage ?? oldImage;
  if (!image || image.SK !== SALON_SK) return 0;
  const pk = optStr(image, 'PK');
  if (!pk?.startsWith(TENANT_PREFIX)) return 0;
  const before = reminderSettingsOf(oldImage);
  const after = reminderSettingsOf(newImage);
  if (sameReminderRules(before, after)) return 0;
  const tenantId = pk.slice(TENANT_PREFIX.length);
  const db = deps.db ?? documentClient();
  const scheduler = deps.scheduler ?? schedulerClient();
  const now = deps.now ?? new Date();
  const plan = (s: ReminderSettings | undefined, t: NonNullable<ReturnType<typeof timingOf>>) =>
    s ? plannedReminders(tenantId, t, s, now) : [];

  let calls = 0;
  // The salon's timeline (GSI1, sorted by start in UTC) from now on: appointments already begun have no reminder left.
  const pages = queryPages(db, {
    TableName: tableName(),
    IndexName: TABLE.indexes.gsi1.name,
    KeyConditionExpression: '#pk = :pk AND #sk >= :now',
    ExpressionAttributeNames: { '#pk': TABLE.indexes.gsi1.partitionKey, '#sk': TABLE.indexes.gsi1.sortKey },
    ExpressionAttributeValues: { ':pk': appointmentTimelinePk(tenantId), ':now': now.toISOString() },
  });
  for await (const page of pages) {
    const changes: ScheduleChange[] = [];
    for (const item of page.Items ?? []) {
      const timing = timingOf(item);
      if (timing) changes.push(...scheduleChanges(plan(before, timing), plan(after, timing)));
    }
    await inBatches(changes, (c) => applyScheduleChange(c, scheduler));
    calls += changes.length;
  }
  return calls;
}

async function inBatches<T>(items: ReadonlyArray<T>, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      // Sound: the loop condition keeps the index in bounds (noUncheckedIndexedAccess cannot see it).
      const item = items[next++] as T;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}
