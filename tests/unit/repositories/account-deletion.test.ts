/**
 * Account deletion's retry paths that DynamoDB Local never takes (it throws no TransactionConflict),
 * against a mocked client: a conflict reads again and retries, endless conflicts end in 409, and any
 * other failure is not retried.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { ddb, tenantId } from '../../support/dynamodb-mock';
import { membershipKeys, tenantMetaKey } from '../../../functions/shared/db/keys';
import { ConflictError } from '../../../functions/shared/errors';
import { leaveAllSalons } from '../../../functions/shared/repositories/account-deletion';

const userId = 'user-1';
const { PK, SK } = membershipKeys(tenantId, userId);
const conflict = () =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'TransactionConflict' }],
  });

describe('leaveAllSalons', () => {
  beforeEach(() => {
    ddb.reset();
    ddb.on(QueryCommand).resolves({ Items: [{ tenantId, role: 'employee' }] });
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        unit: [
          // Whole items, as stored: they are read through their codecs.
          { PK, SK, userId, email: 'user-1@example.test', role: 'employee', joinedAt: '2026-01-01T00:00:00.000Z' },
          { ...tenantMetaKey(tenantId), ownerCount: 1, slug: 's', name: 'n', plan: 'starter' },
        ],
      },
    });
  });

  it('reads again and retries after a transaction conflict', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(conflict()).resolves({});
    await leaveAllSalons(userId);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(2);
    const items = ddb.commandCalls(TransactWriteCommand)[1]?.args[0].input.TransactItems ?? [];
    // The membership, the users counter, the salon, and the salon's audit entry of the leave.
    expect(items.map((i) => Object.keys(i)[0])).toEqual(['Delete', 'Update', 'ConditionCheck', 'Put']);
    expect(items[3]?.Put?.Item).toMatchObject({
      action: 'delete',
      resource: 'member',
      resourceId: userId,
      actor: { userId, email: 'user-1@example.test', role: 'employee' },
    });
  });

  it('answers 409 after five lost races', async () => {
    ddb.on(TransactWriteCommand).rejects(conflict());
    await expect(leaveAllSalons(userId)).rejects.toBeInstanceOf(ConflictError);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(5);
  });

  it('does not retry a failure that is not a lost race', async () => {
    ddb.on(TransactWriteCommand).rejects(new Error('network down'));
    await expect(leaveAllSalons(userId)).rejects.toThrow('network down');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});
