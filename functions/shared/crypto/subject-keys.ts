/**
 * Per-subject keys (crypto-shredding inside an append-only log). Each client gets a random 256-bit key,
 * stored wrapped under the salon's data key (FieldCipher, bound to the client's id) in its own item
 * (entities/subject-key.ts). Personal values that audit entries about the client keep are sealed under
 * it; erasing the client deletes the key, so those entries stay in the log but can no longer be read by
 * anyone, the salon and the platform included.
 *
 * Sealed form: `s1.<iv>.<ciphertext+tag>` (base64url), AES-256-GCM, the additional data binding the
 * salon, the client and the field, so a sealed value moved to another entry's field fails to open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type Sealed, isSealed } from '../domain/audit';
import type { FieldCipher } from './fields';

const FORMAT = 's1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SHAPE = /^s1\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;

/** How a sealed value sits in an audit entry's `changes` (domain/audit.ts defines it and its guard). */
export type SealedValue = Sealed;
export const isSealedValue = isSealed;

/** Where the wrapped key is bound by the salon cipher's additional data. */
const wrapRef = (clientId: string) => ({ entity: 'subjectKey', id: clientId, field: 'key' });

export const newSubjectKey = (): Buffer => randomBytes(KEY_BYTES);

/** The key as stored: encrypted under the salon's current data key version. */
export const wrapSubjectKey = (cipher: FieldCipher, clientId: string, key: Buffer): string =>
  cipher.encrypt(wrapRef(clientId), key.toString('base64url'));

export function unwrapSubjectKey(cipher: FieldCipher, clientId: string, wrapped: string): Buffer {
  const key = Buffer.from(cipher.decrypt(wrapRef(clientId), wrapped), 'base64url');
  if (key.length !== KEY_BYTES) throw new Error('A subject key has the wrong length');
  return key;
}

const aad = (tenantId: string, clientId: string, field: string) =>
  Buffer.from(JSON.stringify([FORMAT, tenantId, clientId, field]));

/**
 * Opens one subject's values; synchronous once the key is unwrapped. Sealing is the function `seal`
 * below, so the bundles that only read the audit trail (export, erasure) do not carry it.
 */
export class SubjectSealer {
  constructor(
    readonly tenantId: string,
    readonly clientId: string,
    /** The subject's key (read by `seal`). */
    readonly key: Buffer,
  ) {}

  /** The value sealed for `field`; throws for another key, subject or field, or a malformed value. */
  open(field: string, sealed: SealedValue): unknown {
    const m = SHAPE.exec(sealed.sealed);
    if (!m) throw new Error('Not a sealed value');
    const body = Buffer.from(m[2] ?? '', 'base64url');
    const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(m[1] ?? '', 'base64url'))
      .setAAD(aad(this.tenantId, this.clientId, field))
      .setAuthTag(body.subarray(body.length - TAG_BYTES));
    return JSON.parse(Buffer.concat([d.update(body.subarray(0, body.length - TAG_BYTES)), d.final()]).toString('utf8'));
  }
}

/** Any JSON value (a string, a map of preferences...) sealed under the subject's key. */
export function seal(sealer: SubjectSealer, field: string, value: unknown): SealedValue {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv('aes-256-gcm', sealer.key, iv).setAAD(aad(sealer.tenantId, sealer.clientId, field));
  const body = Buffer.concat([c.update(JSON.stringify(value), 'utf8'), c.final(), c.getAuthTag()]);
  return { sealed: `${FORMAT}.${iv.toString('base64url')}.${body.toString('base64url')}` };
}
