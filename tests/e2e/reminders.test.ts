/**
 * Reminders on the local platform: appointments booked over HTTP, their stream records replayed into
 * the sync consumer (the images read back from the table, as the stream would carry them), the
 * Scheduler stand-in of the running platform firing on purpose (`/_local/fire-due`), and the reminder
 * target run by it in process. What must hold: a reminder is queued once, never for a cancelled,
 * no-show or moved appointment, and by the channel the plan, budget and client allow.
 */
import { keyring } from '../../functions/shared/crypto/keyring';
import { recipientRef } from '../../functions/shared/entities/outbox';
import { GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { appointmentKey, auditPk, monthlyUsageKey, reminderSentKey, smsUsageKey, tenantPk } from '../../functions/shared/db/keys';
import { TABLE } from '../../functions/shared/db/table';
import { monthIn } from '../../functions/shared/domain/calendar';
import { sha256Hex } from '../../functions/shared/hash';
import type { ReminderInput } from '../../functions/shared/domain/reminders';
import { addDays, localParts, toOffsetIso, zonedInstant } from '../../functions/shared/domain/zoned-time';
import { handler as sendReminderHandler } from '../../functions/reminders/send-reminder';
import type { Appointment } from '../../functions/shared/repositories/appointments';
import { syncReminders } from '../../functions/shared/reminders/sync';
import { db, getItem, setPlan, withoutOnlineConfirmation } from '../support/fixtures';
import { api } from '../support/http';
import { allWeekStaffBody } from '../support/route-samples';
import { signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;
const TZ = 'Europe/Paris';
let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
/** A salon-local time `days` ahead, as an offset instant. */
const ahead = (days: number, time: string) =>
  toOffsetIso(zonedInstant(addDays(localParts(new Date(), TZ).date, days), time, TZ) as Date, TZ);
const minus = (iso: string, hours: number) => new Date(Date.parse(iso) - hours * 3_600_000).toISOString();

describe('reminders (local platform)', () => {
  const e = inject('endpoints');
  const scheduler = new SchedulerClient({ endpoint: e.schedulerEndpoint, region: e.region, credentials: e.credentials });
  let owner: Session;
  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'reminders');
  });

  async function salon(plan: 'free' | 'starter' | 'professional' = 'professional', client: Record<string, string> = {}) {
    const res = await api<{ id: string; slug: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Salon Rappel', slug: unique('rappel'), timezone: TZ },
    });
    expect(res.status).toBe(201);
    const tenantId = res.body.id;
    await setPlan(tenantId, plan);
    const base = `/v1/tenants/${tenantId}`;
    const post = async (path: string, body: unknown) => {
      const r = await api<Record<string, string>>('POST', `${base}${path}`, { token: owner.accessToken, body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    };
    const service = await post('/services', { name: 'Coupe', durationMinutes: 30, price: { amount: 3000, currency: 'EUR' } });
    const staff = await post('/staff', allWeekStaffBody([String(service.serviceId)]));
    const c = await post('/clients', {
      name: 'Alice',
      email: `${unique('alice')}@example.test`,
      phone: '+33612345678',
      ...client,
    });
    const patch = await api('PATCH', base, {
      token: owner.accessToken,
      body: { settings: { address: '1 rue de la Paix, Paris' } },
    });
    expect(patch.status).toBe(200);
    return { tenantId, base, serviceId: String(service.serviceId), staffId: String(staff.staffId), client: c };
  }
  type Salon = Awaited<ReturnType<typeof salon>>;

  const book = async (s: Salon, start: string) => {
    const r = await api<Appointment>('POST', `${s.base}/appointments`, {
      token: owner.accessToken,
      body: { clientId: s.client.clientId, serviceId: s.serviceId, staffId: s.staffId, start },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const patch = async (s: Salon, id: string, body: unknown) => {
    const r = await api<Appointment>('PATCH', `${s.base}/appointments/${id}`, { token: owner.accessToken, body });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  const item = (s: Salon, id: string) => getItem(appointmentKey(s.tenantId, id));
  const scheduleNames = async (appointmentId: string) =>
    (
      await scheduler.send(new ListSchedulesCommand({ GroupName: e.reminderSchedules.group, NamePrefix: `rem-${appointmentId}` }))
    ).Schedules?.map((x) => x.Name ?? '') ?? [];
  /** The appointment's schedules once there are `count` of them (the stream consumer runs every 100 ms). */
  const scheduledBy = async (appointmentId: string, count: number) => {
    for (let i = 0; i < 100; i++) {
      const names = await scheduleNames(appointmentId);
      if (names.length >= count) return names.sort();
      await new Promise((r) => setTimeout(r, 100));
    }
    return scheduleNames(appointmentId);
  };
  const expression = async (name: string) =>
    (await scheduler.send(new GetScheduleCommand({ Name: name, GroupName: e.reminderSchedules.group }))).ScheduleExpression;
  /** A schedule's expression once it is `expected` (or whatever it is after ~10 s). */
  const expressionBy = async (name: string, expected: string) => {
    for (let i = 0; i < 100; i++) {
      const now = await expression(name).catch(() => undefined);
      if (now === expected) return now;
      await new Promise((r) => setTimeout(r, 100));
    }
    return expression(name);
  };
  const fireDue = async (now: string) => {
    const r = await fetch(`${e.schedulerEndpoint}/_local/fire-due`, { method: 'POST', body: JSON.stringify({ now }) });
    expect(r.status).toBe(200);
    return ((await r.json()) as { fired: string[] }).fired;
  };
  /** The reminder messages queued for an appointment (outbox items), whatever the local mailer did with them since. */
  const reminders = async (s: Salon, id: string) => {
    const out = await db().send(
      new QueryCommand({
        TableName: e.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': tenantPk(s.tenantId), ':sk': `OUTBOX#reminder-${id}-` },
        ConsistentRead: true,
      }),
    );
    // The recipient is stored encrypted under the salon's key: shown here in plain.
    const cipher = await keyring().cipherFor(s.tenantId);
    return (out.Items ?? []).map(
      (i): Record<string, unknown> => ({ ...i, to: cipher.decrypt(recipientRef(String(i.messageId)), String(i.to)) }),
    );
  };
  const input = (
    s: Salon,
    a: { appointmentId: string; start: string },
    offset: string,
    channel: 'email' | 'sms',
  ): ReminderInput => ({
    tenantId: s.tenantId,
    appointmentId: a.appointmentId,
    offset,
    start: a.start,
    channel,
  });

  it('schedules a booking three days ahead; fire-due at start − 24 h queues the email, once, even when retried', async () => {
    const s = await salon();
    const a = await book(s, ahead(3, '10:00'));
    const both = [`rem-${a.appointmentId}-PT24H`, `rem-${a.appointmentId}-PT2H`];
    // The platform's stream consumer schedules the booking too; once it has, it is done with this record,
    // so it cannot re-create a schedule after the firing below deletes it.
    expect(await scheduledBy(a.appointmentId, both.length)).toEqual(both);
    // Replaying the same record changes nothing: the same two schedules, put again.
    expect(await syncReminders(undefined, await item(s, a.appointmentId))).toBe(2);
    expect(await scheduledBy(a.appointmentId, both.length)).toEqual(both);

    expect(await fireDue(minus(a.start, 24))).toContain(`rem-${a.appointmentId}-PT24H`);
    const queued = await reminders(s, a.appointmentId);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      channel: 'email',
      template: 'reminder',
      to: s.client.email,
      locale: 'fr',
      data: {
        salonName: 'Salon Rappel',
        salonAddress: '1 rue de la Paix, Paris',
        serviceName: 'Coupe',
        staffName: 'Dominique',
        start: a.start,
        timezone: TZ,
        manageUrl: '',
      },
    });
    // ActionAfterCompletion DELETE: the fired schedule is gone.
    await expect(
      scheduler.send(new GetScheduleCommand({ Name: `rem-${a.appointmentId}-PT24H`, GroupName: e.reminderSchedules.group })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    // Scheduler's own retry, or a duplicate schedule, invokes the target again: nothing more is queued.
    expect(await sendReminderHandler(input(s, a, 'PT24H', 'email'))).toEqual({ outcome: 'already-sent' });
    expect(await sendReminderHandler(input(s, a, 'PT24H', 'email'))).toEqual({ outcome: 'already-sent' });
    expect(await reminders(s, a.appointmentId)).toHaveLength(1);
    // The cost estimate's Scheduler line counts the one invocation that did its work, not the retries.
    expect((await getItem(monthlyUsageKey(s.tenantId, monthIn(TZ))))?.remindersFired).toBe(1);
    // Scheduler's effect is audited once, in the reminder's transaction; the retries add no entry.
    const audit = await db().send(
      new QueryCommand({
        TableName: e.tableName,
        KeyConditionExpression: 'PK = :pk',
        FilterExpression: 'resourceId = :id',
        ExpressionAttributeValues: { ':pk': auditPk(s.tenantId), ':id': a.appointmentId },
      }),
    );
    expect((audit.Items ?? []).filter((x) => x.actorId === 'system:scheduler')).toEqual([
      expect.objectContaining({
        actor: { system: 'scheduler' },
        action: 'update',
        resource: 'appointment',
        changes: { 'reminders.PT24H': { to: 'email' } },
        requestId: `reminder-${a.appointmentId}-PT24H`,
      }),
    ]);
  });

  it('leaves cancelled, no-show and rescheduled appointments silent even when their old schedules fire', async () => {
    const s = await salon();
    const [cancelled, noShow, moved] = [
      await book(s, ahead(4, '09:00')),
      await book(s, ahead(4, '11:00')),
      await book(s, ahead(4, '14:00')),
    ];
    for (const a of [cancelled, noShow, moved]) await syncReminders(undefined, await item(s, a.appointmentId));
    await patch(s, cancelled.appointmentId, { status: 'cancelled' });
    await patch(s, noShow.appointmentId, { status: 'no_show' });
    const before = await item(s, moved.appointmentId);
    const newStart = ahead(5, '16:00');
    await patch(s, moved.appointmentId, { start: newStart });
    // The stream's sync may already have deleted or moved the old schedules; fire their invocations on
    // purpose (a stale, late or duplicated schedule): the send-time check lets nothing through.
    for (const a of [cancelled, noShow, moved]) {
      expect(await sendReminderHandler(input(s, a, 'PT24H', 'email'))).not.toMatchObject({ outcome: 'queued' });
      expect(await reminders(s, a.appointmentId)).toEqual([]);
      expect(await getItem(reminderSentKey(s.tenantId, a.appointmentId, 'PT24H'))).toBeUndefined();
    }
    // The reschedule's record moves the schedules. Wait for the platform's consumer to have done so: until
    // then it may still be on the booking's record, whose late replay would put the old time back.
    const movedAt = `at(${minus(newStart, 24).slice(0, 19)})`;
    expect(await expressionBy(`rem-${moved.appointmentId}-PT24H`, movedAt)).toBe(movedAt);
    // Replaying it (as a redelivery would) converges: read at once, no waiting for it.
    await syncReminders(before, await item(s, moved.appointmentId));
    expect(await expression(`rem-${moved.appointmentId}-PT24H`)).toBe(movedAt);
    expect(await fireDue(minus(newStart, 24))).toContain(`rem-${moved.appointmentId}-PT24H`);
    const sent = await reminders(s, moved.appointmentId);
    expect(sent).toHaveLength(1);
    expect((sent[0]?.data as Record<string, string> | undefined)?.start).toBe(newStart);
  });

  it('sends SMS on a plan with smsReminders, email on a plan without, and email once the month’s SMS budget is spent', async () => {
    const pro = await salon('starter');
    const a = await book(pro, ahead(6, '10:00'));
    expect(await sendReminderHandler(input(pro, a, 'PT2H', 'sms'))).toMatchObject({ outcome: 'queued', channel: 'sms' });
    expect((await reminders(pro, a.appointmentId))[0]).toMatchObject({ channel: 'sms', to: '+33612345678' });
    const month = monthIn(TZ);
    expect((await getItem(smsUsageKey(pro.tenantId, month)))?.sent).toBe(1);

    // The budget (200 on starter) is spent: the next SMS reminder goes by email, and the count stays.
    await db().send(
      new PutCommand({
        TableName: e.tableName,
        Item: { ...smsUsageKey(pro.tenantId, month), [TABLE.entityAttribute]: 'smsUsage', sent: 200 },
      }),
    );
    const b = await book(pro, ahead(6, '12:00'));
    expect(await sendReminderHandler(input(pro, b, 'PT2H', 'sms'))).toMatchObject({ outcome: 'queued', channel: 'email' });
    expect((await getItem(smsUsageKey(pro.tenantId, month)))?.sent).toBe(200);

    const free = await salon('free');
    const c = await book(free, ahead(6, '10:00'));
    expect(await sendReminderHandler(input(free, c, 'PT2H', 'sms'))).toMatchObject({ outcome: 'queued', channel: 'email' });
    expect((await reminders(free, c.appointmentId))[0]).toMatchObject({ channel: 'email', to: free.client.email });
  });

  it('follows the client’s preferences and the salon’s offsets', async () => {
    const s = await salon('professional');
    const a = await book(s, ahead(6, '15:00'));
    await db().send(
      new UpdateCommand({
        TableName: e.tableName,
        Key: { PK: tenantPk(s.tenantId), SK: `CLIENT#${s.client.clientId}` },
        UpdateExpression: 'SET notifications = :n',
        ExpressionAttributeValues: { ':n': { email: false, sms: true } },
      }),
    );
    expect(await sendReminderHandler(input(s, a, 'PT24H', 'email'))).toMatchObject({ outcome: 'queued', channel: 'sms' });
    // An offset the salon no longer has is stale.
    const r = await api('PATCH', s.base, {
      token: owner.accessToken,
      body: { settings: { reminders: [{ before: 'PT24H', channel: 'email' }] } },
    });
    expect(r.status).toBe(200);
    expect(await sendReminderHandler(input(s, a, 'PT2H', 'sms'))).toEqual({ outcome: 'stale' });
  });

  it('gives an online booking a manage link with a fresh token, kept only hashed at rest, that manages the booking', async () => {
    const s = await salon();
    const slug = await withoutOnlineConfirmation(s.tenantId);
    const email = `${unique('zoe')}@example.test`;
    const booked = await api<Appointment & { manageToken: string }>('POST', `/v1/public/${slug}/bookings`, {
      body: { serviceId: s.serviceId, start: ahead(8, '10:00'), client: { name: 'Zoe', email } },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const a = booked.body;
    expect(await sendReminderHandler(input(s, a, 'PT24H', 'email'))).toMatchObject({ outcome: 'queued', channel: 'email' });
    // The local mailer delivers it into .data/outbox; the link carries the token in the fragment.
    const dir = join(inject('dataDir'), 'outbox');
    let token: string | undefined;
    for (let i = 0; i < 100 && !token; i++) {
      for (const f of readdirSync(dir).filter((x) => x.includes(`_${email}_`) && x.includes(`reminder-${a.appointmentId}`))) {
        token = /bookings\/[0-9A-Z]{26}#manage=([A-Za-z0-9_-]+)/.exec(readFileSync(join(dir, f), 'utf8'))?.[1];
      }
      if (!token) await new Promise((r) => setTimeout(r, 100));
    }
    expect(token).toBeDefined();
    expect(token).not.toBe(a.manageToken);
    const stored = await item(s, a.appointmentId);
    expect(JSON.stringify(stored)).not.toContain(String(token));
    // The booked message carries a link of its own (its own token): the reminder's hash is one of them.
    expect(stored?.manageTokenHashes).toContain(sha256Hex(String(token)));
    // Sent: the outbox item no longer holds the link.
    const [queued] = await reminders(s, a.appointmentId);
    expect(queued?.data).toBeUndefined();
    const wrong = await api('POST', `/v1/public/${slug}/bookings/${a.appointmentId}/cancel`, {
      body: { token: `${String(token).slice(0, -1)}${String(token).endsWith('A') ? 'B' : 'A'}` },
    });
    expect(wrong.status).toBe(404);
    const cancel = await api<Appointment>('POST', `/v1/public/${slug}/bookings/${a.appointmentId}/cancel`, { body: { token } });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
  });

  it('creates schedules for the one winner of 50 concurrent bookings of a slot, from its record only', async () => {
    const s = await salon();
    const start = ahead(7, '10:00');
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        api<Appointment>('POST', `${s.base}/appointments`, {
          token: owner.accessToken,
          body: { clientId: s.client.clientId, serviceId: s.serviceId, staffId: s.staffId, start },
        }),
      ),
    );
    expect(answers.filter((x) => x.status === 201)).toHaveLength(1);
    expect(answers.filter((x) => x.status === 409)).toHaveLength(49);
    // The losers' transactions wrote nothing, so the stream has one record: the winner's appointment item.
    const written = await db().send(
      new QueryCommand({
        TableName: e.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': tenantPk(s.tenantId), ':sk': 'APPT#' },
        ConsistentRead: true,
      }),
    );
    expect(written.Items).toHaveLength(1);
    let calls = 0;
    for (const record of written.Items ?? []) calls += await syncReminders(undefined, record);
    expect(calls).toBe(2);
    const winner = answers.find((x) => x.status === 201)?.body.appointmentId;
    const names = (
      await scheduler.send(new ListSchedulesCommand({ GroupName: e.reminderSchedules.group, NamePrefix: `rem-${winner}` }))
    ).Schedules;
    expect(names).toHaveLength(2);
  });
  it('re-plans booked appointments when the salon changes its reminders, and clears them when the salon is deleted', async () => {
    const s = await salon();
    const a = await book(s, ahead(5, '10:00'));
    expect(await scheduledBy(a.appointmentId, 2)).toEqual([`rem-${a.appointmentId}-PT24H`, `rem-${a.appointmentId}-PT2H`]);
    const wanted = [
      { before: 'P3D', channel: 'email' },
      { before: 'PT24H', channel: 'email' },
    ];
    const res = await api<{ settings: { reminders?: unknown } }>('PATCH', s.base, {
      token: owner.accessToken,
      body: { settings: { reminders: wanted } },
    });
    expect(res.body.settings.reminders).toEqual(wanted);
    expect(res.status).toBe(200);
    // The salon item's change record re-plans: P3D added, PT2H gone, PT24H kept.
    let names: string[] = [];
    for (let i = 0; i < 100; i++) {
      names = (await scheduleNames(a.appointmentId)).sort();
      if (names.includes(`rem-${a.appointmentId}-P3D`) && !names.includes(`rem-${a.appointmentId}-PT2H`)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(names).toEqual([`rem-${a.appointmentId}-P3D`, `rem-${a.appointmentId}-PT24H`]);
    expect((await api('DELETE', s.base, { token: owner.accessToken })).status).toBe(204);
    for (let i = 0; i < 100 && names.length > 0; i++) {
      names = await scheduleNames(a.appointmentId);
      if (names.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(names).toEqual([]);
  });
});
