/**
 * Reading the salon's audit log, newest first. Which Query a filter set runs:
 * - none, or only from/to: the log's partition (`TENANT#<id>#AUDIT`), SK between the ULIDs of from and to;
 * - resource + resourceId: GSI1 (`TENANT#<id>#AUDIT#RES#<resource>#<resourceId>`), same SK range;
 * - actorId (without resourceId): GSI2 (`TENANT#<id>#AUDIT#ACTOR#<actorId>`), same SK range.
 * Those are one Query per page. `action`, `resource` alone, and actorId together with resourceId
 * narrow by a filter on top of that Query: the page is filled by up to FILLED_PAGE_READS reads
 * (db/read.ts) and says `partial` when it stopped short.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { auditActorPk, auditPk, auditResourcePk } from '../db/keys';
import { queryFilledPage } from '../db/read';
import { TABLE } from '../db/table';
import { tenantDb } from '../db/tenant-client';
import type { AuditAction, AuditEntry, AuditResource } from '../domain/audit';
import { ULID, type TenantContext } from '../domain/tenant-context';
import { toAuditEntry } from '../entities/audit';
import { ulidRange } from './ids';
import { type CursorRule, type FilteredPage, decodeCursor, encodeCursor, equals, keyUnder, within } from './pagination';

export interface AuditFilter {
  actorId?: string | undefined;
  action?: AuditAction | undefined;
  resource?: AuditResource | undefined;
  resourceId?: string | undefined;
  /** ISO instants, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

/** The earliest and latest instants a ULID's time part holds. */
const TIME_MIN = 0;
const TIME_MAX = 2 ** 48 - 1;

/** The Query for a filter set (without Limit or start key) and the shape its cursor must have. */
export function auditQuery(
  ctx: TenantContext,
  filter: AuditFilter,
): { input: Omit<QueryCommandInput, 'Limit'>; rule: CursorRule } {
  const { lo, hi } = ulidRange(filter.from ? Date.parse(filter.from) : TIME_MIN, filter.to ? Date.parse(filter.to) : TIME_MAX);
  const inRange = within(ULID, lo, hi);
  const base = auditPk(ctx.tenantId);
  let index: { name: string; partitionKey: string; sortKey: string } | undefined;
  let pk = base;
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filter.resource && filter.resourceId) {
    index = TABLE.indexes.gsi1;
    pk = auditResourcePk(ctx.tenantId, filter.resource, filter.resourceId);
  } else if (filter.actorId) {
    index = TABLE.indexes.gsi2;
    pk = auditActorPk(ctx.tenantId, filter.actorId);
  }
  if (filter.actorId && index !== TABLE.indexes.gsi2) {
    filters.push('#actorId = :actorId');
    names['#actorId'] = 'actorId';
    values[':actorId'] = filter.actorId;
  }
  if (filter.resource && index !== TABLE.indexes.gsi1) {
    filters.push('#resource = :resource');
    names['#resource'] = 'resource';
    values[':resource'] = filter.resource;
  }
  if (filter.resourceId && index !== TABLE.indexes.gsi1) {
    filters.push('#resourceId = :resourceId');
    names['#resourceId'] = 'resourceId';
    values[':resourceId'] = filter.resourceId;
  }
  if (filter.action) {
    filters.push('#action = :action');
    names['#action'] = 'action';
    values[':action'] = filter.action;
  }
  const pkName = index?.partitionKey ?? TABLE.partitionKey;
  const skName = index?.sortKey ?? TABLE.sortKey;
  const rule: CursorRule = index
    ? { [TABLE.partitionKey]: equals(base), [TABLE.sortKey]: inRange, [index.partitionKey]: equals(pk), [index.sortKey]: inRange }
    : { [TABLE.partitionKey]: equals(base), [TABLE.sortKey]: inRange };
  return {
    rule,
    input: {
      TableName: tableName(),
      ...(index ? { IndexName: index.name } : {}),
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ExpressionAttributeNames: { '#pk': pkName, '#sk': skName, ...names },
      ExpressionAttributeValues: { ':pk': pk, ':lo': lo, ':hi': hi, ...values },
      // Newest first: ULIDs sort by time.
      ScanIndexForward: false,
    },
  };
}

/** One page of the log, newest first (one Query when the filters are all indexed; see the module's head). */
export async function listAuditLog(
  ctx: TenantContext,
  page: { limit: number; cursor?: string },
  filter: AuditFilter,
): Promise<FilteredPage<AuditEntry>> {
  const { input, rule } = auditQuery(ctx, filter);
  const read = await queryFilledPage(tenantDb(ctx), input, page.limit, decodeCursor(page.cursor, rule), (item) =>
    keyUnder(rule, item),
  );
  return { items: read.items.map(toAuditEntry), nextCursor: encodeCursor(read.lastKey), partial: read.partial };
}

/** Most entries one export answers in its body (a Lambda response is at most 6 MB). */
export const EXPORT_MAX_ENTRIES = 5_000;

/** Every entry from `from` to `to`, newest first, or undefined when there are more than EXPORT_MAX_ENTRIES. */
export async function exportAuditLog(
  ctx: TenantContext,
  filter: Pick<AuditFilter, 'from' | 'to'>,
): Promise<AuditEntry[] | undefined> {
  const { input } = auditQuery(ctx, filter);
  const entries: AuditEntry[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await tenantDb(ctx).send(
      new QueryCommand({ ...input, Limit: 1_000, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    for (const item of out.Items ?? []) entries.push(toAuditEntry(item));
    if (entries.length > EXPORT_MAX_ENTRIES) return undefined;
    start = out.LastEvaluatedKey;
  } while (start);
  return entries;
}
