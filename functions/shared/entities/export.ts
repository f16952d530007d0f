/**
 * A salon export: `TENANT#<id>` / `EXPORT#<exportId>`, with the salon's one export slot
 * `TENANT#<id>` / `EXPORTLOCK`. The item is the job's checkpoint too: the parts done and where the next
 * one starts, advanced on condition of the version read and of the run's lease, so two runs never both
 * advance it and a rerun after a crash resumes exactly where the last checkpoint stopped.
 */
import { tableName } from '../db/client';
import { exportKey, exportLockKey } from '../db/keys';
import { TABLE } from '../db/table';
import { type Step, type TransactItem, step } from '../db/transact';
import {
  type Checkpoint,
  EXPORT_ITEM_DAYS,
  EXPORT_LOCK_MINUTES,
  EXPORT_STATUSES,
  type ExportStatus,
  type PartEntry,
  START,
} from '../domain/exports';
import { ConflictError } from '../errors';
import { type Item, asMap, listOf, mapOf, num, oneOf, optNum, optStr, str } from './codec';

export { exportKey, exportLockKey };
const E = 'export';

export interface StoredExport {
  tenantId: string;
  exportId: string;
  status: ExportStatus;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  /** Items per part, fixed at creation so a resumed run cuts the same parts. */
  partSize: number;
  version: number;
  checkpoint: Checkpoint;
  leaseOwner?: string;
  leaseUntil?: string;
  completedAt?: string;
  /** A ready export can be downloaded until then. */
  availableUntil?: string;
  files?: { count: number; bytes: number };
  error?: string;
}

function partOf(value: unknown): PartEntry {
  const p = asMap(value, E, 'checkpoint.parts');
  return {
    section: str(p, E, 'section'),
    name: str(p, E, 'name'),
    records: num(p, E, 'records'),
    bytes: num(p, E, 'bytes'),
    sha256: str(p, E, 'sha256'),
  };
}

function checkpointOf(item: Item): Checkpoint {
  const c = mapOf(item, E, 'checkpoint');
  const cursor = c.cursor === undefined ? undefined : asMap(c.cursor, E, 'checkpoint.cursor');
  return {
    section: num(c, E, 'section'),
    part: num(c, E, 'part'),
    parts: listOf(c, E, 'parts', partOf),
    ...(c.fileBytes !== undefined ? { fileBytes: num(c, E, 'fileBytes') } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

export function toStoredExport(item: Item): StoredExport {
  const files = item.files === undefined ? undefined : mapOf(item, E, 'files');
  const optional = {
    leaseOwner: optStr(item, 'leaseOwner'),
    leaseUntil: optStr(item, 'leaseUntil'),
    completedAt: optStr(item, 'completedAt'),
    availableUntil: optStr(item, 'availableUntil'),
    error: optStr(item, 'error'),
  };
  return {
    tenantId: str(item, E, 'tenantId'),
    exportId: str(item, E, 'exportId'),
    status: oneOf(EXPORT_STATUSES, item, E, 'status'),
    requestedBy: str(item, E, 'requestedBy'),
    createdAt: str(item, E, 'createdAt'),
    updatedAt: str(item, E, 'updatedAt'),
    partSize: num(item, E, 'partSize'),
    version: optNum(item, E, 'version') ?? 0,
    checkpoint: checkpointOf(item),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    ...(files ? { files: { count: num(files, E, 'count'), bytes: num(files, E, 'bytes') } } : {}),
  };
}

export function newExport(tenantId: string, exportId: string, requestedBy: string, partSize: number, now: Date): StoredExport {
  const at = now.toISOString();
  return {
    tenantId,
    exportId,
    status: 'pending',
    requestedBy,
    createdAt: at,
    updatedAt: at,
    partSize,
    version: 0,
    checkpoint: START,
  };
}

const ttlOf = (now: Date) => Math.ceil(now.getTime() / 1000) + EXPORT_ITEM_DAYS * 86_400;

/** The export's item as first written (also what tests insert to drive a run themselves). */
export function exportItem(e: StoredExport): Record<string, unknown> {
  return {
    ...exportKey(e.tenantId, e.exportId),
    [TABLE.entityAttribute]: E,
    [TABLE.ttlAttribute]: ttlOf(new Date(e.createdAt)),
    ...e,
  };
}

/** The export's Put, and the salon's export slot taken for it unless a live export holds it (409). */
export function newExportSteps(e: StoredExport, now: Date): Step[] {
  const table = tableName();
  return [
    step(
      'exportLock',
      {
        Put: {
          TableName: table,
          Item: {
            ...exportLockKey(e.tenantId),
            [TABLE.entityAttribute]: 'exportLock',
            exportId: e.exportId,
            until: new Date(now.getTime() + EXPORT_LOCK_MINUTES * 60_000).toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(PK) OR #until < :now',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': now.toISOString() },
        },
      },
      () => new ConflictError('An export of this salon is already running; wait for it to finish.', undefined, 'EXPORT_RUNNING'),
    ),
    step('export', { Put: { TableName: table, Item: exportItem(e), ConditionExpression: 'attribute_not_exists(PK)' } }),
  ];
}

/**
 * The run's claim: status running, its lease until `until`; refused (ConditionalCheckFailed) when the
 * export is finished or another run's lease is still live.
 */
export function claimUpdate(tenantId: string, exportId: string, owner: string, now: Date, until: Date) {
  return {
    TableName: tableName(),
    Key: exportKey(tenantId, exportId),
    UpdateExpression: 'SET #status = :running, leaseOwner = :owner, leaseUntil = :until, updatedAt = :now',
    ConditionExpression:
      'attribute_exists(PK) AND #status IN (:pending, :running) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :owner)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':running': 'running',
      ':pending': 'pending',
      ':owner': owner,
      ':until': until.toISOString(),
      ':now': now.toISOString(),
    },
    ReturnValues: 'ALL_NEW' as const,
  };
}

/** A part done: the new checkpoint, on condition nothing advanced it since `version` and the lease is still ours. */
export function checkpointUpdate(e: StoredExport, owner: string, checkpoint: Checkpoint, now: Date, leaseUntil: Date) {
  return {
    TableName: tableName(),
    Key: exportKey(e.tenantId, e.exportId),
    UpdateExpression: 'SET checkpoint = :cp, version = :next, updatedAt = :now, leaseUntil = :until',
    ConditionExpression: 'version = :v AND leaseOwner = :owner AND #status = :running',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':cp': checkpoint,
      ':next': e.version + 1,
      ':v': e.version,
      ':owner': owner,
      ':running': 'running',
      ':now': now.toISOString(),
      ':until': leaseUntil.toISOString(),
    },
  };
}

/** The run's end: `ready` (with its files and availability) or `failed` (with a reason); the lease given up. */
export function finishUpdate(
  e: StoredExport,
  owner: string,
  end: { status: 'ready'; files: { count: number; bytes: number }; availableUntil: Date } | { status: 'failed'; error: string },
  now: Date,
) {
  const values: Record<string, unknown> = {
    ':status': end.status,
    ':now': now.toISOString(),
    ':v': e.version,
    ':next': e.version + 1,
    ':owner': owner,
    ':running': 'running',
  };
  let set = '#status = :status, updatedAt = :now, completedAt = :now, version = :next';
  if (end.status === 'ready') {
    set += ', files = :files, availableUntil = :available';
    values[':files'] = end.files;
    values[':available'] = end.availableUntil.toISOString();
  } else {
    set += ', #error = :error';
    values[':error'] = end.error;
  }
  return {
    TableName: tableName(),
    Key: exportKey(e.tenantId, e.exportId),
    UpdateExpression: `SET ${set} REMOVE leaseOwner, leaseUntil`,
    ConditionExpression: 'version = :v AND leaseOwner = :owner AND #status = :running',
    ExpressionAttributeNames: { '#status': 'status', ...(end.status === 'failed' ? { '#error': 'error' } : {}) },
    ExpressionAttributeValues: values,
  };
}

/** A stopped run gives its lease up at once, so the stream's retry continues without waiting for it to lapse. */
export function releaseUpdate(tenantId: string, exportId: string, owner: string, now: Date) {
  return {
    TableName: tableName(),
    Key: exportKey(tenantId, exportId),
    UpdateExpression: 'SET leaseUntil = :now',
    ConditionExpression: 'leaseOwner = :owner',
    ExpressionAttributeValues: { ':owner': owner, ':now': now.toISOString() },
  };
}

/** The salon's export slot, held `until` while this export runs (or freed with `until` = now); only by its own export. */
export function lockUpdate(tenantId: string, exportId: string, until: Date): TransactItem['Update'] & object {
  return {
    TableName: tableName(),
    Key: exportLockKey(tenantId),
    UpdateExpression: 'SET #until = :until',
    ConditionExpression: 'exportId = :id',
    ExpressionAttributeNames: { '#until': 'until' },
    ExpressionAttributeValues: { ':id': exportId, ':until': until.toISOString() },
  };
}
