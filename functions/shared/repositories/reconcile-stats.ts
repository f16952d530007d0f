/**
 * The operator's repair of analytics counters (`npm run reconcile-stats`): `reconcileDailyStats` for one
 * salon, or for every salon that is not deleted (found with one paged Scan for `SK = SALON`, the way
 * the cost report finds usage items: an operator command, not a request path).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { tenantMetaKey } from '../db/keys';
import { CorruptItemError, str } from '../entities/codec';
import { isDeleted } from '../entities/salon';
import { reconcileDailyStats } from './analytics';

export interface ReconciledSalon {
  tenantId: string;
  /** Dates corrected by each pass; the last pass corrected none unless the passes ran out. */
  corrected: number[];
  /** Over every salon, one whose items fail their codec is skipped (and named) rather than stopping the run. */
  unreadable?: string;
}

/** Every live salon's id. */
export async function liveSalonIds(db: DynamoDBDocumentClient): Promise<string[]> {
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: 'SK = :sk',
        ExpressionAttributeValues: { ':sk': tenantMetaKey('x').SK },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of out.Items ?? []) if (!isDeleted(item)) ids.push(str(item, 'salon', 'id'));
    start = out.LastEvaluatedKey;
  } while (start);
  return ids.sort();
}

/** Reconciles one salon (`tenantId`) or all live ones, one after the other. */
export async function reconcileStats(db: DynamoDBDocumentClient, tenantId?: string): Promise<ReconciledSalon[]> {
  const ids = tenantId ? [tenantId] : await liveSalonIds(db);
  const done: ReconciledSalon[] = [];
  for (const id of ids) {
    try {
      done.push({ tenantId: id, corrected: await reconcileDailyStats({ tenantId: id, db }) });
    } catch (err) {
      if (tenantId || !(err instanceof CorruptItemError)) throw err;
      done.push({ tenantId: id, corrected: [], unreadable: err.message });
    }
  }
  return done;
}
