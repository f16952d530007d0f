/** The outbox message entity: its put (recipient encrypted), its codec and the delivery's conditional updates. */
import { describe, expect, it } from 'vitest';
import { CorruptItemError } from '../../../../functions/shared/entities/codec';
import {
  isMessageTemplate,
  outboxClaim,
  outboxExpireQueued,
  outboxFellBack,
  outboxFinish,
  outboxImageExpiry,
  outboxLeaseEnd,
  outboxPark,
  outboxRelease,
  parseOutbox,
  queueMessage,
  recipientRef,
} from '../../../../functions/shared/entities/outbox';
import { testCipher } from '../../../support/field-cipher';

const TENANT = '01JABCDEFGHJKMNPQRSTVWXYZ1';
const cipher = testCipher(TENANT);
const now = '2026-03-15T12:00:00.000Z';
const key = { PK: `TENANT#${TENANT}`, SK: 'OUTBOX#m-1' };
const held = { key, attemptId: 'a-1' };

describe('outbox entity', () => {
  it('queues a message under OUTBOX#<id>, its recipient encrypted and bound to the message, on GSI2 while unsent', () => {
    const { Put } = queueMessage(
      'table',
      TENANT,
      cipher,
      { channel: 'sms', template: 'reminder', to: '+33612345678', data: { a: 'b' }, clientId: 'c-1', locale: 'fr' },
      now,
      { messageId: 'm-1', expiresAt: new Date('2026-03-16T00:00:00Z'), blankAfterSend: true },
    );
    expect(Put.Item).toMatchObject({
      ...key,
      entity: 'email',
      channel: 'sms',
      locale: 'fr',
      clientId: 'c-1',
      GSI2PK: 'OUTBOX#queued',
      GSI2SK: `${now}#m-1`,
      status: 'queued',
      attempts: 0,
      expiresAt: Date.parse('2026-03-16T00:00:00Z') / 1000,
      blankAfterSend: true,
    });
    expect(Put.Item.to).not.toContain('+33612345678');
    expect(cipher.decrypt(recipientRef('m-1'), Put.Item.to)).toBe('+33612345678');
    // Deterministic ids are conditional: the same reminder queued twice fails instead of sending twice.
    expect(Put.ConditionExpression).toBe('attribute_not_exists(PK)');
    const fresh = queueMessage('table', TENANT, cipher, { channel: 'email', template: 'welcome', to: 'a@b.test', data: {} }, now);
    expect(fresh.Put).not.toHaveProperty('ConditionExpression');
  });

  it('parses what it queued, and reads the defaults of older items', () => {
    const { Put } = queueMessage(
      'table',
      TENANT,
      cipher,
      { channel: 'email', template: 'welcome', to: 'a@b.test', data: { x: 'y' } },
      now,
      {
        messageId: 'm-1',
      },
    );
    const parsed = parseOutbox({ ...Put.Item, data: { x: 'y', n: 3 } });
    expect(parsed).toMatchObject({
      key,
      messageId: 'm-1',
      tenantId: TENANT,
      channel: 'email',
      template: 'welcome',
      locale: 'en',
      data: { x: 'y' },
      clientId: undefined,
      attemptId: undefined,
      attempts: 0,
      expiresAtMs: undefined,
      blankAfterSend: false,
    });
    const { channel: _, attempts: __, ...legacy } = Put.Item;
    expect(parseOutbox(legacy)).toMatchObject({ channel: 'email', attempts: 1 });
  });

  it('refuses a message item without its id, tenant, template or recipient, or with an unknown channel', () => {
    const item = { ...key, messageId: 'm-1', tenantId: TENANT, template: 'welcome', to: 'x' };
    expect(() => parseOutbox(item)).not.toThrow();
    for (const field of ['messageId', 'tenantId', 'template', 'to', 'PK'] as const) {
      const { [field]: _, ...rest } = item;
      expect(() => parseOutbox(rest), field).toThrow(CorruptItemError);
    }
    expect(() => parseOutbox({ ...item, channel: 'fax' })).toThrow('channel');
    // Kept as stored: delivery parks a template it cannot render rather than failing the read.
    expect(parseOutbox({ ...item, template: 'gone' }).template).toBe('gone');
    expect(isMessageTemplate('gone')).toBe(false);
    expect(isMessageTemplate('usage-alert')).toBe(true);
  });

  it('reads the lease of a message being sent, and the expiry from a stream image', () => {
    expect(outboxLeaseEnd({ status: 'sending', leaseUntil: 5 })).toBe(5);
    expect(outboxLeaseEnd({ status: 'sent', leaseUntil: 5 })).toBeUndefined();
    expect(outboxLeaseEnd(undefined)).toBeUndefined();
    expect(outboxImageExpiry({ expiresAt: { N: '1700000000' } })).toBe(1_700_000_000);
    expect(outboxImageExpiry({})).toBeUndefined();
  });

  it('claims a queued message, or a sending one whose lease ran out', () => {
    expect(outboxClaim('table', key, 'a-1', 1000, 45_000)).toEqual({
      TableName: 'table',
      Key: key,
      UpdateExpression: 'SET #status = :sending, attemptId = :attempt, leaseUntil = :lease ADD attempts :one',
      ConditionExpression: '#status = :queued OR (#status = :sending AND leaseUntil < :now)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':sending': 'sending',
        ':queued': 'queued',
        ':attempt': 'a-1',
        ':lease': 46_000,
        ':now': 1000,
        ':one': 1,
      },
      ReturnValues: 'ALL_NEW',
    });
    expect(outboxExpireQueued('table', key)).toMatchObject({
      UpdateExpression: 'SET #status = :expired REMOVE #gpk, #gsk, #data',
      ConditionExpression: '#status = :queued',
      ExpressionAttributeNames: { '#status': 'status', '#gpk': 'GSI2PK', '#gsk': 'GSI2SK', '#data': 'data' },
    });
  });

  it("writes the attempt's outcomes only while that attempt holds the message", () => {
    const sent = outboxFinish('table', held, 'sent', { removeData: true, providerMessageId: 'p-1', sentAt: now });
    expect(sent).toEqual({
      TableName: 'table',
      Key: key,
      UpdateExpression: 'SET #status = :status, sentAt = :sentAt, providerMessageId = :pid REMOVE #gpk, #gsk, leaseUntil, #data',
      ConditionExpression: 'attemptId = :attempt',
      ExpressionAttributeNames: { '#status': 'status', '#gpk': 'GSI2PK', '#gsk': 'GSI2SK', '#data': 'data' },
      ExpressionAttributeValues: { ':status': 'sent', ':sentAt': now, ':pid': 'p-1', ':attempt': 'a-1' },
    });
    expect(outboxFinish('table', held, 'expired', { removeData: false }).UpdateExpression).toBe(
      'SET #status = :status REMOVE #gpk, #gsk, leaseUntil',
    );
    expect(outboxRelease('table', held, 'Throttling')).toMatchObject({
      UpdateExpression: 'SET #status = :status, lastError = :error REMOVE leaseUntil',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': 'queued', ':error': 'Throttling', ':attempt': 'a-1' },
    });
    expect(outboxPark('table', held, 'TOO_MANY_ATTEMPTS')).toMatchObject({
      UpdateExpression: 'SET #status = :status, parkedReason = :reason, #gpk = :parked REMOVE leaseUntil',
      ExpressionAttributeNames: { '#status': 'status', '#gpk': 'GSI2PK' },
      ExpressionAttributeValues: { ':status': 'parked', ':parked': 'OUTBOX#parked', ':attempt': 'a-1' },
    });
    expect(outboxFellBack('table', held, 'INVALID_PHONE', 'm-1-email')).toMatchObject({
      UpdateExpression:
        'SET #status = :status, parkedReason = :reason, fallbackMessageId = :fallback REMOVE #gpk, #gsk, leaseUntil',
      ExpressionAttributeValues: { ':status': 'failed', ':fallback': 'm-1-email', ':attempt': 'a-1' },
    });
  });
});
