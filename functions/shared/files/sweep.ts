/**
 * Upload reservations whose URL expired unused give their bytes back on their own: a periodic sweep
 * (functions/files/sweep-reservations.ts) asks GSI2's queue of pending files for those whose upload
 * window closed more than a grace period ago, and for each whose object is absent (HeadObject) removes
 * the file and its bytes in one conditional transaction. An upload that did arrive is left to `complete`
 * or the reconciler. At-least-once and idempotent: the removal is conditioned on the file still pending,
 * expired and of the size read, so a second sweep (or a `complete`, or a later upload's own release,
 * repositories/files.ts releaseExpired) never gives the same bytes back twice. Each release writes its
 * `delete` entry by `{system:"scheduler"}` in the same transaction, so it too is written once.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { PENDING_FILE_QUEUE, fileKey } from '../db/keys';
import { queryPages } from '../db/read';
import { TABLE } from '../db/table';
import { StaleReadError, transact } from '../db/transact';
import { auditStep, systemOrigin } from '../entities/audit';
import { expiredReservationSteps, fileAudit, toFile } from '../entities/file';
import type { TenantObjects } from './objects';

/** An upload that started just before its URL expired may still be landing: S3 checks expiry at the request's start. */
export const SWEEP_GRACE_MS = 5 * 60_000;

export interface SweepDeps {
  db: DynamoDBDocumentClient;
  table: string;
  objects: TenantObjects;
  now?: Date;
}

export async function sweepExpiredReservations(deps: SweepDeps): Promise<{ released: number; bytes: number; uploaded: number }> {
  const now = deps.now ?? new Date();
  const { gsi2 } = TABLE.indexes;
  const before = new Date(now.getTime() - SWEEP_GRACE_MS).toISOString();
  let released = 0;
  let bytes = 0;
  let uploaded = 0;
  for await (const page of queryPages(deps.db, {
    TableName: deps.table,
    IndexName: gsi2.name,
    KeyConditionExpression: '#pk = :queue AND #sk < :before',
    ExpressionAttributeNames: { '#pk': gsi2.partitionKey, '#sk': gsi2.sortKey },
    ExpressionAttributeValues: { ':queue': PENDING_FILE_QUEUE, ':before': before },
  })) {
    for (const entry of page.Items ?? []) {
      const [, tenantId, fileId] = String(entry[gsi2.sortKey]).split('#');
      if (!tenantId || !fileId) continue;
      // The index is eventually consistent: the item itself decides.
      const item = (
        await deps.db.send(new GetCommand({ TableName: deps.table, Key: fileKey(tenantId, fileId), ConsistentRead: true }))
      ).Item;
      if (item?.[TABLE.entityAttribute] !== 'file') continue;
      const file = toFile(item);
      if (file.status !== 'pending' || file.uploadExpiresAt >= before) continue;
      if ((await deps.objects.head(file.objectKey)) !== undefined) {
        uploaded++;
        continue;
      }
      try {
        await transact(deps.db, [
          ...expiredReservationSteps(deps.table, tenantId, file, before, () => new StaleReadError('file')),
          // The salon's plan is not read here: the entry is kept the longest retention.
          auditStep(systemOrigin(tenantId, 'scheduler'), fileAudit.removed(tenantId, file)),
        ]);
        released++;
        bytes += file.size;
      } catch (err) {
        if (!(err instanceof StaleReadError)) throw err;
      }
    }
  }
  return { released, bytes, uploaded };
}
