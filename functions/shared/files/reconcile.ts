/**
 * Reconciliation of salons' files from S3's own events (EventBridge "Object Created" / "Object
 * Deleted"), so `storage` in /usage counts what is really in the bucket even when a browser uploads and
 * never calls `complete`: an upload nobody completed is checked here exactly as `complete` checks it
 * (HeadObject: size and content type) and becomes ready or is discarded; an object with no file item
 * is deleted; an object that disappeared takes its item and bytes with it; a ready file overwritten
 * with another size counts its real bytes.
 *
 * At-least-once and out of order, like S3 events: each event is applied once per key by its
 * `sequencer` (stored on the item; an older or equal one is skipped), each write is conditional on
 * what was read, and every decision is taken from HeadObject now, not from the event alone.
 *
 * Each change of a file item writes its audit entry by `{system:"s3"}` in the change's own transaction,
 * so the condition that makes the change happen once also makes its entry once: a redelivered event
 * changes nothing and writes nothing. Deleting an object no item names changes no item: no entry.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { fileKey } from '../db/keys';
import { TABLE } from '../db/table';
import { StaleReadError, transact } from '../db/transact';
import { isNewerEvent, objectMismatch, parseFileObjectKey } from '../domain/files';
import { type AuditFact, auditStep, systemOrigin } from '../entities/audit';
import {
  appliedSequencer,
  fileAudit,
  fileReadyStep,
  fileRejectionSteps,
  fileRemovalSteps,
  fileResizeSteps,
  toFile,
} from '../entities/file';
import type { ObjectHead } from './objects';

export interface ObjectEvent {
  kind: 'created' | 'deleted';
  key: string;
  sequencer: string;
  /** Bytes, for `created`. */
  size?: number;
  /** The EventBridge event's id: the audit entry's `requestId`. */
  id?: string;
}

export interface ReconcileDeps {
  db: DynamoDBDocumentClient;
  table: string;
  head(key: string): Promise<ObjectHead | undefined>;
  remove(key: string): Promise<void>;
  now?: () => Date;
}

export type Outcome =
  | 'ignored'
  | 'stale'
  | 'orphan-removed'
  | 'ready'
  | 'rejected'
  | 'resized'
  | 'unchanged'
  | 'released'
  | 'still-there';

/** Applies one event; answers what it did (logged, and what the tests assert). */
export async function reconcile(event: ObjectEvent, deps: ReconcileDeps): Promise<Outcome> {
  const named = parseFileObjectKey(event.key);
  if (!named) return 'ignored';
  const { tenantId, fileId } = named;
  for (let attempt = 0; attempt < 3; attempt++) {
    const item = (
      await deps.db.send(new GetCommand({ TableName: deps.table, Key: fileKey(tenantId, fileId), ConsistentRead: true }))
    ).Item;
    const head = await deps.head(event.key);
    if (item?.[TABLE.entityAttribute] !== 'file') {
      // File ids are never reused: an object without its item (or with only its rejection) was discarded
      // or deleted, and is not counted.
      if (head && event.kind === 'created') {
        await deps.remove(event.key);
        return 'orphan-removed';
      }
      return 'unchanged';
    }
    if (!isNewerEvent(event.sequencer, appliedSequencer(item))) return 'stale';
    const file = toFile(item);
    const changed = () => new StaleReadError('file');
    const now = deps.now?.() ?? new Date();
    // Retention: the salon's plan is not read on this path, so the entry is kept the longest.
    const audited = (fact: AuditFact) =>
      auditStep(systemOrigin(tenantId, 's3', { request: event.id ? { requestId: event.id } : undefined }), fact, now);
    try {
      if (!head) {
        // Gone (whatever the event says): the item and its reservation go too.
        await transact(deps.db, [
          ...fileRemovalSteps(deps.table, tenantId, fileId, file.size, changed),
          audited(fileAudit.removed(tenantId, file)),
        ]);
        return 'released';
      }
      if (event.kind === 'deleted') return 'still-there';
      if (file.status === 'pending') {
        const mismatch = objectMismatch(file, head);
        if (mismatch && mismatch.reason !== 'missing') {
          await deps.remove(event.key);
          await transact(deps.db, [
            ...fileRejectionSteps(deps.table, tenantId, file, mismatch, now, changed),
            audited(fileAudit.removed(tenantId, file)),
          ]);
          return 'rejected';
        }
        await transact(deps.db, [
          fileReadyStep(deps.table, tenantId, fileId, now.toISOString(), changed, event.sequencer),
          audited(fileAudit.ready(file)),
        ]);
        return 'ready';
      }
      if (head.size === file.size) return 'unchanged';
      await transact(deps.db, [
        ...fileResizeSteps(
          deps.table,
          tenantId,
          fileId,
          { size: file.size, sequencer: appliedSequencer(item) },
          { size: head.size, sequencer: event.sequencer },
          changed,
        ),
        audited(fileAudit.resized(fileId, file.size, head.size)),
      ]);
      return 'resized';
    } catch (err) {
      if (err instanceof StaleReadError) continue;
      throw err;
    }
  }
  throw new Error(`file ${fileId} kept changing while reconciled`);
}
