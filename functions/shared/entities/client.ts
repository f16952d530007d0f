/**
 * The client entity: its items (`CLIENT#<id>`, with GSI1 keys for lookup by email, and `CLIENTEMAIL#<index>`,
 * one client per email and salon), its codec and its writes. Email, phone and notes are stored encrypted
 * under the salon's data key (crypto/fields.ts), bound to the client's id and the field; the lookup keys
 * are the salon's keyed blind index of the normalized email, never the address. Nothing else writes these items: members'
 * client routes (repositories/clients.ts) and online booking (repositories/public-booking.ts) both build
 * their steps here, each saying what a failure means for it.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { CLIENT_PREFIX, type ItemKey, clientEmailKey, clientEmailLookupKeys, clientKey, usageKey } from '../db/keys';
import { TABLE } from '../db/table';
import { unchangedSince, updateParts } from '../db/update-expression';
import { StaleReadError, type Step, step, transact } from '../db/transact';
import { type AuditOrigin, auditStep } from './audit';
import { FieldCipher, blindIndex, blindIndexes, hmacIndex, indexSwitchAt } from '../crypto/fields';
import { KEYRING_TTL_MS } from '../crypto/keyring';
import { normalizeEmail } from '../domain/email';
import { counterIncrement } from './usage';
import { CorruptItemError, type Item, asMap, optStr, str } from './codec';

export { CLIENT_PREFIX, clientEmailKey, clientEmailLookupKeys, clientKey };

/** Which messages the client accepts; both on unless they (or a bounce, or an unsubscribe link) said no. */
export interface NotificationPreferences {
  email: boolean;
  sms: boolean;
}

export const DEFAULT_NOTIFICATIONS: NotificationPreferences = { email: true, sms: true };

export interface Client {
  clientId: string;
  name: string;
  email?: string;
  phone?: string;
  notes?: string;
  notifications: NotificationPreferences;
  createdAt: string;
  updatedAt: string;
}

export const CLIENT_OPTIONAL = ['email', 'phone', 'notes'] as const;
/** The fields stored encrypted (all the optional ones: they are the personal data). */
export const CLIENT_ENCRYPTED = CLIENT_OPTIONAL;
type EncryptedField = (typeof CLIENT_ENCRYPTED)[number];

const fieldRef = (clientId: string, field: EncryptedField) => ({ entity: 'client', id: clientId, field });

/** The preferred lookup key of an email in this salon (the `CLIENTEMAIL#` item a lookup reads first). */
export const emailIndex = (cipher: FieldCipher, email: string): string => blindIndex(cipher, 'email', normalizeEmail(email));

/**
 * Every lookup key of an email under the salon's scheme, the preferred first: a write claims (and gives
 * up) the `CLIENTEMAIL#` item of each, a lookup tries them in turn. Two while the salon is `switching`
 * (crypto/fields.ts): containers that still cache `sha256` claim the plain one, so claiming both keeps
 * one client per email across the switch.
 */
export const emailIndexes = (cipher: FieldCipher, email: string, use: 'claim' | 'release' = 'claim'): [string, ...string[]] =>
  blindIndexes(cipher, 'email', normalizeEmail(email), use);

/** True for the keyed one among an email's lookup keys (its items are marked so). */
const isKeyed = (cipher: FieldCipher, index: string, email: string) =>
  cipher.indexScheme !== 'sha256' && index === hmacIndex(cipher, 'email', normalizeEmail(email));

/**
 * The client's GSI1 key (lookup by email). While `switching`, the plain hash until every container that
 * cached `sha256` has reloaded (their lookups read only it), the keyed one after; the migration sets the
 * keyed one on every client once that is so (migrations/email-index.ts).
 */
export function emailLookupIndex(cipher: FieldCipher, email: string, now = Date.now()): string {
  const [preferred, plain] = emailIndexes(cipher, email);
  const since = indexSwitchAt(cipher);
  if (plain === undefined || since === undefined) return preferred;
  return now < new Date(since).getTime() + KEYRING_TTL_MS ? plain : preferred;
}

/**
 * The booker's key (`BOOKER#`, online bookings per email): the plain hash until the salon is on `hmac`,
 * so containers on `sha256` and on `switching` count an email's open bookings in one item (from the
 * flip on, in the keyed one: docs/encryption.md says what that costs).
 */
export const bookerIndex = (cipher: FieldCipher, email: string): string =>
  emailIndexes(cipher, email).at(-1) ?? emailIndex(cipher, email);

/** A client as the API answers it, from a client being written (plaintext, nothing to decrypt). */
export function toClientPlain(item: Item): Client {
  const client: Client = {
    clientId: str(item, 'client', 'clientId'),
    name: str(item, 'client', 'name'),
    createdAt: str(item, 'client', 'createdAt'),
    updatedAt: str(item, 'client', 'updatedAt'),
    notifications: toNotifications(item.notifications),
  };
  for (const field of CLIENT_OPTIONAL) {
    const value = optStr(item, field);
    if (value !== undefined) client[field] = value;
  }
  return client;
}

/** A stored client item as the API answers it: its encrypted fields decrypted (legacy plaintext reads as is). */
export function toClient(item: Item, cipher: FieldCipher): Client {
  const client = toClientPlain(item);
  for (const field of CLIENT_ENCRYPTED) {
    const value = client[field];
    if (value !== undefined) client[field] = cipher.decrypt(fieldRef(client.clientId, field), value);
  }
  return client;
}

/** The plaintext of one stored field (the mailer and reminders read email or phone straight from the item). */
export function clientField(item: Item, cipher: FieldCipher, field: EncryptedField): string | undefined {
  const value = optStr(item, field);
  return value === undefined ? undefined : cipher.decrypt(fieldRef(str(item, 'client', 'clientId'), field), value);
}

/** The key versions a page of stored clients uses (so the keyring can load one it lacks). */
export function clientKeyVersions(items: ReadonlyArray<Item>): Set<number> {
  const versions = new Set<number>();
  for (const item of items)
    for (const field of CLIENT_ENCRYPTED) {
      const value = optStr(item, field);
      const v = value === undefined ? undefined : FieldCipher.versionOf(value);
      if (v !== undefined) versions.add(v);
    }
  return versions;
}

/** The fields of a patch or a new client as stored: the encrypted ones sealed; `null` (removal) kept. */
export function sealClientFields<T extends Partial<Record<EncryptedField, unknown>>>(
  cipher: FieldCipher,
  clientId: string,
  fields: T,
): T {
  const sealed: Partial<Record<EncryptedField, string>> = {};
  for (const field of CLIENT_ENCRYPTED) {
    const value = fields[field];
    if (typeof value === 'string') sealed[field] = cipher.encrypt(fieldRef(clientId, field), value);
  }
  return { ...fields, ...sealed };
}

/**
 * A stored client's email: as stored (what write conditions compare: the ciphertext read) and in plain
 * (what its lookup key is computed from). A salon's lookup scheme covers all its items (legacy
 * plaintext ones were indexed with the plain hash, and such a salon stays on that scheme until migrated).
 */
export interface StoredEmail {
  stored: string;
  plain: string;
}

export function storedEmailOf(item: Item, cipher: FieldCipher): StoredEmail | undefined {
  const stored = optStr(item, 'email');
  const plain = clientField(item, cipher, 'email');
  return stored === undefined || plain === undefined ? undefined : { stored, plain };
}

/** The client an email's lookup item names. */
export const emailOwner = (item: Item): string => str(item, 'clientEmail', 'clientId');

/** Clients from before preferences existed read the defaults; a present map must hold booleans. */
export function toNotifications(value: unknown): NotificationPreferences {
  if (value === undefined) return { ...DEFAULT_NOTIFICATIONS };
  const prefs = asMap(value, 'client', 'notifications');
  const flag = (channel: keyof NotificationPreferences) => {
    const v = prefs[channel];
    if (v === undefined) return DEFAULT_NOTIFICATIONS[channel];
    if (typeof v !== 'boolean') throw new CorruptItemError('client', `notifications.${channel}`);
    return v;
  };
  return { email: flag('email'), sms: flag('sms') };
}

/**
 * One channel turned off for one client, by an unsubscribe link or a bounce: not a member's write, so no
 * write guard; it only ever makes the platform send less. Answers whether it was on (so a link works
 * once) or undefined when the client is gone.
 */
export async function turnNotificationOff(
  db: DynamoDBDocumentClient,
  table: string,
  tenantId: string,
  clientId: string,
  channel: keyof NotificationPreferences,
  now: string,
  origin: AuditOrigin,
): Promise<boolean | undefined> {
  const key = clientKey(tenantId, clientId);
  const read = await db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
  const item = read.Item;
  if (item?.[TABLE.entityAttribute] !== 'client' || item === undefined) return undefined;
  const current = toNotifications(item.notifications);
  if (!current[channel]) return false;
  const next = { ...current, [channel]: false };
  try {
    // The whole map, on condition it is still what was read: a concurrent change of the other channel is not undone.
    await transact(db, [
      step(
        'client',
        {
          Update: {
            TableName: table,
            Key: key,
            UpdateExpression: 'SET notifications = :next, updatedAt = :now',
            ConditionExpression:
              item.notifications === undefined
                ? 'attribute_exists(PK) AND attribute_not_exists(notifications)'
                : 'notifications = :was',
            ExpressionAttributeValues: {
              ':next': next,
              ':now': now,
              ...(item.notifications === undefined ? {} : { ':was': item.notifications }),
            },
          },
        },
        () => new StaleReadError('client'),
      ),
      auditStep(origin, {
        action: 'update',
        resource: 'client',
        resourceId: clientId,
        changes: { notifications: { from: current, to: next } },
      }),
    ]);
    return true;
  } catch (err) {
    if (err instanceof StaleReadError) return turnNotificationOff(db, table, tenantId, clientId, channel, now, origin);
    throw err;
  }
}

type Answer = () => Error | undefined | Promise<Error | undefined>;

/**
 * The email items naming `clientId`, one per lookup key of the scheme (two while `switching`), each put
 * only if no client has the email (they hold no address, only the client id). Items under the keyed
 * index say so (`indexScheme`), so the migration's last pass can delete exactly the plain-hash ones.
 */
export function clientEmailPuts(
  table: string,
  cipher: FieldCipher,
  tenantId: string,
  clientId: string,
  email: string,
  taken: Answer,
): Step[] {
  return emailIndexes(cipher, email).map((index, i) =>
    step(
      i === 0 ? 'clientEmail' : 'clientEmailLegacy',
      {
        Put: {
          TableName: table,
          Item: {
            ...clientEmailKey(tenantId, index),
            [TABLE.entityAttribute]: 'clientEmail',
            clientId,
            ...(isKeyed(cipher, index, email) ? { indexScheme: 'hmac' } : {}),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      taken,
    ),
  );
}

/** The email items given up (a client's email changed, or the client deleted): every lookup key of the scheme. */
export const clientEmailDeletes = (table: string, cipher: FieldCipher, tenantId: string, email: string): Step[] =>
  emailIndexes(cipher, email, 'release').map((index, i) =>
    step(i === 0 ? 'oldClientEmail' : 'oldClientEmailLegacy', {
      Delete: { TableName: table, Key: clientEmailKey(tenantId, index) },
    }),
  );

/** The email still names the client it named when read. */
export const clientEmailCheck = (table: string, tenantId: string, emailHash: string, clientId: string, changed: Answer): Step =>
  step(
    'clientEmail',
    {
      ConditionCheck: {
        TableName: table,
        Key: clientEmailKey(tenantId, emailHash),
        ConditionExpression: 'clientId = :id',
        ExpressionAttributeValues: { ':id': clientId },
      },
    },
    changed,
  );

/**
 * A new client: its item (with its GSI1 keys when it has an email), its email item, and its place in
 * `maxClients` (bounded by `limit`), each step answering as the caller says.
 */
export function newClientSteps(
  table: string,
  cipher: FieldCipher,
  tenantId: string,
  client: Client,
  limit: number,
  answers: { clientTaken?: Answer; emailTaken: Answer; limitReached: Answer },
): Step[] {
  const { email } = client;
  return [
    step(
      'client',
      {
        Put: {
          TableName: table,
          Item: {
            ...clientKey(tenantId, client.clientId),
            ...(email ? clientEmailLookupKeys(tenantId, emailLookupIndex(cipher, email), client.clientId) : {}),
            [TABLE.entityAttribute]: 'client',
            ...sealClientFields(cipher, client.clientId, client),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      answers.clientTaken,
    ),
    ...(email ? clientEmailPuts(table, cipher, tenantId, client.clientId, email, answers.emailTaken) : []),
    step('clientCount', counterIncrement(usageKey(tenantId), 'maxClients', limit, 1), answers.limitReached),
  ];
}

/** A client's place in `maxClients` given back. */
export const clientCountReturned = (tenantId: string): Step =>
  step('clientCount', counterIncrement(usageKey(tenantId), 'maxClients', -1, -1));

/** The client is there and still has the email read (or none; compared as stored), so its email item is the one moved. */
function sameEmailCondition(email: StoredEmail | undefined) {
  return email === undefined
    ? { ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(email)', values: {} }
    : { ConditionExpression: 'attribute_exists(PK) AND email = :was', values: { ':was': email.stored } };
}

/**
 * A patch that changes the email: the client (and its GSI1 keys) on condition its email and the other
 * fields it changes are the ones `read` (the entry's `from`), the new email item put, the old one deleted.
 */
export function clientEmailChangeSteps(
  table: string,
  cipher: FieldCipher,
  tenantId: string,
  clientId: string,
  fields: Readonly<Record<string, unknown>>,
  oldEmail: StoredEmail | undefined,
  newEmail: string | undefined,
  answers: { changed: Answer; emailTaken: Answer },
  read: Item,
): Step[] {
  const lookup = newEmail ? clientEmailLookupKeys(tenantId, emailLookupIndex(cipher, newEmail), clientId) : undefined;
  const parts = updateParts({
    ...sealClientFields(cipher, clientId, { ...fields, email: newEmail ?? null }),
    [TABLE.indexes.gsi1.partitionKey]: lookup?.GSI1PK ?? null,
    [TABLE.indexes.gsi1.sortKey]: lookup?.GSI1SK ?? null,
  });
  const same = sameEmailCondition(oldEmail);
  const unchanged = unchangedSince(read, fields);
  const moves = oldEmail?.plain !== newEmail;
  return [
    step(
      'client',
      {
        Update: {
          TableName: table,
          Key: clientKey(tenantId, clientId),
          ...parts,
          ConditionExpression: [same.ConditionExpression, unchanged.expression].filter(Boolean).join(' AND '),
          ExpressionAttributeNames: { ...parts.ExpressionAttributeNames, ...unchanged.names },
          ExpressionAttributeValues: { ...parts.ExpressionAttributeValues, ...same.values, ...unchanged.values },
        },
      },
      answers.changed,
    ),
    ...(moves && newEmail ? clientEmailPuts(table, cipher, tenantId, clientId, newEmail, answers.emailTaken) : []),
    ...(moves && oldEmail ? clientEmailDeletes(table, cipher, tenantId, oldEmail.plain) : []),
  ];
}

/** The client deleted on condition its email is the one read, its email item and its place in `maxClients` given back. */
export function clientRemovalSteps(
  table: string,
  cipher: FieldCipher,
  tenantId: string,
  clientId: string,
  email: StoredEmail | undefined,
  changed: Answer,
): Step[] {
  const same = sameEmailCondition(email);
  return [
    step(
      'client',
      {
        Delete: {
          TableName: table,
          Key: clientKey(tenantId, clientId),
          ConditionExpression: same.ConditionExpression,
          ...(email ? { ExpressionAttributeValues: same.values } : {}),
        },
      },
      changed,
    ),
    clientCountReturned(tenantId),
    ...(email ? clientEmailDeletes(table, cipher, tenantId, email.plain) : []),
  ];
}

/**
 * The email-index migration's copy of one client to the keyed index (migrations/email-index.ts): the
 * client's keyed GSI1 lookup, on condition its email is still the one read, and its keyed email item,
 * unless another client holds that item.
 */
export function keyedEmailCopySteps(table: string, tenantId: string, clientId: string, index: string, readEmail: string): Step[] {
  const lookup = clientEmailLookupKeys(tenantId, index, clientId);
  const { gsi1 } = TABLE.indexes;
  return [
    step('client', {
      Update: {
        TableName: table,
        Key: clientKey(tenantId, clientId),
        UpdateExpression: 'SET #gpk = :gpk, #gsk = :gsk',
        ConditionExpression: 'email = :was',
        ExpressionAttributeNames: { '#gpk': gsi1.partitionKey, '#gsk': gsi1.sortKey },
        ExpressionAttributeValues: { ':gpk': lookup.GSI1PK, ':gsk': lookup.GSI1SK, ':was': readEmail },
      },
    }),
    step('clientEmail', {
      Put: {
        TableName: table,
        Item: { ...clientEmailKey(tenantId, index), [TABLE.entityAttribute]: 'clientEmail', clientId, indexScheme: 'hmac' },
        ConditionExpression: 'attribute_not_exists(PK) OR clientId = :id',
        ExpressionAttributeValues: { ':id': clientId },
      },
    }),
  ];
}

/** A keyed email item left naming `clientId`, whose client is gone or has another email now: deleted if it still does. */
export const keyedEmailOrphanDelete = (table: string, key: ItemKey, clientId: string) => ({
  TableName: table,
  Key: key,
  ConditionExpression: 'clientId = :id AND indexScheme = :hmac',
  ExpressionAttributeValues: { ':id': clientId, ':hmac': 'hmac' },
});

/** A plain-hash email item, once nothing reads or writes them: deleted unless it is marked keyed. */
export const plainEmailDelete = (table: string, key: ItemKey) => ({
  TableName: table,
  Key: key,
  ConditionExpression: 'attribute_not_exists(indexScheme)',
});
