/**
 * Delivers one outbox message (email or SMS), at most once per attempt record and never lost silently.
 *
 * An attempt is a conditional claim on the item: `status` queued -> sending with a fresh `attemptId`, a
 * lease (`leaseUntil`) and `attempts` + 1. Only the holder of the attempt may mark the message sent,
 * release it or park it (every later write is conditional on its `attemptId`), so two deliveries of
 * the same stream record, or two pollers, never send the same message twice in one attempt.
 *
 * A crash between claim and send (a timeout, an out-of-memory kill) leaves the message `sending` with a
 * lease that runs out: the stream redelivers the record (the invocation failed), and the next claim
 * succeeds once the lease is past, as a new attempt. The lease outlives the function's timeout, so a
 * live attempt never loses it. The one window left is a crash after the provider accepted the message
 * and before `sentAt` is written: that message may go out twice, which is the price of never losing it
 * (neither SES nor End User Messaging take an idempotency key).
 *
 * Throttling and 5xx are retried in the attempt with exponential backoff and jitter; an attempt that
 * still fails releases the message (back to queued) and asks for the record again; after MAX_ATTEMPTS
 * attempts, or at once for a failure no retry can fix, the message is parked: status `parked`, listed
 * on GSI2 under OUTBOX#parked, counted by the MessagesParked metric, which alarms.
 */
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client';
import { isConditionFailure } from '../db/conditions';
import { clientKey, tenantMetaKey } from '../db/keys';
import { failedStepNames, step } from '../db/transact';
import { monthIn } from '../domain/calendar';
import { salonTimezone } from '../entities/salon';
import { messageSentAdded } from '../entities/usage';
import { logger } from '../logger';
import { BUSINESS_METRICS, recordEvent } from '../metrics';
import { newId } from '../repositories/ids';
import {
  type HeldMessage,
  type MessageChannel,
  type MessageTemplate,
  type OutboxKey,
  type OutboxMessage,
  isMessageTemplate,
  outboxClaim,
  outboxExpireQueued,
  outboxFellBack,
  outboxFinish,
  outboxLeaseEnd,
  outboxPark,
  outboxRelease,
  parseOutbox,
  queueMessage,
  recipientRef,
} from '../entities/outbox';
import { isE164 } from '../domain/phone';
import { FieldCipher } from '../crypto/fields';
import { keyring, createFirstKey } from '../crypto/keyring';
import { clientField, clientKeyVersions, toNotifications } from '../entities/client';
import { isRetryable, PermanentSendError, type Senders } from './senders';
import { isClientTemplate, renderMessage } from './templates';
import { unsubscribeUrl } from './unsubscribe';
import { errorParts } from '../errors';

/** Attempts before a message is parked. */
export const MAX_ATTEMPTS = 5;
/** Provider calls within one attempt (the first and its retries on throttling). */
export const SENDS_PER_ATTEMPT = 3;
export const BACKOFF_BASE_MS = 200;
/** Longer than the delivery function's timeout (30 s, lib/constructs/notifications.ts). */
export const LEASE_MS = 45_000;

/** What reminders/send.ts queues: its messages, and their email fallbacks, count as RemindersSent. */
const REMINDER_TEMPLATE: MessageTemplate = 'reminder';

export interface DeliveryDeps {
  senders: Senders;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Epoch ms past which this invocation should not wait for a lease (Lambda's remaining time). */
  deadline?: number;
  random?: () => number;
}

/** `retry`: the message is still owed; the caller reports the record as failed so it comes again. */
export type DeliveryOutcome = 'sent' | 'skipped' | 'expired' | 'parked' | 'fell-back' | 'suppressed' | 'retry';

export type MessageKey = OutboxKey;

/** A message claimed by this attempt (entities/outbox.ts), its recipient decrypted. */
type Message = OutboxMessage & HeldMessage;

/** The recipient decrypted (it is stored encrypted, entities/outbox.ts); a legacy plaintext one as it is. */
async function withRecipient(message: Message): Promise<Message> {
  const version = FieldCipher.versionOf(message.to);
  if (version === undefined) return message;
  const cipher = await keyring().cipherFor(message.tenantId, { versions: [version] });
  return { ...message, to: cipher.decrypt(recipientRef(message.messageId), message.to) };
}

/** The item as this attempt claimed it: it holds the attempt, so the codec's attemptId must be there. */
function claimed(item: Record<string, unknown>): Message {
  const message = parseOutbox(item);
  if (message.attemptId === undefined) throw new Error('A claimed message item has no attemptId');
  return { ...message, attemptId: message.attemptId };
}

/**
 * `expiresAt` (epoch seconds, from the stream record's image): a message already moot when it arrives
 * goes straight from queued to expired, in one write, without an attempt.
 */
export async function deliverMessage(
  key: MessageKey,
  deps: DeliveryDeps,
  hint: { expiresAt?: number } = {},
): Promise<DeliveryOutcome> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  if (hint.expiresAt !== undefined && hint.expiresAt * 1000 <= now() && (await expireQueued(key))) return 'expired';
  let message = await claim(key, now());
  if (message === 'busy') {
    // Another attempt holds the lease (a crashed one, most likely): wait it out if there is time.
    const lease = await leaseEnd(key);
    if (lease !== undefined && lease + 50 < (deps.deadline ?? now() + 5_000)) {
      await sleep(Math.max(0, lease - now() + 50));
      message = await claim(key, now());
    }
    if (message === 'busy') return 'retry';
  }
  if (message === 'done') return 'skipped';
  const log = { tenantId: message.tenantId, messageId: message.messageId, template: message.template, channel: message.channel };

  if (message.attempts > MAX_ATTEMPTS) return park(message, 'TOO_MANY_ATTEMPTS', log);
  if (message.expiresAtMs !== undefined && message.expiresAtMs <= now()) {
    // Moot (a hold already over): dropped unsent, and its data (a token) removed; TTL may lag by days.
    await finish(message, 'expired', { removeData: true });
    return 'expired';
  }
  if (message.clientId && !(await clientWants(message.tenantId, message.clientId, message.channel))) {
    await finish(message, 'suppressed', { removeData: true });
    recordEvent(BUSINESS_METRICS.messageSuppressed, { tenantId: message.tenantId });
    return 'suppressed';
  }

  let send: () => Promise<string | undefined>;
  try {
    send = await prepare(message, deps.senders);
  } catch (err) {
    if (err instanceof PermanentSendError) return park(message, err.code, log);
    logger.error('Message cannot be rendered', { ...log, error: errorParts(err).message });
    return park(message, 'UNRENDERABLE', log);
  }
  for (let tryNo = 1; ; tryNo++) {
    try {
      const providerMessageId = await send();
      const held = await finish(message, 'sent', {
        removeData: message.blankAfterSend,
        providerMessageId,
        sentAt: new Date(now()).toISOString(),
      });
      // Counted, like the month's counter, by the attempt that wrote `sent`: a redelivery finds the
      // message done (skipped) and an attempt that lost its lease leaves the count to the one that took it.
      if (held) {
        recordEvent(BUSINESS_METRICS.messageSent, { tenantId: message.tenantId });
        if (message.template === REMINDER_TEMPLATE) {
          recordEvent(BUSINESS_METRICS.reminderSent, { tenantId: message.tenantId, channel: message.channel });
        }
      }
      return 'sent';
    } catch (err) {
      const { name } = errorParts(err);
      if (!isRetryable(err)) {
        logger.error('Message refused for good', { ...log, error: name });
        return park(message, err instanceof PermanentSendError ? err.code : name, log);
      }
      if (tryNo >= SENDS_PER_ATTEMPT) {
        logger.warn('Message attempt failed', { ...log, error: name, attempts: message.attempts });
        if (message.attempts >= MAX_ATTEMPTS) return park(message, name, log);
        await release(message, name);
        return 'retry';
      }
      const random = deps.random ?? Math.random;
      await sleep(BACKOFF_BASE_MS * 2 ** (tryNo - 1) + Math.floor(random() * BACKOFF_BASE_MS));
    }
  }
}

async function claim(key: MessageKey, nowMs: number): Promise<Message | 'busy' | 'done'> {
  const attemptId = newId();
  try {
    const out = await documentClient().send(new UpdateCommand(outboxClaim(tableName(), key, attemptId, nowMs, LEASE_MS)));
    return await withRecipient(claimed(out.Attributes ?? {}));
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const lease = await leaseEnd(key);
    return lease === undefined ? 'done' : 'busy';
  }
}

async function expireQueued(key: MessageKey): Promise<boolean> {
  try {
    await documentClient().send(new UpdateCommand(outboxExpireQueued(tableName(), key)));
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/** When the current attempt's lease ends, if the message is being sent; undefined otherwise. */
async function leaseEnd(key: MessageKey): Promise<number | undefined> {
  const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  return outboxLeaseEnd(out.Item);
}

async function clientWants(tenantId: string, clientId: string, channel: MessageChannel): Promise<boolean> {
  const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: clientKey(tenantId, clientId) }));
  if (!out.Item) return false;
  return toNotifications(out.Item.notifications)[channel];
}

/** The provider call for this message, rendered once (retries send the same text). */
async function prepare(message: Message, senders: Senders): Promise<() => Promise<string | undefined>> {
  const template = message.template;
  if (!isMessageTemplate(template)) throw new Error(`Unknown template ${template}`);
  const rendered = renderMessage(template, message.data, message.channel, message.locale);
  const ids = { tenantId: message.tenantId, messageId: message.messageId };
  if (message.channel === 'sms') {
    // Queued in E.164 (domain/phone.ts); anything else is refused for good here, so it can fall back to email.
    if (!isE164(message.to)) throw new PermanentSendError('INVALID_PHONE', 'The SMS recipient is not an E.164 number');
    return () => senders.sms({ to: message.to, text: rendered.text, context: ids });
  }
  const headers = [{ name: 'X-Rendezvous-Message', value: `${message.tenantId}/${message.messageId}` }];
  let text = rendered.text;
  if (message.clientId && isClientTemplate(template)) {
    const url = await unsubscribeUrl({ tenantId: message.tenantId, clientId: message.clientId, channel: 'email' });
    // RFC 8058: the POST to this URL is the unsubscription; mail clients show a button for it.
    headers.push(
      { name: 'List-Unsubscribe', value: `<${url}>` },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    );
    text += `\n--\n${message.locale === 'fr' ? 'Ne plus recevoir ces emails' : 'Stop these emails'}: ${url}\n`;
  }
  const tags: Record<string, string> = { tenantId: message.tenantId, messageId: message.messageId, template };
  if (message.clientId) tags.clientId = message.clientId;
  return () => senders.email({ to: message.to, subject: rendered.subject, text, headers, tags });
}

/** A final status, written only by the attempt that holds the message; false when it no longer did. */
async function finish(
  message: Message,
  status: 'sent' | 'expired' | 'suppressed',
  opts: { removeData: boolean; providerMessageId?: string | undefined; sentAt?: string },
): Promise<boolean> {
  // A message sent counts in the salon's month (cost estimate) in the same transaction as its `sent`
  // status, which only the attempt holder may write: a replayed or lost attempt counts nothing.
  const count = status === 'sent' ? await sentCounter(message, opts.sentAt) : undefined;
  return holderWrite(message, outboxFinish(tableName(), message, status, opts), count);
}

/** The monthly counter step for a sent message, in the salon's calendar; none for a salon gone. */
async function sentCounter(message: Message, sentAt: string | undefined) {
  const out = await documentClient().send(
    new GetCommand({
      TableName: tableName(),
      Key: tenantMetaKey(message.tenantId),
      ProjectionExpression: 'id, settings.#tz',
      ExpressionAttributeNames: { '#tz': 'timezone' },
    }),
  );
  if (!out.Item) return undefined;
  const month = monthIn(salonTimezone(out.Item), sentAt ? new Date(sentAt) : new Date());
  return messageSentAdded(tableName(), message.tenantId, month, message.channel);
}

async function release(message: Message, error: string): Promise<void> {
  await holderWrite(message, outboxRelease(tableName(), message, error));
}

async function park(message: Message, reason: string, log: Record<string, string>): Promise<'parked' | 'fell-back'> {
  const fallback = await emailFallback(message);
  if (fallback) {
    // The client still hears from us: the SMS is done with, not parked (no alarm), and says where it went.
    await holderWrite(message, outboxFellBack(tableName(), message, reason, fallback));
    logger.warn('SMS failed for good; sent by email instead', { ...log, reason, fallbackMessageId: fallback });
    recordEvent(BUSINESS_METRICS.messageFellBack, { tenantId: message.tenantId, reason });
    return 'fell-back';
  }
  await holderWrite(message, outboxPark(tableName(), message, reason));
  logger.error('Message parked', { ...log, reason, attempts: message.attempts });
  recordEvent(BUSINESS_METRICS.messageParked, { tenantId: message.tenantId, reason });
  return 'parked';
}

/**
 * A client's SMS that failed for good goes by email when the client has an address and takes email:
 * the same template and data, queued under a deterministic id (`<id>-email`) with a conditional put,
 * so a replayed failure queues it once. Returns that id, or undefined when there is no fallback.
 */
async function emailFallback(message: Message): Promise<string | undefined> {
  const template = message.template;
  if (message.channel !== 'sms' || !message.clientId || !isMessageTemplate(template) || !isClientTemplate(template)) {
    return undefined;
  }
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: clientKey(message.tenantId, message.clientId), ConsistentRead: true }),
  );
  const client = out.Item;
  // Stored encrypted (entities/client.ts): decrypted under the salon's data key.
  const cipher = await keyring().cipherFor(message.tenantId, {
    create: createFirstKey,
    versions: client ? clientKeyVersions([client]) : [],
  });
  const email = client ? clientField(client, cipher, 'email') : undefined;
  if (!email || !client || !toNotifications(client.notifications).email) return undefined;
  const messageId = `${message.messageId}-email`;
  const put = queueMessage(
    tableName(),
    message.tenantId,
    cipher,
    {
      channel: 'email',
      template,
      to: email,
      data: message.data,
      locale: message.locale,
      clientId: message.clientId,
    },
    new Date().toISOString(),
    {
      messageId,
      ...(message.expiresAtMs !== undefined ? { expiresAt: new Date(message.expiresAtMs) } : {}),
      ...(message.blankAfterSend ? { blankAfterSend: true } : {}),
    },
  );
  try {
    await documentClient().send(new PutCommand(put.Put));
  } catch (err) {
    if (!isConditionFailure(err)) throw err; // Queued by an earlier delivery of this failure.
  }
  return messageId;
}

/** True when written; false when this attempt no longer held the message. */
async function holderWrite(
  message: Message,
  write: ReturnType<typeof outboxRelease>,
  alsoWrite?: ReturnType<typeof messageSentAdded>,
): Promise<boolean> {
  const steps = alsoWrite ? [step('holder', { Update: write }), step('counter', alsoWrite)] : undefined;
  try {
    if (steps) await documentClient().send(new TransactWriteCommand({ TransactItems: steps.map((s) => s.item) }));
    else await documentClient().send(new UpdateCommand(write));
    return true;
  } catch (err) {
    // The lease ran out and a later attempt took over (this one was slower than LEASE_MS): its word wins.
    const lost = steps ? failedStepNames(err, steps)?.has('holder') === true : isConditionFailure(err);
    if (!lost) throw err;
    logger.warn('Message attempt lost its lease', { tenantId: message.tenantId, messageId: message.messageId });
    return false;
  }
}
