/**
 * The purge of deleted salons against the local platform (DynamoDB Local, local S3, the Scheduler and
 * Stripe stand-ins): what it leaves (nothing of the salon, anywhere), in what order (keys first), and
 * that it survives being stopped half way, run twice at once, and run through the daily fan-out.
 */
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  ActionAfterCompletion,
  CreateScheduleCommand,
  FlexibleTimeWindowMode,
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { BatchWriteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { handler as purgeWorker } from '../../../functions/schedules/purge-tenant';
import { FieldDecryptionError, isEncrypted } from '../../../functions/shared/crypto/fields';
import { keyring } from '../../../functions/shared/crypto/keyring';
import { documentClient } from '../../../functions/shared/db/client';
import {
  clientKey,
  membershipKeys,
  slugKey,
  stripeCustomerKey,
  tenantKeyKey,
  tenantMetaKey,
  tenantPartitions,
  tenantPk,
  usageKey,
} from '../../../functions/shared/db/keys';
import { TABLE } from '../../../functions/shared/db/table';
import { tenantObjectPrefix } from '../../../functions/shared/domain/files';
import type { TenantContext } from '../../../functions/shared/domain/tenant-context';
import { addDays, localParts, toOffsetIso, zonedInstant } from '../../../functions/shared/domain/zoned-time';
import { purgeScheduleName } from '../../../functions/shared/domain/purge';
import { dueTenants, queueDuePurges } from '../../../functions/shared/purge/fan-out';
import type { Appointment } from '../../../functions/shared/repositories/appointments';
import { getClient } from '../../../functions/shared/repositories/clients';
import { type PurgeReport, purgeTenant } from '../../../functions/shared/repositories/tenant-purge';
import { membershipRefsOfUser } from '../../../functions/shared/repositories/user-memberships';
import { db, getItem, setPlan, setTenantFields, tenantItems } from '../../support/fixtures';
import { api } from '../../support/http';
import { allWeekStaffBody } from '../../support/route-samples';
import { STAND_IN_SECRET_KEY, stripeRequests } from '../../support/stripe-stand-in';
import { signUpAndSignIn } from '../../support/tokens';

const DAY = 86_400_000;
const TZ = 'Europe/Paris';
/** The retention period (30 days) is over at this instant for a salon deleted now. */
const later = () => new Date(Date.now() + 31 * DAY);
let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

describe('purge of deleted tenants (local platform)', () => {
  const e = inject('endpoints');
  const standIn = inject('stripeStandInUrl');
  // The purge cancels subscriptions through the Stripe stand-in the platform also talks to.
  Object.assign(process.env, { STRIPE_SECRET_KEY: STAND_IN_SECRET_KEY, STRIPE_API_URL: standIn });
  const s3 = new S3Client({ endpoint: e.s3Endpoint, region: e.region, credentials: e.credentials, forcePathStyle: true });
  const scheduler = new SchedulerClient({ endpoint: e.schedulerEndpoint, region: e.region, credentials: e.credentials });
  let owner: Awaited<ReturnType<typeof signUpAndSignIn>>;
  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'purge');
  });

  const createSalon = async (name: string) => {
    const slug = unique('purge');
    const res = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name, slug, timezone: TZ },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { id: res.body.id, slug, base: `/v1/tenants/${res.body.id}` };
  };
  const post = async <T = Record<string, string>>(path: string, body: unknown) => {
    const r = await api<T>('POST', path, { token: owner.accessToken, body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const deleteSalon = async (id: string) =>
    expect((await api('DELETE', `/v1/tenants/${id}`, { token: owner.accessToken })).status).toBe(204);

  /** Every item left in any of the salon's partitions (consistent reads). */
  const itemsLeft = async (id: string) => {
    const left: string[] = [];
    for (const pk of tenantPartitions(id)) {
      const out = await db().send(
        new QueryCommand({
          TableName: e.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
        }),
      );
      left.push(...(out.Items ?? []).map((i) => `${i.PK} ${i.SK}`));
    }
    return left;
  };
  const objectsLeft = async (id: string) =>
    (await s3.send(new ListObjectsV2Command({ Bucket: e.bucketName, Prefix: tenantObjectPrefix(id) }))).KeyCount ?? 0;
  /** Objects the file reconciler ignores (not `files/<ULID>`), like exports. */
  const putObjects = async (id: string, n: number) => {
    for (let i = 0; i < n; i += 20)
      await Promise.all(
        Array.from({ length: Math.min(20, n - i) }, (_, j) =>
          s3.send(
            new PutObjectCommand({
              Bucket: e.bucketName,
              Key: `${tenantObjectPrefix(id)}exports/part-${String(i + j).padStart(5, '0')}.ndjson.gz`,
              Body: `object ${i + j}`,
            }),
          ),
        ),
      );
  };
  const scheduleExists = async (group: string, name: string) =>
    scheduler.send(new GetScheduleCommand({ GroupName: group, Name: name })).then(
      () => true,
      (err: { name?: string }) => {
        if (err.name === 'ResourceNotFoundException') return false;
        throw err;
      },
    );
  const remindersOf = async (appointmentId: string) =>
    (
      await scheduler.send(new ListSchedulesCommand({ GroupName: e.reminderSchedules.group, NamePrefix: `rem-${appointmentId}` }))
    ).Schedules?.map((s) => s.Name ?? '') ?? [];
  const until = async (what: () => Promise<boolean>) => {
    for (let i = 0; i < 100 && !(await what()); i++) await new Promise((r) => setTimeout(r, 100));
  };

  /**
   * A salon with something everywhere: a paid subscription and its customer mapping, a client (encrypted),
   * an upcoming appointment (reminder schedules), audit entries, objects under its prefix.
   */
  async function fullSalon(objects: number) {
    const s = await createSalon('Tout Partout');
    await setPlan(s.id, 'professional');
    const subscriptionId = `sub_purge_${s.id.toLowerCase()}`;
    await setTenantFields(s.id, { subscriptionId });
    const customerId = `cus_fixture_${s.id.toLowerCase()}`;
    await db().send(
      new PutCommand({
        TableName: e.tableName,
        Item: { ...stripeCustomerKey(customerId), entity: 'stripeCustomer', tenantId: s.id, customerId },
      }),
    );
    const service = await post(`${s.base}/services`, {
      name: 'Coupe',
      durationMinutes: 30,
      price: { amount: 3000, currency: 'EUR' },
    });
    const staff = await post(`${s.base}/staff`, allWeekStaffBody([String(service.serviceId)]));
    const client = await post(`${s.base}/clients`, {
      name: 'Alice Purge',
      email: `${unique('alice')}@example.test`,
      phone: '+33612345678',
    });
    const start = toOffsetIso(zonedInstant(addDays(localParts(new Date(), TZ).date, 3), '10:00', TZ) as Date, TZ);
    const appt = await post<Appointment>(`${s.base}/appointments`, {
      clientId: client.clientId,
      serviceId: service.serviceId,
      staffId: staff.staffId,
      start,
    });
    await until(async () => (await remindersOf(appt.appointmentId)).length === 2);
    expect(await remindersOf(appt.appointmentId)).toHaveLength(2);
    await putObjects(s.id, objects);
    return { ...s, subscriptionId, customerId, appointmentId: appt.appointmentId };
  }

  /** A schedule the salon's deletion did not clear (its re-plan failed, say), as the sync names them. */
  const leftoverReminder = async (appointmentId: string) => {
    const name = `rem-${appointmentId}-PT24H`;
    await scheduler.send(
      new CreateScheduleCommand({
        Name: name,
        GroupName: e.reminderSchedules.group,
        ScheduleExpression: `at(${new Date(Date.now() + 2 * DAY).toISOString().slice(0, 19)})`,
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: FlexibleTimeWindowMode.OFF },
        ActionAfterCompletion: ActionAfterCompletion.DELETE,
        Target: { Arn: e.reminderSchedules.targetArn, RoleArn: e.reminderSchedules.roleArn, Input: '{}' },
      }),
    );
    return name;
  };

  it('keeps a deleted tenant for the retention period, then removes every item and frees the slug', async () => {
    const s = await createSalon('Gone Soon');
    const keep = await createSalon('Stays');
    await deleteSalon(s.id);

    // Other test files delete tenants concurrently: look for this one, purge only this one.
    const dueAt = async (days: number) => {
      const ids: string[] = [];
      for await (const t of dueTenants(new Date(Date.now() + days * DAY))) ids.push(t.tenantId);
      return ids;
    };
    expect(await dueAt(29)).not.toContain(s.id);
    expect(await dueAt(31)).toContain(s.id);
    // Before its date (and for a live salon) the worker touches nothing.
    const early = await purgeTenant(s.id, { now: new Date(Date.now() + 29 * DAY) });
    expect(early.outcome).toBe('not-due');
    expect((await purgeTenant(keep.id, { now: later() })).outcome).toBe('not-due');
    expect(await getItem(tenantKeyKey(s.id, 1))).toBeDefined();
    expect(await getItem(tenantMetaKey(s.id))).toBeDefined();

    expect((await purgeTenant(s.id, { now: later() })).outcome).toBe('purged');
    const { PK, SK } = membershipKeys(s.id, owner.userId);
    for (const key of [tenantMetaKey(s.id), usageKey(s.id), { PK, SK }, slugKey(s.slug)])
      expect(await getItem(key)).toBeUndefined();
    expect(await getItem(tenantMetaKey(keep.id))).toBeDefined();
    const again = await api('POST', '/v1/tenants', { token: owner.accessToken, body: { name: 'Reborn', slug: s.slug } });
    expect(again.status).toBe(201);
  });

  it('shreds the salon keys first: deleted before any other item, and a copy of an item kept from before is unreadable', async () => {
    const s = await createSalon('Shred');
    const client = await post<{ clientId: string }>(`${s.base}/clients`, {
      name: 'Kept In A Backup',
      email: `backup-${Date.now().toString(36)}@example.test`,
      notes: 'secret',
    });
    const backup = await getItem(clientKey(s.id, client.clientId));
    expect(isEncrypted(String(backup?.email))).toBe(true);
    expect(await getItem(tenantKeyKey(s.id, 1))).toBeDefined();
    await deleteSalon(s.id);

    // Every key the purge deletes, in the order its BatchWrites send them.
    const deletedKeys: string[] = [];
    const name = `record-deletes-${s.id}`;
    documentClient().middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as {
          RequestItems?: Record<string, Array<{ DeleteRequest?: { Key: { PK: string; SK: string } } }>>;
        };
        for (const batch of Object.values(input.RequestItems ?? {}))
          for (const r of batch)
            if (r.DeleteRequest && r.DeleteRequest.Key.PK === tenantPk(s.id)) deletedKeys.push(r.DeleteRequest.Key.SK);
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      await purgeTenant(s.id, { now: later() });
    } finally {
      documentClient().middlewareStack.remove(name);
    }
    const firstOther = deletedKeys.findIndex((sk) => !sk.startsWith('KEY#'));
    expect(deletedKeys.slice(0, firstOther).length).toBeGreaterThan(0);
    expect(deletedKeys.slice(0, firstOther).every((sk) => sk.startsWith('KEY#'))).toBe(true);
    expect(deletedKeys.slice(firstOther).some((sk) => sk.startsWith('KEY#'))).toBe(false);
    expect(await getItem(tenantKeyKey(s.id, 1))).toBeUndefined();

    // The item restored from a "backup" after the purge: no key is left to read it with.
    await db().send(new PutCommand({ TableName: e.tableName, Item: backup }));
    keyring().forget(s.id);
    const ctx = { tenantId: s.id, userId: 'u', role: 'owner', access: 'all' } as unknown as TenantContext;
    await expect(getClient(ctx, client.clientId)).rejects.toBeInstanceOf(FieldDecryptionError);
    await db().send(
      new BatchWriteCommand({ RequestItems: { [e.tableName]: [{ DeleteRequest: { Key: clientKey(s.id, client.clientId) } }] } }),
    );
  });

  it('leaves nothing of the salon: items, audit log, objects, subscription, memberships, schedules, slug; another salon untouched', async () => {
    const s = await fullSalon(30);
    const other = await fullSalon(5);
    await deleteSalon(s.id);
    // The deletion's re-plan clears the schedules; one it missed is put back to be found.
    await until(async () => (await remindersOf(s.appointmentId)).length === 0);
    const leftover = await leftoverReminder(s.appointmentId);
    const otherBefore = await tenantItems(other.id);
    const otherSchedules = await remindersOf(other.appointmentId);

    const report = await purgeTenant(s.id, { now: later() });

    expect(report).toMatchObject({ outcome: 'purged', objects: 30, subscription: 'cancelled', memberships: 1, outside: 2 });
    expect(report.keys).toBeGreaterThan(0);
    expect(report.auditItems).toBeGreaterThan(3);
    expect(report.schedules).toBe(1);
    expect(report.items).toBeGreaterThan(10);
    expect(await itemsLeft(s.id)).toEqual([]);
    expect(await objectsLeft(s.id)).toBe(0);
    expect(await scheduleExists(e.reminderSchedules.group, leftover)).toBe(false);
    const cancels = (await stripeRequests(standIn)).filter(
      (r) => r.method === 'DELETE' && r.path === `/v1/subscriptions/${s.subscriptionId}`,
    );
    expect(cancels).toHaveLength(1);
    expect((await membershipRefsOfUser(owner.userId)).map((m) => m.tenantId)).not.toContain(s.id);
    expect(await getItem(slugKey(s.slug))).toBeUndefined();
    expect(await getItem(stripeCustomerKey(s.customerId))).toBeUndefined();
    // What the stream consumers do with the deletions afterwards writes nothing back.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await itemsLeft(s.id)).toEqual([]);

    expect(await tenantItems(other.id)).toEqual(otherBefore);
    expect(await objectsLeft(other.id)).toBe(5);
    expect(await remindersOf(other.appointmentId)).toEqual(otherSchedules);
    expect(await getItem(stripeCustomerKey(other.customerId))).toBeDefined();
    expect((await membershipRefsOfUser(owner.userId)).map((m) => m.tenantId)).toContain(other.id);
    expect((await stripeRequests(standIn)).some((r) => r.path === `/v1/subscriptions/${other.subscriptionId}`)).toBe(false);

    // Run again: nothing left to do, nothing fails.
    const again = await purgeTenant(s.id, { now: later() });
    expect(again).toMatchObject({ outcome: 'already-purged', keys: 0, objects: 0, items: 0, auditItems: 0 });
  });

  it('finishes on the next run after stopping half way, and two workers on one salon at once are safe', async () => {
    const filler = async (id: string, n: number) => {
      for (let b = 0; b < n / 25; b++)
        await db().send(
          new BatchWriteCommand({
            RequestItems: {
              [e.tableName]: Array.from({ length: 25 }, (_, i) => ({
                PutRequest: { Item: { PK: tenantPk(id), SK: `FILLER#${String(b * 25 + i).padStart(5, '0')}`, entity: 'filler' } },
              })),
            },
          }),
        );
    };
    const a = await fullSalon(10);
    await filler(a.id, 500);
    await deleteSalon(a.id);

    // The third BatchWrite into the salon's partition fails, as a throttled or timed-out run would.
    let writes = 0;
    const name = `interrupt-${a.id}`;
    documentClient().middlewareStack.add(
      (next) => async (args) => {
        const items = (args.input as { RequestItems?: Record<string, Array<{ DeleteRequest?: { Key: { PK: string } } }>> })
          .RequestItems;
        const ours = Object.values(items ?? {}).some((batch) => batch.some((r) => r.DeleteRequest?.Key.PK === tenantPk(a.id)));
        if (ours && ++writes === 3) throw new Error('interrupted');
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      await expect(purgeTenant(a.id, { now: later() })).rejects.toThrow('interrupted');
    } finally {
      documentClient().middlewareStack.remove(name);
    }
    // Stopped after the keys: still queued (its salon item is there), already unreadable.
    expect(await getItem(tenantKeyKey(a.id, 1))).toBeUndefined();
    expect(await getItem(tenantMetaKey(a.id))).toBeDefined();
    expect((await itemsLeft(a.id)).length).toBeGreaterThan(100);
    const resumed = await purgeTenant(a.id, { now: later() });
    expect(resumed.outcome).toBe('purged');
    expect(await itemsLeft(a.id)).toEqual([]);
    expect(await objectsLeft(a.id)).toBe(0);

    // Two deliveries of one salon's purge at once: both succeed, together they leave nothing.
    const b = await fullSalon(40);
    await filler(b.id, 500);
    await deleteSalon(b.id);
    const reports = await Promise.all([purgeTenant(b.id, { now: later() }), purgeTenant(b.id, { now: later() })]);
    expect(await itemsLeft(b.id)).toEqual([]);
    expect(await objectsLeft(b.id)).toBe(0);
    expect(reports.map((r) => r.outcome).sort()).toEqual(expect.arrayContaining(['purged']));
    // Each subscription is cancelled once: the worker that lost the race reads it ended.
    expect(reports.map((r) => r.subscription).sort()).toEqual(expect.arrayContaining(['cancelled']));
    expect(reports.filter((r) => r.subscription === 'cancelled').length).toBe(1);
    expect((await membershipRefsOfUser(owner.userId)).map((m) => m.tenantId)).not.toContain(b.id);
  });

  it('fans out: the daily run queues one worker invocation per due salon, once, and the local Scheduler runs it', async () => {
    const s = await fullSalon(3);
    await deleteSalon(s.id);
    // Its retention period over: the purge date moved into the past, where the queue index sorts it.
    const past = new Date(Date.now() - DAY).toISOString();
    await setTenantFields(s.id, { purgeAfter: past, [TABLE.indexes.gsi2.sortKey]: past });

    const first = await queueDuePurges();
    expect(first.queued).toBeGreaterThanOrEqual(1);
    const name = purgeScheduleName(s.id);
    const queued = await scheduler.send(new GetScheduleCommand({ GroupName: e.purgeSchedules.group, Name: name }));
    expect(queued.Target?.Arn).toBe(e.purgeSchedules.targetArn);
    expect(queued.Target?.DeadLetterConfig?.Arn).toBe(e.purgeSchedules.deadLetterArn);
    expect(JSON.parse(queued.Target?.Input ?? '{}')).toEqual({ tenantId: s.id });
    // Queued again before it ran (a redelivered daily run, a retried one): still one invocation.
    const second = await queueDuePurges();
    expect(second.alreadyQueued).toBeGreaterThanOrEqual(1);

    // The Scheduler stand-in fires it into the worker, in the platform's process.
    const at = /^at\((.+)\)$/.exec(queued.ScheduleExpression ?? '')?.[1];
    const fired = await fetch(`${e.schedulerEndpoint}/_local/fire-due`, {
      method: 'POST',
      body: JSON.stringify({ now: `${at}Z` }),
    });
    expect(((await fired.json()) as { fired: string[] }).fired).toContain(name);
    expect(await getItem(tenantMetaKey(s.id))).toBeUndefined();
    expect(await itemsLeft(s.id)).toEqual([]);
    expect(await objectsLeft(s.id)).toBe(0);
    expect(await scheduleExists(e.purgeSchedules.group, name)).toBe(false);
    // A stray delivery afterwards (at least once): nothing to do, nothing fails.
    expect(((await purgeWorker({ tenantId: s.id })) as PurgeReport).outcome).toBe('already-purged');
    expect(await purgeWorker({ tenantId: 'not-a-tenant' })).toBeUndefined();
  });

  it('purges a large salon in parallel batches, and states its throughput', async () => {
    /** A deleted salon with `items` filler items and `objects` objects, its last metering landed. */
    const bigSalon = async (items: number, objects: number) => {
      const s = await createSalon('Big');
      for (let b = 0; b < items / 25; b += 20)
        await Promise.all(
          Array.from({ length: Math.min(20, items / 25 - b) }, (_, k) =>
            db().send(
              new BatchWriteCommand({
                RequestItems: {
                  [e.tableName]: Array.from({ length: 25 }, (_, i) => ({
                    PutRequest: {
                      Item: {
                        PK: tenantPk(s.id),
                        SK: `FILLER#${String((b + k) * 25 + i).padStart(5, '0')}`,
                        entity: 'filler',
                        n: i,
                      },
                    },
                  })),
                },
              }),
            ),
          ),
        );
      await putObjects(s.id, objects);
      await deleteSalon(s.id);
      // The DELETE request's own metering lands just after its answer (`USAGE#<month>`): purge after it.
      await until(async () => {
        const usage = await db().send(
          new QueryCommand({
            TableName: e.tableName,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :m)',
            ExpressionAttributeValues: { ':pk': tenantPk(s.id), ':m': 'USAGE#2' },
          }),
        );
        return (usage.Count ?? 0) > 0;
      });
      return s;
    };
    // Items alone first (what the purge did before objects were its job), then objects alone.
    const items = await bigSalon(5000, 0);
    const byItems = await purgeTenant(items.id, { now: later() });
    const objects = await bigSalon(0, 500);
    const byObjects = await purgeTenant(objects.id, { now: later() });
    // Reported, not asserted: timings depend on the machine.
    const n = byItems.items + byItems.auditItems;
    console.log(
      `tenant purge: ${n} items in ${byItems.itemsMs} ms = ${Math.round((n * 1000) / byItems.itemsMs)} items/s ` +
        `(${byItems.durationMs} ms in all); ${byObjects.objects} objects in ${byObjects.objectsMs} ms = ` +
        `${Math.round((byObjects.objects * 1000) / byObjects.objectsMs)} objects/s (DynamoDB Local, local S3)`,
    );
    expect(byItems.items).toBeGreaterThan(5000);
    expect(byObjects.objects).toBe(500);
    for (const s of [items, objects]) {
      expect(await itemsLeft(s.id)).toEqual([]);
      expect(await objectsLeft(s.id)).toBe(0);
    }
  }, 120_000);
});
