/**
 * Per-container cache of salons' plaintext data keys. A salon's wrapped keys (entities/tenant-key.ts)
 * are read and unwrapped with KMS Decrypt under EncryptionContext {tenantId} at most once per cache
 * period (TTL) per container; concurrent requests for the same salon share one load. Bounded: the
 * least recently used salon makes room. `kmsCalls` counts every KMS call per salon (tests read it).
 *
 * Tenant routes reach KMS with the salon's tenant-role session (db/tenant-client.ts), whose policy only
 * allows the encryption context of its own `tenantId` tag; platform jobs (reminders, the mailer) use
 * their execution role.
 */
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsConfig, dataKeyConfig, hasTenantRole } from '../config';
import { documentClient, tableName as tableNameOf } from '../db/client';
import { perTenantClients, tenantCredentials as tenantCredentialsFor, tenantDbForKeyring } from '../db/tenant-client';
import { isConditionFailure } from '../db/conditions';
import { transact, step } from '../db/transact';
import { type TenantKey, currentVersion, readTenantKeys, tenantKeyPut } from '../entities/tenant-key';
import { FieldCipher } from './fields';

export const KEYRING_MAX_TENANTS = 256;
export const KEYRING_TTL_MS = 5 * 60_000;

export interface KeyringDeps {
  /** The KMS client acting for this salon. */
  kms(tenantId: string): KMSClient;
  /** The DynamoDB client acting for this salon. */
  db(tenantId: string): DynamoDBDocumentClient;
  table(): string;
  /** The KMS key data keys are generated under (only needed to create one). */
  keyId(): string | undefined;
  now?(): number;
}

interface Entry {
  expiresAt: number;
  cipher: Promise<FieldCipher>;
}

export const encryptionContext = (tenantId: string) => ({ tenantId });

export class Keyring {
  private readonly entries = new Map<string, Entry>();
  /** KMS calls (Decrypt and GenerateDataKey) per salon since the keyring was made. */
  readonly kmsCalls = new Map<string, number>();

  constructor(
    readonly deps: KeyringDeps,
    private readonly options: { maxTenants?: number; ttlMs?: number } = {},
  ) {}

  private now() {
    return this.deps.now?.() ?? Date.now();
  }

  /** Counts one KMS call for the salon. */
  countCall(tenantId: string) {
    this.kmsCalls.set(tenantId, (this.kmsCalls.get(tenantId) ?? 0) + 1);
  }

  /** KMS calls made for a salon. */
  callsFor(tenantId: string): number {
    return this.kmsCalls.get(tenantId) ?? 0;
  }

  /**
   * The salon's cipher. `create` (`createFirstKey`): a salon without a data key gets one first (a write
   * path; the read role may not generate keys). A function rather than a flag, so a bundle that only
   * reads does not carry key generation. `versions`: key versions the caller saw in stored values; one
   * this container does not hold yet (a rotation elsewhere) reloads the keys.
   */
  async cipherFor(
    tenantId: string,
    opts: {
      create?: KeyCreator;
      versions?: Iterable<number>;
    } = {},
  ): Promise<FieldCipher> {
    const entry = this.entries.get(tenantId);
    if (entry && entry.expiresAt > this.now()) {
      this.entries.delete(tenantId);
      this.entries.set(tenantId, entry);
      const cipher = await entry.cipher;
      if ((!opts.create || cipher.canEncrypt) && [...(opts.versions ?? [])].every((v) => cipher.hasVersion(v))) return cipher;
    }
    return this.load(tenantId, opts.create);
  }

  /** Forgets a salon's keys (after a rotation or a purge in this container). */
  forget(tenantId: string): void {
    this.entries.delete(tenantId);
  }

  private load(tenantId: string, create: KeyCreator | undefined): Promise<FieldCipher> {
    const cipher = this.unwrap(tenantId, create);
    const entry: Entry = { expiresAt: this.now() + (this.options.ttlMs ?? KEYRING_TTL_MS), cipher };
    this.entries.set(tenantId, entry);
    if (this.entries.size > (this.options.maxTenants ?? KEYRING_MAX_TENANTS)) {
      const [oldest] = this.entries.keys();
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    cipher.then(
      // A salon without a key is not cached: another container may create one any moment.
      (c) => {
        if (!c.canEncrypt && this.entries.get(tenantId) === entry) this.entries.delete(tenantId);
      },
      () => {
        if (this.entries.get(tenantId) === entry) this.entries.delete(tenantId);
      },
    );
    return cipher;
  }

  private async unwrap(tenantId: string, create: KeyCreator | undefined): Promise<FieldCipher> {
    const db = this.deps.db(tenantId);
    let keys = await readTenantKeys(db, this.deps.table(), tenantId);
    if (keys.length === 0 && create) {
      const created = await create(this, tenantId);
      if (created) return created;
      keys = await readTenantKeys(db, this.deps.table(), tenantId);
    }
    const versions = new Map<number, Buffer>();
    for (const key of keys) versions.set(key.version, await this.decrypt(tenantId, key));
    const root = keys[0];
    return new FieldCipher({
      tenantId,
      current: currentVersion(keys),
      versions,
      indexScheme: root?.indexScheme ?? 'hmac',
      ...(root?.indexSwitchAt ? { indexSwitchAt: root.indexSwitchAt } : {}),
      ...(root?.indexCleanupAfter ? { indexCleanupPending: true } : {}),
    });
  }

  private async decrypt(tenantId: string, key: TenantKey): Promise<Buffer> {
    this.countCall(tenantId);
    const out = await this.deps.kms(tenantId).send(
      new DecryptCommand({
        CiphertextBlob: Buffer.from(key.wrappedKey, 'base64'),
        EncryptionContext: encryptionContext(tenantId),
      }),
    );
    if (!out.Plaintext) throw new Error('KMS Decrypt returned no plaintext');
    return Buffer.from(out.Plaintext);
  }
}

class KeyExistsError extends Error {}

/** What `cipherFor`'s `create` is: makes a salon's first data key, or undefined when another creator won. */
export type KeyCreator = (ring: Keyring, tenantId: string) => Promise<FieldCipher | undefined>;

/** A new wrapped data key (GenerateDataKey, AES-256, context {tenantId}), not yet stored. */
export async function generateKey(
  ring: Keyring,
  tenantId: string,
  version: number,
  now = new Date().toISOString(),
): Promise<{ key: TenantKey; plaintext: Buffer }> {
  const keyId = ring.deps.keyId();
  if (!keyId) throw new Error('KMS_KEY_ID is not set: this function cannot create data keys');
  ring.countCall(tenantId);
  const out = await ring.deps
    .kms(tenantId)
    .send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: encryptionContext(tenantId) }));
  if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS GenerateDataKey returned no key');
  return {
    key: { tenantId, version, wrappedKey: Buffer.from(out.CiphertextBlob).toString('base64'), createdAt: now, state: 'active' },
    plaintext: Buffer.from(out.Plaintext),
  };
}

/**
 * Version 1 for a salon created before data keys existed (its items were indexed with the plain hash,
 * so it stays on that scheme until migrated); a concurrent creator's key wins the race.
 */
export const createFirstKey: KeyCreator = async (ring, tenantId) => {
  const { deps } = ring;
  const generated = await generateKey(ring, tenantId, 1);
  const key: TenantKey = { ...generated.key, indexScheme: 'sha256' };
  const { plaintext } = generated;
  try {
    await transact(deps.db(tenantId), [step('tenantKey', tenantKeyPut(deps.table(), key), () => new KeyExistsError())]);
  } catch (err) {
    if (err instanceof KeyExistsError || isConditionFailure(err)) return undefined;
    throw err;
  }
  return new FieldCipher({ tenantId, current: 1, versions: new Map([[1, plaintext]]), indexScheme: 'sha256' });
};

/**
 * Rotation: the next version, put on condition it does not exist (two rotations at once make one).
 * New writes use it once this container reloads (at once here, within the TTL elsewhere). A function,
 * not a method, so the functions that only read and write data do not carry it.
 */
export async function rotateKey(ring: Keyring, tenantId: string): Promise<number> {
  const { deps } = ring;
  const keys = await readTenantKeys(deps.db(tenantId), deps.table(), tenantId);
  const next = (keys.at(-1)?.version ?? 0) + 1;
  const { key } = await generateKey(ring, tenantId, next);
  try {
    await transact(deps.db(tenantId), [step('tenantKey', tenantKeyPut(deps.table(), key), () => new KeyExistsError())]);
  } catch (err) {
    if (!(err instanceof KeyExistsError)) throw err;
  }
  ring.forget(tenantId);
  return next;
}

let shared: Keyring | undefined;

/**
 * The container's keyring. With a tenant role configured (tenant routes, public booking), each salon's
 * KMS client uses that salon's tagged session (one per salon, bounded like its DynamoDB client); without
 * one (platform jobs), the execution role's single client.
 */
export function keyring(): Keyring {
  shared ??= new Keyring({
    table: () => tableNameOf(),
    keyId: () => dataKeyConfig().keyId,
    db: (tenantId) => dbFor(tenantId),
    kms: (tenantId) => kmsFor(hasTenantRole() ? tenantId : ''),
  });
  return shared;
}

// '' is the execution role's client (no salon id is empty).
const kmsFor = perTenantClients((id) => {
  const { endpoint } = dataKeyConfig();
  return new KMSClient({
    region: awsConfig().region,
    ...(endpoint ? { endpoint } : {}),
    ...(id ? { credentials: tenantCredentialsFor(id) } : {}),
  });
});

const dbFor = (tenantId: string) => (hasTenantRole() ? tenantDbForKeyring(tenantId) : documentClient());
