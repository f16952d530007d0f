import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { ddb } from '../../support/dynamodb-mock';
import { FILLED_PAGE_READS, batchGetAll, queryAll, queryFilledPage, queryPages } from '../../../functions/shared/db/read';

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

  describe('queryFilledPage: a filtered page filled within a bound of reads', () => {
    /** A partition of 40 items, one in `every` matching the filter, served as DynamoDB would: Limit evaluated, then filtered. */
    function partition(every: number) {
      const all = Array.from({ length: 40 }, (_, i) => ({ ...key(i + 10), match: i % every === every - 1 }));
      ddb.on(QueryCommand).callsFake((input: { Limit: number; ExclusiveStartKey?: { SK: string } }) => {
        const from = input.ExclusiveStartKey ? all.findIndex((x) => x.SK === input.ExclusiveStartKey?.SK) + 1 : 0;
        const evaluated = all.slice(from, from + input.Limit);
        const last = evaluated[evaluated.length - 1];
        return {
          Items: evaluated.filter((x) => x.match),
          ...(from + input.Limit < all.length && last ? { LastEvaluatedKey: { PK: last.PK, SK: last.SK } } : {}),
        };
      });
      return all.filter((x) => x.match);
    }
    const keyOf = (x: Record<string, unknown>) => ({ PK: x.PK, SK: x.SK });
    const page = (limit: number, start?: Record<string, unknown>) =>
      queryFilledPage(db, { TableName: 'unit', KeyConditionExpression: 'PK = :pk' }, limit, start, keyOf);

    it('reads on until the page is full, and cuts it after its last item', async () => {
      const matches = partition(4);
      const first = await page(3);
      expect(first.items).toEqual(matches.slice(0, 3));
      expect(first.partial).toBe(false);
      // Items 0-2 match nothing, 3-8 two, 9-20 three: the third read's last two are left for the next page.
      expect(ddb.commandCalls(QueryCommand).map((c) => c.args[0].input.Limit)).toEqual([3, 6, 12]);
      expect(first.lastKey).toEqual(keyOf(matches[2] as Record<string, unknown>));
    });

    it('walks every match exactly once, in order, by its cursors', async () => {
      const matches = partition(3);
      const seen: unknown[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const p = await page(4, start);
        expect(p.items.length === 4 || !p.lastKey || p.partial).toBe(true);
        seen.push(...p.items);
        start = p.lastKey;
      } while (start);
      expect(seen).toEqual(matches);
    });

    it('says partial when its reads run out before a match, and the cursor goes on from there', async () => {
      const matches = partition(40);
      const first = await page(1);
      // 1 + 2 + 4 + 8 + 16 = 31 items evaluated, none matching.
      expect(ddb.commandCalls(QueryCommand)).toHaveLength(FILLED_PAGE_READS);
      expect(first).toMatchObject({ items: [], partial: true });
      expect(first.lastKey).toEqual(key(40));
      const second = await page(1, first.lastKey);
      expect(second).toEqual({ items: matches, lastKey: undefined, partial: false });
    });
  });
});
