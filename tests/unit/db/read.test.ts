import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { ddb } from '../../support/dynamodb-mock';
import { batchGetAll, queryAll, queryPages } from '../../../functions/shared/db/read';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
const key = (i: number) => ({ PK: 'TENANT#x', SK: `K#${i}` });

describe('paging reads', () => {
  beforeEach(() => ddb.reset());

  it('queryAll reads every page, starting each from the last key', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ n: 1 }], LastEvaluatedKey: key(1) })
      .resolvesOnce({ Items: [{ n: 2 }], LastEvaluatedKey: key(2) })
      .resolvesOnce({ Items: [{ n: 3 }] });
    expect(await queryAll(db, { TableName: 'unit', KeyConditionExpression: 'PK = :pk' })).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const starts = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input.ExclusiveStartKey);
    expect(starts).toEqual([undefined, key(1), key(2)]);
  });

  it('queryPages stops when the caller leaves the loop', async () => {
    ddb.on(QueryCommand).resolves({ Count: 1, LastEvaluatedKey: key(1) });
    for await (const page of queryPages(db, { TableName: 'unit' })) if (page.Count) break;
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1);
  });

  it('batchGetAll asks 100 keys at a time and retries unprocessed keys after a pause', async () => {
    const keys = Array.from({ length: 150 }, (_, i) => key(i));
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { unit: [{ n: 'a' }] }, UnprocessedKeys: { unit: { Keys: [key(7)] } } })
      .resolvesOnce({ Responses: { unit: [{ n: 'b' }] } })
      .resolvesOnce({ Responses: { unit: [{ n: 'c' }] } });
    const pauses: number[] = [];
    const found = await batchGetAll(db, keys, { consistent: true, pause: async (attempt) => void pauses.push(attempt) });
    expect(found).toEqual([{ n: 'a' }, { n: 'b' }, { n: 'c' }]);
    const asked = ddb.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.unit);
    expect(asked.map((r) => r?.Keys?.length)).toEqual([100, 1, 50]);
    expect(asked[1]?.Keys).toEqual([key(7)]);
    expect(asked.every((r) => r?.ConsistentRead === true)).toBe(true);
    expect(pauses).toEqual([1]);
  });

  it('batchGetAll gives up when keys stay unprocessed', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { unit: [] }, UnprocessedKeys: { unit: { Keys: [key(1)] } } });
    await expect(batchGetAll(db, [key(1)], { pause: async () => {} })).rejects.toThrow('unprocessed');
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(6);
  });
});
