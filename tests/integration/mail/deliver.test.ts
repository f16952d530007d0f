/**
 * The deliverer against DynamoDB Local with injected senders: a retried (redelivered) record sends
 * once; throttling is retried with backoff and nothing is lost or doubled; a message is parked after
 * MAX_ATTEMPTS attempts, or at once for a failure no retry fixes; a crashed attempt's lease runs out and
 * the next delivery sends it. The probe items live under a sort key the running stack's stream
 * consumers do not take (`PROBE#`), so only the deliverer under test touches them.
 */
import { keyring, createFirstKey } from '../../../functions/shared/crypto/keyring';
import { isEncrypted } from '../../../functions/shared/crypto/fields';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  BACKOFF_BASE_MS,
  deliverMessage,
  LEASE_MS,
  MAX_ATTEMPTS,
  SENDS_PER_ATTEMPT,
} from '../../../functions/shared/mail/deliver';
import type { OutgoingEmail, OutgoingSms, Senders } from '../../../functions/shared/mail/senders';
import { PermanentSendError } from '../../../functions/shared/mail/senders';
import { monthlyUsageKey, tenantMetaKey } from '../../../functions/shared/db/keys';
import { monthIn } from '../../../functions/shared/domain/calendar';
import { newId } from '../../../functions/shared/repositories/ids';
import { type QueuedMessage, queueMessage, recipientRef } from '../../../functions/shared/entities/outbox';
import { BUSINESS_METRICS } from '../../../functions/shared/metric-names';
import { db, getItem } from '../../support/fixtures';

const tenantId = newId();

function throttled(): Error {
  return Object.assign(new Error('Maximum sending rate exceeded.'), {
    name: 'TooManyRequestsException',
    $fault: 'client',
    $metadata: { httpStatusCode: 429 },
  });
}

/** Senders that fail as scripted (one entry per call, `ok` or an error), recording every call. */
function scripted(script: Array<'ok' | Error> = []) {
  const emails: OutgoingEmail[] = [];
  const sms: OutgoingSms[] = [];
  let calls = 0;
  const next = async (): Promise<string> => {
    const step = script[calls++] ?? 'ok';
    if (step !== 'ok') throw step;
    return `provider-${calls}`;
  };
  const senders: Senders = {
    email: async (m) => {
      const id = await next();
      emails.push(m);
      return id;
    },
    sms: async (m) => {
      const id = await next();
      sms.push(m);
      return id;
    },
  };
  return { senders, emails, sms, calls: () => calls };
}

const sleeps: number[] = [];
const sleep = async (ms: number) => {
  sleeps.push(ms);
};

async function probe(message: Partial<QueuedMessage> = {}, options: Parameters<typeof queueMessage>[5] = {}) {
  const put = queueMessage(
    'unused',
    tenantId,
    await keyring().cipherFor(tenantId, { create: createFirstKey }),
    {
      channel: 'email',
      template: 'invitation',
      to: 'probe@example.test',
      data: { tenantName: 'Probe', role: 'staff', acceptUrl: 'http://x/a' },
      ...message,
    },
    new Date().toISOString(),
    options,
  );
  const key = { PK: String(put.Put.Item.PK), SK: String(put.Put.Item.SK).replace(/^OUTBOX#/, 'PROBE#') };
  await db().send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { ...put.Put.Item, ...key } }));
  return key;
}

beforeAll(() => {
  Object.assign(process.env, {
    EMAIL_FROM_ADDRESS: 'Probe <no-reply@probe.test>',
    PUBLIC_API_URL: 'http://127.0.0.1:1',
    UNSUBSCRIBE_SECRET: 'probe-secret',
  });
});

describe('message delivery', () => {
  it('sends a redelivered message once, and only the holder of the attempt marks it sent', async () => {
    const key = await probe();
    const out = scripted();
    const outcomes = await Promise.all([1, 2, 3].map(() => deliverMessage(key, { senders: out.senders, sleep })));
    // One delivery claimed it and sent; the others found it claimed (and, its lease live, asked for later).
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(out.emails).toHaveLength(1);
    // Again, once it is sent: nothing.
    expect(await deliverMessage(key, { senders: out.senders, sleep })).toBe('skipped');
    expect(out.calls()).toBe(1);
    expect(await getItem(key)).toMatchObject({ status: 'sent', attempts: 1, providerMessageId: 'provider-1' });
    expect(await getItem(key)).not.toHaveProperty('GSI2PK');
  });

  it("counts a sent message once in the salon's month (cost estimate), however often it is delivered", async () => {
    // The salon exists from here on (the probes before ran for a salon gone, which counts nothing).
    await db().send(
      new PutCommand({
        TableName: process.env.TABLE_NAME,
        Item: { ...tenantMetaKey(tenantId), entity: 'tenant', id: tenantId, settings: { timezone: 'Pacific/Kiritimati' } },
      }),
    );
    const usage = monthlyUsageKey(tenantId, monthIn('Pacific/Kiritimati'));
    const before = (await getItem(usage)) ?? {};
    const email = await probe();
    const sms = await probe({ channel: 'sms', to: '+33612345678' });
    const out = scripted();
    await Promise.all([1, 2, 3].map(() => deliverMessage(email, { senders: out.senders, sleep })));
    await Promise.all([1, 2].map(() => deliverMessage(sms, { senders: out.senders, sleep })));
    expect(await deliverMessage(email, { senders: out.senders, sleep })).toBe('skipped');
    expect(out.calls()).toBe(2);
    const after = await getItem(usage);
    expect(Number(after?.emailsSent) - Number(before.emailsSent ?? 0)).toBe(1);
    expect(Number(after?.smsSent) - Number(before.smsSent ?? 0)).toBe(1);
  });

  it('retries throttling with backoff inside the attempt, then sends once', async () => {
    const key = await probe();
    const out = scripted([throttled(), throttled()]);
    sleeps.length = 0;
    expect(await deliverMessage(key, { senders: out.senders, sleep, random: () => 0 })).toBe('sent');
    expect(out.calls()).toBe(3);
    expect(out.emails).toHaveLength(1);
    expect(sleeps).toEqual([BACKOFF_BASE_MS, 2 * BACKOFF_BASE_MS]);
  });

  it('releases a throttled attempt for the next delivery (nothing lost), and sends it then (nothing doubled)', async () => {
    const key = await probe({ channel: 'sms', to: '+33612345678', template: 'reminder', data: reminderData() });
    const out = scripted(Array.from({ length: SENDS_PER_ATTEMPT }, throttled));
    expect(await deliverMessage(key, { senders: out.senders, sleep })).toBe('retry');
    expect(await getItem(key)).toMatchObject({ status: 'queued', attempts: 1, lastError: 'TooManyRequestsException' });
    expect(await deliverMessage(key, { senders: out.senders, sleep })).toBe('sent');
    expect(out.sms).toHaveLength(1);
    expect(out.sms[0]?.context).toEqual({ tenantId, messageId: key.SK.replace('PROBE#', '') });
    expect(await getItem(key)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it(`parks a message after ${MAX_ATTEMPTS} failed attempts, listed under OUTBOX#parked`, async () => {
    const key = await probe();
    const out = scripted(Array.from({ length: MAX_ATTEMPTS * SENDS_PER_ATTEMPT }, throttled));
    const outcomes = [];
    for (let i = 0; i < MAX_ATTEMPTS; i++) outcomes.push(await deliverMessage(key, { senders: out.senders, sleep }));
    expect(outcomes).toEqual([...Array(MAX_ATTEMPTS - 1).fill('retry'), 'parked']);
    expect(out.calls()).toBe(MAX_ATTEMPTS * SENDS_PER_ATTEMPT);
    expect(await getItem(key)).toMatchObject({
      status: 'parked',
      GSI2PK: 'OUTBOX#parked',
      parkedReason: 'TooManyRequestsException',
    });
    // Parked means parked: a later delivery does not send it.
    expect(await deliverMessage(key, { senders: scripted().senders, sleep })).toBe('skipped');
  });

  it('parks at once a message the provider refuses for good', async () => {
    const key = await probe();
    const rejected = Object.assign(new Error('Email address is not verified.'), {
      name: 'MessageRejected',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    const out = scripted([rejected]);
    expect(await deliverMessage(key, { senders: out.senders, sleep })).toBe('parked');
    expect(out.calls()).toBe(1);
    const sms = await probe({ channel: 'sms', to: '+33612345678', template: 'reminder', data: reminderData() });
    const noIdentity = scripted([new PermanentSendError('NO_SMS_IDENTITY', 'none')]);
    expect(await deliverMessage(sms, { senders: noIdentity.senders, sleep })).toBe('parked');
    expect(await getItem(sms)).toMatchObject({ parkedReason: 'NO_SMS_IDENTITY' });
  });

  it('sends a message whose attempt crashed after the claim, once its lease has run out', async () => {
    const key = await probe();
    const start = Date.now();
    // The crash: claimed (an attempt with a lease), never sent, never released.
    const crashing: Senders = {
      email: () => new Promise(() => undefined),
      sms: () => new Promise(() => undefined),
    };
    void deliverMessage(key, { senders: crashing, sleep, now: () => start });
    await new Promise((r) => setTimeout(r, 300));
    expect(await getItem(key)).toMatchObject({ status: 'sending', attempts: 1 });
    const out = scripted();
    // Before the lease ends: not sent, asked for again (no time left to wait for the lease here).
    expect(await deliverMessage(key, { senders: out.senders, sleep, now: () => start + 1_000, deadline: start + 2_000 })).toBe(
      'retry',
    );
    // After: a new attempt sends it, once.
    expect(await deliverMessage(key, { senders: out.senders, sleep, now: () => start + LEASE_MS + 1 })).toBe('sent');
    expect(out.emails).toHaveLength(1);
    expect(await getItem(key)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('drops a message past its expiry unsent, and removes its data', async () => {
    const key = await probe({}, { expiresAt: new Date(Date.now() - 1000), blankAfterSend: true });
    const out = scripted();
    expect(await deliverMessage(key, { senders: out.senders, sleep }, { expiresAt: Math.floor(Date.now() / 1000) - 1 })).toBe(
      'expired',
    );
    expect(out.calls()).toBe(0);
    const item = await getItem(key);
    expect(item).toMatchObject({ status: 'expired' });
    expect(item).not.toHaveProperty('data');
  });

  it("sends a client's SMS that failed for good by email instead, once, unless the client has no email or turned it off", async () => {
    const client = async (fields: Record<string, unknown>) => {
      const clientId = newId();
      const item = {
        PK: `TENANT#${tenantId}`,
        SK: `CLIENT#${clientId}`,
        entity: 'client',
        clientId,
        name: 'Zoe',
        createdAt: 'c',
        updatedAt: 'u',
      };
      await db().send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { ...item, ...fields } }));
      return clientId;
    };
    const refused = () => new PermanentSendError('NO_SMS_IDENTITY', 'none');
    const zoe = await client({ email: 'zoe@example.test', phone: '+33612345678' });
    const sms = await probe({
      channel: 'sms',
      to: '+33612345678',
      template: 'reminder',
      data: reminderData(),
      clientId: zoe,
      locale: 'fr',
    });
    expect(await deliverMessage(sms, { senders: scripted([refused()]).senders, sleep })).toBe('fell-back');
    const failed = await getItem(sms);
    expect(failed).toMatchObject({ status: 'failed', parkedReason: 'NO_SMS_IDENTITY' });
    expect(failed?.GSI2PK).toBeUndefined(); // not listed as parked: the client got the message
    const emailKey = { PK: `TENANT#${tenantId}`, SK: `OUTBOX#${String(failed?.fallbackMessageId)}` };
    const stored = await getItem(emailKey);
    // The recipient is stored encrypted under the salon's key, bound to the message.
    expect(isEncrypted(String(stored?.to))).toBe(true);
    const cipher = await keyring().cipherFor(tenantId);
    const fallback: Record<string, unknown> | undefined = stored && {
      ...stored,
      to: cipher.decrypt(recipientRef(String(stored.messageId)), String(stored.to)),
    };
    expect(fallback).toMatchObject({
      channel: 'email',
      to: 'zoe@example.test',
      template: 'reminder',
      clientId: zoe,
      locale: 'fr',
    });
    expect(fallback?.data).toEqual(reminderData());
    // The same failure delivered again (the park write lost, say) queues no second email.
    await db().send(
      new PutCommand({
        TableName: process.env.TABLE_NAME,
        Item: { ...failed, status: 'queued', GSI2PK: 'OUTBOX#queued', GSI2SK: 'x' },
      }),
    );
    expect(await deliverMessage(sms, { senders: scripted([refused()]).senders, sleep })).toBe('fell-back');
    expect((await getItem(emailKey))?.createdAt).toBe(fallback?.createdAt);

    // A number that is not E.164 is refused before any provider call, and falls back the same way.
    const legacy = await probe({
      channel: 'sms',
      to: '06 12 34 56 78',
      template: 'reminder',
      data: reminderData(),
      clientId: zoe,
    });
    const none = scripted();
    expect(await deliverMessage(legacy, { senders: none.senders, sleep })).toBe('fell-back');
    expect(none.calls()).toBe(0);
    expect(await getItem(legacy)).toMatchObject({ parkedReason: 'INVALID_PHONE' });

    // No email, or email turned off: parked as before.
    for (const fields of [{ phone: '+33612345678' }, { email: 'max@example.test', notifications: { email: false, sms: true } }]) {
      const id = await client(fields);
      const key = await probe({ channel: 'sms', to: '+33612345678', template: 'reminder', data: reminderData(), clientId: id });
      expect(await deliverMessage(key, { senders: scripted([refused()]).senders, sleep })).toBe('parked');
      expect(await getItem(key)).toMatchObject({ status: 'parked', GSI2PK: 'OUTBOX#parked' });
    }
  });

  it("gives a client's email the one-click unsubscribe headers, and sends nothing to a client who turned the channel off", async () => {
    const clientId = newId();
    const clientKey = { PK: `TENANT#${tenantId}`, SK: `CLIENT#${clientId}` };
    const client = { ...clientKey, entity: 'client', clientId, name: 'Zoe', createdAt: 'c', updatedAt: 'u' };
    await db().send(
      new PutCommand({ TableName: process.env.TABLE_NAME, Item: { ...client, notifications: { email: true, sms: false } } }),
    );
    const out = scripted();
    const email = await probe({ template: 'appointment-booked', data: reminderData(), clientId, locale: 'fr' });
    expect(await deliverMessage(email, { senders: out.senders, sleep })).toBe('sent');
    const headers = Object.fromEntries(out.emails[0]?.headers.map((h) => [h.name, h.value]) ?? []);
    expect(headers['List-Unsubscribe']).toMatch(/^<http:\/\/127\.0\.0\.1:1\/v1\/public\/unsubscribe\?token=[\w-]+\.[\w-]{43}>$/);
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(out.emails[0]?.tags).toMatchObject({ tenantId, clientId });
    expect(out.emails[0]?.text).toContain('mardi 4 mars 2031');
    const sms = await probe({ channel: 'sms', to: '+33612345678', template: 'reminder', data: reminderData(), clientId });
    expect(await deliverMessage(sms, { senders: out.senders, sleep })).toBe('suppressed');
    expect(out.sms).toHaveLength(0);
  });
});

describe('business metrics of delivery', () => {
  /** Runs `fn` with metrics on and returns the business metric names of the EMF lines it wrote, with their metadata. */
  async function emitted(
    fn: () => Promise<unknown>,
  ): Promise<Array<{ name: string; tenantId: unknown; dimensions: string[][] }>> {
    const lines: Array<{ name: string; tenantId: unknown; dimensions: string[][] }> = [];
    const write = process.stdout.write.bind(process.stdout);
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      for (const text of String(chunk).split('\n')) {
        if (!text.startsWith('{"_aws"')) continue;
        const line = JSON.parse(text) as {
          _aws: { CloudWatchMetrics: Array<{ Dimensions: string[][]; Metrics: Array<{ Name: string }> }> };
          tenantId?: unknown;
        };
        for (const d of line._aws.CloudWatchMetrics)
          for (const m of d.Metrics) lines.push({ name: m.Name, tenantId: line.tenantId, dimensions: d.Dimensions });
      }
      return String(chunk).startsWith('{"_aws"') ? true : write(chunk as string, ...(rest as []));
    });
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    try {
      await fn();
    } finally {
      process.env.POWERTOOLS_METRICS_DISABLED = 'true';
      spy.mockRestore();
    }
    return lines;
  }
  const named = (lines: Array<{ name: string }>, name: string) => lines.filter((l) => l.name === name);

  it('counts RemindersSent once for a reminder delivered, however often its record comes, and never for other messages', async () => {
    const reminder = await probe({ template: 'reminder', data: reminderData() });
    const invitation = await probe();
    const out = scripted();
    const lines = await emitted(async () => {
      await Promise.all([1, 2, 3].map(() => deliverMessage(reminder, { senders: out.senders, sleep })));
      // Redelivered once sent: skipped, counted nothing.
      expect(await deliverMessage(reminder, { senders: out.senders, sleep })).toBe('skipped');
      expect(await deliverMessage(invitation, { senders: out.senders, sleep })).toBe('sent');
    });
    expect(out.calls()).toBe(2);
    expect(named(lines, BUSINESS_METRICS.reminderSent)).toEqual([
      { name: BUSINESS_METRICS.reminderSent, tenantId, dimensions: [['service']] },
    ]);
    // Both messages count as sent; the reminder is also a reminder.
    expect(named(lines, BUSINESS_METRICS.messageSent)).toHaveLength(2);
  });

  it('counts nothing for an attempt that lost its lease: the attempt that took over counts the reminder once', async () => {
    const key = await probe({ template: 'reminder', data: reminderData() });
    const start = Date.now();
    let release: (id: string) => void = () => undefined;
    const slow: Senders = {
      email: () => new Promise<string>((r) => (release = r)),
      sms: () => new Promise<string>((r) => (release = r)),
    };
    const lines = await emitted(async () => {
      const first = deliverMessage(key, { senders: slow, sleep, now: () => start });
      await vi.waitFor(async () => expect(await getItem(key)).toMatchObject({ status: 'sending', attempts: 1 }));
      // The first attempt outlives its lease; a second one takes the message and sends it.
      const out = scripted();
      expect(await deliverMessage(key, { senders: out.senders, sleep, now: () => start + LEASE_MS + 1 })).toBe('sent');
      release('late-provider-id');
      await first;
    });
    expect(await getItem(key)).toMatchObject({ status: 'sent', attempts: 2, providerMessageId: 'provider-1' });
    expect(named(lines, BUSINESS_METRICS.reminderSent)).toHaveLength(1);
    expect(named(lines, BUSINESS_METRICS.messageSent)).toHaveLength(1);
  });
});

function reminderData() {
  return {
    salonName: 'Salon Probe',
    salonAddress: '1 rue de la Paix, Paris',
    serviceName: 'Coupe',
    staffName: 'Ana',
    start: '2031-03-04T10:00:00+01:00',
    timezone: 'Europe/Paris',
    manageUrl: '',
  };
}
