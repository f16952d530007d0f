/**
 * Drains the email outbox: reads queued emails oldest first (GSI2), hands each to a sender, and marks
 * it sent with a condition, so two drainers never send the same email twice. An email whose data carries
 * a secret (`blankAfterSend`) loses that data once sent; one past its expiry is dropped unsent.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client';
import { isConditionFailure } from '../db/conditions';
import { TABLE } from '../db/table';
import { type EmailTemplate, OUTBOX_QUEUED } from '../repositories/outbox';
import { type RenderedEmail, renderEmail } from './templates';

export interface OutgoingEmail extends RenderedEmail {
  messageId: string;
  tenantId: string;
  to: string;
  createdAt: string;
}

export type EmailSender = (email: OutgoingEmail) => Promise<void>;

export async function deliverQueued(send: EmailSender, max = 25): Promise<number> {
  const { gsi2 } = TABLE.indexes;
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: gsi2.name,
      KeyConditionExpression: '#pk = :queued',
      ExpressionAttributeNames: { '#pk': gsi2.partitionKey },
      ExpressionAttributeValues: { ':queued': OUTBOX_QUEUED },
      Limit: max,
    }),
  );
  let sent = 0;
  for (const item of out.Items ?? []) {
    const key = { PK: String(item.PK), SK: String(item.SK) };
    const ttl = Number(item[TABLE.ttlAttribute] ?? Number.POSITIVE_INFINITY);
    // A moot email (a hold already over): dropped unsent, its data (a token) removed; TTL may lag by days.
    const moot = ttl * 1000 <= Date.now();
    try {
      // Claim first: a concurrent drainer loses the condition and skips the email.
      await documentClient().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: `SET #status = :sending REMOVE #gpk, #gsk${moot ? ', #data' : ''}`,
          ConditionExpression: '#status = :queued',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#gpk': gsi2.partitionKey,
            '#gsk': gsi2.sortKey,
            ...(moot ? { '#data': 'data' } : {}),
          },
          ExpressionAttributeValues: { ':sending': moot ? 'expired' : 'sending', ':queued': 'queued' },
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) continue;
      throw err;
    }
    if (moot) continue;
    const rendered = renderEmail(item.template as EmailTemplate, (item.data ?? {}) as Record<string, string>);
    await send({
      ...rendered,
      messageId: String(item.messageId),
      tenantId: String(item.tenantId),
      to: String(item.to),
      createdAt: String(item.createdAt),
    });
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: `SET #status = :sent, sentAt = :now${item.blankAfterSend ? ' REMOVE #data' : ''}`,
        ExpressionAttributeNames: { '#status': 'status', ...(item.blankAfterSend ? { '#data': 'data' } : {}) },
        ExpressionAttributeValues: { ':sent': 'sent', ':now': new Date().toISOString() },
      }),
    );
    sent += 1;
  }
  return sent;
}
