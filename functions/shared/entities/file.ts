/**
 * The file entity (`FILE#<id>`): one object the salon keeps on S3, its codec and its writes. A file's
 * bytes count against `maxStorage` from the moment its upload is issued (status `pending`, the
 * reservation) until it is deleted; the usage counter moves in the same transaction as the item, so the
 * counter is always the sum of the salon's file items' `size`.
 */
import { FILE_PREFIX, PENDING_FILE_QUEUE, fileKey, usageKey } from '../db/keys';
import { TABLE } from '../db/table';
import { type Step, step } from '../db/transact';
import { changesOf } from '../domain/audit';
import { FILE_PURPOSES, FILE_STATUSES, type FilePurpose, type FileStatus, type ObjectMismatch } from '../domain/files';
import type { AuditFact } from './audit';
import { type Item, num, oneOf, optStr, str } from './codec';
import { counterIncrement } from './usage';

export { FILE_PREFIX, fileKey };

export interface StoredFile {
  fileId: string;
  purpose: FilePurpose;
  clientId?: string;
  status: FileStatus;
  contentType: string;
  /** Bytes: declared at upload, the object's real size once checked. */
  size: number;
  fileName: string;
  /** The object's key, `tenants/<tenantId>/files/<fileId>`. */
  objectKey: string;
  /** Until when the presigned upload is valid (ISO). */
  uploadExpiresAt: string;
  createdAt: string;
  updatedAt: string;
}

type Answer = () => Error | undefined | Promise<Error | undefined>;

export function toFile(item: Item): StoredFile {
  const file: StoredFile = {
    fileId: str(item, 'file', 'fileId'),
    purpose: oneOf(FILE_PURPOSES, item, 'file', 'purpose'),
    status: oneOf(FILE_STATUSES, item, 'file', 'status'),
    contentType: str(item, 'file', 'contentType'),
    size: num(item, 'file', 'size'),
    fileName: str(item, 'file', 'fileName'),
    objectKey: str(item, 'file', 'objectKey'),
    uploadExpiresAt: str(item, 'file', 'uploadExpiresAt'),
    createdAt: str(item, 'file', 'createdAt'),
    updatedAt: str(item, 'file', 'updatedAt'),
  };
  const clientId = optStr(item, 'clientId');
  if (clientId !== undefined) file.clientId = clientId;
  return file;
}

/**
 * A discarded upload keeps its key for a day as `file-rejected` (no bytes, not listed, 404 on reads), so
 * the `complete` that comes after the reconciler discarded it still answers why, and a retried
 * `complete` answers the same.
 */
export const REJECTED_FILE_ENTITY = 'file-rejected';
const REJECTION_KEPT_SECONDS = 24 * 3600;

/** Why an upload was discarded, when the item is a rejection; undefined for anything else. */
export function fileRejection(item: Item): Exclude<ObjectMismatch, { reason: 'missing' }> | undefined {
  if (item[TABLE.entityAttribute] !== REJECTED_FILE_ENTITY) return undefined;
  const reason = oneOf(['size', 'contentType'] as const, item, 'rejected file', 'rejection');
  if (reason === 'size')
    return { reason, declared: num(item, 'rejected file', 'declaredSize'), actual: num(item, 'rejected file', 'actualSize') };
  return { reason, declared: str(item, 'rejected file', 'contentType'), actual: optStr(item, 'actualContentType') };
}

/** The last S3 event sequencer the reconciler applied to this file, if any. */
export const appliedSequencer = (item: Item): string | undefined => optStr(item, 'objectSequencer');

/** A new pending file and its bytes reserved within `limit` (`maxStorage`). */
export function newFileSteps(table: string, tenantId: string, file: StoredFile, limit: number, limitReached: Answer): Step[] {
  return [
    step('file', {
      Put: {
        TableName: table,
        Item: {
          ...fileKey(tenantId, file.fileId),
          [TABLE.entityAttribute]: 'file',
          ...file,
          // Until it is ready: the sweep of expired reservations finds it here (REMOVEd by fileReadyStep).
          [TABLE.indexes.gsi2.partitionKey]: PENDING_FILE_QUEUE,
          [TABLE.indexes.gsi2.sortKey]: `${file.uploadExpiresAt}#${tenantId}#${file.fileId}`,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    }),
    step('storage', counterIncrement(usageKey(tenantId), 'maxStorage', limit, file.size), limitReached),
  ];
}

/** A pending file whose object proved to be the one declared becomes `ready` (once: the condition is `pending`). */
export function fileReadyStep(
  table: string,
  tenantId: string,
  fileId: string,
  now: string,
  notPending: Answer,
  sequencer?: string,
): Step {
  return step(
    'file',
    {
      Update: {
        TableName: table,
        Key: fileKey(tenantId, fileId),
        UpdateExpression: `SET #status = :ready, updatedAt = :now${sequencer ? ', objectSequencer = :seq' : ''} REMOVE #qpk, #qsk`,
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#qpk': TABLE.indexes.gsi2.partitionKey,
          '#qsk': TABLE.indexes.gsi2.sortKey,
        },
        ExpressionAttributeValues: {
          ':ready': 'ready',
          ':pending': 'pending',
          ':now': now,
          ...(sequencer ? { ':seq': sequencer } : {}),
        },
      },
    },
    notPending,
  );
}

/** The file's item deleted on condition it still counts the `size` read (never the same bytes given back twice). */
export function fileDeleteStep(table: string, tenantId: string, fileId: string, size: number, changed: Answer): Step {
  return step(
    'file',
    {
      Delete: {
        TableName: table,
        Key: fileKey(tenantId, fileId),
        ConditionExpression: 'attribute_exists(PK) AND #size = :size',
        ExpressionAttributeNames: { '#size': 'size' },
        ExpressionAttributeValues: { ':size': size },
      },
    },
    changed,
  );
}

/** Bytes of deleted files given back to `maxStorage`: one step, however many files, as a transaction writes an item once. */
export const storageReleaseStep = (tenantId: string, bytes: number): Step =>
  step('storage', counterIncrement(usageKey(tenantId), 'maxStorage', -1, -bytes));

/** The file removed and its bytes given back (two removals, or a removal and a resize, never give back the same bytes twice). */
export function fileRemovalSteps(table: string, tenantId: string, fileId: string, size: number, changed: Answer): Step[] {
  return [fileDeleteStep(table, tenantId, fileId, size, changed), storageReleaseStep(tenantId, size)];
}

export function fileRejectionSteps(
  table: string,
  tenantId: string,
  file: { fileId: string; size: number },
  mismatch: Exclude<ObjectMismatch, { reason: 'missing' }>,
  now: Date,
  changed: Answer,
): Step[] {
  const actual =
    mismatch.reason === 'size'
      ? { actualSize: mismatch.actual }
      : mismatch.actual === undefined
        ? {}
        : { actualContentType: mismatch.actual };
  const names = Object.keys(actual);
  return [
    step(
      'file',
      {
        Update: {
          TableName: table,
          Key: fileKey(tenantId, file.fileId),
          UpdateExpression: `SET #entity = :rejected, rejection = :reason, declaredSize = #size, #size = :zero, updatedAt = :now, #ttl = :ttl${names
            .map((n) => `, ${n} = :${n}`)
            .join('')} REMOVE #qpk, #qsk`,
          ConditionExpression: '#entity = :file AND #status = :pending AND #size = :size',
          ExpressionAttributeNames: {
            '#entity': TABLE.entityAttribute,
            '#status': 'status',
            '#size': 'size',
            '#ttl': TABLE.ttlAttribute,
            '#qpk': TABLE.indexes.gsi2.partitionKey,
            '#qsk': TABLE.indexes.gsi2.sortKey,
          },
          ExpressionAttributeValues: {
            ':rejected': REJECTED_FILE_ENTITY,
            ':file': 'file',
            ':pending': 'pending',
            ':reason': mismatch.reason,
            ':size': file.size,
            ':zero': 0,
            ':now': now.toISOString(),
            ':ttl': Math.floor(now.getTime() / 1000) + REJECTION_KEPT_SECONDS,
            ...Object.fromEntries(Object.entries(actual).map(([n, v]) => [`:${n}`, v])),
          },
        },
      },
      changed,
    ),
    storageReleaseStep(tenantId, file.size),
  ];
}

/**
 * An expired reservation released: the file removed on condition it is still pending, its upload window
 * closed and its size the one read, and its bytes given back (a second sweep finds nothing to remove).
 */
export function expiredReservationSteps(table: string, tenantId: string, file: StoredFile, now: string, changed: Answer): Step[] {
  return [
    step(
      'file',
      {
        Delete: {
          TableName: table,
          Key: fileKey(tenantId, file.fileId),
          ConditionExpression: '#status = :pending AND uploadExpiresAt < :now AND #size = :size',
          ExpressionAttributeNames: { '#status': 'status', '#size': 'size' },
          ExpressionAttributeValues: { ':pending': 'pending', ':now': now, ':size': file.size },
        },
      },
      changed,
    ),
    storageReleaseStep(tenantId, file.size),
  ];
}

/**
 * The reconciler's correction: a ready file whose object S3 reports with another size (overwritten
 * before its upload expired) counts its real bytes; applied once per sequencer.
 */
export function fileResizeSteps(
  table: string,
  tenantId: string,
  fileId: string,
  from: { size: number; sequencer: string | undefined },
  to: { size: number; sequencer: string },
  changed: Answer,
): Step[] {
  const sameSequencer = from.sequencer === undefined ? 'attribute_not_exists(objectSequencer)' : 'objectSequencer = :was';
  return [
    step(
      'file',
      {
        Update: {
          TableName: table,
          Key: fileKey(tenantId, fileId),
          UpdateExpression: 'SET #size = :size, objectSequencer = :seq',
          ConditionExpression: `attribute_exists(PK) AND #size = :from AND ${sameSequencer}`,
          ExpressionAttributeNames: { '#size': 'size' },
          ExpressionAttributeValues: {
            ':size': to.size,
            ':seq': to.sequencer,
            ':from': from.size,
            ...(from.sequencer === undefined ? {} : { ':was': from.sequencer }),
          },
        },
      },
      changed,
    ),
    // Unbounded: the bytes are already on S3; the quota refuses the next upload instead.
    step('storage', counterIncrement(usageKey(tenantId), 'maxStorage', -1, to.size - from.size)),
  ];
}

/**
 * What each change of a file says in the audit log, whoever makes it (a member's route, the S3
 * reconciler, the reservation sweep), so the same change reads the same whatever made it. A discarded
 * upload is a `delete`: its rejection is no file (never listed, 404 on reads).
 */
export const fileAudit = {
  created: (tenantId: string, file: StoredFile): AuditFact => ({
    action: 'create',
    resource: 'file',
    resourceId: file.fileId,
    changes: changesOf(tenantId, 'file', undefined, { ...file }),
  }),
  ready: (file: StoredFile): AuditFact => ({
    action: 'update',
    resource: 'file',
    resourceId: file.fileId,
    changes: { status: { from: file.status, to: 'ready' } },
  }),
  removed: (tenantId: string, file: StoredFile): AuditFact => ({
    action: 'delete',
    resource: 'file',
    resourceId: file.fileId,
    changes: changesOf(tenantId, 'file', { ...file }, undefined),
  }),
  resized: (fileId: string, from: number, to: number): AuditFact => ({
    action: 'update',
    resource: 'file',
    resourceId: fileId,
    changes: { size: { from, to } },
  }),
};
