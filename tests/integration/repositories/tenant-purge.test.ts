import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { FieldDecryptionError, isEncrypted } from '../../../functions/shared/crypto/fields';
import { keyring } from '../../../functions/shared/crypto/keyring';
import { documentClient } from '../../../functions/shared/db/client';
import {
  clientKey,
  membershipKeys,
  slugKey,
  tenantKeyKey,
  tenantMetaKey,
  tenantPk,
  usageKey,
} from '../../../functions/shared/db/keys';
import type { TenantContext } from '../../../functions/shared/domain/tenant-context';
import { getClient } from '../../../functions/shared/repositories/clients';
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

  it('shreds the salon keys first: deleted before any other item, and a copy of an item kept from before is unreadable', async () => {
    const slug = `purge-shred-${Date.now().toString(36)}`;
    const created = await api<{ id: string }>('POST', '/v1/tenants', { token: owner.accessToken, body: { name: 'Shred', slug } });
    const id = created.body.id;
    const client = await api<{ clientId: string }>('POST', `/v1/tenants/${id}/clients`, {
      token: owner.accessToken,
      body: { name: 'Kept In A Backup', email: `backup-${Date.now().toString(36)}@example.test`, notes: 'secret' },
    });
    expect(client.status).toBe(201);
    const backup = await getItem(clientKey(id, client.body.clientId));
    expect(isEncrypted(String(backup?.email))).toBe(true);
    expect(await getItem(tenantKeyKey(id, 1))).toBeDefined();

    // Every key the purge deletes, in the order its BatchWrites send them.
    const deletedKeys: string[] = [];
    const name = `record-deletes-${id}`;
    documentClient().middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as {
          RequestItems?: Record<string, Array<{ DeleteRequest?: { Key: { PK: string; SK: string } } }>>;
        };
        for (const batch of Object.values(input.RequestItems ?? {}))
          for (const r of batch)
            if (r.DeleteRequest && r.DeleteRequest.Key.PK === tenantPk(id)) deletedKeys.push(r.DeleteRequest.Key.SK);
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      await purgeTenant(id, slug);
    } finally {
      documentClient().middlewareStack.remove(name);
    }
    const firstOther = deletedKeys.findIndex((sk) => !sk.startsWith('KEY#'));
    expect(deletedKeys.slice(0, firstOther).length).toBeGreaterThan(0);
    expect(deletedKeys.slice(0, firstOther).every((sk) => sk.startsWith('KEY#'))).toBe(true);
    expect(deletedKeys.slice(firstOther).some((sk) => sk.startsWith('KEY#'))).toBe(false);
    expect(await getItem(tenantKeyKey(id, 1))).toBeUndefined();

    // The item restored from a "backup" after the purge: no key is left to read it with.
    await db().send(new PutCommand({ TableName: e.tableName, Item: backup }));
    keyring().forget(id);
    const ctx = { tenantId: id, userId: 'u', role: 'owner', access: 'all' } as unknown as TenantContext;
    await expect(getClient(ctx, client.body.clientId)).rejects.toBeInstanceOf(FieldDecryptionError);
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
