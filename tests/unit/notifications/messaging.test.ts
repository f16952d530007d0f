/**
 * The pure and adapter parts of notifications: the SES and SMS calls as sent (aws-sdk-client-mock), which
 * errors count as retryable, unsubscribe tokens, the SES feedback event, which appointment change calls
 * for which message, the rendered texts, and the stream filter as the local poller applies it.
 */
import { createHmac } from 'node:crypto';
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { feedbackTarget } from '../../../functions/notifications/email-feedback';
import { awsSenders, isRetryable, PermanentSendError } from '../../../functions/shared/mail/senders';
import { localStart, renderMessage } from '../../../functions/shared/mail/templates';
import { unsubscribeToken, verifyUnsubscribeToken } from '../../../functions/shared/mail/unsubscribe';
import { messageFor } from '../../../functions/streams/appointment-messages';
import { filterPattern, matchesFilter, STREAM_CONSUMERS } from '../../../functions/streams/consumers';

const ses = mockClient(SESv2Client);
const sms = mockClient(PinpointSMSVoiceV2Client);

beforeAll(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-3',
    EMAIL_FROM_ADDRESS: 'Salon <rdv@mail.salon.example>',
    EMAIL_IDENTITY_ARN: 'arn:aws:ses:eu-west-3:123456789012:identity/mail.salon.example',
    EMAIL_CONFIGURATION_SET: 'rendezvous-dev',
    SMS_ORIGINATION_IDENTITY: 'arn:aws:sms-voice:eu-west-3:123456789012:phone-number/phone-1',
    PUBLIC_API_URL: 'https://api.example.test/dev/',
    UNSUBSCRIBE_SECRET: 'unit-secret',
  });
});

describe('senders', () => {
  it('sends SES v2 Simple content with headers, tags, identity and configuration set', async () => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const id = await awsSenders.email({
      to: 'zoe@example.test',
      subject: 'S',
      text: 'T',
      headers: [{ name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' }],
      tags: { tenantId: 't1' },
    });
    expect(id).toBe('ses-1');
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toEqual({
      FromEmailAddress: 'Salon <rdv@mail.salon.example>',
      FromEmailAddressIdentityArn: 'arn:aws:ses:eu-west-3:123456789012:identity/mail.salon.example',
      ConfigurationSetName: 'rendezvous-dev',
      Destination: { ToAddresses: ['zoe@example.test'] },
      Content: {
        Simple: {
          Subject: { Data: 'S', Charset: 'UTF-8' },
          Body: { Text: { Data: 'T', Charset: 'UTF-8' } },
          Headers: [{ Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' }],
        },
      },
      EmailTags: [{ Name: 'tenantId', Value: 't1' }],
    });
  });

  it('sends a transactional SMS from the origination identity, with the context', async () => {
    sms.reset();
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'sms-1' });
    await awsSenders.sms({ to: '+33612345678', text: 'Hi', context: { messageId: 'm1' } });
    expect(sms.commandCalls(SendTextMessageCommand)[0]?.args[0].input).toMatchObject({
      DestinationPhoneNumber: '+33612345678',
      OriginationIdentity: 'arn:aws:sms-voice:eu-west-3:123456789012:phone-number/phone-1',
      MessageType: 'TRANSACTIONAL',
      Context: { messageId: 'm1' },
    });
  });

  it('retries throttling, 5xx and no answer; not a rejection or a missing identity', () => {
    const err = (name: string, status?: number) =>
      Object.assign(new Error(name), { name, $fault: 'client', ...(status ? { $metadata: { httpStatusCode: status } } : {}) });
    expect(isRetryable(err('TooManyRequestsException', 429))).toBe(true);
    expect(isRetryable(err('ThrottlingException', 400))).toBe(true);
    expect(isRetryable(err('InternalFailure', 503))).toBe(true);
    expect(isRetryable(new Error('socket hang up'))).toBe(true);
    expect(isRetryable(err('MessageRejected', 400))).toBe(false);
    expect(isRetryable(err('ValidationException', 400))).toBe(false);
    expect(isRetryable(new PermanentSendError('NO_SMS_IDENTITY', 'x'))).toBe(false);
  });
});

describe('unsubscribe tokens', () => {
  it('round-trips tenant, client and channel; refuses a forged or altered one', async () => {
    const token = await unsubscribeToken({ tenantId: 'T1', clientId: 'C1', channel: 'email' });
    expect(await verifyUnsubscribeToken(token)).toEqual({ tenantId: 'T1', clientId: 'C1', channel: 'email' });
    const [payload, mac] = token.split('.');
    const other = Buffer.from('T1.C2.email').toString('base64url');
    expect(await verifyUnsubscribeToken(`${other}.${mac}`)).toBeUndefined();
    expect(await verifyUnsubscribeToken(`${payload}.${'A'.repeat(43)}`)).toBeUndefined();
    expect(await verifyUnsubscribeToken(`${payload}`)).toBeUndefined();
    // Well formed and signed, but under another secret.
    const foreign = createHmac('sha256', 'another-secret').update(`unsubscribe:${payload}`).digest('base64url');
    expect(await verifyUnsubscribeToken(`${payload}.${foreign}`)).toBeUndefined();
  });
});

describe('SES feedback', () => {
  const event = (type: string, bounceType?: string) => ({
    eventType: type,
    ...(bounceType ? { bounce: { bounceType, bouncedRecipients: [{ emailAddress: 'zoe@example.test' }] } } : {}),
    mail: { messageId: 'ses-1', tags: { tenantId: ['01JTENANT0000000000000000A'], clientId: ['01JCLIENT0000000000000000A'] } },
  });

  it('turns email off for a permanent bounce or a complaint, not for a transient bounce or an untagged mail', () => {
    expect(feedbackTarget(event('Bounce', 'Permanent'))).toEqual({
      tenantId: '01JTENANT0000000000000000A',
      clientId: '01JCLIENT0000000000000000A',
      reason: 'bounce',
    });
    expect(feedbackTarget(event('Complaint'))?.reason).toBe('complaint');
    expect(feedbackTarget(event('Bounce', 'Transient'))).toBeUndefined();
    expect(feedbackTarget({ eventType: 'Complaint', mail: { tags: {} } })).toBeUndefined();
    expect(feedbackTarget({ eventType: 'Complaint', mail: { tags: { tenantId: ['T#1'], clientId: ['C'] } } })).toBeUndefined();
    // JSON SES never sends: null is no target (it was a TypeError, retried to the dead-letter queue), and a
    // tag that is a string, not a list, is no tag (its first character was read as the salon id).
    expect(feedbackTarget(null)).toBeUndefined();
    expect(
      feedbackTarget({ eventType: 'Complaint', mail: { tags: { tenantId: '01JTENANT0000000000000000A', clientId: ['C'] } } }),
    ).toBeUndefined();
  });
});

describe('appointment messages', () => {
  const appt = (status: string, start = '2031-03-04T10:00:00+01:00') => ({ entity: 'appointment', status, start });

  it('books on an open insert or a confirmed hold; cancels an open one; moves on a new start', () => {
    expect(messageFor(undefined, appt('scheduled'))?.template).toBe('appointment-booked');
    expect(messageFor(undefined, appt('pending'))).toBeUndefined();
    expect(messageFor(appt('pending'), appt('scheduled'))?.template).toBe('appointment-booked');
    expect(messageFor(appt('scheduled'), appt('cancelled'))?.template).toBe('appointment-cancelled');
    expect(messageFor(appt('pending'), appt('cancelled'))).toBeUndefined();
    expect(messageFor(appt('scheduled'), appt('confirmed'))).toBeUndefined();
    const moved = messageFor(appt('scheduled'), appt('scheduled', '2031-03-05T10:00:00+01:00'));
    expect(moved).toMatchObject({ template: 'appointment-rescheduled', previousStart: '2031-03-04T10:00:00+01:00' });
    // Moved twice: two messages (ids differ); moved to the same start again: the same id.
    const again = messageFor(appt('scheduled'), appt('scheduled', '2031-03-06T10:00:00+01:00'));
    expect(again?.discriminator).not.toBe(moved?.discriminator);
  });
});

describe('templates', () => {
  const data = {
    salonName: 'Studio',
    salonAddress: '1 rue de la Paix',
    serviceName: 'Coupe',
    staffName: 'Ana',
    start: '2031-03-30T09:00:00+02:00',
    timezone: 'Europe/Paris',
    manageUrl: 'https://app.example.test/m#t',
  };

  it('renders the salon-local time for the locale, in email and SMS', () => {
    expect(localStart('2031-03-30T07:00:00Z', 'Europe/Paris', 'fr')).toBe('dimanche 30 mars 2031 à 09:00');
    expect(localStart('2031-03-30T07:00:00Z', 'America/New_York', 'en')).toBe('Sunday, March 30, 2031 at 3:00 AM');
    const fr = renderMessage('reminder', data, 'email', 'fr');
    expect(fr.subject).toBe('Rappel: Coupe chez Studio');
    expect(fr.text).toContain('dimanche 30 mars 2031 à 09:00');
    expect(fr.text).toContain('avec Ana');
    expect(fr.text).toContain('Le gérer ici: https://app.example.test/m#t');
    const en = renderMessage('reminder', data, 'sms', 'en');
    expect(en.text).toBe(
      'Studio: Reminder: your appointment (Coupe), Sunday, March 30, 2031 at 9:00 AM. https://app.example.test/m#t',
    );
    expect(renderMessage('appointment-cancelled', data, 'email', 'en').text).not.toContain('Manage');
  });

  it('refuses to render an appointment message without its start or timezone', () => {
    const { timezone: _, ...partial } = data;
    expect(() => renderMessage('reminder', partial)).toThrow('timezone');
  });
});

describe('stream filter', () => {
  const record = (eventName: 'INSERT' | 'MODIFY', sk: string) =>
    ({ eventName, dynamodb: { Keys: { PK: { S: 'TENANT#t' }, SK: { S: sk } } } }) as DynamoDBRecord;

  it('takes what the deployed filter pattern takes', () => {
    const [filter] = STREAM_CONSUMERS.deliverMessages.filters;
    if (!filter) throw new Error('deliverMessages has a filter');
    expect(filterPattern(filter)).toEqual({ eventName: ['INSERT'], dynamodb: { Keys: { SK: { S: [{ prefix: 'OUTBOX#' }] } } } });
    expect(matchesFilter(filter, record('INSERT', 'OUTBOX#1'))).toBe(true);
    expect(matchesFilter(filter, record('MODIFY', 'OUTBOX#1'))).toBe(false);
    expect(matchesFilter(filter, record('INSERT', 'CLIENT#1'))).toBe(false);
  });
});
