/**
 * The operator's view of cost per salon (`npm run cost-report`): every salon's monthly usage item for
 * one month, priced by domain/costs.ts. It Scans the table for `USAGE#<month>` items (an operator
 * command run now and then: it reads the whole table once, about 1 RRU per 8 KB scanned), then reads
 * the salons' names and stored bytes (their totals item: S3 storage is priced at today's size, as if
 * held all month) in BatchGets.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client';
import { tenantMetaKey } from '../db/keys';
import { batchGetAll } from '../db/read';
import { type CostEstimate, estimateCost } from '../domain/costs';
import { optStr, str } from '../entities/codec';
import { monthlyUsageKey, usageKey } from '../entities/usage';
import { monthlyCounts } from '../repositories/usage';

export interface SalonCost {
  tenantId: string;
  name: string;
  cost: CostEstimate;
}

const TENANT_PK = /^TENANT#(.+)$/;

/** Every salon with a usage item for `month`, most expensive first. */
export async function costReport(month: string, memoryMb: number): Promise<SalonCost[]> {
  const db = documentClient();
  const table = tableName();
  const sk = monthlyUsageKey('x', month).SK;
  const usage = new Map<string, Record<string, unknown>>();
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'SK = :sk',
        ExpressionAttributeValues: { ':sk': sk },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of out.Items ?? []) {
      const tenantId = TENANT_PK.exec(str(item, 'usage', 'PK'))?.[1];
      if (tenantId) usage.set(tenantId, item);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  if (usage.size === 0) return [];
  const ids = [...usage.keys()];
  const [salons, totals] = await Promise.all([
    batchGetAll(
      db,
      ids.map((id) => tenantMetaKey(id)),
      { projection: { expression: 'id, #n', names: { '#n': 'name' } } },
    ),
    batchGetAll(
      db,
      ids.map((id) => usageKey(id)),
      { projection: { expression: 'PK, storageBytes' } },
    ),
  ]);
  const names = new Map(salons.map((s) => [str(s, 'salon', 'id'), optStr(s, 'name') ?? '']));
  const totalsOf = new Map(totals.map((t) => [TENANT_PK.exec(str(t, 'usage', 'PK'))?.[1] ?? '', t]));
  return [...usage]
    .map(([tenantId, item]) => ({
      tenantId,
      name: names.get(tenantId) ?? '(deleted)',
      cost: estimateCost(month, monthlyCounts(item, totalsOf.get(tenantId)), memoryMb),
    }))
    .sort((a, b) => b.cost.total.amountMicros - a.cost.total.amountMicros || a.tenantId.localeCompare(b.tenantId));
}
