import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  FieldCipher,
  FieldDecryptionError,
  blindIndex,
  blindIndexes,
  hmacIndex,
  indexSwitchAt,
  isEncrypted,
} from '../../../functions/shared/crypto/fields';

const cipherOf = (tenantId: string, versions: Array<[number, Buffer]>, current = versions.at(-1)?.[0]) =>
  new FieldCipher({ tenantId, current, versions: new Map(versions) });

describe('field encryption (AES-256-GCM, AAD = tenant, entity, id, field)', () => {
  const key = randomBytes(32);
  const a = cipherOf('tenant-a', [[1, key]]);
  const ref = { entity: 'client', id: 'c1', field: 'email' };

  it('round-trips, in the v1.<version>.<iv>.<ciphertext+tag> base64url form, never twice the same', () => {
    const one = a.encrypt(ref, 'ada@example.com');
    const two = a.encrypt(ref, 'ada@example.com');
    expect(one).toMatch(/^v1\.1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(one).not.toBe(two);
    expect(one).not.toContain('ada');
    expect(isEncrypted(one)).toBe(true);
    expect(a.decrypt(ref, one)).toBe('ada@example.com');
    expect(a.decrypt(ref, two)).toBe('ada@example.com');
  });

  it('refuses a value moved to another item, field, entity or salon (even one holding the same key bytes)', () => {
    const stored = a.encrypt(ref, 'ada@example.com');
    expect(() => a.decrypt({ ...ref, id: 'c2' }, stored)).toThrow(FieldDecryptionError);
    expect(() => a.decrypt({ ...ref, field: 'phone' }, stored)).toThrow(FieldDecryptionError);
    expect(() => a.decrypt({ ...ref, entity: 'appointment' }, stored)).toThrow(FieldDecryptionError);
    expect(() => cipherOf('tenant-b', [[1, key]]).decrypt(ref, stored)).toThrow(FieldDecryptionError);
    expect(() => cipherOf('tenant-a', [[1, randomBytes(32)]]).decrypt(ref, stored)).toThrow(FieldDecryptionError);
  });

  it('refuses a tampered ciphertext and a version the salon does not have', () => {
    const stored = a.encrypt(ref, 'ada@example.com');
    const last = stored.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${stored.slice(0, -2)}${last}${stored.at(-1)}`;
    expect(() => a.decrypt(ref, tampered)).toThrow(FieldDecryptionError);
    expect(() => a.decrypt(ref, stored.replace(/^v1\.1\./, 'v1.2.'))).toThrow(/no data key version 2/);
  });

  it('reads legacy plaintext (no v1. shape) as it is', () => {
    expect(a.decrypt(ref, 'ada@example.com')).toBe('ada@example.com');
    expect(a.decrypt({ ...ref, field: 'notes' }, 'v1. is my favourite note')).toBe('v1. is my favourite note');
  });

  it('writes with the current version and still reads the older ones after a rotation', () => {
    const v2 = randomBytes(32);
    const before = a.encrypt(ref, 'old');
    const rotated = cipherOf('tenant-a', [
      [1, key],
      [2, v2],
    ]);
    const after = rotated.encrypt(ref, 'new');
    expect(FieldCipher.versionOf(after)).toBe(2);
    expect(rotated.decrypt(ref, before)).toBe('old');
    expect(rotated.decrypt(ref, after)).toBe('new');
  });

  it('blind index: keyed per salon, stable across rotations, the plain hash without a key or on the legacy scheme', () => {
    const b = cipherOf('tenant-b', [[1, randomBytes(32)]]);
    const index = blindIndex(a, 'email', 'ada@example.com');
    expect(index).toMatch(/^[0-9a-f]{64}$/);
    expect(blindIndex(a, 'email', 'ada@example.com')).toBe(index);
    expect(blindIndex(b, 'email', 'ada@example.com')).not.toBe(index);
    expect(
      blindIndex(
        cipherOf('tenant-a', [
          [1, key],
          [2, randomBytes(32)],
        ]),
        'email',
        'ada@example.com',
      ),
    ).toBe(index);
    // Without a key, or on the legacy scheme, the plain hash the items were written with.
    const plain = createHash('sha256').update('ada@example.com').digest('hex');
    expect(blindIndex(cipherOf('tenant-a', []), 'email', 'ada@example.com')).toBe(plain);
    expect(
      blindIndex(
        new FieldCipher({ tenantId: 'tenant-a', current: 1, versions: new Map([[1, key]]), indexScheme: 'sha256' }),
        'email',
        'ada@example.com',
      ),
    ).toBe(plain);
    expect(() => cipherOf('tenant-a', []).encrypt(ref, 'x')).toThrow(/no data key/);
  });

  it('lookup keys in each phase of the sha256 -> hmac switch: what writes claim and give up, in lookup order', () => {
    const plain = createHash('sha256').update('ada@example.com').digest('hex');
    const keyed = hmacIndex(a, 'email', 'ada@example.com');
    expect(keyed).toBe(blindIndex(a, 'email', 'ada@example.com'));
    const scheme = (indexScheme: 'sha256' | 'switching' | 'hmac', indexCleanupPending?: boolean) =>
      new FieldCipher({
        tenantId: 'tenant-a',
        current: 1,
        versions: new Map([[1, key]]),
        indexScheme,
        indexSwitchAt: '2026-12-01T00:00:00.000Z',
        ...(indexCleanupPending ? { indexCleanupPending } : {}),
      });
    expect(blindIndexes(scheme('sha256'), 'email', 'ada@example.com')).toEqual([plain]);
    expect(blindIndexes(scheme('switching'), 'email', 'ada@example.com')).toEqual([keyed, plain]);
    expect(blindIndexes(scheme('switching'), 'email', 'ada@example.com', 'release')).toEqual([keyed, plain]);
    expect(indexSwitchAt(scheme('switching'))).toBe('2026-12-01T00:00:00.000Z');
    expect(blindIndexes(scheme('hmac', true), 'email', 'ada@example.com')).toEqual([keyed]);
    expect(blindIndexes(scheme('hmac', true), 'email', 'ada@example.com', 'release')).toEqual([keyed, plain]);
    expect(blindIndexes(scheme('hmac'), 'email', 'ada@example.com', 'release')).toEqual([keyed]);
    expect(indexSwitchAt(scheme('hmac'))).toBeUndefined();
    // A salon without a key is all legacy: plain, whatever its item says.
    expect(cipherOf('tenant-a', []).indexScheme).toBe('sha256');
    expect(() => hmacIndex(cipherOf('tenant-a', []), 'email', 'x')).toThrow(/no data key/);
  });
});
