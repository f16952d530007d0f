/**
 * The send-time check, which is the guarantee: whatever fires (a stale schedule left by a failed move,
 * a duplicate, Scheduler's own retry), a reminder is queued only if, in ONE transaction,
 *  - the appointment is still open (scheduled or confirmed) and still starts when the schedule was made for,
 *  - that reminder's marker does not exist yet (put on condition it is absent),
 *  - and, for an SMS, the salon's monthly SMS count is under its plan's budget (counted in the same write;
 *    over it, the reminder goes by email instead).
 * The offset must also still be one of the salon's reminders. A failed condition sends nothing.
 *
 * Online bookings get a manage link: their manage token is only stored hashed, so a fresh token is
 * issued here, its hash added to the appointment (`manageTokenHashes`) in the same transaction, and the
 * plaintext travels only in the outbox item, blanked once sent (`blankAfterSend`) and TTL'd at the start.
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client';
import type { FieldCipher } from '../crypto/fields';
import { keyring, createFirstKey } from '../crypto/keyring';
import { clientField, clientKeyVersions, toNotifications } from '../entities/client';
import { hasTransactionConflict } from '../db/conditions';
import { appointmentKey, clientKey, smsUsageKey, staffKey, tenantMetaKey } from '../db/keys';
import { StaleReadError, type Step, step, transact } from '../db/transact';
import { monthIn } from '../domain/calendar';
import { PLAN_SMS_PER_MONTH } from '../domain/plans';
import {
  type ReminderChannel,
  type ReminderInput,
  messageLocale,
  offsetMinutes,
  reminderChannel,
  remindersOf,
} from '../domain/reminders';
import { smsNumber } from '../domain/phone';
import type { TenantSettings } from '../domain/tenant';
import { type Item, isMap, optStr, str } from '../entities/codec';
import { appointmentServiceName, manageTokenHashAdded } from '../entities/appointment';
import { salonFeatures, salonName, salonPlan, salonSettings, salonSlug } from '../entities/salon';
import { staffName } from '../entities/staff';
import { auditStep, systemOrigin } from '../entities/audit';
import { reminderFiredAdded, smsSentAdded, usageCount } from '../entities/usage';
import { reminderSentPut } from '../entities/reminder-sent';
import { manageUrl as manageLink, newManageToken } from '../mail/manage-link';
import { queueMessage } from '../entities/outbox';

export type ReminderOutcome =
  | { outcome: 'queued'; channel: ReminderChannel; messageId: string }
  /** The appointment is gone, closed, moved, or the salon no longer has this offset (or is deleted). */
  | { outcome: 'stale' }
  | { outcome: 'already-sent' }
  /** The client can be reached by no allowed channel: the marker is written so a retry does not try again. */
  | { outcome: 'unreachable' };

const STATUSES = ['scheduled', 'confirmed'] as const;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The schedule's Input, checked: it comes from our own schedules, but a malformed one must not throw deep inside. */
export function parseReminderInput(raw: unknown): ReminderInput | undefined {
  if (!isMap(raw)) return undefined;
  const { tenantId, appointmentId, offset, start, channel } = raw;
  const ok =
    typeof tenantId === 'string' &&
    /^[A-Za-z0-9_-]{1,64}$/.test(tenantId) &&
    typeof appointmentId === 'string' &&
    ULID.test(appointmentId) &&
    typeof offset === 'string' &&
    offsetMinutes(offset) !== undefined &&
    typeof start === 'string' &&
    !Number.isNaN(Date.parse(start)) &&
    (channel === 'email' || channel === 'sms');
  // The fields themselves (extra keys of the raw input are not passed on).
  return ok ? { tenantId, appointmentId, offset, start, channel } : undefined;
}

/** Deterministic: a second queueing of the same reminder is refused by the outbox's conditional put too. */
export const reminderMessageId = (input: ReminderInput) => `reminder-${input.appointmentId}-${input.offset}`;

async function readAll(db: DynamoDBDocumentClient, keys: Array<{ PK: string; SK: string }>): Promise<Map<string, Item>> {
  const table = tableName();
  const out = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }));
  // A handful of small items: BatchGet leaves none unprocessed short of throttling, which then throws below.
  if (Object.keys(out.UnprocessedKeys ?? {}).length) throw new Error('BatchGet left keys unprocessed; retried by Scheduler');
  return new Map((out.Responses?.[table] ?? []).map((i) => [String(i.SK), i]));
}

class AlreadySent extends Error {}
class OverBudget extends Error {}

export interface SendDeps {
  db?: DynamoDBDocumentClient;
  now?: Date;
}

export async function sendReminder(input: ReminderInput, deps: SendDeps = {}): Promise<ReminderOutcome> {
  const db = deps.db ?? documentClient();
  const now = deps.now ?? new Date();
  const t = input.tenantId;
  const first = await readAll(db, [tenantMetaKey(t), appointmentKey(t, input.appointmentId)]);
  const salon = first.get(tenantMetaKey(t).SK);
  const appt = first.get(appointmentKey(t, input.appointmentId).SK);
  if (!salon || salon.deletedAt || !appt) return { outcome: 'stale' };
  const settings = salonSettings(salon);
  const status = str(appt, 'appointment', 'status');
  const start = str(appt, 'appointment', 'start');
  const stillDue =
    (STATUSES as readonly string[]).includes(status) &&
    start === input.start &&
    remindersOf(settings).some((r) => r.before === input.offset);
  if (!stillDue) return { outcome: 'stale' };

  const month = monthIn(settings.timezone, now);
  const clientId = str(appt, 'appointment', 'clientId');
  const staffId = str(appt, 'appointment', 'staffId');
  const second = await readAll(db, [clientKey(t, clientId), staffKey(t, staffId), smsUsageKey(t, month)]);
  const rawClient = second.get(clientKey(t, clientId).SK);
  const cipher = await keyring().cipherFor(t, {
    create: createFirstKey,
    versions: rawClient ? clientKeyVersions([rawClient]) : [],
  });
  const client = decryptedContact(cipher, rawClient);
  const staff = second.get(staffKey(t, staffId).SK);
  const smsSent = usageCount(second.get(smsUsageKey(t, month).SK), 'sent');
  const plan = salonPlan(salon);
  const features = salonFeatures(salon);
  const budget = PLAN_SMS_PER_MONTH[plan] ?? 0;
  const facts = {
    email: client ? optStr(client, 'email') : undefined,
    phone: client ? smsNumber(optStr(client, 'phone'), settings.locale) : undefined,
    notifications: client ? toNotifications(client.notifications) : undefined,
  };
  let smsAllowed = features.smsReminders === true && smsSent < budget;
  for (let attempt = 0; attempt < 3; attempt++) {
    const channel = reminderChannel(input.channel, { ...facts, smsAllowed });
    try {
      await commit(db, input, { cipher, appt, salon, staff, client, settings, channel, month, budget, now });
      return channel ? { outcome: 'queued', channel, messageId: reminderMessageId(input) } : { outcome: 'unreachable' };
    } catch (err) {
      if (err instanceof AlreadySent) return { outcome: 'already-sent' };
      if (err instanceof StaleReadError) return { outcome: 'stale' };
      // The budget was spent meanwhile (another reminder took the last SMS): by email instead.
      if (err instanceof OverBudget) smsAllowed = false;
      else if (!hasTransactionConflict(err)) throw err;
    }
  }
  throw new Error('The reminder kept conflicting with other writes; Scheduler retries it');
}

interface Decision {
  /** The salon's cipher (the recipient is stored encrypted). */
  cipher: FieldCipher;
  appt: Item;
  salon: Item;
  staff: Item | undefined;
  client: Item | undefined;
  settings: TenantSettings;
  channel: ReminderChannel | undefined;
  month: string;
  budget: number;
  now: Date;
}

async function commit(db: DynamoDBDocumentClient, input: ReminderInput, d: Decision): Promise<void> {
  const table = tableName();
  const t = input.tenantId;
  const nowIso = d.now.toISOString();
  const online = d.appt.source === 'online' && d.channel !== undefined;
  const token = online ? newManageToken() : undefined;
  // Still the reminder's appointment: scheduled or confirmed, at the start it was scheduled for.
  const still = {
    expression: '#status IN (:scheduled, :confirmed) AND #start = :start',
    names: { '#status': 'status', '#start': 'start' },
    values: { ':scheduled': 'scheduled', ':confirmed': 'confirmed', ':start': input.start },
  };
  const key = appointmentKey(t, input.appointmentId);
  const stale = () => new StaleReadError('appointment');
  const appointmentStep: Step = token
    ? manageTokenHashAdded(table, key, token, stale, still)
    : step(
        'appointment',
        {
          ConditionCheck: {
            TableName: table,
            Key: key,
            ConditionExpression: still.expression,
            ExpressionAttributeNames: still.names,
            ExpressionAttributeValues: still.values,
          },
        },
        stale,
      );
  const steps: Step[] = [
    appointmentStep,
    step(
      'marker',
      reminderSentPut(table, t, {
        appointmentId: input.appointmentId,
        offset: input.offset,
        start: input.start,
        channel: d.channel ?? 'none',
        sentAt: nowIso,
      }),
      () => new AlreadySent(),
    ),
    step(
      'salon',
      { ConditionCheck: { TableName: table, Key: tenantMetaKey(t), ConditionExpression: 'attribute_not_exists(deletedAt)' } },
      stale,
    ),
  ];
  if (d.channel) {
    steps.push(
      step('message', message(input, d, d.channel, token, nowIso), () => new AlreadySent()),
      // Scheduler's effect on the appointment: this reminder is sent (once: the marker's condition).
      auditStep(
        systemOrigin(t, 'scheduler', { plan: salonPlan(d.salon), request: { requestId: reminderMessageId(input) } }),
        {
          action: 'update',
          resource: 'appointment',
          resourceId: input.appointmentId,
          changes: { [`reminders.${input.offset}`]: { to: d.channel } },
        },
        d.now,
      ),
    );
  }
  // One Scheduler invocation that did its work, counted once with the marker (cost estimate).
  steps.push(step('fired', reminderFiredAdded(table, t, d.month)));
  if (d.channel === 'sms') {
    steps.push(step('smsBudget', smsSentAdded(table, t, d.month, d.budget), () => new OverBudget()));
  }
  await transact(db, steps, { answerFirst: ['marker', 'message', 'appointment', 'salon', 'smsBudget'] });
}

/** The outbox message, in the 'reminder' template's data contract (rendered by the deliverer). */
function message(input: ReminderInput, d: Decision, channel: ReminderChannel, token: string | undefined, nowIso: string) {
  const to = channel === 'sms' ? smsNumber(optStr(d.client ?? {}, 'phone'), d.settings.locale) : optStr(d.client ?? {}, 'email');
  if (!to) throw new Error('reminderChannel chose a channel the client has no address for');
  const manageUrl = token ? manageLink(salonSlug(d.salon), input.appointmentId, token) : '';
  return queueMessage(
    tableName(),
    input.tenantId,
    d.cipher,
    {
      channel,
      template: 'reminder',
      to,
      // Unsubscribe header and the send-time preference check (mail/deliver.ts) need the client.
      clientId: str(d.appt, 'appointment', 'clientId'),
      locale: messageLocale(d.settings.locale),
      data: {
        salonName: salonName(d.salon),
        salonAddress: d.settings.address ?? '',
        serviceName: appointmentServiceName(d.appt),
        // A staff record deleted since the booking: the reminder still goes, without a name.
        staffName: d.staff ? staffName(d.staff) : '',
        start: input.start,
        timezone: d.settings.timezone,
        manageUrl,
      },
    },
    nowIso,
    // Past the start a reminder is moot; with a token in it, it is blanked once sent.
    {
      messageId: reminderMessageId(input),
      expiresAt: new Date(Date.parse(input.start)),
      ...(token ? { blankAfterSend: true } : {}),
    },
  );
}

/**
 * The client item with its email and phone in plain (they are stored encrypted, entities/client.ts):
 * only this function's decision and the queued message read them; nothing writes this copy back.
 */
function decryptedContact(cipher: FieldCipher, client: Item | undefined): Item | undefined {
  if (!client) return undefined;
  const email = clientField(client, cipher, 'email');
  const phone = clientField(client, cipher, 'phone');
  return { ...client, email, phone };
}
