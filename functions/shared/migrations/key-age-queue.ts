/**
 * Puts salons' current data keys created before the queue of key ages existed (GSI2 `KEYAGE#current`,
 * entities/tenant-key.ts) on it, so the scheduled rotation sees them. For each key item without queue
 * keys, the salon's versions are read and only the current one is changed, on condition it still has no
 * queue keys. A rotation between the read and the write can leave the previous version queued; the
 * schedule re-reads the current version before rotating, so such an entry only costs it a read.
 */
import { TENANT_KEY_PREFIX, TENANT_PREFIX } from '../db/keys';
import { TABLE } from '../db/table';
import { str } from '../entities/codec';
import { currentQueueEntry, currentVersion, readTenantKeys, toTenantKey } from '../entities/tenant-key';
import { type TableMigration, updateIfStill } from './runner';

const { partitionKey: GSI2PK, sortKey: GSI2SK } = TABLE.indexes.gsi2;

export const keyAgeQueueBackfill: TableMigration = {
  id: 'key-age-queue-backfill',
  description: "Salons' current data keys from before the rotation schedule join its queue of key ages (GSI2)",
  filter: {
    expression: 'begins_with(#sk, :key) AND attribute_not_exists(#gsi2pk)',
    names: { '#sk': 'SK', '#gsi2pk': GSI2PK },
    values: { ':key': TENANT_KEY_PREFIX },
  },
  async apply(db, table, item) {
    const pk = str(item, 'tenantKey', 'PK');
    if (!pk.startsWith(TENANT_PREFIX)) return false;
    const key = toTenantKey(item);
    if (currentVersion(await readTenantKeys(db, table, key.tenantId)) !== key.version) return false;
    const entry = currentQueueEntry(key);
    return updateIfStill(db, {
      TableName: table,
      Key: { PK: pk, SK: str(item, 'tenantKey', 'SK') },
      UpdateExpression: 'SET #gsi2pk = :pk, #gsi2sk = :sk',
      ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(#gsi2pk)',
      ExpressionAttributeNames: { '#gsi2pk': GSI2PK, '#gsi2sk': GSI2SK },
      ExpressionAttributeValues: { ':pk': entry[GSI2PK], ':sk': entry[GSI2SK] },
    });
  },
};
