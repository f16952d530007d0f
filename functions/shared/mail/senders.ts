/**
 * The two ways out: SES v2 SendEmail and End User Messaging SendTextMessage. The clients make one
 * attempt each (maxAttempts 1): retrying with backoff is the deliverer's policy (mail/deliver.ts), so
 * calls are counted and bounded in one place.
 */
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { awsConfig, messagingConfig } from '../config';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  headers: ReadonlyArray<{ name: string; value: string }>;
  /** SES message tags: they come back on bounce and complaint events. */
  tags: Readonly<Record<string, string>>;
}

export interface OutgoingSms {
  to: string;
  text: string;
  /** Echoed in End User Messaging's delivery events. */
  context: Readonly<Record<string, string>>;
}

export interface Senders {
  email(message: OutgoingEmail): Promise<string | undefined>;
  sms(message: OutgoingSms): Promise<string | undefined>;
}

let ses: SESv2Client | undefined;
let sms: PinpointSMSVoiceV2Client | undefined;

export const awsSenders: Senders = {
  async email(message) {
    const config = messagingConfig();
    ses ??= new SESv2Client({
      region: awsConfig().region,
      maxAttempts: 1,
      ...(config.sesEndpoint ? { endpoint: config.sesEndpoint } : {}),
    });
    const out = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: config.fromAddress,
        ...(config.fromIdentityArn ? { FromEmailAddressIdentityArn: config.fromIdentityArn } : {}),
        ...(config.configurationSet ? { ConfigurationSetName: config.configurationSet } : {}),
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
            Headers: message.headers.map((h) => ({ Name: h.name, Value: h.value })),
          },
        },
        EmailTags: Object.entries(message.tags).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    return out.MessageId;
  },
  async sms(message) {
    const config = messagingConfig();
    if (!config.smsOriginationIdentity)
      throw new PermanentSendError('NO_SMS_IDENTITY', 'No SMS origination identity is configured');
    sms ??= new PinpointSMSVoiceV2Client({
      region: awsConfig().region,
      maxAttempts: 1,
      ...(config.smsEndpoint ? { endpoint: config.smsEndpoint } : {}),
    });
    const out = await sms.send(
      new SendTextMessageCommand({
        DestinationPhoneNumber: message.to,
        OriginationIdentity: config.smsOriginationIdentity,
        ...(config.smsConfigurationSet ? { ConfigurationSetName: config.smsConfigurationSet } : {}),
        MessageBody: message.text,
        MessageType: 'TRANSACTIONAL',
        Context: { ...message.context },
      }),
    );
    return out.MessageId;
  },
};

/** A failure that no retry can fix (a rejected address, a missing identity): the message is parked at once. */
export class PermanentSendError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentSendError';
  }
}

/** Throttling and quota-per-second errors of SES v2 and End User Messaging, and AWS's own 5xx. */
const RETRYABLE_NAMES = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'LimitExceededException',
  'InternalServerException',
  'ServiceUnavailableException',
  'RequestTimeout',
  'TimeoutError',
]);

/** Worth another try later: throttling, a 5xx, or no answer at all (network, timeout). */
export function isRetryable(err: unknown): boolean {
  if (err instanceof PermanentSendError) return false;
  const e = err as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!e || typeof e !== 'object') return true;
  if (e.name && RETRYABLE_NAMES.has(e.name)) return true;
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status === undefined) return !('$fault' in e);
  return status >= 500 || status === 429;
}
