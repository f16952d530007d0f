/**
 * The email outbox. An email is an item written in the same transaction as the fact it announces
 * (a tenant created, an invitation sent), so it is queued exactly when that fact is true. Queued
 * emails sit on GSI2 under one key, oldest first, until a mailer delivers them.
 */
import { outboxKey } from '../db/keys';
import { TABLE } from '../db/table';
import { newId } from './ids';

export const OUTBOX_QUEUED = 'OUTBOX#queued';

export type EmailTemplate = 'welcome' | 'invitation' | 'booking-confirmation';

export interface QueuedEmail {
  template: EmailTemplate;
  to: string;
  data: Record<string, string>;
}

export interface QueueOptions {
  /** Past this the email is moot: the mailer drops it unsent, and TTL deletes the item. */
  expiresAt?: Date;
  /** The data carries a secret (a token in a link): the mailer removes it once the email is sent. */
  blankAfterSend?: boolean;
}

export function queueEmail(table: string, tenantId: string, email: QueuedEmail, now: string, options: QueueOptions = {}) {
  const id = newId();
  const { gsi2 } = TABLE.indexes;
  return {
    Put: {
      TableName: table,
      Item: {
        ...outboxKey(tenantId, id),
        [TABLE.entityAttribute]: 'email',
        [gsi2.partitionKey]: OUTBOX_QUEUED,
        [gsi2.sortKey]: `${now}#${id}`,
        messageId: id,
        tenantId,
        ...email,
        status: 'queued',
        createdAt: now,
        ...(options.expiresAt ? { [TABLE.ttlAttribute]: Math.ceil(options.expiresAt.getTime() / 1000) } : {}),
        ...(options.blankAfterSend ? { blankAfterSend: true } : {}),
      },
    },
  };
}
