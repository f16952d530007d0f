import { randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { Keyring, rotateKey, createFirstKey } from '../../../functions/shared/crypto/keyring';

/** A KMS that "wraps" by XOR with a fixed pad and checks the context, and a table of key items in memory. */
function fakes() {
  const pad = randomBytes(32);
  const calls: string[] = [];
  const wrap = (plain: Buffer, tenantId: string) =>
    Buffer.concat([Buffer.from(`${tenantId}|`), Buffer.from(plain.map((b, i) => b ^ (pad[i] ?? 0)))]);
  const kms = {
    send: async (cmd: unknown) => {
      await new Promise((r) => setTimeout(r, 5));
      if (cmd instanceof GenerateDataKeyCommand) {
        calls.push('GenerateDataKey');
        const plain = randomBytes(32);
        return { Plaintext: plain, CiphertextBlob: wrap(plain, String(cmd.input.EncryptionContext?.tenantId)) };
      }
      if (cmd instanceof DecryptCommand) {
        calls.push('Decrypt');
        const blob = Buffer.from(cmd.input.CiphertextBlob ?? []);
        const sep = blob.indexOf('|');
        if (blob.subarray(0, sep).toString() !== cmd.input.EncryptionContext?.tenantId)
          throw new Error('InvalidCiphertextException');
        return { Plaintext: Buffer.from(blob.subarray(sep + 1).map((b, i) => b ^ (pad[i] ?? 0))) };
      }
      throw new Error('unexpected command');
    },
  } as unknown as KMSClient;
  const items = new Map<string, Record<string, unknown>>();
  let queries = 0;
  const db = {
    send: async (cmd: unknown) => {
      await new Promise((r) => setTimeout(r, 2));
      if (cmd instanceof QueryCommand) {
        queries++;
        const pk = cmd.input.ExpressionAttributeValues?.[':pk'];
        return { Items: [...items.values()].filter((i) => i.PK === pk) };
      }
      if (cmd instanceof TransactWriteCommand) {
        const put = cmd.input.TransactItems?.[0]?.Put;
        const item = put?.Item as Record<string, unknown>;
        const id = `${item.PK}|${item.SK}`;
        if (items.has(id))
          throw new TransactionCanceledException({
            message: 'cancelled',
            $metadata: {},
            CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
          });
        items.set(id, item);
        return {};
      }
      throw new Error('unexpected command');
    },
  } as unknown as DynamoDBDocumentClient;
  return { kms, db, calls, items, queries: () => queries };
}

const ref = { entity: 'client', id: 'c1', field: 'email' };

describe('keyring: one KMS call per salon per cache period per container', () => {
  it('creates a salon key lazily once, even under 20 concurrent first writes, and serves it from memory', async () => {
    const f = fakes();
    let now = 0;
    const ring = new Keyring({ kms: () => f.kms, db: () => f.db, table: () => 't', keyId: () => 'k', now: () => now });
    const ciphers = await Promise.all(Array.from({ length: 20 }, () => ring.cipherFor('A', { create: createFirstKey })));
    expect(f.items.size).toBe(1);
    const stored = ciphers[0]?.encrypt(ref, 'ada@example.com') ?? '';
    for (const c of ciphers) expect(c.decrypt(ref, stored)).toBe('ada@example.com');
    const first = ring.callsFor('A');
    for (let i = 0; i < 50; i++) await ring.cipherFor('A');
    now += 60_000;
    await ring.cipherFor('A', { create: createFirstKey });
    expect(ring.callsFor('A')).toBe(first);
    now += 5 * 60_000;
    const reloaded = await ring.cipherFor('A');
    expect(ring.callsFor('A')).toBe(first + 1);
    expect(reloaded.decrypt(ref, stored)).toBe('ada@example.com');
  });

  it('two containers creating the first key at once: the condition keeps one, both use it', async () => {
    const f = fakes();
    const rings = Array.from(
      { length: 5 },
      () => new Keyring({ kms: () => f.kms, db: () => f.db, table: () => 't', keyId: () => 'k' }),
    );
    const ciphers = await Promise.all(rings.map((r) => r.cipherFor('A', { create: createFirstKey })));
    expect(f.items.size).toBe(1);
    const stored = ciphers[0]?.encrypt(ref, 'x') ?? '';
    for (const c of ciphers) expect(c.decrypt(ref, stored)).toBe('x');
  });

  it('shares one Decrypt among concurrent loads of an existing key, and counts per salon', async () => {
    const f = fakes();
    const writer = new Keyring({ kms: () => f.kms, db: () => f.db, table: () => 't', keyId: () => 'k' });
    await writer.cipherFor('A', { create: createFirstKey });
    await writer.cipherFor('B', { create: createFirstKey });
    const reader = new Keyring({ kms: () => f.kms, db: () => f.db, table: () => 't', keyId: () => 'k' });
    await Promise.all(Array.from({ length: 20 }, () => reader.cipherFor('A')));
    expect(reader.callsFor('A')).toBe(1);
    expect(reader.callsFor('B')).toBe(0);
    await reader.cipherFor('B');
    expect(reader.callsFor('B')).toBe(1);
  });

  it('bounded: the least recently used salon is evicted and unwrapped again when needed', async () => {
    const f = fakes();
    const ring = new Keyring({ kms: () => f.kms, db: () => f.db, table: () => 't', keyId: () => 'k' }, { maxTenants: 2 });
    for (const t of ['A', 'B', 'C']) await ring.cipherFor(t, { create: createFirstKey });
    await ring.cipherFor('B');
    await ring.cipherFor('C');
    expect(ring.callsFor('B')).toBe(1);
    await ring.cipherFor('A');
    expect(ring.callsFor('A')).toBe(2);
  });

  it('a salon without a key reads without KMS and is not cached as key-less', async () => {
    const f = fakes();
    const ring = new Keyring({ kms: () => f.kms, db: () => f.db, table: () => 't', keyId: () => 'k' });
    const none = await ring.cipherFor('A');
    expect(none.canEncrypt).toBe(false);
    expect(ring.callsFor('A')).toBe(0);
    await new Keyring({ kms: () => f.kms, db: () => f.db, table: () => 't', keyId: () => 'k' }).cipherFor('A', {
      create: createFirstKey,
    });
    expect((await ring.cipherFor('A')).canEncrypt).toBe(true);
  });

  it('rotation: new writes use the next version, old values stay readable; an unknown version reloads', async () => {
    const f = fakes();
    const ring = new Keyring({ kms: () => f.kms, db: () => f.db, table: () => 't', keyId: () => 'k' });
    const other = new Keyring({ kms: () => f.kms, db: () => f.db, table: () => 't', keyId: () => 'k' });
    const v1 = (await ring.cipherFor('A', { create: createFirstKey })).encrypt(ref, 'old');
    await other.cipherFor('A');
    expect(await rotateKey(ring, 'A')).toBe(2);
    const after = await ring.cipherFor('A');
    expect(after.currentVersion).toBe(2);
    const v2 = after.encrypt(ref, 'new');
    expect(after.decrypt(ref, v1)).toBe('old');
    // The other container still holds version 1 only: seeing version 2 makes it reload.
    const seen = await other.cipherFor('A', { versions: [2] });
    expect(seen.decrypt(ref, v2)).toBe('new');
  });
});
