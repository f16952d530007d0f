/**
 * The outbox message entity: `OUTBOX#<messageId>` in the salon's partition. A message (email or SMS) is
 * an item written in the same transaction as the fact it announces (a tenant created, an invitation
 * sent, a reminder due), so it is queued exactly when that fact is true. Its INSERT on the table's
 * stream is what delivers it (functions/streams/deliver-messages.ts, mail/deliver.ts). Unsent messages
 * (queued, or parked after too many failures) stay visible on GSI2, oldest first, so none is ever lost
 * silently. The recipient (`to`) is stored encrypted under the salon's data key, bound to the message.
 *
 * Here: the key builders, the codec (parse on read), the queueing put and the delivery's updates, each
 * of those conditional on the attempt that holds the message. Nothing else writes these items.
 */
import type { FieldCipher } from '../crypto/fields';
import { isOneOf } from '../domain/closed-lists';
import { OUTBOX_PREFIX, outboxKey } from '../db/keys';
import { TABLE } from '../db/table';
import { newId } from '../repositories/ids';
import { CorruptItemError, type Item, optStr, str } from './codec';

export { OUTBOX_PREFIX, outboxKey };

export const OUTBOX_QUEUED = 'OUTBOX#queued';
/** Messages that failed too often or for good: alarmed on, and listed here for ops. */
export const OUTBOX_PARKED = 'OUTBOX#parked';

export const MESSAGE_TEMPLATES = [
  'welcome',
  'invitation',
  'booking-confirmation',
  'reminder',
  'appointment-booked',
  'appointment-rescheduled',
  'appointment-cancelled',
  /** A member's copy of a booked, moved or cancelled appointment they give (the salon's `staffCopies`). */
  'staff-copy',
  /** To a salon's owners: a usage counter reached 80% or 100% of a plan limit (functions/streams/usage-alerts.ts). */
  'usage-alert',
] as const;
export type MessageTemplate = (typeof MESSAGE_TEMPLATES)[number];

export const isMessageTemplate = (value: string): value is MessageTemplate => isOneOf(MESSAGE_TEMPLATES, value);

/** @deprecated the email-era name of MessageTemplate. */
export type EmailTemplate = MessageTemplate;

/** `failed`: an SMS refused for good whose client got the message by email instead (`fallbackMessageId`). */
export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'expired', 'parked', 'suppressed', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export type MessageChannel = 'email' | 'sms';

export type MessageLocale = 'en' | 'fr';

export interface QueuedEmail {
  template: MessageTemplate;
  to: string;
  data: Record<string, string>;
  /**
   * The salon's client the message goes to, if any: delivery then honours the client's notification
   * preferences at send time and gives emails a one-click unsubscribe.
   */
  clientId?: string;
}

export interface QueuedMessage extends QueuedEmail {
  channel: MessageChannel;
  /** `to` is an email address for email, an E.164 number for SMS. */
  locale?: MessageLocale;
}

export interface QueueOptions {
  /** Past this the email is moot: the mailer drops it unsent, and TTL deletes the item. */
  expiresAt?: Date;
  /** The data carries a secret (a token in a link): the mailer removes it once the email is sent. */
  blankAfterSend?: boolean;
  /**
   * A deterministic id (a reminder's, say): the put is conditional, so the same message queued twice
   * fails the step instead of sending twice. Without it a fresh ULID is used.
   */
  messageId?: string;
}

export function queueEmail(
  table: string,
  tenantId: string,
  cipher: FieldCipher,
  email: QueuedEmail,
  now: string,
  options: QueueOptions = {},
) {
  return queueMessage(table, tenantId, cipher, { channel: 'email', ...email }, now, options);
}

/** The recipient is stored encrypted under the salon's data key, bound to the message (mail/deliver.ts decrypts it). */
export const recipientRef = (messageId: string) => ({ entity: 'message', id: messageId, field: 'to' });

const { gsi2 } = TABLE.indexes;

export function queueMessage(
  table: string,
  tenantId: string,
  cipher: FieldCipher,
  message: QueuedMessage,
  now: string,
  options: QueueOptions = {},
) {
  const id = options.messageId ?? newId();
  return {
    Put: {
      TableName: table,
      Item: {
        ...outboxKey(tenantId, id),
        [TABLE.entityAttribute]: 'email',
        channel: message.channel,
        ...(message.locale ? { locale: message.locale } : {}),
        ...(message.clientId ? { clientId: message.clientId } : {}),
        [gsi2.partitionKey]: OUTBOX_QUEUED,
        [gsi2.sortKey]: `${now}#${id}`,
        messageId: id,
        tenantId,
        template: message.template,
        to: cipher.encrypt(recipientRef(id), message.to),
        data: message.data,
        status: 'queued' satisfies MessageStatus,
        attempts: 0,
        createdAt: now,
        ...(options.expiresAt ? { [TABLE.ttlAttribute]: Math.ceil(options.expiresAt.getTime() / 1000) } : {}),
        ...(options.blankAfterSend ? { blankAfterSend: true } : {}),
      },
      ...(options.messageId ? { ConditionExpression: 'attribute_not_exists(PK)' } : {}),
    },
  };
}

export interface OutboxKey {
  PK: string;
  SK: string;
}

/** A stored message as delivery reads it. `to` as stored: encrypted (or plaintext from before encryption). */
export interface OutboxMessage {
  key: OutboxKey;
  messageId: string;
  tenantId: string;
  channel: MessageChannel;
  /** As stored: delivery parks a message whose template it cannot render (see `isMessageTemplate`). */
  template: string;
  to: string;
  locale: MessageLocale;
  data: Record<string, string>;
  clientId: string | undefined;
  /** The attempt holding the message; none while queued. */
  attemptId: string | undefined;
  attempts: number;
  expiresAtMs: number | undefined;
  blankAfterSend: boolean;
}

const E = 'message';

/**
 * The codec. Items from before channels read as email, before locales as English, before attempts
 * were counted as a first attempt; `data` keeps its string entries only (what templates render).
 */
export function parseOutbox(item: Item): OutboxMessage {
  const channel = optStr(item, 'channel') ?? 'email';
  if (channel !== 'email' && channel !== 'sms') throw new CorruptItemError(E, 'channel');
  const data = item.data;
  const ttl = item[TABLE.ttlAttribute];
  return {
    key: { PK: str(item, E, 'PK'), SK: str(item, E, 'SK') },
    messageId: str(item, E, 'messageId'),
    tenantId: str(item, E, 'tenantId'),
    channel,
    template: str(item, E, 'template'),
    to: str(item, E, 'to'),
    locale: optStr(item, 'locale') === 'fr' ? 'fr' : 'en',
    data:
      typeof data === 'object' && data !== null
        ? Object.fromEntries(Object.entries(data).filter((e): e is [string, string] => typeof e[1] === 'string'))
        : {},
    clientId: optStr(item, 'clientId'),
    attemptId: optStr(item, 'attemptId'),
    attempts: typeof item.attempts === 'number' ? item.attempts : 1,
    expiresAtMs: typeof ttl === 'number' ? ttl * 1000 : undefined,
    blankAfterSend: item.blankAfterSend === true,
  };
}

/** When the current attempt's lease ends, if the message is being sent; undefined otherwise (or no item). */
export function outboxLeaseEnd(item: Item | undefined): number | undefined {
  return item?.status === 'sending' && typeof item.leaseUntil === 'number' ? item.leaseUntil : undefined;
}

/** The message's expiry (epoch seconds) from its stream image, which is marshalled; none when it has no TTL. */
export function outboxImageExpiry(image: Readonly<Record<string, { N?: string | undefined }>> | undefined): number | undefined {
  const n = image?.[TABLE.ttlAttribute]?.N;
  return n ? Number(n) : undefined;
}

/**
 * An attempt's claim: queued -> sending with a fresh attempt, a lease and one more attempt counted; a
 * `sending` message whose lease ran out may be claimed again. Returns the item as claimed (`ALL_NEW`).
 */
export function outboxClaim(table: string, key: OutboxKey, attemptId: string, nowMs: number, leaseMs: number) {
  return {
    TableName: table,
    Key: key,
    UpdateExpression: 'SET #status = :sending, attemptId = :attempt, leaseUntil = :lease ADD attempts :one',
    ConditionExpression: '#status = :queued OR (#status = :sending AND leaseUntil < :now)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':sending': 'sending' satisfies MessageStatus,
      ':queued': 'queued' satisfies MessageStatus,
      ':attempt': attemptId,
      ':lease': nowMs + leaseMs,
      ':now': nowMs,
      ':one': 1,
    },
    ReturnValues: 'ALL_NEW' as const,
  };
}

/** A message already moot when it arrives: queued -> expired without an attempt, its data removed. */
export function outboxExpireQueued(table: string, key: OutboxKey) {
  return {
    TableName: table,
    Key: key,
    UpdateExpression: 'SET #status = :expired REMOVE #gpk, #gsk, #data',
    ConditionExpression: '#status = :queued',
    ExpressionAttributeNames: { '#status': 'status', '#gpk': gsi2.partitionKey, '#gsk': gsi2.sortKey, '#data': 'data' },
    ExpressionAttributeValues: { ':expired': 'expired' satisfies MessageStatus, ':queued': 'queued' satisfies MessageStatus },
  };
}

/**
 * The client's erasure of one message: its recipient replaced by `erased` and its data dropped. An
 * unsent one (`status` as read: queued or parked) is suppressed too, off the unsent index: it would go
 * to nobody. That suppression is on condition the status is still the one read.
 */
export function outboxErase(table: string, key: OutboxKey, status: string | undefined, erased: string) {
  const unsent = status === 'queued' || status === 'parked';
  return {
    Update: {
      TableName: table,
      Key: key,
      UpdateExpression: `SET #to = :to, #data = :data, erased = :true${unsent ? ', #status = :suppressed REMOVE #g2pk, #g2sk' : ''}`,
      ConditionExpression: unsent ? 'attribute_exists(PK) AND #status = :read' : 'attribute_exists(PK)',
      ExpressionAttributeNames: {
        '#to': 'to',
        '#data': 'data',
        ...(unsent ? { '#status': 'status', '#g2pk': gsi2.partitionKey, '#g2sk': gsi2.sortKey } : {}),
      },
      ExpressionAttributeValues: {
        ':to': erased,
        ':data': {},
        ':true': true,
        ...(unsent ? { ':suppressed': 'suppressed' satisfies MessageStatus, ':read': status } : {}),
      },
    },
  };
}

/** The message as held by one attempt: every write below is conditional on that attempt. */
export interface HeldMessage {
  key: OutboxKey;
  attemptId: string;
}

function holderUpdate(table: string, held: HeldMessage, set: string[], remove: string[], values: Record<string, unknown>) {
  const names: Record<string, string> = { '#status': 'status' };
  if (remove.includes('#gpk') || set.some((s) => s.startsWith('#gpk'))) names['#gpk'] = gsi2.partitionKey;
  if (remove.includes('#gsk')) names['#gsk'] = gsi2.sortKey;
  if (remove.includes('#data')) names['#data'] = 'data';
  return {
    TableName: table,
    Key: held.key,
    UpdateExpression: `SET ${set.join(', ')} REMOVE ${remove.join(', ')}`,
    ConditionExpression: 'attemptId = :attempt',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: { ...values, ':attempt': held.attemptId },
  };
}

/** A final status: off the unsent index, the lease ended; `removeData` drops the data (a token in it). */
export function outboxFinish(
  table: string,
  held: HeldMessage,
  status: Extract<MessageStatus, 'sent' | 'expired' | 'suppressed'>,
  opts: { removeData: boolean; providerMessageId?: string | undefined; sentAt?: string | undefined },
) {
  const set = ['#status = :status'];
  const values: Record<string, unknown> = { ':status': status };
  if (opts.sentAt) {
    set.push('sentAt = :sentAt');
    values[':sentAt'] = opts.sentAt;
  }
  if (opts.providerMessageId) {
    set.push('providerMessageId = :pid');
    values[':pid'] = opts.providerMessageId;
  }
  return holderUpdate(table, held, set, ['#gpk', '#gsk', 'leaseUntil', ...(opts.removeData ? ['#data'] : [])], values);
}

/** An attempt that failed: back to queued, for the next attempt. */
export const outboxRelease = (table: string, held: HeldMessage, error: string) =>
  holderUpdate(table, held, ['#status = :status', 'lastError = :error'], ['leaseUntil'], {
    ':status': 'queued' satisfies MessageStatus,
    ':error': error,
  });

/** Failed for good: parked, listed under OUTBOX#parked on GSI2. */
export const outboxPark = (table: string, held: HeldMessage, reason: string) =>
  holderUpdate(table, held, ['#status = :status', 'parkedReason = :reason', '#gpk = :parked'], ['leaseUntil'], {
    ':status': 'parked' satisfies MessageStatus,
    ':reason': reason,
    ':parked': OUTBOX_PARKED,
  });

/** An SMS failed for good whose client got it by email instead: done with (not parked), naming that email. */
export const outboxFellBack = (table: string, held: HeldMessage, reason: string, fallbackMessageId: string) =>
  holderUpdate(
    table,
    held,
    ['#status = :status', 'parkedReason = :reason', 'fallbackMessageId = :fallback'],
    ['#gpk', '#gsk', 'leaseUntil'],
    { ':status': 'failed' satisfies MessageStatus, ':reason': reason, ':fallback': fallbackMessageId },
  );
