/**
 * The key-age queue backfill against DynamoDB Local: key items written as before the rotation schedule
 * (no GSI2 keys) get them on the current version only, once; a second run changes nothing.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { CURRENT_KEY_QUEUE, tenantKeyKey } from '../../../functions/shared/db/keys';
import { keyAgeQueueBackfill } from '../../../functions/shared/migrations/key-age-queue';
import { migrationById } from '../../../functions/shared/migrations/registry';
import { runMigration } from '../../../functions/shared/migrations/runner';
import { newId } from '../../../functions/shared/repositories/ids';
import { db } from '../../support/fixtures';

const table = () => inject('endpoints').tableName;

async function legacyKey(tenantId: string, version: number, createdAt: string) {
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...tenantKeyKey(tenantId, version),
        entity: 'tenantKey',
        tenantId,
        version,
        wrappedKey: 'AAAA',
        createdAt,
        state: 'active',
      },
    }),
  );
}
const read = async (tenantId: string, version: number) =>
  (await db().send(new GetCommand({ TableName: table(), Key: tenantKeyKey(tenantId, version), ConsistentRead: true }))).Item;

describe('key-age queue backfill migration', () => {
  it('queues the current version of each salon once and leaves older versions out', async () => {
    expect(migrationById('key-age-queue-backfill')).toBe(keyAgeQueueBackfill);
    const [a, b] = [newId(), newId()];
    await legacyKey(a, 1, '2026-01-01T00:00:00.000Z');
    await legacyKey(b, 1, '2026-01-02T00:00:00.000Z');
    await legacyKey(b, 2, '2026-06-01T00:00:00.000Z');
    const migration = { ...keyAgeQueueBackfill, id: `key-age-queue-test-${newId()}` };
    const done = await runMigration(migration, { db: db(), table: table(), segments: 2, pageSize: 200 });
    expect(done.done).toBe(true);
    expect(done.changed).toBeGreaterThanOrEqual(2);
    expect(await read(a, 1)).toMatchObject({ GSI2PK: CURRENT_KEY_QUEUE, GSI2SK: `2026-01-01T00:00:00.000Z#${a}` });
    expect(await read(b, 2)).toMatchObject({ GSI2PK: CURRENT_KEY_QUEUE, GSI2SK: `2026-06-01T00:00:00.000Z#${b}` });
    expect(await read(b, 1)).not.toHaveProperty('GSI2PK');
    const again = await runMigration({ ...migration, id: `${migration.id}-again` }, { db: db(), table: table(), pageSize: 200 });
    expect(again.done).toBe(true);
    expect(await read(b, 1)).not.toHaveProperty('GSI2PK');
  });
});
