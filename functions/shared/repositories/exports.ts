/**
 * Salon exports (owner only, `exports:manage`). Starting one is one transaction: the caller's role
 * proven again, the salon present, the salon's export slot taken (one running export per salon: a
 * second would read the same items seconds later and double the job's load for nothing; 409
 * EXPORT_RUNNING), the export item, its audit entry (action `export`) and, with an Idempotency-Key, the
 * record. The table stream starts the job (functions/streams/run-exports.ts). Reading one signs fresh,
 * short-lived links to its objects while it is available.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { EXPORT_PREFIX, exportKey, tenantMetaKey, tenantPk } from '../db/keys';
import { TABLE } from '../db/table';
import { tenantDb } from '../db/tenant-client';
import { step, transact } from '../db/transact';
import {
  EXPORT_LINK_SECONDS,
  EXPORT_PART_SIZE,
  type ExportStatus,
  MANIFEST_NAME,
  countsOf,
  effectiveStatus,
  exportPrefix,
} from '../domain/exports';
import type { TenantContext } from '../domain/tenant-context';
import { auditStep } from '../entities/audit';
import { type StoredExport, newExport, newExportSteps, toStoredExport } from '../entities/export';
import { NotFoundError } from '../errors';
import { tenantLinks, tenantObjects } from '../files/objects';
import { newId } from './ids';
import type { RecordFor } from './idempotency';
import {
  type Page,
  InvalidCursorError,
  MAX_CURSOR_LENGTH,
  decodeCursor,
  encodeCursor,
  equals,
  idUnder,
  keyUnder,
} from './pagination';
import { authorizationLost, callerStep } from './write-guard';

/** An export as the API answers it. */
export interface SalonExport {
  exportId: string;
  status: ExportStatus;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  /** Until when a ready export can be downloaded (null before it is ready). */
  expiresAt: string | null;
  /** Records written so far, per entity (the manifest's counts once ready). */
  progress: { parts: number; records: Record<string, number> };
  files: { count: number; bytes: number } | null;
  error: string | null;
}

export interface ExportDownload {
  /** Relative to the export's folder: `manifest.json`, `data/<entity>/part-00001.ndjson.gz`, `files/<fileId>/<name>`. */
  name: string;
  url: string;
}

export interface SalonExportWithLinks extends SalonExport {
  /** Presigned GETs valid `linksExpireAt`, signed afresh on each read; empty unless ready. */
  downloads: ExportDownload[];
  linksExpireAt: string | null;
  /** More objects than one answer lists: read again with `?after=` this value. */
  nextAfter: string | null;
}

export function toSalonExport(e: StoredExport, now = Date.now()): SalonExport {
  return {
    exportId: e.exportId,
    status: effectiveStatus(e.status, e.availableUntil, now),
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    completedAt: e.completedAt ?? null,
    expiresAt: e.availableUntil ?? null,
    progress: { parts: e.checkpoint.parts.length, records: countsOf(e.checkpoint.parts) },
    files: e.files ?? null,
    error: e.status === 'failed' ? 'The export could not be completed; start a new one.' : null,
  };
}

export async function createExport(ctx: TenantContext, recordFor?: RecordFor): Promise<SalonExport> {
  const now = new Date();
  const exportId = newId(now.getTime());
  const created = newExport(ctx.tenantId, exportId, ctx.userId, EXPORT_PART_SIZE, now);
  const answer = toSalonExport(created, now.getTime());
  await transact(
    tenantDb(ctx),
    [
      callerStep(ctx),
      step(
        'salon',
        {
          ConditionCheck: {
            TableName: tableName(),
            Key: tenantMetaKey(ctx.tenantId),
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(deletedAt)',
          },
        },
        async () => (await authorizationLost(ctx)) ?? new NotFoundError(),
      ),
      ...newExportSteps(created, now),
      auditStep(ctx, { action: 'export', resource: 'export', resourceId: exportId, changes: { status: { to: 'pending' } } }, now),
      ...(recordFor ? [step('idempotency', recordFor(answer))] : []),
    ],
    { answerFirst: ['caller', 'salon'] },
  );
  return answer;
}

async function readExport(ctx: TenantContext, exportId: string): Promise<StoredExport> {
  const item = (
    await tenantDb(ctx).send(
      new GetCommand({ TableName: tableName(), Key: exportKey(ctx.tenantId, exportId), ConsistentRead: true }),
    )
  ).Item;
  if (item?.[TABLE.entityAttribute] !== 'export') throw new NotFoundError();
  return toStoredExport(item);
}

const MAX_LINKS = 500;

/** The export's objects start after this key: `after` names a key of this export's folder, nothing else. */
function startAfterOf(after: string | undefined, prefix: string): string | undefined {
  if (after === undefined) return undefined;
  if (after.length === 0 || after.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(after)) throw new InvalidCursorError();
  const name = Buffer.from(after, 'base64url').toString('utf8');
  if (name.length === 0 || name.includes('..') || Buffer.from(name, 'utf8').toString('base64url') !== after) {
    throw new InvalidCursorError();
  }
  return `${prefix}${name}`;
}

/** One Get; a ready export within its day also one List page of its objects, each signed afresh. */
export async function getExport(
  ctx: TenantContext,
  exportId: string,
  page: { after?: string | undefined } = {},
): Promise<SalonExportWithLinks> {
  const stored = await readExport(ctx, exportId);
  const prefix = exportPrefix(ctx.tenantId, exportId);
  const startAfter = startAfterOf(page.after, prefix);
  const answer = toSalonExport(stored);
  if (answer.status !== 'ready') return { ...answer, downloads: [], linksExpireAt: null, nextAfter: null };
  const objects = tenantObjects(ctx);
  const links = tenantLinks(ctx);
  const listed = await objects.list(prefix, { maxKeys: MAX_LINKS, ...(startAfter ? { startAfter } : {}) });
  // The manifest first: it says what the rest is.
  const names = listed.keys
    .map((k) => k.slice(prefix.length))
    .sort((a, b) => (a === MANIFEST_NAME ? -1 : b === MANIFEST_NAME ? 1 : 0));
  const downloads = await Promise.all(
    names.map(async (name) => ({
      name,
      url: await links.downloadUrl({
        key: `${prefix}${name}`,
        expiresInSeconds: EXPORT_LINK_SECONDS,
        fileName: name.split('/').at(-1) ?? name,
      }),
    })),
  );
  const last = listed.keys.at(-1);
  return {
    ...answer,
    downloads,
    linksExpireAt: new Date(Date.now() + EXPORT_LINK_SECONDS * 1000).toISOString(),
    nextAfter: listed.truncated && last ? Buffer.from(last.slice(prefix.length), 'utf8').toString('base64url') : null,
  };
}

/** The salon's exports, oldest first (one Query page). */
export async function listExports(ctx: TenantContext, page: { limit: number; cursor?: string }): Promise<Page<SalonExport>> {
  const pk = tenantPk(ctx.tenantId);
  const rule = { [TABLE.partitionKey]: equals(pk), [TABLE.sortKey]: idUnder(EXPORT_PREFIX) };
  const start = decodeCursor(page.cursor, rule);
  const out = await tenantDb(ctx).send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': EXPORT_PREFIX },
      Limit: page.limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  const last = out.LastEvaluatedKey;
  return {
    items: (out.Items ?? []).map((item) => toSalonExport(toStoredExport(item))),
    nextCursor: encodeCursor(last ? keyUnder(rule, last) : undefined),
  };
}
