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
import type { AppointmentStatus } from '../domain/appointment-status';
import {
  type AppointmentTiming,
  type ReminderSettings,
  type ScheduleChange,
  plannedReminders,
  scheduleChanges,
} from '../domain/reminders';
import { type Item, str } from '../entities/codec';
import { applyScheduleChange, schedulerClient } from './schedules';

/** An appointment image as the reminders read it; undefined for any other item. */
export function timingOf(image: Item | undefined): (AppointmentTiming & { tenantId: string }) | undefined {
  if (!image || typeof image.SK !== 'string' || !image.SK.startsWith(APPOINTMENT_PREFIX)) return undefined;
  const pk = str(image, 'appointment', 'PK');
  if (!pk.startsWith(TENANT_PREFIX)) return undefined;
  return {
    tenantId: pk.slice(TENANT_PREFIX.length),
    appointmentId: str(image, 'appointment', 'appointmentId'),
    status: str(image, 'appointment', 'status') as AppointmentStatus,
    start: str(image, 'appointment', 'start'),
  };
}

/** The salon's reminder settings, or undefined when it is gone or deleted (then no reminder is due). */
export async function reminderSettings(tenantId: string): Promise<ReminderSettings | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: tenantMetaKey(tenantId), ConsistentRead: true }),
  );
  const salon = out.Item;
  if (!salon || salon.deletedAt) return undefined;
  const s = salon.settings as Record<string, unknown> | undefined;
  const timezone = typeof s?.timezone === 'string' ? s.timezone : 'UTC';
  return {
    timezone,
    ...(Array.isArray(s?.reminders) ? { reminders: s.reminders as ReminderSettings['reminders'] } : {}),
    ...(s?.quietHours && typeof s.quietHours === 'object' ? { quietHours: s.quietHours as ReminderSettings['quietHours'] } : {}),
  };
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
  // A deleted salon: its schedules are left to fire into the send-time check (salon gone: nothing sent).
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
