/**
 * Field encryption under a salon's data key (isolation layer 3). AES-256-GCM with a fresh 96-bit IV per
 * value; the additional data binds the salon, the entity, the item id and the field name, so a value
 * copied to another item, field or salon fails to decrypt instead of reading as someone else's data.
 *
 * Stored form: `v1.<keyVersion>.<iv>.<ciphertext+tag>`, base64url parts. A value without that shape is
 * legacy plaintext written before encryption existed, and reads as it is (see docs/encryption.md for the
 * migration that rewrites it).
 *
 * The blind index (exact-email lookup, one client per email) is an HMAC-SHA256 under a key derived with
 * HKDF from the salon's first data key version: equal inputs give equal keys within a salon, and nothing
 * outside it (not even another salon holding the same address) can compute or compare them.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { sha256Hex } from '../hash';

export const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SHAPE = /^v1\.([1-9]\d{0,5})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;

/** Where a value lives: what the additional data binds it to. */
export interface FieldRef {
  readonly entity: string;
  readonly id: string;
  readonly field: string;
}

export class FieldDecryptionError extends Error {
  constructor(ref: FieldRef, reason: string) {
    super(`The ${ref.entity} field ${ref.field} cannot be decrypted: ${reason}`);
    this.name = 'FieldDecryptionError';
  }
}

/**
 * How the salon's exact-lookup keys are computed. `hmac`: the keyed blind index (salons created with a
 * data key, and salons the migration re-indexed). `sha256`: the plain hash used before data keys, kept
 * for a salon whose key was created lazily over existing items until the migration re-indexes them, so
 * its lookups and one-client-per-email rule stay exact meanwhile. `switching`: the migration is moving
 * the salon from the one to the other (migrations/email-index.ts): writes claim both keys and lookups
 * try both, while containers that still cache `sha256` claim the plain one only (docs/encryption.md).
 */
export const INDEX_SCHEMES = ['hmac', 'sha256', 'switching'] as const;
export type IndexScheme = (typeof INDEX_SCHEMES)[number];

/** Plaintext data keys of one salon, by version; `current` is the one new writes use. */
export interface DataKeys {
  readonly tenantId: string;
  readonly current: number | undefined;
  readonly versions: ReadonlyMap<number, Buffer>;
  readonly indexScheme?: IndexScheme;
  /** While `switching`: when the switch began (writers move the GSI1 key once older caches are gone). */
  readonly indexSwitchAt?: string;
  /** On `hmac` just after a switch: the plain-hash items are still there, so writes give those up too. */
  readonly indexCleanupPending?: boolean;
}

/** True when the stored value has the encrypted shape (anything else is legacy plaintext). */
export const isEncrypted = (stored: string): boolean => SHAPE.test(stored);

const aad = (tenantId: string, ref: FieldRef) => Buffer.from(JSON.stringify([FORMAT, tenantId, ref.entity, ref.id, ref.field]));

/**
 * A salon's field cipher: synchronous once its keys are loaded (crypto/keyring.ts). The blind index is
 * a set of functions below, not methods, so the many bundles that never look an email up drop them.
 */
export class FieldCipher {
  /** The blind index's key (read by the functions below); undefined without a version 1 key. */
  readonly indexKey: Buffer | undefined;

  constructor(readonly keys: DataKeys) {
    const first = [...keys.versions.keys()].sort((a, b) => a - b)[0];
    const root = first === undefined ? undefined : keys.versions.get(first);
    this.indexKey = root && Buffer.from(hkdfSync('sha256', root, Buffer.alloc(0), `rendezvous:blind-index:${keys.tenantId}`, 32));
  }

  get tenantId(): string {
    return this.keys.tenantId;
  }

  /** The version new writes use; undefined for a salon without a data key yet (read-only, legacy data). */
  get currentVersion(): number | undefined {
    return this.keys.current;
  }

  /** True when new writes can be encrypted (the salon has a data key). */
  get canEncrypt(): boolean {
    return this.keys.current !== undefined;
  }

  hasVersion(version: number): boolean {
    return this.keys.versions.has(version);
  }

  encrypt(ref: FieldRef, plaintext: string): string {
    const version = this.keys.current;
    const key = version === undefined ? undefined : this.keys.versions.get(version);
    if (version === undefined || !key) throw new Error(`Salon ${this.keys.tenantId} has no data key to encrypt with`);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad(this.keys.tenantId, ref));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${FORMAT}.${version}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  /** The plaintext of a stored value; legacy plaintext passes through, a value that fails its tag throws. */
  decrypt(ref: FieldRef, stored: string): string {
    const m = SHAPE.exec(stored);
    if (!m) return stored;
    const version = Number(m[1]);
    const key = this.keys.versions.get(version);
    if (!key) throw new FieldDecryptionError(ref, `no data key version ${version} for this salon`);
    const body = Buffer.from(m[3] ?? '', 'base64url');
    if (body.length < TAG_BYTES) throw new FieldDecryptionError(ref, 'truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(m[2] ?? '', 'base64url'))
        .setAAD(aad(this.keys.tenantId, ref))
        .setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new FieldDecryptionError(ref, 'authentication failed (another salon, item or field)');
    }
  }

  /** The key version a stored value is encrypted under; undefined for legacy plaintext. */
  static versionOf(stored: string): number | undefined {
    const m = SHAPE.exec(stored);
    return m ? Number(m[1]) : undefined;
  }

  /** The salon's lookup scheme as this cipher was loaded (a salon without a data key is all legacy: `sha256`). */
  get indexScheme(): IndexScheme {
    return this.indexKey ? (this.keys.indexScheme ?? 'hmac') : 'sha256';
  }
}

/** While `switching`: when the switch began. */
export const indexSwitchAt = (cipher: FieldCipher): string | undefined =>
  cipher.indexScheme === 'switching' ? cipher.keys.indexSwitchAt : undefined;

/** The keyed blind index of a (normalized) value, hex of 64 chars (needs the salon's version 1 key). */
export function hmacIndex(cipher: FieldCipher, purpose: string, value: string): string {
  if (!cipher.indexKey) throw new Error(`Salon ${cipher.tenantId} has no data key to index with`);
  return createHmac('sha256', cipher.indexKey).update(`${purpose}:${value}`).digest('hex');
}

/**
 * Every lookup key of a value under the salon's scheme, the preferred first: what a write claims (all
 * of them, so one client per email holds against containers on either side of a switch) and what a
 * lookup tries in turn. `switching`: the keyed one, then the plain hash. `release`: what a write gives
 * up, which just after a switch also includes the plain hash (containers still on `switching` read it).
 */
export function blindIndexes(
  cipher: FieldCipher,
  purpose: string,
  value: string,
  use: 'claim' | 'release' = 'claim',
): [string, ...string[]] {
  switch (cipher.indexScheme) {
    case 'sha256':
      return [sha256Hex(value)];
    case 'switching':
      return [hmacIndex(cipher, purpose, value), sha256Hex(value)];
    case 'hmac':
      return use === 'release' && cipher.keys.indexCleanupPending
        ? [hmacIndex(cipher, purpose, value), sha256Hex(value)]
        : [hmacIndex(cipher, purpose, value)];
  }
}

/**
 * The preferred lookup key of a (normalized) value: the keyed blind index, or for a salon still on the
 * `sha256` scheme (or without a data key: all its items are legacy) the plain hash.
 */
export const blindIndex = (cipher: FieldCipher, purpose: string, value: string): string =>
  blindIndexes(cipher, purpose, value)[0];
