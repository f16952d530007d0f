import { GetCommand, PutCommand, QueryCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { tenantDb } from '../../../functions/shared/db/tenant-client';
import type { TenantContext } from '../../../functions/shared/domain/tenant-context';
import { newId } from '../../../functions/shared/repositories/ids';
import { getItem } from '../../support/fixtures';

/** A context as the middleware would build it; here only its tenant id matters. */
const contextOf = (tenantId: string) =>
  ({
    tenantId,
    userId: 'u',
    role: 'owner',
    plan: 'free',
    subscriptionStatus: 'active',
    access: 'all',
  }) as unknown as TenantContext;

describe('isolation layer 2, locally: tenant credentials only reach their own partition', () => {
  const table = inject('endpoints').tableName;
  const a = newId();
  const b = newId();

  it('reads and writes its own partition', async () => {
    const db = tenantDb(contextOf(a));
    await db.send(new PutCommand({ TableName: table, Item: { PK: `TENANT#${a}`, SK: 'PROBE', v: 1 } }));
    const got = await db.send(new GetCommand({ TableName: table, Key: { PK: `TENANT#${a}`, SK: 'PROBE' } }));
    expect(got.Item).toMatchObject({ v: 1 });
  });

  it('is refused every other partition, however the request is shaped, and writes nothing', async () => {
    const db = tenantDb(contextOf(a));
    await expect(db.send(new GetCommand({ TableName: table, Key: { PK: `TENANT#${b}`, SK: 'SALON' } }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    await expect(
      db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'PK = :p',
          ExpressionAttributeValues: { ':p': `TENANT#${b}` },
        }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(db.send(new ScanCommand({ TableName: table }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(
      db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { PK: `TENANT#${a}`, SK: 'T1' } } },
            { Put: { TableName: table, Item: { PK: `TENANT#${b}`, SK: 'T1' } } },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(await getItem({ PK: `TENANT#${a}`, SK: 'T1' })).toBeUndefined();
    expect(await getItem({ PK: `TENANT#${b}`, SK: 'T1' })).toBeUndefined();
    await expect(db.send(new PutCommand({ TableName: table, Item: { PK: 'SLUG#stolen', SK: 'SLUG' } }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });
});
