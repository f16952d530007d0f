import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { membershipKeys, slugKey, tenantMetaKey, tenantPk, usageKey } from '../../../functions/shared/db/keys';
import { dueTenants, purgeTenant } from '../../../functions/shared/repositories/tenant-purge';
import { db, getItem } from '../../support/fixtures';
import { api } from '../../support/http';
import { signUpAndSignIn } from '../../support/tokens';

const DAY = 86_400_000;

describe('purge of deleted tenants (DynamoDB Local)', () => {
  const e = inject('endpoints');
  let owner: Awaited<ReturnType<typeof signUpAndSignIn>>;
  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'purge');
  });

  it('keeps a deleted tenant for the retention period, then removes every item and frees the slug', async () => {
    const slug = `purge-${Date.now().toString(36)}`;
    const created = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Gone Soon', slug },
    });
    const keep = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Stays', slug: `${slug}-b` },
    });
    const id = created.body.id;
    expect((await api('DELETE', `/v1/tenants/${id}`, { token: owner.accessToken })).status).toBe(204);

    // Other test files delete tenants concurrently: look for this one, purge only this one.
    const dueAt = async (days: number) => {
      const ids: string[] = [];
      for await (const t of dueTenants(new Date(Date.now() + days * DAY))) ids.push(t.tenantId);
      return ids;
    };
    expect(await dueAt(29)).not.toContain(id);
    expect(await dueAt(31)).toContain(id);
    await purgeTenant(id, slug);
    const { PK, SK } = membershipKeys(id, owner.userId);
    for (const key of [tenantMetaKey(id), usageKey(id), { PK, SK }, slugKey(slug)]) expect(await getItem(key)).toBeUndefined();
    expect(await getItem(tenantMetaKey(keep.body.id))).toBeDefined();
    const again = await api('POST', '/v1/tenants', { token: owner.accessToken, body: { name: 'Reborn', slug } });
    expect(again.status).toBe(201);
  });

  it('purges a large partition in parallel batches, and states its throughput', async () => {
    const slug = `purge-big-${Date.now().toString(36)}`;
    const created = await api<{ id: string }>('POST', '/v1/tenants', { token: owner.accessToken, body: { name: 'Big', slug } });
    const id = created.body.id;
    const filler = 3000;
    const writes = Array.from({ length: filler / 25 }, (_, b) =>
      db().send(
        new BatchWriteCommand({
          RequestItems: {
            [e.tableName]: Array.from({ length: 25 }, (_, i) => ({
              PutRequest: {
                Item: { PK: tenantPk(id), SK: `FILLER#${String(b * 25 + i).padStart(5, '0')}`, entity: 'filler', n: i },
              },
            })),
          },
        }),
      ),
    );
    await Promise.all(writes);
    expect((await api('DELETE', `/v1/tenants/${id}`, { token: owner.accessToken })).status).toBe(204);
    // The DELETE request's own metering lands just after its answer (`USAGE#<month>`): purge after it.
    for (let i = 0; i < 60; i++) {
      const usage = await db().send(
        new QueryCommand({
          TableName: e.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :m)',
          ExpressionAttributeValues: { ':pk': tenantPk(id), ':m': 'USAGE#2' },
        }),
      );
      if (usage.Count) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const started = performance.now();
    const items = await purgeTenant(id, slug);
    const seconds = (performance.now() - started) / 1000;
    // Reported, not asserted: timings depend on the machine.
    console.log(
      `tenant purge: ${items} items in ${seconds.toFixed(2)} s = ${Math.round(items / seconds)} items/s (DynamoDB Local)`,
    );
    expect(items).toBeGreaterThan(filler);
    const left = await db().send(
      new QueryCommand({
        TableName: e.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': tenantPk(id) },
      }),
    );
    expect(left.Items?.map((i) => i.SK)).toEqual([]);
    // Again: nothing left to do, nothing fails.
    expect(await purgeTenant(id, slug)).toBe(1);
  });
});
