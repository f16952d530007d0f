/**
 * Purging deleted tenants once their retention period is over: every item of the tenant's partition
 * (memberships, invitations, usage, emails, and what the salon domain adds), then the slug
 * reservation, and the tenant item last, so a run that stops half way is picked up by the next one.
 * Runs with the schedule function's own role: it works across tenants by nature.
 */
import { BatchWriteCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client';
import { PURGE_QUEUE, slugKey, tenantMetaKey, tenantPk } from '../db/keys';
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

async function deleteAll(keys: Array<Record<string, string>>): Promise<void> {
  for (let i = 0; i < keys.length; i += 25) {
    let requests = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const out = await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName()]: requests } }));
      requests = (out.UnprocessedItems?.[tableName()] ?? []) as typeof requests;
    }
  }
}

export async function purgeTenant(tenantId: string, slug: string): Promise<number> {
  const meta = tenantMetaKey(tenantId);
  let deleted = 0;
  for await (const page of queryPages(documentClient(), {
    TableName: tableName(),
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': tenantPk(tenantId) },
    ProjectionExpression: 'PK, SK',
  })) {
    const keys = (page.Items ?? []).filter((k) => k.SK !== meta.SK).map((k) => ({ PK: String(k.PK), SK: String(k.SK) }));
    await deleteAll(keys);
    deleted += keys.length;
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

export async function purgeDueTenants(now = new Date()): Promise<{ tenants: number; items: number }> {
  let tenants = 0;
  let items = 0;
  for await (const t of dueTenants(now)) {
    items += await purgeTenant(t.tenantId, t.slug);
    tenants += 1;
  }
  return { tenants, items };
}
