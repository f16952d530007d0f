/**
 * The reminder-sent marker (`REMINDER#<appointment>#<offset>`): one per reminder an appointment has had,
 * so a schedule that fires twice sends once. Its only write is the create below, conditioned on the
 * marker not existing; it expires 30 days after the appointment.
 */
import { reminderSentKey } from '../db/keys';
import { TABLE } from '../db/table';
import type { TransactItem } from '../db/transact';
import type { ReminderChannel } from '../domain/reminders';

export { reminderSentKey };

export interface ReminderSent {
  appointmentId: string;
  /** The reminder's offset before the start (ISO 8601 duration, `PT24H`). */
  offset: string;
  /** The appointment's start as the reminder read it. */
  start: string;
  /** How it went out; `none` when the client could be reached by no allowed channel. */
  channel: ReminderChannel | 'none';
  sentAt: string;
}

const MARKER_TTL_AFTER_START_S = 30 * 86_400;

/** Creates the marker; fails its condition when this reminder was already sent. */
export function reminderSentPut(table: string, tenantId: string, m: ReminderSent): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: {
        ...reminderSentKey(tenantId, m.appointmentId, m.offset),
        [TABLE.entityAttribute]: 'reminderSent',
        appointmentId: m.appointmentId,
        offset: m.offset,
        start: m.start,
        channel: m.channel,
        sentAt: m.sentAt,
        [TABLE.ttlAttribute]: Math.ceil(Date.parse(m.start) / 1000) + MARKER_TTL_AFTER_START_S,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}
