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
import { TABLE } from '../db/table';
import { failedStepNames, step } from '../db/transact';
import { monthIn } from '../domain/calendar';
import { type Item, optStr, str } from '../entities/codec';
import { salonTimezone } from '../entities/salon';
import { messageSentAdded } from '../entities/usage';
import { logger } from '../logger';
import { BUSINESS_METRICS, recordEvent } from '../metrics';
import { newId } from '../repositories/ids';
import type { MessageChannel, MessageLocale, MessageStatus, MessageTemplate } from '../repositories/outbox';
import { OUTBOX_PARKED, queueMessage, recipientRef } from '../repositories/outbox';
import { isE164 } from '../domain/phone';
import { FieldCipher } from '../crypto/fields';
import { keyring } from '../crypto/keyring';
import { clientField, clientKeyVersions } from '../entities/client';
import { isRetryable, PermanentSendError, type Senders } from './senders';
import { isClientTemplate, renderMessage } from './templates';
import { unsubscribeUrl } from './unsubscribe';

/** Attempts before a message is parked. */
export const MAX_ATTEMPTS = 5;
/** Provider calls within one attempt (the first and its retries on throttling). */
export const SENDS_PER_ATTEMPT = 3;
export const BACKOFF_BASE_MS = 200;
/** Longer than the delivery function's timeout (30 s, lib/constructs/notifications.ts). */
export const LEASE_MS = 45_000;

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

export interface MessageKey {
  PK: string;
  SK: string;
}

interface Message {
  key: MessageKey;
  messageId: string;
  tenantId: string;
  channel: MessageChannel;
  template: MessageTemplate;
  to: string;
  locale: MessageLocale;
  data: Record<string, string>;
  clientId: string | undefined;
  attemptId: string;
  attempts: number;
  expiresAtMs: number | undefined;
  blankAfterSend: boolean;
}

const E = 'message';

/** The recipient decrypted (it is stored encrypted, repositories/outbox.ts); a legacy plaintext one as it is. */
async function withRecipient(message: Message): Promise<Message> {
  const version = FieldCipher.versionOf(message.to);
  if (version === undefined) return message;
  const cipher = await keyring().cipherFor(message.tenantId, { versions: [version] });
  return { ...message, to: cipher.decrypt(recipientRef(message.messageId), message.to) };
}

function toMessage(key: MessageKey, item: Item): Message {
  const channel = optStr(item, 'channel') ?? 'email';
  if (channel !== 'email' && channel !== 'sms') throw new Error(`Unknown channel ${channel}`);
  const data = item.data;
  const ttl = item[TABLE.ttlAttribute];
  return {
    key,
    messageId: str(item, E, 'messageId'),
    tenantId: str(item, E, 'tenantId'),
    channel,
    template: str(item, E, 'template') as MessageTemplate,
    to: str(item, E, 'to'),
    locale: optStr(item, 'locale') === 'fr' ? 'fr' : 'en',
    data:
      typeof data === 'object' && data !== null
        ? Object.fromEntries(Object.entries(data).filter((e): e is [string, string] => typeof e[1] === 'string'))
        : {},
    clientId: optStr(item, 'clientId'),
    attemptId: str(item, E, 'attemptId'),
    attempts: typeof item.attempts === 'number' ? item.attempts : 1,
    expiresAtMs: typeof ttl === 'number' ? ttl * 1000 : undefined,
    blankAfterSend: item.blankAfterSend === true,
  };
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
    logger.error('Message cannot be rendered', { ...log, error: (err as Error).message });
    return park(message, 'UNRENDERABLE', log);
  }
  for (let tryNo = 1; ; tryNo++) {
    try {
      const providerMessageId = await send();
      await finish(message, 'sent', {
        removeData: message.blankAfterSend,
        providerMessageId,
        sentAt: new Date(now()).toISOString(),
      });
      recordEvent(BUSINESS_METRICS.messageSent, { tenantId: message.tenantId });
      return 'sent';
    } catch (err) {
      const name = (err as { name?: string }).name ?? 'Error';
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
    const out = await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: 'SET #status = :sending, attemptId = :attempt, leaseUntil = :lease ADD attempts :one',
        ConditionExpression: '#status = :queued OR (#status = :sending AND leaseUntil < :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sending': 'sending' satisfies MessageStatus,
          ':queued': 'queued' satisfies MessageStatus,
          ':attempt': attemptId,
          ':lease': nowMs + LEASE_MS,
          ':now': nowMs,
          ':one': 1,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return await withRecipient(toMessage(key, out.Attributes ?? {}));
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const lease = await leaseEnd(key);
    return lease === undefined ? 'done' : 'busy';
  }
}

async function expireQueued(key: MessageKey): Promise<boolean> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: 'SET #status = :expired REMOVE #gpk, #gsk, #data',
        ConditionExpression: '#status = :queued',
        ExpressionAttributeNames: { '#status': 'status', '#gpk': gsi2.partitionKey, '#gsk': gsi2.sortKey, '#data': 'data' },
        ExpressionAttributeValues: { ':expired': 'expired' satisfies MessageStatus, ':queued': 'queued' satisfies MessageStatus },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/** When the current attempt's lease ends, if the message is being sent; undefined otherwise. */
async function leaseEnd(key: MessageKey): Promise<number | undefined> {
  const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  const item = out.Item;
  return item?.status === 'sending' && typeof item.leaseUntil === 'number' ? item.leaseUntil : undefined;
}

async function clientWants(tenantId: string, clientId: string, channel: MessageChannel): Promise<boolean> {
  const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: clientKey(tenantId, clientId) }));
  if (!out.Item) return false;
  const prefs = out.Item.notifications;
  if (typeof prefs !== 'object' || prefs === null) return true;
  return (prefs as Record<string, unknown>)[channel] !== false;
}

/** The provider call for this message, rendered once (retries send the same text). */
async function prepare(message: Message, senders: Senders): Promise<() => Promise<string | undefined>> {
  const rendered = renderMessage(message.template, message.data, message.channel, message.locale);
  const ids = { tenantId: message.tenantId, messageId: message.messageId };
  if (message.channel === 'sms') {
    // Queued in E.164 (domain/phone.ts); anything else is refused for good here, so it can fall back to email.
    if (!isE164(message.to)) throw new PermanentSendError('INVALID_PHONE', 'The SMS recipient is not an E.164 number');
    return () => senders.sms({ to: message.to, text: rendered.text, context: ids });
  }
  const headers = [{ name: 'X-Rendezvous-Message', value: `${message.tenantId}/${message.messageId}` }];
  let text = rendered.text;
  if (message.clientId && isClientTemplate(message.template)) {
    const url = await unsubscribeUrl({ tenantId: message.tenantId, clientId: message.clientId, channel: 'email' });
    // RFC 8058: the POST to this URL is the unsubscription; mail clients show a button for it.
    headers.push(
      { name: 'List-Unsubscribe', value: `<${url}>` },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    );
    text += `\n--\n${message.locale === 'fr' ? 'Ne plus recevoir ces emails' : 'Stop these emails'}: ${url}\n`;
  }
  const tags: Record<string, string> = { tenantId: message.tenantId, messageId: message.messageId, template: message.template };
  if (message.clientId) tags.clientId = message.clientId;
  return () => senders.email({ to: message.to, subject: rendered.subject, text, headers, tags });
}

const { gsi2 } = TABLE.indexes;

/** A final status, written only by the attempt that holds the message. */
async function finish(
  message: Message,
  status: Extract<MessageStatus, 'sent' | 'expired' | 'suppressed'>,
  opts: { removeData: boolean; providerMessageId?: string | undefined; sentAt?: string },
): Promise<void> {
  const set = ['#status = :status'];
  const values: Record<string, unknown> = { ':status': status, ':attempt': message.attemptId };
  if (opts.sentAt) {
    set.push('sentAt = :sentAt');
    values[':sentAt'] = opts.sentAt;
  }
  if (opts.providerMessageId) {
    set.push('providerMessageId = :pid');
    values[':pid'] = opts.providerMessageId;
  }
  const remove = ['#gpk', '#gsk', 'leaseUntil', ...(opts.removeData ? ['#data'] : [])];
  // A message sent counts in the salon's month (cost estimate) in the same transaction as its `sent`
  // status, which only the attempt holder may write: a replayed or lost attempt counts nothing.
  const count = status === 'sent' ? await sentCounter(message, opts.sentAt) : undefined;
  await holderWrite(message, `SET ${set.join(', ')} REMOVE ${remove.join(', ')}`, values, opts.removeData, count);
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
  await holderWrite(message, 'SET #status = :status, lastError = :error REMOVE leaseUntil', {
    ':status': 'queued' satisfies MessageStatus,
    ':error': error,
    ':attempt': message.attemptId,
  });
}

async function park(message: Message, reason: string, log: Record<string, string>): Promise<'parked' | 'fell-back'> {
  const fallback = await emailFallback(message);
  if (fallback) {
    // The client still hears from us: the SMS is done with, not parked (no alarm), and says where it went.
    await holderWrite(
      message,
      'SET #status = :status, parkedReason = :reason, fallbackMessageId = :fallback REMOVE #gpk, #gsk, leaseUntil',
      {
        ':status': 'failed' satisfies MessageStatus,
        ':reason': reason,
        ':fallback': fallback,
        ':attempt': message.attemptId,
      },
    );
    logger.warn('SMS failed for good; sent by email instead', { ...log, reason, fallbackMessageId: fallback });
    recordEvent(BUSINESS_METRICS.messageFellBack, { tenantId: message.tenantId, reason });
    return 'fell-back';
  }
  await holderWrite(message, 'SET #status = :status, parkedReason = :reason, #gpk = :parked REMOVE leaseUntil', {
    ':status': 'parked' satisfies MessageStatus,
    ':reason': reason,
    ':parked': OUTBOX_PARKED,
    ':attempt': message.attemptId,
  });
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
  if (message.channel !== 'sms' || !message.clientId || !isClientTemplate(message.template)) return undefined;
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: clientKey(message.tenantId, message.clientId), ConsistentRead: true }),
  );
  const client = out.Item;
  // Stored encrypted (entities/client.ts): decrypted under the salon's data key.
  const cipher = await keyring().cipherFor(message.tenantId, {
    create: true,
    versions: client ? clientKeyVersions([client]) : [],
  });
  const email = client ? clientField(client, cipher, 'email') : undefined;
  const prefs = client?.notifications as { email?: unknown } | undefined;
  if (!email || prefs?.email === false) return undefined;
  const messageId = `${message.messageId}-email`;
  const put = queueMessage(
    tableName(),
    message.tenantId,
    cipher,
    {
      channel: 'email',
      template: message.template,
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

async function holderWrite(
  message: Message,
  update: string,
  values: Record<string, unknown>,
  data = false,
  alsoWrite?: ReturnType<typeof messageSentAdded>,
): Promise<void> {
  const names: Record<string, string> = { '#status': 'status' };
  if (update.includes('#gpk')) names['#gpk'] = gsi2.partitionKey;
  if (update.includes('#gsk')) names['#gsk'] = gsi2.sortKey;
  if (data) names['#data'] = 'data';
  const write = {
    TableName: tableName(),
    Key: message.key,
    UpdateExpression: update,
    ConditionExpression: 'attemptId = :attempt',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
  const steps = alsoWrite ? [step('holder', { Update: write }), step('counter', alsoWrite)] : undefined;
  try {
    if (steps) await documentClient().send(new TransactWriteCommand({ TransactItems: steps.map((s) => s.item) }));
    else await documentClient().send(new UpdateCommand(write));
  } catch (err) {
    // The lease ran out and a later attempt took over (this one was slower than LEASE_MS): its word wins.
    const lost = steps ? failedStepNames(err, steps)?.has('holder') === true : isConditionFailure(err);
    if (!lost) throw err;
    logger.warn('Message attempt lost its lease', { tenantId: message.tenantId, messageId: message.messageId });
  }
}
