/**
 * A salon's data key, one item per version (`TENANT#<id>` / `KEY#v<version>`): only the key as KMS
 * wrapped it (GenerateDataKey with EncryptionContext {tenantId}); the plaintext never leaves memory
 * (crypto/keyring.ts). Versions are put on condition they do not exist, so two writers racing to create
 * (or rotate to) the same version leave one winner. Nothing else writes these items; the tenant purge
 * deletes them first (crypto-shredding).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CURRENT_KEY_QUEUE, TENANT_KEY_PREFIX, tenantKeyKey, tenantPk } from '../db/keys';
import { queryAll } from '../db/read';
import { TABLE } from '../db/table';
import type { TransactItem } from '../db/transact';
import { INDEX_SCHEMES, type IndexScheme } from '../crypto/fields';
import { type Item, num, oneOf, str } from './codec';

export { TENANT_KEY_PREFIX, tenantKeyKey };

const E = 'tenantKey';
export const TENANT_KEY_STATES = ['active', 'retired'] as const;
export type TenantKeyState = (typeof TENANT_KEY_STATES)[number];

export interface TenantKey {
  tenantId: string;
  version: number;
  /** KMS CiphertextBlob, base64. */
  wrappedKey: string;
  createdAt: string;
  /** `active`: new writes may use it (the highest active version does); `retired`: read only. */
  state: TenantKeyState;
  /** On version 1 only: how the salon's lookup keys are computed (crypto/fields.ts IndexScheme; absent: `hmac`). */
  indexScheme?: IndexScheme;
  /** On version 1, while `switching`: when the switch began (migrations/email-index.ts). */
  indexSwitchAt?: string;
  /** On version 1, once switched to `hmac`: when the old scheme's items may be deleted (no container writes them). */
  indexCleanupAfter?: string;
}

export function toTenantKey(item: Item): TenantKey {
  return {
    tenantId: str(item, E, 'tenantId'),
    version: num(item, E, 'version'),
    wrappedKey: str(item, E, 'wrappedKey'),
    createdAt: str(item, E, 'createdAt'),
    state: oneOf(TENANT_KEY_STATES, item, E, 'state'),
    ...(item.indexScheme === undefined ? {} : { indexScheme: oneOf(INDEX_SCHEMES, item, E, 'indexScheme') }),
    ...(item.indexSwitchAt === undefined ? {} : { indexSwitchAt: str(item, E, 'indexSwitchAt') }),
    ...(item.indexCleanupAfter === undefined ? {} : { indexCleanupAfter: str(item, E, 'indexCleanupAfter') }),
  };
}

/**
 * One step of a salon's move of its lookup keys from `sha256` to `hmac` (migrations/email-index.ts), on
 * version 1, on condition the salon is still in the state the migration read: `switching` (since
 * `at`), then `hmac` with the instant its old items may go, then plain `hmac` (the attributes removed).
 * Resolves false when another run moved it first.
 */
export function indexSchemeStep(
  table: string,
  tenantId: string,
  from: IndexScheme,
  to: { scheme: 'switching'; at: string } | { scheme: 'hmac'; cleanupAfter: string } | { scheme: 'done' },
): TransactItem {
  const set =
    to.scheme === 'switching'
      ? { UpdateExpression: 'SET indexScheme = :to, indexSwitchAt = :at', values: { ':to': 'switching', ':at': to.at } }
      : to.scheme === 'hmac'
        ? {
            UpdateExpression: 'SET indexScheme = :to, indexCleanupAfter = :at REMOVE indexSwitchAt',
            values: { ':to': 'hmac', ':at': to.cleanupAfter },
          }
        : { UpdateExpression: 'REMOVE indexScheme, indexSwitchAt, indexCleanupAfter', values: {} };
  return {
    Update: {
      TableName: table,
      Key: tenantKeyKey(tenantId, 1),
      UpdateExpression: set.UpdateExpression,
      ConditionExpression: 'indexScheme = :from',
      ExpressionAttributeValues: { ':from': from, ...set.values },
    },
  };
}

const { gsi2 } = TABLE.indexes;

/** Where the current version sits in the schedule's queue of key ages (GSI2, db/keys.ts CURRENT_KEY_QUEUE). */
const currentQueueKeys = (key: TenantKey) => ({
  [gsi2.partitionKey]: CURRENT_KEY_QUEUE,
  [gsi2.sortKey]: `${key.createdAt}#${key.tenantId}`,
});

/**
 * The Put of a new version, refused when that version exists (ConditionalCheckFailed). A new version is
 * the current one, so it joins the queue of key ages (the previous one leaves it: `tenantKeySuperseded`).
 */
export function tenantKeyPut(table: string, key: TenantKey): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: { ...tenantKeyKey(key.tenantId, key.version), [TABLE.entityAttribute]: E, ...key, ...currentQueueKeys(key) },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** The previous current version leaves the queue of key ages (it is kept for reading until retired). */
export function tenantKeySuperseded(table: string, tenantId: string, version: number): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: tenantKeyKey(tenantId, version),
      UpdateExpression: 'REMOVE #qpk, #qsk',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#qpk': gsi2.partitionKey, '#qsk': gsi2.sortKey },
    },
  };
}

/** A version's wrapped key destroyed, once nothing uses it (crypto/reencryption.ts proves that first). */
export function tenantKeyDelete(table: string, tenantId: string, version: number): TransactItem {
  return { Delete: { TableName: table, Key: tenantKeyKey(tenantId, version), ConditionExpression: 'attribute_exists(PK)' } };
}

/** The queue entry of a current key without one (keys created before the queue existed; migrations/key-age-queue.ts). */
export const currentQueueEntry = currentQueueKeys;

/** Every version of the salon's key, oldest first (a handful of items: one Query page). */
export async function readTenantKeys(db: DynamoDBDocumentClient, table: string, tenantId: string): Promise<TenantKey[]> {
  const items = await queryAll(db, {
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': tenantPk(tenantId), ':prefix': TENANT_KEY_PREFIX },
    ConsistentRead: true,
  });
  return items.map(toTenantKey).sort((a, b) => a.version - b.version);
}

/** The version new writes use: the highest active one. */
export const currentVersion = (keys: ReadonlyArray<TenantKey>): number | undefined =>
  keys
    .filter((k) => k.state === 'active')
    .reduce<number | undefined>((max, k) => (max === undefined || k.version > max ? k.version : max), undefined);
