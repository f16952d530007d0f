/**
 * Moves salons from the plain SHA-256 email index (salons from before data keys) to the keyed HMAC one,
 * keeping one client per email throughout, while containers still cache the old scheme (KEYRING_TTL_MS).
 * The scheme lives on the salon's version 1 key item (entities/tenant-key.ts); per salon, each stage a
 * conditional write, each run going as far as the clock allows (`npm run migrate` waits and runs again):
 *
 * 1. `sha256` -> `switching` (at T). Containers that load the keys from then on claim both `CLIENTEMAIL#`
 *    items and look up with either (entities/client.ts); those still on `sha256` claim the plain one,
 *    which both sides claim, so a duplicate is refused whichever side writes.
 * 2. After T + cache period + longest invocation, no container writes the plain scheme alone: keyed
 *    items left without their client by such a container (a deletion or email change) are deleted, then
 *    every client with an email gets its keyed item and GSI1 key, each on condition it still has the
 *    email read. Then `switching` -> `hmac`, with `indexCleanupAfter` = now + the same wait; containers
 *    that load this still give up the plain items on their deletes, so none is left pointing at nobody.
 * 3. After `indexCleanupAfter`, nothing reads or writes plain items: every client's keyed item and GSI1
 *    key are checked once more, the plain items deleted (every `CLIENTEMAIL#` item not marked
 *    `indexScheme = hmac`), and the scheme attributes removed.
 *
 * Stage 2 is not checkpointed: a run that stops in it does it again (every write in it is idempotent).
 * `BOOKER#` items (online bookings per email) are not moved: appointments name theirs, so they stay
 * under the plain hash until those bookings close (docs/encryption.md).
 */
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { CLIENT_PREFIX, clientEmailKey, clientKey, TENANT_KEY_PREFIX, TENANT_PREFIX, tenantKeyKey, tenantPk } from '../db/keys';
import { queryPages } from '../db/read';
import { failedStepNames, transact } from '../db/transact';
import { isConditionFailure } from '../db/conditions';
import { type FieldCipher, hmacIndex } from '../crypto/fields';
import { KEYRING_TTL_MS, Keyring } from '../crypto/keyring';
import { quietAfter } from '../domain/key-rotation';
import { normalizeEmail } from '../domain/email';
import { str } from '../entities/codec';
import { clientField, keyedEmailCopySteps, keyedEmailOrphanDelete, plainEmailDelete } from '../entities/client';
import { indexSchemeStep, toTenantKey } from '../entities/tenant-key';
import { type MigrationContext, type TableMigration, updateIfStill } from './runner';

type Item = Record<string, unknown>;
const CLIENT_EMAIL_PREFIX = clientEmailKey('x', 'x').SK.slice(0, -1);

export class EmailIndexConflictError extends Error {
  constructor(tenantId: string, clientId: string) {
    super(`Salon ${tenantId}: another client holds the keyed email item of client ${clientId}; the switch stops here`);
  }
}

/** The salon's cipher as stored now (no cache: the scheme is what this migration moves). */
function freshCipher(db: DynamoDBDocumentClient, table: string, run: MigrationContext, tenantId: string): Promise<FieldCipher> {
  return new Keyring({ db: () => db, table: () => table, kms: () => run.kms(), keyId: () => undefined }, { ttlMs: 0 }).cipherFor(
    tenantId,
  );
}

/** Every item of the salon under a prefix, page by page (consistent reads). */
async function* partition(db: DynamoDBDocumentClient, table: string, tenantId: string, prefix: string, filter?: string) {
  for await (const page of queryPages(db, {
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ...(filter ? { FilterExpression: filter } : {}),
    ExpressionAttributeValues: { ':pk': tenantPk(tenantId), ':prefix': prefix, ...(filter ? { ':hmac': 'hmac' } : {}) },
    ConsistentRead: true,
  }))
    yield* page.Items ?? [];
}

const keyedIndexOf = (cipher: FieldCipher, client: Item) => {
  const email = clientField(client, cipher, 'email');
  return email === undefined ? undefined : hmacIndex(cipher, 'email', normalizeEmail(email));
};

/** A keyed item whose client is gone or has another email now (a plain-scheme writer's leftover): deleted. */
async function dropOrphans(db: DynamoDBDocumentClient, table: string, tenantId: string, cipher: FieldCipher): Promise<number> {
  let dropped = 0;
  for await (const item of partition(db, table, tenantId, CLIENT_EMAIL_PREFIX, 'indexScheme = :hmac')) {
    const clientId = str(item, 'clientEmail', 'clientId');
    const sk = str(item, 'clientEmail', 'SK');
    const client = (await db.send(new GetCommand({ TableName: table, Key: clientKey(tenantId, clientId), ConsistentRead: true })))
      .Item;
    if (client && `${CLIENT_EMAIL_PREFIX}${keyedIndexOf(cipher, client)}` === sk) continue;
    try {
      await db.send(new DeleteCommand(keyedEmailOrphanDelete(table, { PK: tenantPk(tenantId), SK: sk }, clientId)));
      dropped++;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }
  return dropped;
}

/** Every client with an email gets its keyed item and GSI1 key, on condition its email is the one read. */
async function copyToKeyed(db: DynamoDBDocumentClient, table: string, tenantId: string, cipher: FieldCipher): Promise<number> {
  let copied = 0;
  for await (const client of partition(db, table, tenantId, CLIENT_PREFIX)) {
    const index = keyedIndexOf(cipher, client);
    if (index === undefined) continue;
    const clientId = str(client, 'client', 'clientId');
    const steps = keyedEmailCopySteps(table, tenantId, clientId, index, str(client, 'client', 'email'));
    try {
      await transact(db, steps);
      copied++;
    } catch (err) {
      const failed = failedStepNames(err, steps);
      if (!failed) throw err;
      // Changed meanwhile by a container on `switching`, whose own write claimed both items.
      if (failed.has('client')) continue;
      throw new EmailIndexConflictError(tenantId, clientId);
    }
  }
  return copied;
}

/** The plain-hash items (every email item not marked keyed), once nothing reads or writes them. */
async function deletePlain(db: DynamoDBDocumentClient, table: string, tenantId: string): Promise<number> {
  let deleted = 0;
  for await (const item of partition(db, table, tenantId, CLIENT_EMAIL_PREFIX)) {
    if (item.indexScheme === 'hmac') continue;
    try {
      await db.send(new DeleteCommand(plainEmailDelete(table, { PK: tenantPk(tenantId), SK: str(item, 'clientEmail', 'SK') })));
      deleted++;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }
  return deleted;
}

/** Moves the salon's scheme on; false when another run moved it first (the next round reads it again). */
async function moveScheme(db: DynamoDBDocumentClient, ...args: Parameters<typeof indexSchemeStep>): Promise<boolean> {
  const { Update } = indexSchemeStep(...args);
  if (!Update) throw new Error('indexSchemeStep is an Update');
  return updateIfStill(db, Update);
}

/** When the containers that could have loaded the scheme written at `at` are all gone. */
export const schemeQuietAfter = (at: Date): Date => quietAfter(at, KEYRING_TTL_MS);

export const emailIndexHmac: TableMigration = {
  id: 'email-index-hmac',
  description: "Salons from before data keys move their clients' email index from plain SHA-256 to the keyed HMAC",
  filter: {
    expression: '#sk = :root AND attribute_exists(indexScheme)',
    names: { '#sk': 'SK' },
    values: { ':root': tenantKeyKey('x', 1).SK },
  },
  async apply(db, table, item, run) {
    const pk = str(item, 'tenantKey', 'PK');
    if (!pk.startsWith(TENANT_PREFIX) || !str(item, 'tenantKey', 'SK').startsWith(TENANT_KEY_PREFIX)) return false;
    const key = toTenantKey(item);
    const t = key.tenantId;
    const now = run.now();
    const later = { waitUntil: now };
    switch (key.indexScheme) {
      case 'sha256':
        return (await moveScheme(db, table, t, 'sha256', { scheme: 'switching', at: now.toISOString() }))
          ? { waitUntil: schemeQuietAfter(now) }
          : later;
      case 'switching': {
        const due = schemeQuietAfter(new Date(str(item, 'tenantKey', 'indexSwitchAt')));
        if (now < due) return { waitUntil: due };
        const cipher = await freshCipher(db, table, run, t);
        if (cipher.indexScheme !== 'switching') return later;
        await dropOrphans(db, table, t, cipher);
        await copyToKeyed(db, table, t, cipher);
        const cleanupAfter = schemeQuietAfter(run.now());
        return (await moveScheme(db, table, t, 'switching', { scheme: 'hmac', cleanupAfter: cleanupAfter.toISOString() }))
          ? { waitUntil: cleanupAfter }
          : later;
      }
      case 'hmac': {
        if (!key.indexCleanupAfter) return false;
        const due = new Date(key.indexCleanupAfter);
        if (now < due) return { waitUntil: due };
        // Once more over the clients: a container on `switching` whose clock ran behind may have set a
        // plain GSI1 key after stage 2 passed its client; none can now.
        await copyToKeyed(db, table, t, await freshCipher(db, table, run, t));
        await deletePlain(db, table, t);
        return (await moveScheme(db, table, t, 'hmac', { scheme: 'done' })) || later;
      }
      default:
        return false;
    }
  },
};
