/**
 * A salon's files on S3. Issuing an upload reserves its bytes in `maxStorage` in the same transaction
 * that creates the pending file item (bounded by the limit, so concurrent uploads never overshoot);
 * `complete` checks the object with HeadObject and makes the file `ready`, or removes the object and
 * gives the bytes back; deleting removes the object, the item and the bytes. The S3-event reconciler
 * (shared/files/reconcile.ts) does what `complete` does for uploads nobody completed.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { clientKey, tenantMetaKey, tenantPk } from '../db/keys';
import { TABLE } from '../db/table';
import { tenantDb } from '../db/tenant-client';
import { StaleReadError, type Step, step, transact } from '../db/transact';
import {
  DOWNLOAD_EXPIRY_SECONDS,
  type FilePurpose,
  type ObjectMismatch,
  UPLOAD_EXPIRY_MINUTES,
  fileObjectKey,
  objectMismatch,
  safeFileName,
  uploadViolation,
} from '../domain/files';
import type { TenantContext } from '../domain/tenant-context';
import {
  FILE_PREFIX,
  type StoredFile,
  fileAudit,
  fileKey,
  fileReadyStep,
  fileRejection,
  fileRejectionSteps,
  fileRemovalSteps,
  newFileSteps,
  toFile,
} from '../entities/file';
import { isDeleted, salonLimit, salonPlan } from '../entities/salon';
import { totalsCount } from '../entities/usage';
import { ConflictError, NotFoundError, PlanLimitError, ValidationError } from '../errors';
import { type TenantObjects, tenantLinks, tenantObjects } from '../files/objects';
import type { PresignedPost } from '../files/presign';
import { newId } from './ids';
import { queryFilledPage } from '../db/read';
import { type FilteredPage, decodeCursor, encodeCursor, equals, idUnder, keyUnder } from './pagination';
import { readItem } from './tenant-items';
import { planLimitError } from './usage';
import { callerStep, guardSteps, salonLimitStep } from './write-guard';
import { auditStep } from '../entities/audit';

export type { StoredFile } from '../entities/file';

export interface CreateFileInput {
  purpose: FilePurpose;
  clientId?: string | undefined;
  contentType: string;
  size: number;
  fileName: string;
}

export interface FileUpload {
  file: StoredFile;
  /** POST `fields` then the file as multipart/form-data to `url`, before `expiresAt`. */
  upload: PresignedPost & { method: 'POST' };
}

const ATTEMPTS = 3;

function violationError(input: CreateFileInput): ValidationError | undefined {
  const v = uploadViolation(input);
  if (!v) return undefined;
  if (v.reason === 'contentType')
    return new ValidationError(
      `A ${input.purpose} file must be one of ${v.allowed.join(', ')}.`,
      { allowed: v.allowed },
      'FILE_TYPE_NOT_ALLOWED',
    );
  if (v.reason === 'size')
    return new ValidationError(`A ${input.purpose} file has 1 to ${v.max} bytes.`, { maxBytes: v.max }, 'FILE_TOO_LARGE');
  return new ValidationError(v.purpose === 'client' ? 'A client file names its clientId.' : 'A logo names no clientId.', {
    field: 'clientId',
  });
}

/** Get tenant (limit) + one transaction: guard, salon's limit unchanged, the client (for a client file), the file, the bytes. */
async function reserve(ctx: TenantContext, input: CreateFileInput): Promise<StoredFile> {
  const table = tableName();
  const db = tenantDb(ctx);
  const tenant = (await db.send(new GetCommand({ TableName: table, Key: tenantMetaKey(ctx.tenantId), ConsistentRead: true })))
    .Item;
  if (!tenant || isDeleted(tenant)) throw new NotFoundError();
  const limit = salonLimit(tenant, 'maxStorage');
  const now = new Date();
  const fileId = newId();
  const file = toFile({
    fileId,
    purpose: input.purpose,
    ...(input.clientId ? { clientId: input.clientId } : {}),
    status: 'pending',
    contentType: input.contentType.toLowerCase(),
    size: input.size,
    fileName: safeFileName(input.fileName),
    objectKey: fileObjectKey(ctx.tenantId, fileId),
    uploadExpiresAt: new Date(now.getTime() + UPLOAD_EXPIRY_MINUTES * 60_000).toISOString(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
  await transact(db, [
    callerStep(ctx),
    salonLimitStep(ctx, 'maxStorage', limit),
    ...(input.clientId
      ? [
          step(
            'client',
            {
              ConditionCheck: {
                TableName: table,
                Key: clientKey(ctx.tenantId, input.clientId),
                ConditionExpression: 'attribute_exists(PK)',
              },
            },
            () => new NotFoundError('The client does not exist.', { clientId: input.clientId }),
          ),
        ]
      : []),
    ...newFileSteps(table, ctx.tenantId, file, limit, async () => {
      const used = await totalsCount(db, ctx.tenantId, 'storageBytes', limit);
      return planLimitError(salonPlan(tenant), 'maxStorage', limit, used);
    }),
    auditStep(ctx, fileAudit.created(ctx.tenantId, file)),
  ]);
  return file;
}

/**
 * The rules, then the reservation; over quota, reservations whose upload expired unused are released
 * and the reservation tried once more. Only then is the URL signed.
 */
export async function createFile(ctx: TenantContext, input: CreateFileInput): Promise<FileUpload> {
  const invalid = violationError(input);
  if (invalid) throw invalid;
  let file: StoredFile;
  try {
    file = await reserve(ctx, input);
  } catch (err) {
    if (!(err instanceof PlanLimitError) || (await releaseExpired(ctx)) === 0) throw err;
    file = await reserve(ctx, input);
  }
  const form = await tenantLinks(ctx).uploadForm({
    key: file.objectKey,
    contentType: file.contentType,
    size: file.size,
    expiresInSeconds: UPLOAD_EXPIRY_MINUTES * 60,
  });
  return { file, upload: { method: 'POST', ...form } };
}

/** The file, or 404; `complete` of an upload discarded meanwhile (by the reconciler or an earlier call) answers why. */
const readFile = async (ctx: TenantContext, fileId: string, forComplete = false) => {
  const item = await readItem(tenantDb(ctx), fileKey(ctx.tenantId, fileId));
  const rejected = forComplete ? fileRejection(item) : undefined;
  if (rejected) throw mismatchError(rejected);
  if (item[TABLE.entityAttribute] !== 'file') throw new NotFoundError();
  return toFile(item);
};

/**
 * One transaction: guard, the file's own `steps` (built with what a changed file means), and the
 * file's `delete` entry; false when the file changed meanwhile (the caller reads again).
 */
async function settleItem(ctx: TenantContext, file: StoredFile, steps: (changed: () => Error) => Step[]): Promise<boolean> {
  try {
    await transact(tenantDb(ctx), [
      ...guardSteps(ctx),
      ...steps(() => new StaleReadError('file')),
      auditStep(ctx, fileAudit.removed(ctx.tenantId, file)),
    ]);
    return true;
  } catch (err) {
    if (err instanceof StaleReadError) return false;
    throw err;
  }
}

/** The item removed and its bytes given back, on condition it still counts what was read. */
const removeItem = (ctx: TenantContext, file: StoredFile) =>
  settleItem(ctx, file, (changed) => fileRemovalSteps(tableName(), ctx.tenantId, file.fileId, file.size, changed));

const mismatchMessage = (m: ObjectMismatch): string =>
  m.reason === 'missing'
    ? 'Nothing was uploaded for this file.'
    : m.reason === 'size'
      ? `The uploaded object has ${m.actual} bytes, not the ${m.declared} declared.`
      : `The uploaded object is ${m.actual ?? 'untyped'}, not the ${m.declared} declared.`;

const mismatchError = (m: ObjectMismatch) =>
  new ValidationError(`${mismatchMessage(m)} The upload was discarded.`, m, 'FILE_MISMATCH');

/** The discarded upload becomes its rejection and gives its bytes back. */
const rejectItem = (ctx: TenantContext, file: StoredFile, mismatch: Exclude<ObjectMismatch, { reason: 'missing' }>) =>
  settleItem(ctx, file, (changed) => fileRejectionSteps(tableName(), ctx.tenantId, file, mismatch, new Date(), changed));

/**
 * HeadObject, then: the object declared → `ready` (one conditional update); anything else → the object
 * deleted, the file removed with its bytes, 400 FILE_MISMATCH. Nothing uploaded yet → 409, the upload
 * may still come. Completing a ready file answers it again.
 */
export async function completeFile(
  ctx: TenantContext,
  fileId: string,
  objects: TenantObjects = tenantObjects(ctx),
): Promise<StoredFile> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const file = await readFile(ctx, fileId, true);
    if (file.status === 'ready') return file;
    const head = await objects.head(file.objectKey);
    const mismatch = objectMismatch(file, head);
    if (mismatch?.reason === 'missing') {
      throw new ConflictError(
        'Nothing was uploaded for this file yet; upload it, then complete it.',
        { fileId },
        'FILE_NOT_UPLOADED',
      );
    }
    if (mismatch) {
      await objects.remove(file.objectKey);
      if (!(await rejectItem(ctx, file, mismatch))) continue;
      throw mismatchError(mismatch);
    }
    const now = new Date().toISOString();
    try {
      await transact(tenantDb(ctx), [
        ...guardSteps(ctx),
        fileReadyStep(tableName(), ctx.tenantId, fileId, now, () => new StaleReadError('file')),
        auditStep(ctx, fileAudit.ready(file)),
      ]);
    } catch (err) {
      if (err instanceof StaleReadError) continue;
      throw err;
    }
    return { ...file, status: 'ready', updatedAt: now };
  }
  throw new ConflictError('The file changed meanwhile; read it again and retry.');
}

export interface FileWithDownload extends StoredFile {
  /** A short-lived GET URL of a ready file; null while it is pending. */
  downloadUrl: string | null;
  downloadExpiresAt: string | null;
}

/** One Get, and for a ready file a presigned download. */
export async function getFile(ctx: TenantContext, fileId: string): Promise<FileWithDownload> {
  const file = await readFile(ctx, fileId);
  if (file.status !== 'ready') return { ...file, downloadUrl: null, downloadExpiresAt: null };
  const downloadUrl = await tenantLinks(ctx).downloadUrl({
    key: file.objectKey,
    expiresInSeconds: DOWNLOAD_EXPIRY_SECONDS,
    fileName: file.fileName,
  });
  return { ...file, downloadUrl, downloadExpiresAt: new Date(Date.now() + DOWNLOAD_EXPIRY_SECONDS * 1000).toISOString() };
}

/** The salon's files in creation order; with `clientId`, that client's only (a filtered page, `partial` as usual). */
export async function listFiles(
  ctx: TenantContext,
  page: { limit: number; cursor?: string },
  filter: { clientId?: string | undefined } = {},
): Promise<FilteredPage<StoredFile>> {
  const pk = tenantPk(ctx.tenantId);
  const rule = { [TABLE.partitionKey]: equals(pk), [TABLE.sortKey]: idUnder(FILE_PREFIX) };
  const read = await queryFilledPage(
    tenantDb(ctx),
    {
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      // Discarded uploads keep their key a day as rejections: never listed.
      FilterExpression: `#entity = :file${filter.clientId ? ' AND clientId = :client' : ''}`,
      ExpressionAttributeNames: { '#entity': TABLE.entityAttribute },
      ExpressionAttributeValues: {
        ':pk': pk,
        ':prefix': FILE_PREFIX,
        ':file': 'file',
        ...(filter.clientId ? { ':client': filter.clientId } : {}),
      },
    },
    page.limit,
    decodeCursor(page.cursor, rule),
    (item) => keyUnder(rule, item),
  );
  return { items: read.items.map(toFile), nextCursor: encodeCursor(read.lastKey), partial: read.partial };
}

/** Get, DeleteObject, then one transaction: guard, the item, its bytes given back. */
export async function deleteFile(ctx: TenantContext, fileId: string): Promise<void> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const file = await readFile(ctx, fileId);
    await tenantObjects(ctx).remove(file.objectKey);
    if (await removeItem(ctx, file)) return;
  }
  throw new ConflictError('The file changed meanwhile; read it again and retry.');
}

/**
 * Reservations whose upload window closed with nothing uploaded are released (an upload that did
 * arrive is left to `complete` or the reconciler). Answers how many bytes came back.
 */
export async function releaseExpired(ctx: TenantContext, now = new Date()): Promise<number> {
  const pk = tenantPk(ctx.tenantId);
  const objects = tenantObjects(ctx);
  let released = 0;
  let cursor: Record<string, unknown> | undefined;
  do {
    const out = await tenantDb(ctx).send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        FilterExpression: '#entity = :file AND #status = :pending AND uploadExpiresAt < :now',
        ExpressionAttributeNames: { '#entity': TABLE.entityAttribute, '#status': 'status' },
        ExpressionAttributeValues: {
          ':pk': pk,
          ':prefix': FILE_PREFIX,
          ':file': 'file',
          ':pending': 'pending',
          ':now': now.toISOString(),
        },
        ExclusiveStartKey: cursor,
      }),
    );
    for (const item of out.Items ?? []) {
      const file = toFile(item);
      if ((await objects.head(file.objectKey)) !== undefined) continue;
      if (await removeItem(ctx, file)) released += file.size;
    }
    cursor = out.LastEvaluatedKey;
  } while (cursor);
  return released;
}

/** A ready logo of this salon, for its branding (a pending file, a client file or another salon's id: 404). */
export async function readyLogo(ctx: TenantContext, fileId: string): Promise<StoredFile> {
  const file = await readFile(ctx, fileId);
  if (file.purpose !== 'logo' || file.status !== 'ready') throw new NotFoundError('No ready logo file has this id.', { fileId });
  return file;
}
