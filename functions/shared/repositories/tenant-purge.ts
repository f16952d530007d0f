/**
 * Purging deleted tenants once their retention period is over. Crypto-shredding first: the salon's
 * wrapped data keys (`KEY#v<n>`) are deleted before anything else, so from that moment every copy of
 * its encrypted fields (backups, PITR, exports, an item missed below) is unreadable. Then every item of
 * the tenant's partition (memberships, invitations, usage, emails, and what the salon domain adds),
 * then the slug reservation, and the tenant item last, so a run that stops half way is picked up by
 * the next one.
 * Runs with the schedule function's own role: it works across tenants by nature.
 */
import { BatchWriteCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client';
import { PURGE_QUEUE, TENANT_KEY_PREFIX, auditPk, slugKey, tenantMetaKey, tenantPk } from '../db/keys';
import { keyring } from '../crypto/keyring';
import { queryPages } from '../db/read';
import { TABLE } from '../db/table';

/** Tenants whose purge date has passed, oldest first. */
export async function* dueTenants(now: Date): AsyncGenerator<{ tenantId: string; slug: string }> {
  const { gsi2 } = TABLE.indexes;
  for await (const page of queryPages(documentClient(), {
    TableName: tableName(),
    IndexName: gsi2.name,
    KeyConditionExpression: '#pk = :queue AND #sk <= :now',
    ExpressionAttributeNames: { '#pk': gsi2.partitionKey, '#sk': gsi2.sortKey },
    ExpressionAttributeValues: { ':queue': PURGE_QUEUE, ':now': now.toISOString() },
  })) {
    for (const item of page.Items ?? []) yield { tenantId: String(item.id), slug: String(item.slug) };
  }
}

/** BatchWrite's limit, and how many batches (and tenants) one run keeps in flight. */
const BATCH = 25;
export const PURGE_PARALLEL_BATCHES = 8;
export const PURGE_PARALLEL_TENANTS = 4;
/** Unprocessed items retried this many times (throttling that long: the run fails, the next resumes). */
const RETRIES = 8;

/** Runs `work` over `items`, at most `limit` at once. */
async function inParallel<T>(items: ReadonlyArray<T>, limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(lanes);
}

/** Deletes the keys in batches of 25, PURGE_PARALLEL_BATCHES at once, each retrying its unprocessed items. */
async function deleteAll(keys: Array<Record<string, string>>): Promise<void> {
  const batches: Array<Array<Record<string, string>>> = [];
  for (let i = 0; i < keys.length; i += BATCH) batches.push(keys.slice(i, i + BATCH));
  await inParallel(batches, PURGE_PARALLEL_BATCHES, async (batch) => {
    let requests = batch.map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > RETRIES) throw new Error('BatchWrite kept leaving items unprocessed');
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const out = await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName()]: requests } }));
      requests = (out.UnprocessedItems?.[tableName()] ?? []) as typeof requests;
    }
  });
}

/** Deletes every version of the salon's wrapped data key (crypto-shredding); answers how many. */
export async function shredTenantKeys(tenantId: string): Promise<number> {
  const keys: Array<Record<string, string>> = [];
  for await (const page of queryPages(documentClient(), {
    TableName: tableName(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': tenantPk(tenantId), ':prefix': TENANT_KEY_PREFIX },
    ProjectionExpression: 'PK, SK',
    ConsistentRead: true,
  })) {
    for (const k of page.Items ?? []) keys.push({ PK: String(k.PK), SK: String(k.SK) });
  }
  await deleteAll(keys);
  keyring().forget(tenantId);
  return keys.length;
}

export async function purgeTenant(tenantId: string, slug: string): Promise<number> {
  const meta = tenantMetaKey(tenantId);
  // Keys first: once they are gone, nothing left of the salon's encrypted data can be read.
  let deleted = await shredTenantKeys(tenantId);
  // The audit log is a partition of its own (append-only for the tenant roles; this role may delete it).
  for (const pk of [auditPk(tenantId), tenantPk(tenantId)]) {
    for await (const page of queryPages(documentClient(), {
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ProjectionExpression: 'PK, SK',
    })) {
      const keys = (page.Items ?? [])
        .filter((k) => k.PK !== meta.PK || k.SK !== meta.SK)
        .map((k) => ({ PK: String(k.PK), SK: String(k.SK) }));
      await deleteAll(keys);
      deleted += keys.length;
    }
  }
  // Free the slug only if it is still this tenant's.
  await documentClient()
    .send(
      new DeleteCommand({
        TableName: tableName(),
        Key: slugKey(slug),
        ConditionExpression: 'tenantId = :id',
        ExpressionAttributeValues: { ':id': tenantId },
      }),
    )
    .catch((err: { name?: string }) => {
      if (err.name !== 'ConditionalCheckFailedException') throw err;
    });
  await documentClient().send(new DeleteCommand({ TableName: tableName(), Key: meta }));
  return deleted + 1;
}

/**
 * Purges every due tenant, PURGE_PARALLEL_TENANTS at once. Idempotent and resumable: deleting what is
 * gone is a no-op, and the tenant item (which keeps it in the purge queue) goes last.
 */
export async function purgeDueTenants(now = new Date()): Promise<{ tenants: number; items: number }> {
  const due: Array<{ tenantId: string; slug: string }> = [];
  for await (const t of dueTenants(now)) due.push(t);
  let items = 0;
  await inParallel(due, PURGE_PARALLEL_TENANTS, async (t) => {
    items += await purgeTenant(t.tenantId, t.slug);
  });
  return { tenants: due.length, items };
}
