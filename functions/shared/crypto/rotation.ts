/**
 * Key rotation for one salon: `rotateSalonKey` adds the next key version (new writes use it), and
 * `reencryptSalon` rewrites the salon's encrypted fields under the current version, a page at a time.
 * The same pass encrypts legacy plaintext values, so it is also the migration of salons from before
 * encryption (docs/encryption.md).
 *
 * Resumable and idempotent: it answers a cursor to continue from, items already under the current
 * version are left alone, and each rewrite is conditioned on the stored values being the ones read (a
 * concurrent write wins and is not undone; it used a current-enough key or the next pass catches it).
 * Old versions are kept: `versionsInUse` tells when one is no longer needed.
 */
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../db/conditions';
import { tenantPk } from '../db/keys';
import { appointmentKeyVersions, sealNotes, sealPendingClient, toAppointment, pendingClientOf } from '../entities/appointment';
import { CLIENT_ENCRYPTED, clientKeyVersions, sealClientFields, toClient } from '../entities/client';
import type { Item } from '../entities/codec';
import { FieldCipher } from './fields';
import type { Keyring } from './keyring';

export interface ReencryptPage {
  /** Items rewritten in this page. */
  rewritten: number;
  /** Items read in this page. */
  scanned: number;
  /** Key versions the page's items used before rewriting (legacy plaintext counts as 0). */
  versionsSeen: number[];
  /** Where to resume; undefined once the partition is done. */
  cursor: Record<string, unknown> | undefined;
}

export async function rotateSalonKey(ring: Keyring, tenantId: string): Promise<number> {
  return ring.rotate(tenantId);
}

const stored = (item: Item, field: string) => (typeof item[field] === 'string' ? (item[field] as string) : undefined);

/** The field's version: 0 for legacy plaintext, undefined when absent. */
const versionOfValue = (value: string | undefined) => (value === undefined ? undefined : (FieldCipher.versionOf(value) ?? 0));

/** The new stored values of an item's encrypted fields, or undefined when it is already current. */
function reseal(item: Item, cipher: FieldCipher): { sets: Record<string, unknown>; was: Record<string, unknown> } | undefined {
  const current = cipher.currentVersion;
  const entity = item.entity;
  if (entity === 'client') {
    const fields = CLIENT_ENCRYPTED.filter((f) => stored(item, f) !== undefined);
    if (fields.every((f) => versionOfValue(stored(item, f)) === current)) return undefined;
    const plain = toClient(item, cipher);
    const sealed = sealClientFields(cipher, plain.clientId, Object.fromEntries(fields.map((f) => [f, plain[f]])));
    return { sets: sealed, was: Object.fromEntries(fields.map((f) => [f, item[f]])) };
  }
  if (entity === 'appointment') {
    const pending = item.pendingClient as Item | undefined;
    const values = [stored(item, 'notes'), pending && stored(pending, 'email'), pending && stored(pending, 'phone')];
    if (values.every((v) => v === undefined || versionOfValue(v) === current)) return undefined;
    const id = String(item.appointmentId);
    const sets: Record<string, unknown> = {};
    const was: Record<string, unknown> = {};
    const notes = toAppointment(item, cipher).notes;
    if (notes !== undefined) {
      sets.notes = sealNotes(cipher, id, notes);
      was.notes = item.notes;
    }
    const newcomer = pendingClientOf(item, cipher);
    if (newcomer) {
      sets.pendingClient = sealPendingClient(cipher, id, newcomer);
      was.pendingClient = item.pendingClient;
    }
    return { sets, was };
  }
  return undefined;
}

/** One page of the salon's partition re-encrypted under its current key version. */
export async function reencryptSalon(
  ring: Keyring,
  db: DynamoDBDocumentClient,
  table: string,
  tenantId: string,
  opts: { cursor?: Record<string, unknown> | undefined; pageSize?: number } = {},
): Promise<ReencryptPage> {
  const page = await db.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': tenantPk(tenantId) },
      Limit: opts.pageSize ?? 100,
      ExclusiveStartKey: opts.cursor,
    }),
  );
  const items = (page.Items ?? []) as Item[];
  const versions = new Set<number>([...clientKeyVersions(items), ...items.flatMap(appointmentKeyVersions)]);
  const cipher = await ring.cipherFor(tenantId, { create: true, versions });
  const seen = new Set<number>();
  let rewritten = 0;
  for (const item of items) {
    const change = reseal(item, cipher);
    if (!change) continue;
    for (const v of Object.values(change.was)) {
      if (typeof v === 'string') seen.add(versionOfValue(v) ?? 0);
    }
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets = Object.entries(change.sets).map(([k, v], i) => {
      names[`#f${i}`] = k;
      values[`:n${i}`] = v;
      values[`:o${i}`] = change.was[k];
      return { set: `#f${i} = :n${i}`, cond: `#f${i} = :o${i}` };
    });
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { PK: item.PK, SK: item.SK },
          UpdateExpression: `SET ${sets.map((s) => s.set).join(', ')}`,
          ConditionExpression: sets.map((s) => s.cond).join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      rewritten++;
    } catch (err) {
      // Changed (or deleted) since read: that write stands; a later pass looks at it again.
      if (!isConditionFailure(err)) throw err;
    }
  }
  return { rewritten, scanned: items.length, versionsSeen: [...seen].sort(), cursor: page.LastEvaluatedKey };
}

/** Runs pages until the partition is done; answers the totals (a job would persist the cursor between pages). */
export async function reencryptSalonFully(
  ring: Keyring,
  db: DynamoDBDocumentClient,
  table: string,
  tenantId: string,
  pageSize = 100,
): Promise<{ rewritten: number; scanned: number; pages: number }> {
  let cursor: Record<string, unknown> | undefined;
  let rewritten = 0;
  let scanned = 0;
  let pages = 0;
  do {
    const page = await reencryptSalon(ring, db, table, tenantId, { cursor, pageSize });
    rewritten += page.rewritten;
    scanned += page.scanned;
    pages++;
    cursor = page.cursor;
  } while (cursor);
  return { rewritten, scanned, pages };
}
