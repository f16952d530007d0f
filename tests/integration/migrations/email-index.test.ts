/**
 * The sha256 -> hmac email index switch against DynamoDB Local and the KMS stand-in: a salon keyed
 * lazily (plain-hash index) moves to the keyed index in three rounds of the migration, with the clock
 * moved past each wait, while "containers" on either side of the switch (keyrings loaded before it, or
 * the platform's own, reloaded at each phase) write clients. One client per email holds throughout,
 * lookups find every client in each phase, and after the switch no plain-hash email item is left.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { sha256Hex } from '../../../functions/shared/hash';
import { type FieldCipher, hmacIndex } from '../../../functions/shared/crypto/fields';
import { Keyring, keyring } from '../../../functions/shared/crypto/keyring';
import { documentClient } from '../../../functions/shared/db/client';
import { clientEmailKey, clientEmailLookupKeys, clientKey, tenantKeyKey, tenantPk } from '../../../functions/shared/db/keys';
import { transact } from '../../../functions/shared/db/transact';
import type { Permission } from '../../../functions/shared/domain/rbac';
import type { TenantContext } from '../../../functions/shared/domain/tenant-context';
import { type Client, clientRemovalSteps, newClientSteps, storedEmailOf } from '../../../functions/shared/entities/client';
import { emailIndexHmac, schemeQuietAfter } from '../../../functions/shared/migrations/email-index';
import { runMigration } from '../../../functions/shared/migrations/runner';
import { createClient, deleteClient, listClients, updateClient } from '../../../functions/shared/repositories/clients';
import { newId } from '../../../functions/shared/repositories/ids';
import { createTenant } from '../../../functions/shared/repositories/onboarding';
import { ConflictError } from '../../../functions/shared/errors';
import { db, getItem, setPlan, tenantItems } from '../../support/fixtures';

const e = inject('endpoints');
const table = () => e.tableName;
const kms = new KMSClient({ endpoint: e.kmsEndpoint, region: e.region, credentials: e.credentials });
afterAll(() => kms.destroy());

let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}@example.test`;

/** Another container's keyring: loads the salon's keys (and scheme) once and keeps them. */
const containerKeyring = () =>
  new Keyring({ db: () => documentClient(), table, kms: () => kms, keyId: () => undefined }, { ttlMs: 60 * 60_000 });

const contextOf = (tenantId: string, userId: string) => (permission: Permission) =>
  ({
    tenantId,
    userId,
    role: 'owner',
    plan: 'professional',
    subscriptionStatus: 'active',
    permission,
    access: 'all',
    request: { requestId: `switch-${seq}`, ip: '203.0.113.7', userAgent: 'email-index' },
  }) as TenantContext;

/** A client written by a container holding `cipher` (no guard: the entity's own steps, as its write sends them). */
async function writeWith(cipher: FieldCipher, tenantId: string, email: string): Promise<string> {
  const now = new Date().toISOString();
  const client: Client = {
    clientId: newId(),
    name: 'Stale',
    email,
    notifications: { email: true, sms: true },
    createdAt: now,
    updatedAt: now,
  };
  await transact(
    documentClient(),
    newClientSteps(table(), cipher, tenantId, client, 1000, {
      emailTaken: () => new ConflictError('taken', {}, 'CLIENT_EMAIL_TAKEN'),
      limitReached: () => new Error('limit'),
    }),
  );
  return client.clientId;
}

async function removeWith(cipher: FieldCipher, tenantId: string, clientId: string): Promise<void> {
  const item = await getItem(clientKey(tenantId, clientId));
  if (!item) throw new Error('no client');
  await transact(
    documentClient(),
    clientRemovalSteps(table(), cipher, tenantId, clientId, storedEmailOf(item, cipher), () => new Error('changed')),
  );
}

const emailItems = async (t: string) => (await tenantItems(t)).filter((i) => String(i.SK).startsWith('CLIENTEMAIL#'));
const clientItems = async (t: string) => (await tenantItems(t)).filter((i) => String(i.SK).startsWith('CLIENT#'));
const found = async (ctx: ReturnType<typeof contextOf>, email: string) =>
  (await listClients(ctx('clients:read'), { limit: 10 }, { email })).items.map((c) => c.clientId);

describe('email index switch (sha256 -> hmac)', () => {
  it('keeps one client per email and every lookup working through the switch, and leaves no plain-hash item', async () => {
    // A salon whose key was made lazily over old items: plain-hash index, one legacy plaintext client.
    const owner = { userId: `switch-owner-${newId()}`, email: unique('owner') };
    const tenant = await createTenant(owner, { name: 'Switching', slug: `switch-${Date.now().toString(36)}` });
    const t = tenant.id;
    const ctx = contextOf(t, owner.userId);
    await setPlan(t, 'professional');
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: tenantKeyKey(t, 1),
        UpdateExpression: 'SET indexScheme = :s',
        ExpressionAttributeValues: { ':s': 'sha256' },
      }),
    );
    keyring().forget(t);
    const legacyId = newId();
    const legacyEmail = unique('legacy');
    const now = new Date().toISOString();
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...clientKey(t, legacyId),
          ...clientEmailLookupKeys(t, sha256Hex(legacyEmail), legacyId),
          entity: 'client',
          clientId: legacyId,
          name: 'Old',
          email: legacyEmail,
          createdAt: now,
          updatedAt: now,
        },
      }),
    );
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: { ...clientEmailKey(t, sha256Hex(legacyEmail)), entity: 'clientEmail', clientId: legacyId },
      }),
    );
    const ada = await createClient(ctx('clients:create'), { name: 'Ada', email: unique('ada') });
    const moving = await createClient(ctx('clients:create'), { name: 'Mover', email: unique('mover') });
    expect(await getItem(clientEmailKey(t, sha256Hex(String(ada.email))))).toMatchObject({ clientId: ada.clientId });
    const stale = await containerKeyring().cipherFor(t);
    expect(stale.indexScheme).toBe('sha256');

    // Round 1: the salon starts switching; nothing more until the caches are gone.
    const migration = {
      ...emailIndexHmac,
      id: `email-index-test-${newId()}`,
      filter: {
        ...emailIndexHmac.filter,
        expression: `${emailIndexHmac.filter.expression} AND PK = :pk`,
        values: { ...emailIndexHmac.filter.values, ':pk': tenantPk(t) },
      },
    };
    let clock = new Date();
    const run = () => runMigration(migration, { db: db(), table: table(), segments: 2, kms: () => kms, now: () => clock });
    const first = await run();
    expect(first).toMatchObject({ done: false, waiting: 1 });
    const switchAt = clock;
    expect(first.retryAt).toEqual(schemeQuietAfter(switchAt));
    expect(await getItem(tenantKeyKey(t, 1))).toMatchObject({ indexScheme: 'switching', indexSwitchAt: switchAt.toISOString() });
    expect((await run()).changed).toBe(first.changed); // too early: a second round changes nothing
    keyring().forget(t); // this container reloads: it is on `switching` now
    const switching = await containerKeyring().cipherFor(t);
    expect(switching.indexScheme).toBe('switching');

    // Switching: lookups find old and new clients; a new client claims both items.
    expect(await found(ctx, legacyEmail)).toEqual([legacyId]);
    expect(await found(ctx, String(ada.email))).toEqual([ada.clientId]);
    const bea = await createClient(ctx('clients:create'), { name: 'Bea', email: unique('bea') });
    expect(await getItem(clientEmailKey(t, hmacIndex(switching, 'email', String(bea.email))))).toMatchObject({
      clientId: bea.clientId,
      indexScheme: 'hmac',
    });
    expect(await getItem(clientEmailKey(t, sha256Hex(String(bea.email))))).toMatchObject({ clientId: bea.clientId });
    expect(await found(ctx, String(bea.email))).toEqual([bea.clientId]);
    // Within a cache period of the switch its GSI1 key stays the plain one, which stale containers' lookups read.
    expect((await getItem(clientKey(t, bea.clientId)))?.GSI1PK).toBe(
      clientEmailLookupKeys(t, sha256Hex(String(bea.email)), bea.clientId).GSI1PK,
    );
    // A duplicate is refused whichever side writes it: a stale container of an email the switching side took, and back.
    await expect(writeWith(stale, t, String(bea.email))).rejects.toMatchObject({ code: 'CLIENT_EMAIL_TAKEN' });
    await expect(createClient(ctx('clients:create'), { name: 'Copy', email: String(ada.email) })).rejects.toMatchObject({
      status: 409,
    });
    // Concurrent creates with one email, five from a stale container and five switched: exactly one wins.
    const raced = unique('raced');
    const results = await Promise.allSettled([
      ...Array.from({ length: 5 }, () => writeWith(stale, t, raced)),
      ...Array.from({ length: 5 }, () => createClient(ctx('clients:create'), { name: 'Racer', email: raced })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CLIENT_EMAIL_TAKEN' });
    expect(await found(ctx, raced)).toHaveLength(1);
    // A stale container deletes a switched client and moves another's email: the keyed items it leaves behind are orphans.
    const gone = await createClient(ctx('clients:create'), { name: 'Gone', email: unique('gone') });
    await removeWith(stale, t, gone.clientId);
    const orphan = clientEmailKey(t, hmacIndex(switching, 'email', String(gone.email)));
    expect(await getItem(orphan)).toMatchObject({ clientId: gone.clientId });
    const moved = unique('moved');
    await updateClient(ctx('clients:update'), moving.clientId, { email: moved });

    // Round 2, after the wait: orphans dropped, every client copied to the keyed index, the salon on hmac.
    clock = new Date(schemeQuietAfter(switchAt).getTime() + 1_000);
    const second = await run();
    expect(second).toMatchObject({ done: false, waiting: 1 });
    const cleanupAfter = schemeQuietAfter(clock);
    expect(second.retryAt).toEqual(cleanupAfter);
    expect(await getItem(tenantKeyKey(t, 1))).toMatchObject({
      indexScheme: 'hmac',
      indexCleanupAfter: cleanupAfter.toISOString(),
    });
    expect(await getItem(orphan)).toBeUndefined();
    for (const c of await clientItems(t)) {
      if (c.email === undefined) continue;
      const plain = (await listClients(ctx('clients:read'), { limit: 100 })).items.find((x) => x.clientId === c.clientId)?.email;
      const index = hmacIndex(switching, 'email', String(plain));
      expect(c.GSI1PK).toBe(clientEmailLookupKeys(t, index, String(c.clientId)).GSI1PK);
      expect(await getItem(clientEmailKey(t, index))).toMatchObject({ clientId: c.clientId, indexScheme: 'hmac' });
    }
    keyring().forget(t);

    // hmac (old items still there): lookups by the keyed index; the freed email is free; a container still
    // on `switching` cannot take an email the hmac side took; a deletion gives up the plain item too.
    expect(await found(ctx, legacyEmail)).toEqual([legacyId]);
    expect(await found(ctx, moved)).toEqual([moving.clientId]);
    expect(await found(ctx, String(gone.email))).toEqual([]);
    const again = await createClient(ctx('clients:create'), { name: 'Back', email: String(gone.email) });
    const cleo = await createClient(ctx('clients:create'), { name: 'Cleo', email: unique('cleo') });
    await expect(writeWith(switching, t, String(cleo.email))).rejects.toMatchObject({ code: 'CLIENT_EMAIL_TAKEN' });
    await expect(createClient(ctx('clients:create'), { name: 'Copy', email: legacyEmail })).rejects.toMatchObject({
      status: 409,
    });
    await deleteClient(ctx('clients:delete'), ada.clientId);
    expect(await getItem(clientEmailKey(t, sha256Hex(String(ada.email))))).toBeUndefined();
    const late = await writeWith(switching, t, String(ada.email));

    // Round 3, after the second wait: the plain items deleted, the scheme attributes gone; done.
    clock = new Date(cleanupAfter.getTime() + 1_000);
    const third = await run();
    expect(third).toMatchObject({ done: true, waiting: 0 });
    const root = await getItem(tenantKeyKey(t, 1));
    expect(root).not.toHaveProperty('indexScheme');
    expect(root).not.toHaveProperty('indexCleanupAfter');
    keyring().forget(t);
    const final = await keyring().cipherFor(t);
    expect(final.indexScheme).toBe('hmac');
    const clients = await clientItems(t);
    const withEmail = (await listClients(ctx('clients:read'), { limit: 100 })).items.filter((c) => c.email !== undefined);
    const items = await emailItems(t);
    expect(items).toHaveLength(withEmail.length);
    const expected = withEmail.map((c) => clientEmailKey(t, hmacIndex(final, 'email', String(c.email))).SK).sort();
    expect(items.map((i) => String(i.SK)).sort()).toEqual(expected);
    for (const c of withEmail) expect(items.some((i) => i.SK === clientEmailKey(t, sha256Hex(String(c.email))).SK)).toBe(false);
    expect(
      clients
        .filter((c) => c.email !== undefined)
        .every((c) =>
          String(c.GSI1PK).includes(hmacIndex(final, 'email', String(withEmail.find((w) => w.clientId === c.clientId)?.email))),
        ),
    ).toBe(true);
    for (const c of withEmail) expect(await found(ctx, String(c.email))).toEqual([c.clientId]);
    expect(withEmail.map((c) => c.clientId)).toEqual(
      expect.arrayContaining([legacyId, again.clientId, cleo.clientId, late, bea.clientId]),
    );
    await expect(createClient(ctx('clients:create'), { name: 'Copy', email: String(bea.email) })).rejects.toMatchObject({
      status: 409,
    });
    // A fourth round finds nothing to do.
    const fourth = await run();
    expect(fourth).toMatchObject({ done: true, changed: third.changed });
  });
});
