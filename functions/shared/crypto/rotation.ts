/**
 * Key rotation for one salon: `rotateSalonKey` adds the next key version (new writes use it), and
 * `reencryptSalon` rewrites the salon's encrypted fields under the current version, a page at a time.
 * The same pass encrypts legacy plaintext values, so it is also the migration of salons from before
 * encryption (docs/encryption.md). The job that drives it to convergence and retires old keys is
 * crypto/reencryption.ts.
 *
 * Resumable and idempotent: it answers a cursor to continue from, items already under the current
 * version are left alone, and each rewrite is conditioned on the stored values being the ones read (a
 * concurrent write wins and is not undone; it used a current-enough key or the next pass catches it).
 *
 * Which items hold encrypted values is a list (`SEALED_ITEM_TYPES`): a new kind of item with encrypted
 * string attributes is one line there, `sealedFields(...)`. Whatever the list, each page also counts every
 * value in the shape of an encrypted one under an old version, wherever it sits in the item, so a kind
 * of item missing from the list holds its old key back instead of losing it.
 */
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../db/conditions';
import { OUTBOX_PREFIX, tenantPk } from '../db/keys';
import { appointmentKeyVersions, sealNotes, sealPendingClient, toAppointment, pendingClientOf } from '../entities/appointment';
import { CLIENT_ENCRYPTED, clientKeyVersions, sealClientFields, toClient } from '../entities/client';
import { type Item, optMapOf, str } from '../entities/codec';
import { recipientRef } from '../entities/outbox';
import { FieldCipher, type FieldRef } from './fields';
import { type Keyring, rotateKey, createFirstKey } from './keyring';

export interface ReencryptPage {
  /** Items rewritten in this page. */
  rewritten: number;
  /** Items read in this page. */
  scanned: number;
  /** Key versions the page's items used before rewriting (legacy plaintext counts as 0). */
  versionsSeen: number[];
  /** Values under a version older than the current one the page met (rewritten or not). */
  oldValues: number;
  /** Of those, values still under an old version after the page (no resealer for them, or a concurrent write won). */
  stuck: number;
  /** Where to resume; undefined once the partition is done. */
  cursor: Record<string, unknown> | undefined;
}

export interface Reseal {
  /** New stored values of top-level attributes. */
  sets: Record<string, unknown>;
  /** Their values as read (the rewrite's condition). */
  was: Record<string, unknown>;
}

/** A kind of item holding values encrypted under the salon's data key, and how to move them to the current version. */
export interface SealedItemType {
  readonly name: string;
  matches(item: Item): boolean;
  /** The new stored values, or undefined when the item is already current. */
  reseal(item: Item, cipher: FieldCipher): Reseal | undefined;
}

export async function rotateSalonKey(ring: Keyring, tenantId: string): Promise<number> {
  return rotateKey(ring, tenantId);
}

const stored = (item: Item, field: string) => (typeof item[field] === 'string' ? (item[field] as string) : undefined);

/** The field's version: 0 for legacy plaintext, undefined when absent. */
const versionOfValue = (value: string | undefined) => (value === undefined ? undefined : (FieldCipher.versionOf(value) ?? 0));

/** Versions of every value in the item with the encrypted shape, at any depth (one entry per value). */
export function encryptedVersionsIn(value: unknown): number[] {
  if (typeof value === 'string') {
    const v = FieldCipher.versionOf(value);
    return v === undefined ? [] : [v];
  }
  if (Array.isArray(value)) return value.flatMap(encryptedVersionsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(encryptedVersionsIn);
  return [];
}

/**
 * Items whose encrypted values are top-level string attributes: `ref` says what each is bound to (the
 * AAD it was written with). Legacy plaintext in those attributes is encrypted too. Free of side
 * effects, so a bundle that never re-encrypts drops the list below.
 */
/* @__NO_SIDE_EFFECTS__ */
export function sealedFields(
  name: string,
  matches: (item: Item) => boolean,
  fields: ReadonlyArray<string>,
  ref: (item: Item, field: string) => FieldRef,
): SealedItemType {
  return {
    name,
    matches,
    reseal(item, cipher) {
      const present = fields.filter((f) => stored(item, f) !== undefined);
      const moving = present.filter((f) => versionOfValue(stored(item, f)) !== cipher.currentVersion);
      if (moving.length === 0) return undefined;
      const sets: Record<string, unknown> = {};
      const was: Record<string, unknown> = {};
      for (const f of moving) {
        const r = ref(item, f);
        sets[f] = cipher.encrypt(r, cipher.decrypt(r, stored(item, f) ?? ''));
        was[f] = item[f];
      }
      return { sets, was };
    },
  };
}

const clients: SealedItemType = {
  name: 'client',
  matches: (item) => item.entity === 'client',
  reseal(item, cipher) {
    const current = cipher.currentVersion;
    const fields = CLIENT_ENCRYPTED.filter((f) => stored(item, f) !== undefined);
    if (fields.every((f) => versionOfValue(stored(item, f)) === current)) return undefined;
    const plain = toClient(item, cipher);
    const sealed = sealClientFields(cipher, plain.clientId, Object.fromEntries(fields.map((f) => [f, plain[f]])));
    return { sets: sealed, was: Object.fromEntries(fields.map((f) => [f, item[f]])) };
  },
};

const appointments: SealedItemType = {
  name: 'appointment',
  matches: (item) => item.entity === 'appointment',
  reseal(item, cipher) {
    const current = cipher.currentVersion;
    const pending = optMapOf(item, 'appointment', 'pendingClient');
    const values = [stored(item, 'notes'), pending && stored(pending, 'email'), pending && stored(pending, 'phone')];
    if (values.every((v) => v === undefined || versionOfValue(v) === current)) return undefined;
    const id = str(item, 'appointment', 'appointmentId');
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
  },
};

/**
 * Every kind of item with values under the salon's data key. A new one with encrypted string attributes
 * is one line, e.g. `sealedFields('subjectKey', (i) => i.entity === 'subjectKey', ['key'], (i, field) =>
 * ({ entity: 'subjectKey', id: str(i, 'subjectKey', 'clientId'), field }))`.
 */
export const SEALED_ITEM_TYPES: ReadonlyArray<SealedItemType> = [
  clients,
  appointments,
  sealedFields(
    'message',
    (i) => typeof i.SK === 'string' && i.SK.startsWith(OUTBOX_PREFIX),
    ['to'],
    (i) => recipientRef(str(i, 'message', 'messageId')),
  ),
  // A client's own key (crypto/subject-keys.ts), wrapped under the salon key: re-wrapped like any value.
  sealedFields(
    'subjectKey',
    (i) => i.entity === 'subjectKey',
    ['wrappedKey'],
    (i) => ({ entity: 'subjectKey', id: str(i, 'subjectKey', 'clientId'), field: 'key' }),
  ),
];

/** The new stored values of an item's encrypted fields, or undefined when it is already current (or of no listed kind). */
function reseal(item: Item, cipher: FieldCipher): Reseal | undefined {
  return SEALED_ITEM_TYPES.find((t) => t.matches(item))?.reseal(item, cipher);
}

/** How many values of the item are under a version older than `current`. */
const oldValuesIn = (item: Item, current: number) => encryptedVersionsIn(item).filter((v) => v < current).length;

/** One page of the salon's partition re-encrypted under its current key version. */
export async function reencryptSalon(
  ring: Keyring,
  db: DynamoDBDocumentClient,
  table: string,
  tenantId: string,
  opts: {
    cursor?: Record<string, unknown> | undefined;
    pageSize?: number;
    /** The version to move to: a container whose cached keys lack it reloads them first. */
    target?: number;
  } = {},
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
  const items: Item[] = page.Items ?? [];
  const versions = new Set<number>([...clientKeyVersions(items), ...items.flatMap(appointmentKeyVersions)]);
  if (opts.target !== undefined) versions.add(opts.target);
  const cipher = await ring.cipherFor(tenantId, { create: createFirstKey, versions });
  const current = cipher.currentVersion ?? 0;
  if (opts.target !== undefined && current !== opts.target) {
    throw new Error(`Salon ${tenantId} writes under key version ${current}, not the job's ${opts.target}`);
  }
  const seen = new Set<number>();
  let rewritten = 0;
  let oldValues = 0;
  let stuck = 0;
  for (const item of items) {
    const old = oldValuesIn(item, current);
    oldValues += old;
    const change = reseal(item, cipher);
    if (!change) {
      stuck += old;
      continue;
    }
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
      stuck += oldValuesIn({ ...item, ...change.sets }, current);
    } catch (err) {
      // Changed (or deleted) since read: that write stands; a later pass looks at it again.
      if (!isConditionFailure(err)) throw err;
      stuck += old;
    }
  }
  return {
    rewritten,
    scanned: items.length,
    versionsSeen: [...seen].sort(),
    oldValues,
    stuck,
    cursor: page.LastEvaluatedKey,
  };
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
