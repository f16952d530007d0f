/**
 * Reminders, as pure rules: a salon's reminder offsets, when each reminder of an appointment is due,
 * what its one-time schedule is named, and whether it is due at all (past, quiet hours). The stream
 * consumer (functions/streams/sync-reminders.ts) turns the difference between two plans into
 * Scheduler calls; the send-time check (functions/reminders/send-reminder.ts) is what guarantees.
 */
import { type AppointmentStatus, isOpen } from './appointment-status';
import { addDays, localParts, zonedInstantOrNext } from './zoned-time';

export type ReminderChannel = 'email' | 'sms';

export interface ReminderOffset {
  /** An ISO 8601 duration (`PT24H`, `PT90M`, `P2D`); a day is an exact 24 hours (see below). */
  before: string;
  channel: ReminderChannel;
}

/** Salon-local `HH:MM` window (may wrap midnight) in which no reminder is sent. */
export interface QuietHours {
  start: string;
  end: string;
}

export const REMINDER_DEFAULTS: ReadonlyArray<ReminderOffset> = [
  { before: 'PT24H', channel: 'email' },
  { before: 'PT2H', channel: 'sms' },
];

/** At most this many reminders per appointment (each is a schedule). */
export const MAX_REMINDERS = 3;
/** The shortest and longest offset a salon may set. */
export const MIN_OFFSET_MINUTES = 15;
export const MAX_OFFSET_MINUTES = 14 * 24 * 60;

const DURATION = /^P(?:(\d{1,2})D)?(?:T(?:(\d{1,3})H)?(?:(\d{1,5})M)?)?$/;

/**
 * Minutes of an offset, or undefined when it is not a duration we take. `P1D` is read as exactly
 * 24 hours, like `PT24H`: "24 h before" is an absolute duration, so across a DST change the reminder
 * lands 24 real hours before the start (its salon-local time is an hour off that day's clock).
 */
export function offsetMinutes(before: string): number | undefined {
  const m = DURATION.exec(before);
  if (!m || before === 'P' || before.endsWith('T')) return undefined;
  const [, d, h, min] = m;
  const total = Number(d ?? 0) * 1440 + Number(h ?? 0) * 60 + Number(min ?? 0);
  return total >= MIN_OFFSET_MINUTES && total <= MAX_OFFSET_MINUTES ? total : undefined;
}

export function remindersOf(settings: { reminders?: ReadonlyArray<ReminderOffset> | undefined }): ReadonlyArray<ReminderOffset> {
  return settings.reminders ?? REMINDER_DEFAULTS;
}

/**
 * The schedule's name: `rem-<appointment id>-<offset>`, at most 4 + 26 + 1 + 12 = 43 characters of
 * `[0-9A-Z-]` (appointment ids are ULIDs, offsets validated above), within Scheduler's 64. Deterministic,
 * so a redelivered stream record addresses the same schedule.
 */
export function scheduleName(appointmentId: string, before: string): string {
  return `rem-${appointmentId}-${before}`;
}

/** Scheduler's one-time expression: `at(yyyy-mm-ddThh:mm:ss)`, read in ScheduleExpressionTimezone (UTC here). */
export function atExpression(instant: Date): string {
  return `at(${instant.toISOString().slice(0, 19)})`;
}

/** What the target receives (the schedule's Input): enough to check, at send time, that it still holds. */
export interface ReminderInput {
  tenantId: string;
  appointmentId: string;
  offset: string;
  /** The appointment's start the schedule was made for (offset ISO, as stored). */
  start: string;
  channel: ReminderChannel;
}

export interface PlannedReminder {
  name: string;
  at: Date;
  input: ReminderInput;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The quiet-hours rule: a reminder due inside the salon's quiet hours is moved EARLIER, to the start of
 * that quiet period (the evening before, for an early-morning appointment), so it still comes before
 * the appointment. Outside quiet hours (or with none set) it stays as due.
 */
export function outOfQuietHours(due: Date, quiet: QuietHours | null | undefined, timezone: string): Date {
  if (!quiet || quiet.start === quiet.end) return due;
  const local = localParts(due, timezone);
  const t = local.minutesOfDay;
  const s = minutesOf(quiet.start);
  const e = minutesOf(quiet.end);
  const wraps = s > e;
  const inside = wraps ? t >= s || t < e : t >= s && t < e;
  if (!inside) return due;
  // Before midnight of a wrapping window the quiet period began today; after it, the day before.
  const date = wraps && t < e ? addDays(local.date, -1) : local.date;
  return zonedInstantOrNext(date, quiet.start, timezone);
}

export interface ReminderSettings {
  timezone: string;
  reminders?: ReadonlyArray<ReminderOffset> | undefined;
  quietHours?: QuietHours | null | undefined;
}

export interface AppointmentTiming {
  appointmentId: string;
  status: AppointmentStatus;
  /** Offset ISO instant. */
  start: string;
}

/**
 * The reminders an appointment should have scheduled now: none unless it is open (scheduled or
 * confirmed; a pending online hold gets its reminders when it is confirmed); one per offset, due at
 * start − offset, moved out of quiet hours; a reminder whose (moved) time is not after `now` is skipped
 * (a booking made 1 h ahead gets no 2 h reminder: its confirmation is the message).
 */
export function plannedReminders(
  tenantId: string,
  a: AppointmentTiming,
  settings: ReminderSettings,
  now: Date,
): PlannedReminder[] {
  if (!isOpen(a.status)) return [];
  const start = Date.parse(a.start);
  const out: PlannedReminder[] = [];
  for (const offset of remindersOf(settings)) {
    const minutes = offsetMinutes(offset.before);
    if (minutes === undefined) continue;
    const at = outOfQuietHours(new Date(start - minutes * 60_000), settings.quietHours, settings.timezone);
    // Scheduler's `at` has whole seconds; a reminder due within the next second would fire late or never.
    if (at.getTime() <= now.getTime() + 1000) continue;
    out.push({
      name: scheduleName(a.appointmentId, offset.before),
      at,
      input: { tenantId, appointmentId: a.appointmentId, offset: offset.before, start: a.start, channel: offset.channel },
    });
  }
  return out;
}

export type ScheduleChange =
  | { kind: 'create'; reminder: PlannedReminder }
  | { kind: 'update'; reminder: PlannedReminder }
  | { kind: 'delete'; name: string };

/**
 * What turns the reminders of the old image into those of the new one: creates, moves (same name,
 * another time or input) and deletes; nothing for a change that moves no reminder (notes, a token).
 */
export function scheduleChanges(before: ReadonlyArray<PlannedReminder>, after: ReadonlyArray<PlannedReminder>): ScheduleChange[] {
  const old = new Map(before.map((r) => [r.name, r]));
  const changes: ScheduleChange[] = [];
  for (const r of after) {
    const prev = old.get(r.name);
    old.delete(r.name);
    if (!prev) changes.push({ kind: 'create', reminder: r });
    else if (prev.at.getTime() !== r.at.getTime() || JSON.stringify(prev.input) !== JSON.stringify(r.input))
      changes.push({ kind: 'update', reminder: r });
  }
  for (const name of old.keys()) changes.push({ kind: 'delete', name });
  return changes;
}

/** The salon's message language from its BCP 47 locale: French for `fr*`, English otherwise. */
export function messageLocale(locale: string | undefined): 'en' | 'fr' {
  return locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export interface ChannelFacts {
  /** The salon's plan has `smsReminders` and its monthly SMS budget is not spent. */
  smsAllowed: boolean;
  email?: string | undefined;
  phone?: string | undefined;
  /** The client's preferences; absent: both allowed. */
  notifications?: { email?: boolean; sms?: boolean } | undefined;
}

/**
 * Which channel a reminder goes by: the offset's own if the client can get it, else the other one;
 * SMS only with a phone, the client's consent and the plan (and budget) allowing it; none if neither.
 */
export function reminderChannel(wanted: ReminderChannel, f: ChannelFacts): ReminderChannel | undefined {
  const can: Record<ReminderChannel, boolean> = {
    sms: f.smsAllowed && !!f.phone && f.notifications?.sms !== false,
    email: !!f.email && f.notifications?.email !== false,
  };
  if (can[wanted]) return wanted;
  const other: ReminderChannel = wanted === 'sms' ? 'email' : 'sms';
  return can[other] ? other : undefined;
}
