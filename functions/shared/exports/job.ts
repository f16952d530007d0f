/**
 * The salon export job. At least once and resumable: a run claims the export's lease, then per part
 * reads one Query page of the current section, writes it (and, for files, copies the ready objects) to
 * S3 under a name fixed by the section and part number, and only then advances the checkpoint on
 * condition of the version it read. A run stopped by its deadline or killed resumes from the last
 * checkpoint: a part written but not checkpointed is written again to the same name with the same page,
 * so no record is missing or doubled. The last run writes manifest.json and marks the export ready.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FieldCipher } from '../crypto/fields';
import { FieldDecryptionError } from '../crypto/fields';
import { isConditionFailure } from '../db/conditions';
import { auditPk, exportKey, tenantPk } from '../db/keys';
import {
  type Checkpoint,
  EXPORT_AVAILABLE_HOURS,
  EXPORT_LOCK_MINUTES,
  EXPORT_OBJECT_TAG_KEY,
  EXPORT_SECTIONS,
  type ExportSection,
  FILE_OBJECTS_SECTION,
  MANIFEST_NAME,
  type PartEntry,
  buildManifest,
  encodePart,
  exportPrefix,
  fileObjectName,
  partName,
  sha256Hex,
} from '../domain/exports';
import { safeFileName } from '../domain/files';
import { CorruptItemError, type Item } from '../entities/codec';
import {
  type StoredExport,
  checkpointUpdate,
  claimUpdate,
  finishUpdate,
  lockUpdate,
  releaseUpdate,
  toStoredExport,
} from '../entities/export';
import { toFile } from '../entities/file';
import { ExportIntegrityError, exportRecord, keyVersionsOf } from './records';
import { errorParts } from '../errors';

/** Marks the export's objects for the bucket's lifecycle rule (lib/stacks/data-stack.ts). */
export const EXPORT_OBJECT_TAG = `${EXPORT_OBJECT_TAG_KEY}=true`;

export interface ExportJobDeps {
  db: DynamoDBDocumentClient;
  s3: S3Client;
  table: string;
  bucket: string;
  /** The salon's cipher, holding at least the key versions given. */
  cipher(tenantId: string, versions: Iterable<number>): Promise<FieldCipher>;
  now?(): Date;
}

export interface RunOptions {
  /** Who holds the lease (a Lambda request id, a test's name). */
  owner: string;
  /** Epoch ms after which no new part is started. */
  deadline: number;
  /** Stop after this many parts (tests). */
  maxParts?: number;
}

export type RunOutcome = 'ready' | 'failed' | 'stopped' | 'busy' | 'finished';

export interface RunResult {
  outcome: RunOutcome;
  /** Parts this run wrote and checkpointed. */
  parts: number;
}

/** Failures no retry can mend: the export is marked failed instead of retried until the stream gives up. */
const isPermanent = (err: unknown) =>
  err instanceof CorruptItemError || err instanceof FieldDecryptionError || err instanceof ExportIntegrityError;

export async function runExport(
  deps: ExportJobDeps,
  tenantId: string,
  exportId: string,
  options: RunOptions,
): Promise<RunResult> {
  const now = () => deps.now?.() ?? new Date();
  const leaseUntil = () => new Date(Math.max(options.deadline, now().getTime()) + 60_000);
  let current: StoredExport;
  try {
    const out = await deps.db.send(new UpdateCommand(claimUpdate(tenantId, exportId, options.owner, now(), leaseUntil())));
    current = toStoredExport(out.Attributes ?? {});
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const item = (
      await deps.db.send(new GetCommand({ TableName: deps.table, Key: exportKey(tenantId, exportId), ConsistentRead: true }))
    ).Item;
    const status = item?.status;
    return { outcome: !item || status === 'ready' || status === 'failed' ? 'finished' : 'busy', parts: 0 };
  }
  await holdLock(deps, tenantId, exportId, now());

  const prefix = exportPrefix(tenantId, exportId);
  let done = 0;
  try {
    while (current.checkpoint.section < EXPORT_SECTIONS.length) {
      if (now().getTime() >= options.deadline || (options.maxParts !== undefined && done >= options.maxParts)) {
        await deps.db.send(new UpdateCommand(releaseUpdate(tenantId, exportId, options.owner, now()))).catch(ignoreCondition);
        return { outcome: 'stopped', parts: done };
      }
      const next = await writePart(deps, current, prefix);
      try {
        await deps.db.send(new UpdateCommand(checkpointUpdate(current, options.owner, next, now(), leaseUntil())));
      } catch (err) {
        if (isConditionFailure(err)) return { outcome: 'busy', parts: done };
        throw err;
      }
      current = { ...current, checkpoint: next, version: current.version + 1 };
      done++;
      await holdLock(deps, tenantId, exportId, now());
    }
    const files = fileTotals(current.checkpoint);
    const completedAt = now();
    const manifest = buildManifest(
      { exportId, tenantId, createdAt: current.createdAt, completedAt: completedAt.toISOString() },
      current.checkpoint.parts,
      files,
    );
    await put(deps, `${prefix}${MANIFEST_NAME}`, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'application/json');
    const availableUntil = new Date(completedAt.getTime() + EXPORT_AVAILABLE_HOURS * 3_600_000);
    await finish(deps, current, options.owner, { status: 'ready', files, availableUntil }, completedAt);
    return { outcome: 'ready', parts: done };
  } catch (err) {
    if (!isPermanent(err)) throw err;
    // The reason is the error's class and message: codecs name fields, never their values.
    await finish(deps, current, options.owner, { status: 'failed', error: failure(err) }, now());
    return { outcome: 'failed', parts: done };
  }
}

async function finish(
  deps: ExportJobDeps,
  e: StoredExport,
  owner: string,
  end: Parameters<typeof finishUpdate>[2],
  at: Date,
): Promise<void> {
  try {
    await deps.db.send(new UpdateCommand(finishUpdate(e, owner, end, at)));
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    return; // another run took over and ends it
  }
  await deps.db.send(new UpdateCommand(lockUpdate(e.tenantId, e.exportId, at))).catch(ignoreCondition);
}

const ignoreCondition = (err: unknown) => {
  if (!isConditionFailure(err)) throw err;
};

/** Keeps the salon's export slot while this export runs (a newer export may hold it once it lapsed: left alone). */
const holdLock = (deps: ExportJobDeps, tenantId: string, exportId: string, at: Date) =>
  deps.db
    .send(new UpdateCommand(lockUpdate(tenantId, exportId, new Date(at.getTime() + EXPORT_LOCK_MINUTES * 60_000))))
    .catch(ignoreCondition);

function fileTotals(checkpoint: Checkpoint): { count: number; bytes: number } {
  const parts = checkpoint.parts.filter((p) => p.section === FILE_OBJECTS_SECTION);
  return { count: parts.reduce((n, p) => n + p.records, 0), bytes: checkpoint.fileBytes ?? 0 };
}

function keyCondition(tenantId: string, section: ExportSection) {
  if (section.partition === 'audit')
    return { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': auditPk(tenantId) } };
  return {
    KeyConditionExpression: section.exact ? 'PK = :pk AND SK = :sk' : 'PK = :pk AND begins_with(SK, :sk)',
    ExpressionAttributeValues: { ':pk': tenantPk(tenantId), ':sk': section.sortKey },
  };
}

const put = (deps: ExportJobDeps, key: string, body: Buffer, contentType: string) =>
  deps.s3.send(
    new PutObjectCommand({
      Bucket: deps.bucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      ContentLength: body.length,
      Tagging: EXPORT_OBJECT_TAG,
    }),
  );

/** One page of the current section written to S3; answers the checkpoint that follows it. */
async function writePart(deps: ExportJobDeps, e: StoredExport, prefix: string): Promise<Checkpoint> {
  const cp = e.checkpoint;
  const section = EXPORT_SECTIONS[cp.section];
  if (!section) throw new Error(`No export section ${cp.section}`);
  const page = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      ...keyCondition(e.tenantId, section),
      Limit: Math.min(e.partSize, section.maxPageSize ?? e.partSize),
      ConsistentRead: true,
      ...(cp.cursor ? { ExclusiveStartKey: cp.cursor } : {}),
    }),
  );
  const items: Item[] = page.Items ?? [];
  const parts: PartEntry[] = [];
  let fileBytes = cp.fileBytes ?? 0;
  if (items.length > 0) {
    const cipher = await deps.cipher(e.tenantId, keyVersionsOf(items));
    const records = items.map((item) => exportRecord(section.codec, item, cipher));
    const name = partName(section.name, cp.part);
    const encoded = encodePart(records);
    await put(deps, `${prefix}${name}`, encoded.body, 'application/gzip');
    parts.push({ section: section.name, name, records: encoded.records, bytes: encoded.bytes, sha256: encoded.sha256 });
    if (section.codec === 'file') {
      const copied = await copyFiles(deps, items, prefix);
      fileBytes += copied.reduce((n, c) => n + c.bytes, 0);
      if (copied.length > 0) {
        const listName = partName(FILE_OBJECTS_SECTION, cp.part);
        const list = encodePart(copied);
        await put(deps, `${prefix}${listName}`, list.body, 'application/gzip');
        parts.push({
          section: FILE_OBJECTS_SECTION,
          name: listName,
          records: list.records,
          bytes: list.bytes,
          sha256: list.sha256,
        });
      }
    }
  }
  const last = page.LastEvaluatedKey;
  return {
    ...(last ? { section: cp.section, cursor: last, part: cp.part + 1 } : { section: cp.section + 1, part: 1 }),
    parts: [...cp.parts, ...parts],
    ...(fileBytes > 0 ? { fileBytes } : {}),
  };
}

/** The ready files of a page, copied byte for byte (a pending file has no object yet: its record says so). */
async function copyFiles(deps: ExportJobDeps, items: ReadonlyArray<Item>, prefix: string) {
  const copied: Array<{ fileId: string; name: string; bytes: number; sha256: string; contentType: string }> = [];
  for (const item of items) {
    const file = toFile(item);
    if (file.status !== 'ready') continue;
    const out = await deps.s3.send(new GetObjectCommand({ Bucket: deps.bucket, Key: file.objectKey }));
    const bytes = Buffer.from((await out.Body?.transformToByteArray()) ?? new Uint8Array());
    const name = fileObjectName(file.fileId, safeFileName(file.fileName).replaceAll('/', '_') || 'file');
    await put(deps, `${prefix}${name}`, bytes, file.contentType);
    copied.push({ fileId: file.fileId, name, bytes: bytes.length, sha256: sha256Hex(bytes), contentType: file.contentType });
  }
  return copied;
}

function failure(err: unknown): string {
  const { name, message } = errorParts(err);
  return `${name}: ${message}`;
}
