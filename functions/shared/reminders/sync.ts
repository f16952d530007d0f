/**
 * Keeps an appointment's reminder schedules in step with the appointment, from its change record
 * alone: the reminders its old image called for against those its new image calls for, as Scheduler
 * calls (domain/reminders.ts decides, schedules.ts applies). So every booking path (staff, online,
 * confirmation, reschedule, cancellation, deletion) is covered without any of them calling Scheduler.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import { documentClient, tableName } from '../db/client';
import { APPOINTMENT_PREFIX, TENANT_PREFIX, tenantMetaKey } from '../db/keys';
import {
  type AppointmentTiming,
  type ReminderSettings,
  type ScheduleChange,
  plannedReminders,
  scheduleChanges,
} from '../domain/reminders';
import { storedStatus } from '../entities/appointment';
import { type Item, mapOf, str } from '../entities/codec';
import { isDeleted, reminderFields, salonTimezone } from '../entities/salon';
import { applyScheduleChange, schedulerClient } from './schedules';

/** An appointment image as the reminders read it; undefined for any other item. */
export function timingOf(image: Item | undefined): (AppointmentTiming & { tenantId: string }) | undefined {
  if (!image || typeof image.SK !== 'string' || !image.SK.startsWith(APPOINTMENT_PREFIX)) return undefined;
  const pk = str(image, 'appointment', 'PK');
  if (!pk.startsWith(TENANT_PREFIX)) return undefined;
  return {
    tenantId: pk.slice(TENANT_PREFIX.length),
    appointmentId: str(image, 'appointment', 'appointmentId'),
    status: storedStatus(image),
    start: str(image, 'appointment', 'start'),
  };
}

/** What reminders read from a salon item; undefined when there is no salon or it is deleted (no reminder is due). */
export function reminderSettingsOf(salon: Item | undefined): ReminderSettings | undefined {
  if (!salon || isDeleted(salon)) return undefined;
  return { timezone: salonTimezone(salon), ...reminderFields(mapOf(salon, 'salon', 'settings')) };
}

/** The salon's reminder settings, or undefined when it is gone or deleted (then no reminder is due). */
export async function reminderSettings(tenantId: string): Promise<ReminderSettings | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: tenantMetaKey(tenantId), ConsistentRead: true }),
  );
  return reminderSettingsOf(out.Item);
}

export interface SyncDeps {
  scheduler?: SchedulerClient;
  settings?: (tenantId: string) => Promise<ReminderSettings | undefined>;
  now?: Date;
}

/** The Scheduler calls one change record needs (none for a change that moves no reminder). */
export async function changesFor(
  oldImage: Item | undefined,
  newImage: Item | undefined,
  deps: SyncDeps = {},
): Promise<ScheduleChange[]> {
  const before = timingOf(oldImage);
  const after = timingOf(newImage);
  const tenantId = (after ?? before)?.tenantId;
  if (!tenantId) return [];
  // Nothing reminders read changed (notes, a manage token added at reminder time): no read, no call.
  if (before && after && before.status === after.status && before.start === after.start) return [];
  const settings = await (deps.settings ?? reminderSettings)(tenantId);
  // A deleted salon: nothing to plan; its deletion record clears its schedules (replan.ts).
  if (!settings) return [];
  const now = deps.now ?? new Date();
  const plan = (t: typeof before) => (t ? plannedReminders(tenantId, t, settings, now) : []);
  return scheduleChanges(plan(before), plan(after));
}

export async function syncReminders(
  oldImage: Item | undefined,
  newImage: Item | undefined,
  deps: SyncDeps = {},
): Promise<number> {
  const changes = await changesFor(oldImage, newImage, deps);
  const scheduler = deps.scheduler ?? schedulerClient();
  for (const change of changes) await applyScheduleChange(change, scheduler);
  return changes.length;
}
