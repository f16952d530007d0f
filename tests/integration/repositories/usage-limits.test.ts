import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documentClient, tableName } from '../../../functions/shared/db/client';
import { tenantPk, usageKey } from '../../../functions/shared/db/keys';
import { step, transact } from '../../../functions/shared/db/transact';
import { newId } from '../../../functions/shared/repositories/ids';
import { counterIncrement } from '../../../functions/shared/repositories/usage';
import { getItem } from '../../support/fixtures';

/** Creates an item and counts it in one transaction, as every counted create does. */
async function countedCreate(tenantId: string, limit: number): Promise<'created' | 'limit'> {
  const limitReached = new Error('limit');
  try {
    await transact(documentClient(), [
      step('thing', {
        Put: {
          TableName: tableName(),
          Item: { PK: tenantPk(tenantId), SK: `THING#${newId()}` },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      }),
      step('count', counterIncrement(usageKey(tenantId), 'maxClients', limit, 1), () => limitReached),
    ]);
    return 'created';
  } catch (err) {
    if (err === limitReached) return 'limit';
    throw err;
  }
}

describe('plan-limit counters under concurrency (DynamoDB Local)', () => {
  it('admits exactly 10 of 40 concurrent creates against a limit of 10', async () => {
    const tenantId = newId();
    const results = await Promise.all(Array.from({ length: 40 }, () => countedCreate(tenantId, 10)));
    expect(results.filter((r) => r === 'created')).toHaveLength(10);
    expect(results.filter((r) => r === 'limit')).toHaveLength(30);
    expect(await getItem(usageKey(tenantId))).toMatchObject({ clients: 10 });
  });

  it('gives units back on delete and never bounds an unlimited plan', async () => {
    const tenantId = newId();
    for (let i = 0; i < 3; i++) expect(await countedCreate(tenantId, 3)).toBe('created');
    expect(await countedCreate(tenantId, 3)).toBe('limit');
    await documentClient().send(
      new TransactWriteCommand({ TransactItems: [counterIncrement(usageKey(tenantId), 'maxClients', 3, -1)] }),
    );
    expect(await countedCreate(tenantId, 3)).toBe('created');
    expect(await getItem(usageKey(tenantId))).toMatchObject({ clients: 3 });
    const unlimited = newId();
    const many = await Promise.all(Array.from({ length: 20 }, () => countedCreate(unlimited, -1)));
    expect(many.every((r) => r === 'created')).toBe(true);
  });
});
