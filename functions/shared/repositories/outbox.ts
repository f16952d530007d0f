/**
 * The message outbox. A message (email or SMS) is an item written in the same transaction as the fact
 * it announces (a tenant created, an invitation sent, a reminder due), so it is queued exactly when that
 * fact is true. Its INSERT on the table's stream is what delivers it (functions/streams/deliver-messages.ts).
 * Unsent messages (queued, or parked after too many failures) stay visible on GSI2, oldest first, so
 * none is ever lost silently.
 */
import type { FieldCipher } from '../crypto/fields';
import { outboxKey } from '../db/keys';
import { TABLE } from '../db/table';
import { newId } from './ids';

export const OUTBOX_QUEUED = 'OUTBOX#queued';
/** Messages that failed too often or for good: alarmed on, and listed here for ops. */
export const OUTBOX_PARKED = 'OUTBOX#parked';

export type MessageTemplate =
  | 'welcome'
  | 'invitation'
  | 'booking-confirmation'
  | 'reminder'
  | 'appointment-booked'
  | 'appointment-rescheduled'
  | 'appointment-cancelled'
  /** A member's copy of a booked, moved or cancelled appointment they give (the salon's `staffCopies`). */
  | 'staff-copy'
  /** To a salon's owners: a usage counter reached 80% or 100% of a plan limit (functions/streams/usage-alerts.ts). */
  | 'usage-alert';

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

export function queueMessage(
  table: string,
  tenantId: string,
  cipher: FieldCipher,
  message: QueuedMessage,
  now: string,
  options: QueueOptions = {},
) {
  const id = options.messageId ?? newId();
  const { gsi2 } = TABLE.indexes;
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
