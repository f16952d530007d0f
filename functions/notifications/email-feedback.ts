/**
 * SES feedback: the configuration set publishes bounces and complaints to an SNS topic, which invokes
 * this function. A permanent bounce or a complaint about a client email turns that client's email
 * preference off (the tags the deliverer set name the salon and client); a transient bounce changes
 * nothing (SES retries those itself). SES's account-level suppression list stops the address too;
 * this makes the salon's view (the client's preferences) say so.
 */
import type { SNSEvent } from 'aws-lambda';
import { documentClient, tableName } from '../shared/db/client';
import { turnNotificationOff } from '../shared/entities/client';
import { logger } from '../shared/logger';
import { systemOrigin } from '../shared/entities/audit';
import { type Item, isMap } from '../shared/entities/codec';

const ID = /^[0-9A-Za-z]{1,64}$/;

const mapIn = (value: unknown, field: string) => (isMap(value) && isMap(value[field]) ? value[field] : undefined);

/** A tag's first value (SES gives each tag a list). */
const firstTag = (tags: Item | undefined, name: string) => {
  const values = tags?.[name];
  return Array.isArray(values) && typeof values[0] === 'string' ? values[0] : undefined;
};

/** The client a feedback event (SES's JSON, read field by field) is about, if it should turn their email off. */
export function feedbackTarget(event: unknown): { tenantId: string; clientId: string; reason: string } | undefined {
  if (!isMap(event)) return undefined;
  const type = event.eventType ?? event.notificationType;
  const reason =
    type === 'Complaint'
      ? 'complaint'
      : type === 'Bounce' && mapIn(event, 'bounce')?.bounceType === 'Permanent'
        ? 'bounce'
        : undefined;
  if (!reason) return undefined;
  const tags = mapIn(mapIn(event, 'mail'), 'tags');
  const tenantId = firstTag(tags, 'tenantId');
  const clientId = firstTag(tags, 'clientId');
  if (!tenantId || !clientId || !ID.test(tenantId) || !ID.test(clientId)) return undefined;
  return { tenantId, clientId, reason };
}

export async function handler(event: SNSEvent): Promise<void> {
  for (const record of event.Records) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(record.Sns.Message);
    } catch {
      logger.warn('SES feedback is not JSON', { messageId: record.Sns.MessageId });
      continue;
    }
    const target = feedbackTarget(parsed);
    if (!target) continue;
    // Throws on a DynamoDB failure: SNS retries the invocation, then its dead-letter queue keeps it.
    const changed = await turnNotificationOff(
      documentClient(),
      tableName(),
      target.tenantId,
      target.clientId,
      'email',
      new Date().toISOString(),
      // SES's notification id stands for the request: a redelivered one changes nothing (the email is already off).
      systemOrigin(target.tenantId, 'ses', { request: { requestId: record.Sns.MessageId } }),
    );
    logger.info('Email turned off by SES feedback', { tenantId: target.tenantId, reason: target.reason, changed });
  }
}
