/**
 * Measured DynamoDB capacity against DynamoDB Local: what each kind of call reports under
 * ReturnConsumedCapacity TOTAL (and that DynamoDB Local does report it), what the meter adds to a
 * unit of work's tally, and that a known sequence of API requests adds exactly the expected units to
 * the salon's monthly counters through the local metering (the path the log subscriber takes on AWS).
 */
import '../../support/stack-env';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { documentClient } from '../../../functions/shared/db/client';
import { monthlyUsageKey } from '../../../functions/shared/db/keys';
import { monthIn } from '../../../functions/shared/domain/calendar';
import { type CapacityTally, measured } from '../../../functions/shared/metering/capacity';
import { newId } from '../../../functions/shared/repositories/ids';
import { getItem, setPlan } from '../../support/fixtures';
import { api } from '../../support/http';
import { signUpAndSignIn } from '../../support/tokens';

const e = inject('endpoints');
const TZ = 'Europe/Paris';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function tallyOf(fn: () => Promise<unknown>): Promise<CapacityTally> {
  let tally: CapacityTally | undefined;
  await measured(
    async () => {
      await fn().catch(() => undefined);
    },
    (t) => {
      tally = t;
    },
  );
  if (!tally) throw new Error('no tally');
  return tally;
}

describe('DynamoDB capacity, measured per unit of work', () => {
  const table = e.tableName;
  const pk = `PROBE#${newId()}`;
  const db = documentClient();

  it('DynamoDB Local reports TOTAL capacity: writes 1 WRU, consistent reads 1 RRU, eventual 0.5, transactions 1 per item', async () => {
    const put = await tallyOf(() => db.send(new PutCommand({ TableName: table, Item: { PK: pk, SK: 'A', v: 1 } })));
    expect(put).toMatchObject({ read: 0, write: 1, measuredCalls: 1, unmeasuredCalls: 0 });
    const strong = await tallyOf(() =>
      db.send(new GetCommand({ TableName: table, Key: { PK: pk, SK: 'A' }, ConsistentRead: true })),
    );
    expect(strong).toMatchObject({ read: 1, write: 0, measuredCalls: 1 });
    const eventual = await tallyOf(() => db.send(new GetCommand({ TableName: table, Key: { PK: pk, SK: 'A' } })));
    expect(eventual).toMatchObject({ read: 0.5, write: 0, measuredCalls: 1 });
    const tx = await tallyOf(() =>
      db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { PK: pk, SK: 'B', v: 1 } } },
            {
              Update: {
                TableName: table,
                Key: { PK: pk, SK: 'A' },
                UpdateExpression: 'ADD v :one',
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
          ],
        }),
      ),
    );
    // DynamoDB charges a transactional write twice (2 WRU per item under 1 KB); DynamoDB Local reports 1 per item.
    expect(tx).toMatchObject({ read: 0, write: 2, measuredCalls: 1 });
    const query = await tallyOf(() =>
      db.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': pk } })),
    );
    expect(query).toMatchObject({ read: 0.5, write: 0, measuredCalls: 1 });
  });

  it('sums a unit of work’s calls; a refused condition is an unmeasured call; outside a unit nothing changes', async () => {
    const work = await tallyOf(async () => {
      await db.send(new GetCommand({ TableName: table, Key: { PK: pk, SK: 'A' }, ConsistentRead: true }));
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { PK: pk, SK: 'A' },
          UpdateExpression: 'ADD v :one',
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
      await db.send(
        new PutCommand({ TableName: table, Item: { PK: pk, SK: 'A' }, ConditionExpression: 'attribute_not_exists(PK)' }),
      );
    });
    expect(work).toMatchObject({ read: 1, write: 1, measuredCalls: 2, unmeasuredCalls: 1 });
    expect(work.ms).toBeGreaterThanOrEqual(0);

    // Outside `measured`, the caller's input is left alone and the answer carries no capacity.
    const input = { TableName: table, Key: { PK: pk, SK: 'A' } };
    const out = await db.send(new GetCommand(input));
    expect(input).not.toHaveProperty('ReturnConsumedCapacity');
    expect(out.ConsumedCapacity).toBeUndefined();
    await db.send(new DeleteCommand({ TableName: table, Key: { PK: pk, SK: 'A' } }));
    await db.send(new DeleteCommand({ TableName: table, Key: { PK: pk, SK: 'B' } }));
  });

  describe('through the platform', () => {
    let owner: Awaited<ReturnType<typeof signUpAndSignIn>>;
    beforeAll(async () => {
      owner = await signUpAndSignIn(e, 'capacity-owner');
    });

    /** The month's counters once metering has counted `calls` calls, each with its measured line. */
    async function countersAt(t: string, calls: number) {
      const key = monthlyUsageKey(t, monthIn(TZ));
      for (let i = 0; i < 100; i++) {
        const item = await getItem(key);
        if (Number(item?.measuredCalls ?? 0) >= calls && Number(item?.apiCalls ?? 0) >= calls) return item ?? {};
        await sleep(100);
      }
      throw new Error(`metering never reached ${calls} measured calls`);
    }

    it('10 reads of the salon add 10 measured calls: each 1 WRU (the rate counter) and 0.5 RRU (an eventual Get)', async () => {
      const res = await api<{ id: string }>('POST', '/v1/tenants', {
        token: owner.accessToken,
        body: { name: 'Salon Mesure', slug: `mesure-${Date.now().toString(36)}`, timezone: TZ, locale: 'fr-FR' },
      });
      expect(res.status).toBe(201);
      const t = res.body.id;
      await setPlan(t, 'professional');
      // The first read decides the membership afresh (the authorizer cache is cold): it is the baseline.
      expect((await api('GET', `/v1/tenants/${t}`, { token: owner.accessToken })).status).toBe(200);
      const before = await countersAt(t, 1);
      for (let i = 0; i < 10; i++) expect((await api('GET', `/v1/tenants/${t}`, { token: owner.accessToken })).status).toBe(200);
      const after = await countersAt(t, Number(before.measuredCalls) + 10);
      await sleep(300); // no more API units arrive (jobs of the salon's creation may: they count apart)
      const final = (await getItem(monthlyUsageKey(t, monthIn(TZ)))) ?? {};
      for (const name of ['apiCalls', 'measuredCalls', 'readUnits', 'writeUnits']) expect(final[name]).toEqual(after[name]);
      const delta = (name: string) => Number(after[name] ?? 0) - Number(before[name] ?? 0);
      expect({
        measuredCalls: delta('measuredCalls'),
        apiCalls: delta('apiCalls'),
        readUnits: delta('readUnits'),
        writeUnits: delta('writeUnits'),
      }).toEqual({ measuredCalls: 10, apiCalls: 10, readUnits: 5, writeUnits: 10 });
    });
  });
});
