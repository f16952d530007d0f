/**
 * Purging one deleted salon once its retention period is over (one worker invocation per salon, see
 * functions/schedules/purge-tenant.ts). Steps, in this order:
 * 1. crypto-shredding: the salon's wrapped data keys (`KEY#v<n>`) go first, so from that moment every
 *    copy of its encrypted fields (backups, PITR, exports, an item missed below) is unreadable;
 * 2. at once: its reminder schedules still in Scheduler, its objects under `tenants/<id>/` (every
 *    version), and its Stripe subscription;
 * 3. every item of its partitions (`tenantPartitions`: the salon's, its audit log, its rate counters),
 *    memberships included, which is what takes the salon out of its members' lists (GSI1);
 * 4. what it owns outside them: the slug reservation and the Stripe customer mapping, each only if
 *    still its own;
 * 5. the salon item last (it keeps the salon in the purge queue, so a run that stops half way is
 *    picked up by the next), then one more sweep for what landed meanwhile (a late webhook's audit
 *    entry, a metering update): nothing conditioned on the salon can be written once its item is gone.
 * Every step is idempotent: deleting what is gone is a no-op, and two workers on one salon only split
 * the work. Runs with the worker's own role: it reaches every partition by nature.
 */
import { DeleteScheduleCommand, ResourceNotFoundException, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand, DeleteCommand, type DeleteCommandInput, GetCommand } from '@aws-sdk/lib-dynamodb';
import { cancelSubscription, type CancelOutcome } from '../billing/cancel-subscription';
import { filesConfig, purgeConfig } from '../config';
import { keyring } from '../crypto/keyring';
import { documentClient, tableName } from '../db/client';
import {
  APPOINTMENT_PREFIX,
  MEMBER_PREFIX,
  TENANT_KEY_PREFIX,
  appointmentTimelinePk,
  auditPk,
  tenantMetaKey,
  tenantPartitions,
  tenantPk,
  type ItemKey,
} from '../db/keys';
import { isConditionFailure } from '../db/conditions';
import { queryPages } from '../db/read';
import { TABLE } from '../db/table';
import { tenantObjectPrefix } from '../domain/files';
import { REMINDER_DEFAULTS, remindersOf, scheduleName } from '../domain/reminders';
import { ULID } from '../domain/tenant-context';
import { type Item, optMapOf, optStr } from '../entities/codec';
import { isDeleted, reminderFields, salonPurgedDelete, salonSlug, slugRelease } from '../entities/salon';
import { stripeCustomerUnlink } from '../entities/stripe';
import { deletePrefix } from '../files/delete-prefix';
import { s3Options } from '../files/objects';
import { logger } from '../logger';
import { newSchedulerClient } from '../scheduler/one-time';

/** BatchWrite's limit, and how many batches one purge keeps in flight. */
const BATCH = 25;
export const PURGE_PARALLEL_BATCHES = 16;
/** Scheduler deletes in flight at once, far under its per-Region rate. */
const SCHEDULER_CONCURRENCY = 10;
/** Unprocessed items retried this many times (throttling that long: the run fails, the next resumes). */
const RETRIES = 8;
/**
 * A reminder fires before its appointment and its schedule deletes itself after the target's last
 * attempt (an hour at most): appointments that started longer ago than this have none left.
 */
const SCHEDULE_LOOKBACK_MS = 86_400_000;

/** BatchWrite deletes with at most `limit` batches in flight; the first failure stops it. */
class BatchDeleter {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;
  constructor(private readonly limit: number) {}

  async add(keys: ReadonlyArray<ItemKey>): Promise<void> {
    for (let i = 0; i < keys.length; i += BATCH) {
      while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
      if (this.failure) throw this.failure;
      const running: Promise<void> = writeBatch(keys.slice(i, i + BATCH))
        .catch((err: unknown) => {
          this.failure ??= err;
        })
        .finally(() => this.inFlight.delete(running));
      this.inFlight.add(running);
    }
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }
}

async function writeBatch(batch: ReadonlyArray<ItemKey>): Promise<void> {
  let requests = batch.map((Key) => ({ DeleteRequest: { Key } }));
  for (let attempt = 0; requests.length > 0; attempt++) {
    if (attempt > RETRIES) throw new Error('BatchWrite kept leaving items unprocessed');
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
    const out = await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName()]: requests } }));
    requests = (out.UnprocessedItems?.[tableName()] ?? []) as typeof requests;
  }
}

const keyOf = (k: Record<string, unknown>): ItemKey => ({ PK: String(k.PK), SK: String(k.SK) });

/** Deletes every version of the salon's wrapped data key (crypto-shredding); answers how many. */
export async function shredTenantKeys(tenantId: string): Promise<number> {
  const keys: ItemKey[] = [];
  for await (const page of queryPages(documentClient(), {
    TableName: tableName(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': tenantPk(tenantId), ':prefix': TENANT_KEY_PREFIX },
    ProjectionExpression: 'PK, SK',
    ConsistentRead: true,
  })) {
    keys.push(...(page.Items ?? []).map(keyOf));
  }
  const deleter = new BatchDeleter(PURGE_PARALLEL_BATCHES);
  await deleter.add(keys);
  await deleter.drain();
  keyring().forget(tenantId);
  return keys.length;
}

interface PartitionCounts {
  items: number;
  auditItems: number;
  memberships: number;
}

/** Empties the salon's partitions (but its salon item), pages read while earlier pages' deletes run. */
async function emptyPartitions(tenantId: string): Promise<PartitionCounts> {
  const meta = tenantMetaKey(tenantId);
  const audit = auditPk(tenantId);
  const counts: PartitionCounts = { items: 0, auditItems: 0, memberships: 0 };
  const deleter = new BatchDeleter(PURGE_PARALLEL_BATCHES);
  await Promise.all(
    tenantPartitions(tenantId).map(async (pk) => {
      for await (const page of queryPages(documentClient(), {
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ProjectionExpression: 'PK, SK',
      })) {
        const keys = (page.Items ?? []).map(keyOf).filter((k) => k.PK !== meta.PK || k.SK !== meta.SK);
        if (pk === audit) counts.auditItems += keys.length;
        else counts.items += keys.length;
        counts.memberships += keys.filter((k) => k.SK.startsWith(MEMBER_PREFIX)).length;
        await deleter.add(keys);
      }
    }),
  );
  await deleter.drain();
  return counts;
}

let scheduler: SchedulerClient | undefined;
let s3: S3Client | undefined;

/**
 * Deletes the reminder schedules the salon's recent and upcoming appointments may still have, under
 * every offset its settings name and the defaults (a schedule already gone is done); answers how many
 * existed. Schedules are named by appointment, so this must run before the appointments go.
 */
async function deleteSchedules(tenantId: string, salon: Item): Promise<number> {
  // The real clock, whatever instant the retention period was checked against: schedules fire by it.
  const now = Date.now();
  const { reminderGroup: groupName, endpoint } = purgeConfig();
  scheduler ??= newSchedulerClient(endpoint);
  const client = scheduler;
  const offsets = new Set(REMINDER_DEFAULTS.map((r) => r.before));
  try {
    for (const r of remindersOf(reminderFields(optMapOf(salon, 'salon', 'settings') ?? {}))) offsets.add(r.before);
  } catch {
    // Settings that no longer decode: the defaults' names are still tried, and nothing blocks the purge.
  }
  const names: string[] = [];
  const { gsi1 } = TABLE.indexes;
  for await (const page of queryPages(documentClient(), {
    TableName: tableName(),
    IndexName: gsi1.name,
    KeyConditionExpression: '#pk = :pk AND #sk >= :since',
    ExpressionAttributeNames: { '#pk': gsi1.partitionKey, '#sk': gsi1.sortKey },
    ExpressionAttributeValues: {
      ':pk': appointmentTimelinePk(tenantId),
      ':since': new Date(now - SCHEDULE_LOOKBACK_MS).toISOString(),
    },
    ProjectionExpression: 'SK',
  })) {
    for (const item of page.Items ?? []) {
      const sk = String(item.SK);
      if (!sk.startsWith(APPOINTMENT_PREFIX)) continue;
      const appointmentId = sk.slice(APPOINTMENT_PREFIX.length);
      for (const before of offsets) names.push(scheduleName(appointmentId, before));
    }
  }
  let deleted = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(SCHEDULER_CONCURRENCY, names.length) }, async () => {
      while (next < names.length) {
        const Name = names[next++] as string;
        try {
          await client.send(new DeleteScheduleCommand({ Name, GroupName: groupName }));
          deleted += 1;
        } catch (err) {
          if (!(err instanceof ResourceNotFoundException)) throw err;
        }
      }
    }),
  );
  return deleted;
}

async function deleteObjects(tenantId: string): Promise<number> {
  s3 ??= new S3Client(s3Options());
  return deletePrefix(s3, filesConfig().bucketName, tenantObjectPrefix(tenantId), purgeConfig().bucketVersioned);
}

/** Deletes an item outside the salon's partitions if it still names the salon; answers whether it did. */
async function deleteIfOwned(input: DeleteCommandInput): Promise<boolean> {
  try {
    await documentClient().send(new DeleteCommand(input));
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

export interface PurgeReport {
  tenantId: string;
  /** `not-due`: refused (the salon is live, or its retention period runs on); nothing was touched. */
  outcome: 'purged' | 'already-purged' | 'not-due';
  keys: number;
  schedules: number;
  /** Objects, or object versions and delete markers in a versioned bucket. */
  objects: number;
  /** Items of the salon's partitions but its audit log, memberships included. */
  items: number;
  auditItems: number;
  memberships: number;
  /** Items outside its partitions: the slug reservation, the Stripe customer mapping. */
  outside: number;
  subscription: CancelOutcome;
  /** How long deleting the objects took, and emptying the partitions (both counted in `durationMs`). */
  objectsMs: number;
  itemsMs: number;
  durationMs: number;
}

export interface PurgeOptions {
  /** The instant the retention period is checked against (tests move it). */
  now?: Date;
}

/** Purges one salon if its purge date has passed; answers (and logs, as one line of counts) what it did. */
export async function purgeTenant(tenantId: string, opts: PurgeOptions = {}): Promise<PurgeReport> {
  if (!ULID.test(tenantId)) throw new Error('purgeTenant needs a tenant id');
  const started = performance.now();
  const now = opts.now ?? new Date();
  const report: PurgeReport = {
    tenantId,
    outcome: 'purged',
    keys: 0,
    schedules: 0,
    objects: 0,
    items: 0,
    auditItems: 0,
    memberships: 0,
    outside: 0,
    subscription: 'none',
    objectsMs: 0,
    itemsMs: 0,
    durationMs: 0,
  };
  const timed = async <T>(field: 'objectsMs' | 'itemsMs', work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      report[field] += Math.round(performance.now() - t0);
    }
  };
  const objects = () => timed('objectsMs', () => deleteObjects(tenantId));
  const partitions = async () => {
    const c = await timed('itemsMs', () => emptyPartitions(tenantId));
    report.items += c.items;
    report.auditItems += c.auditItems;
    report.memberships += c.memberships;
  };
  const meta = tenantMetaKey(tenantId);
  const salon = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: meta, ConsistentRead: true }))).Item;
  const purgeAfter = Date.parse(String(salon?.purgeAfter));
  if (salon && (!isDeleted(salon) || !(purgeAfter <= now.getTime()))) {
    report.outcome = 'not-due';
  } else if (!salon) {
    // Done before (the salon item goes last), or never existed: sweep what needs no salon item, cheaply.
    report.outcome = 'already-purged';
    report.keys = await shredTenantKeys(tenantId);
    report.objects = await objects();
    await partitions();
  } else {
    // Keys first: once they are gone, nothing left of the salon's encrypted data can be read.
    report.keys = await shredTenantKeys(tenantId);
    [report.schedules, report.objects, report.subscription] = await Promise.all([
      deleteSchedules(tenantId, salon),
      objects(),
      cancelSubscription(optStr(salon, 'subscriptionId')),
    ]);
    await partitions();
    const customerId = optStr(salon, 'stripeCustomerId');
    const owned = await Promise.all([
      deleteIfOwned(slugRelease(tableName(), salonSlug(salon), tenantId)),
      ...(customerId ? [deleteIfOwned(stripeCustomerUnlink(tableName(), customerId, tenantId))] : []),
    ]);
    report.outside = owned.filter(Boolean).length;
    await documentClient().send(new DeleteCommand(salonPurgedDelete(tableName(), tenantId)));
    report.items += 1;
    await partitions();
  }
  report.durationMs = Math.round(performance.now() - started);
  // Ids and counts only: nothing personal, nothing secret.
  const level = report.outcome === 'not-due' ? 'warn' : 'info';
  logger[level]('tenant purge', { purge: report });
  return report;
}
