/**
 * Isolation layer 3 against the local platform: per-salon data keys from the KMS stand-in, fields
 * encrypted at rest while the API answers as before, the blind index, and what fails when a ciphertext
 * or a key leaves its salon.
 */
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FieldDecryptionError, isEncrypted } from '../../functions/shared/crypto/fields';
import { keyring } from '../../functions/shared/crypto/keyring';
import { clientEmailKey, clientEmailLookupKeys, clientKey, tenantKeyKey } from '../../functions/shared/db/keys';
import { tenantCredentials } from '../../functions/shared/db/tenant-client';
import { emailKeyHash } from '../../functions/shared/domain/email';
import type { TenantContext } from '../../functions/shared/domain/tenant-context';
import { getClient } from '../../functions/shared/repositories/clients';
import { newId } from '../../functions/shared/repositories/ids';
import type { Client } from '../../functions/shared/repositories/clients';
import type { Page } from '../../functions/shared/repositories/pagination';
import { TENANT_READ_ROLE_ARN } from '../../local/stack';
import { db, getItem, setPlan, tenantItems } from '../support/fixtures';
import { api } from '../support/http';
import { signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;
let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
const contextOf = (tenantId: string) => ({ tenantId, userId: 'u', role: 'owner', access: 'all' }) as unknown as TenantContext;

describe('per-salon data keys and field encryption (local KMS stand-in)', () => {
  const e = inject('endpoints');
  let owner: Session;
  const kmsClients: KMSClient[] = [];
  const tenantKms = (tenantId: string) => {
    const c = new KMSClient({ endpoint: e.kmsEndpoint, region: e.region, credentials: tenantCredentials(tenantId) });
    kmsClients.push(c);
    return c;
  };
  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'crypto');
  });
  afterAll(() => {
    for (const c of kmsClients) c.destroy();
  });
  const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
    api<T>(method, path, { token: owner.accessToken, body });
  async function salon() {
    const res = await call<{ id: string }>('POST', '/v1/tenants', { name: 'Crypto Salon', slug: unique('crypto') });
    expect(res.status).toBe(201);
    await setPlan(res.body.id, 'starter');
    return res.body.id;
  }
  const person = () => ({
    name: 'Ada Lovelace',
    email: `${unique('ada')}@example.test`,
    phone: '+33612345678',
    notes: 'Allergic to lavender; prefers mornings',
  });

  it('onboarding stores only the wrapped data key, version 1, bound to the salon', async () => {
    const t = await salon();
    const key = await getItem(tenantKeyKey(t, 1));
    expect(key).toMatchObject({ entity: 'tenantKey', tenantId: t, version: 1, state: 'active' });
    expect(typeof key?.wrappedKey).toBe('string');
    expect(Object.keys(key ?? {})).not.toContain('plaintext');
    // The welcome email's recipient (the owner) is stored encrypted in the outbox too.
    const welcome = (await tenantItems(t)).find((i) => String(i.SK).startsWith('OUTBOX#'));
    expect(isEncrypted(String(welcome?.to))).toBe(true);
    expect(JSON.stringify(welcome)).not.toContain(owner.email);
    // The wrapped key opens under its own context only (the stand-in binds the context like KMS).
    const blob = Buffer.from(String(key?.wrappedKey), 'base64');
    await expect(
      tenantKms(t).send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { tenantId: t } })),
    ).resolves.toMatchObject({
      Plaintext: expect.any(Uint8Array),
    });
  });

  it('raw items show ciphertext for email, phone and notes while the API answers as before', async () => {
    const t = await salon();
    const input = person();
    const created = await call<Client>('POST', `/v1/tenants/${t}/clients`, input);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...input, clientId: expect.any(String) });
    const id = created.body.clientId;
    const got = await call<Client>('GET', `/v1/tenants/${t}/clients/${id}`);
    expect(got.body).toEqual(created.body);
    const byEmail = await call<Page<Client>>(
      'GET',
      `/v1/tenants/${t}/clients?email=${encodeURIComponent(input.email.toUpperCase())}`,
    );
    expect(byEmail.body.items.map((c) => c.clientId)).toEqual([id]);

    const raw = await getItem(clientKey(t, id));
    for (const field of ['email', 'phone', 'notes'] as const) expect(isEncrypted(String(raw?.[field])), field).toBe(true);
    const everything = JSON.stringify(await tenantItems(t));
    for (const secret of [input.email, input.phone, 'lavender', emailKeyHash(input.email)])
      expect(everything).not.toContain(secret);

    const patched = await call<Client>('PATCH', `/v1/tenants/${t}/clients/${id}`, {
      notes: 'Now likes lavender',
      email: 'new-ada@example.test',
    });
    expect(patched.body).toMatchObject({ notes: 'Now likes lavender', email: 'new-ada@example.test', phone: input.phone });
    const after = await getItem(clientKey(t, id));
    expect(isEncrypted(String(after?.notes))).toBe(true);
    expect((await call<Client>('GET', `/v1/tenants/${t}/clients/${id}`)).body).toEqual(patched.body);
    const moved = await call<Page<Client>>('GET', `/v1/tenants/${t}/clients?email=new-ada@example.test`);
    expect(moved.body.items.map((c) => c.clientId)).toEqual([id]);
    expect((await call<Page<Client>>('GET', `/v1/tenants/${t}/clients?email=${input.email}`)).body.items).toEqual([]);
  });

  it('appointment notes are ciphertext at rest; create, get, list and patch answer them in plain', async () => {
    const t = await salon();
    await setPlan(t, 'professional');
    const base = `/v1/tenants/${t}`;
    const service = await call<{ serviceId: string }>('POST', `${base}/services`, {
      name: 'Coupe',
      durationMinutes: 30,
      price: { amount: 3000, currency: 'EUR' },
    });
    const client = await call<Client>('POST', `${base}/clients`, { name: 'Bob' });
    const staff = await call<{ staffId: string }>('POST', `${base}/staff`, {
      name: 'Sam',
      serviceIds: [service.body.serviceId],
      workingHours: { tue: [{ start: '09:00', end: '18:00' }] },
    });
    const booked = await call<{ appointmentId: string; notes?: string }>('POST', `${base}/appointments`, {
      clientId: client.body.clientId,
      serviceId: service.body.serviceId,
      staffId: staff.body.staffId,
      start: '2031-03-04T10:00:00+01:00',
      notes: 'Sensitive scalp, use the mild shampoo',
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(booked.body.notes).toBe('Sensitive scalp, use the mild shampoo');
    const id = booked.body.appointmentId;
    const raw = await getItem({ PK: `TENANT#${t}`, SK: `APPT#${id}` });
    expect(isEncrypted(String(raw?.notes))).toBe(true);
    expect(JSON.stringify(await tenantItems(t))).not.toContain('mild shampoo');
    expect((await call<{ notes?: string }>('GET', `${base}/appointments/${id}`)).body.notes).toBe(
      'Sensitive scalp, use the mild shampoo',
    );
    const listed = await call<Page<{ appointmentId: string; notes?: string }>>(
      'GET',
      `${base}/appointments?from=2031-03-01T00:00:00Z&to=2031-03-10T00:00:00Z`,
    );
    expect(listed.body.items.find((a) => a.appointmentId === id)?.notes).toBe('Sensitive scalp, use the mild shampoo');
    const patched = await call<{ notes?: string }>('PATCH', `${base}/appointments/${id}`, { notes: 'Mild shampoo only' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.notes).toBe('Mild shampoo only');
    expect(isEncrypted(String((await getItem({ PK: `TENANT#${t}`, SK: `APPT#${id}` }))?.notes))).toBe(true);
  });

  it('one client per email under 20 concurrent creates, through the blind index', async () => {
    const t = await salon();
    const email = `${unique('race')}@example.test`;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call<Client>('POST', `/v1/tenants/${t}/clients`, { name: `Racer ${i}`, email })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of results.filter((x) => x.status === 409))
      expect(r.body).toMatchObject({ error: { code: 'CLIENT_EMAIL_TAKEN' } });
    const found = await call<Page<Client>>('GET', `/v1/tenants/${t}/clients?email=${email}`);
    expect(found.body.items).toHaveLength(1);
    expect((await call<Page<Client>>('GET', `/v1/tenants/${t}/clients?limit=100`)).body.items).toHaveLength(1);
  });

  it("salon A's item copied into salon B's partition (or onto another client of A) does not decrypt", async () => {
    const [a, b] = [await salon(), await salon()];
    const created = await call<Client>('POST', `/v1/tenants/${a}/clients`, person());
    const id = created.body.clientId;
    const stolen = await getItem(clientKey(a, id));
    // B exists with its own key; the copy keeps every attribute, only the partition changes.
    await db().send(new PutCommand({ TableName: e.tableName, Item: { ...stolen, PK: `TENANT#${b}` } }));
    await expect(getClient(contextOf(b), id)).rejects.toBeInstanceOf(FieldDecryptionError);
    const inB = await call('GET', `/v1/tenants/${b}/clients/${id}`);
    expect(inB.status).toBe(500);
    expect(JSON.stringify(inB.body)).not.toContain('@example.test');
    // Within A, moved onto another client id: the AAD binds the id.
    const other = '01JABCDEFGHJKMNPQRSTVWXYZ9';
    await db().send(new PutCommand({ TableName: e.tableName, Item: { ...stolen, SK: `CLIENT#${other}`, clientId: other } }));
    await expect(getClient(contextOf(a), other)).rejects.toBeInstanceOf(FieldDecryptionError);
    // And A's wrapped key copied into B's partition: B's session may not unwrap it with A's context, and
    // with its own context KMS refuses the blob.
    const keyOfA = await getItem(tenantKeyKey(a, 1));
    const blob = Buffer.from(String(keyOfA?.wrappedKey), 'base64');
    await expect(
      tenantKms(b).send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { tenantId: a } })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    await expect(
      tenantKms(b).send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { tenantId: b } })),
    ).rejects.toMatchObject({
      name: 'InvalidCiphertextException',
    });
  });

  it("the stand-in refuses a tenant session another salon's encryption context, and other operations", async () => {
    const [a, b] = [await salon(), await salon()];
    const kms = tenantKms(a);
    await expect(
      kms.send(new GenerateDataKeyCommand({ KeyId: e.kmsKeyId, KeySpec: 'AES_256', EncryptionContext: { tenantId: b } })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(kms.send(new GenerateDataKeyCommand({ KeyId: e.kmsKeyId, KeySpec: 'AES_256' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    await expect(
      kms.send(new GenerateDataKeyCommand({ KeyId: e.kmsKeyId, KeySpec: 'AES_256', EncryptionContext: { tenantId: a } })),
    ).resolves.toMatchObject({ CiphertextBlob: expect.any(Uint8Array) });
  });

  it('a session of the tenant read role unwraps its salon key but cannot generate one (as its role on AWS)', async () => {
    const t = await salon();
    const sts = new STSClient({ endpoint: e.stsEndpoint, region: e.region, credentials: e.credentials });
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: TENANT_READ_ROLE_ARN,
        RoleSessionName: 'read-role-test',
        DurationSeconds: 900,
        Tags: [{ Key: 'tenantId', Value: t }],
      }),
    );
    sts.destroy();
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('no credentials');
    const kms = new KMSClient({
      endpoint: e.kmsEndpoint,
      region: e.region,
      credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken },
    });
    kmsClients.push(kms);
    const blob = Buffer.from(String((await getItem(tenantKeyKey(t, 1)))?.wrappedKey), 'base64');
    await expect(
      kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { tenantId: t } })),
    ).resolves.toMatchObject({
      Plaintext: expect.any(Uint8Array),
    });
    await expect(
      kms.send(new GenerateDataKeyCommand({ KeyId: e.kmsKeyId, KeySpec: 'AES_256', EncryptionContext: { tenantId: t } })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('the keyring makes one KMS call per salon per cache period in a container', async () => {
    const t = await salon();
    const before = keyring().callsFor(t);
    await Promise.all(Array.from({ length: 20 }, () => keyring().cipherFor(t)));
    for (let i = 0; i < 20; i++)
      await getClient(contextOf(t), (await call<Client>('POST', `/v1/tenants/${t}/clients`, { name: `C${i}` })).body.clientId);
    expect(keyring().callsFor(t) - before).toBe(1);
  });

  /**
   * A salon as it was before data keys: a new salon's items (its owner's membership, plan, counters)
   * copied under a fresh id, without its key or its queued welcome email. Deleting a new salon's key
   * would not do: the platform's mailer decrypted the welcome email with it and its keyring keeps it.
   */
  async function keylessSalon(): Promise<string> {
    const source = await salon();
    const t = newId();
    for (const item of await tenantItems(source)) {
      const sk = String(item.SK);
      if (sk.startsWith('KEY#') || sk.startsWith('OUTBOX#') || sk.startsWith('SUBJECTKEY#')) continue;
      const copy = JSON.parse(JSON.stringify(item).replaceAll(source, t)) as Record<string, unknown>;
      await db().send(new PutCommand({ TableName: e.tableName, Item: copy }));
    }
    return t;
  }

  it('a salon from before data keys: legacy plaintext reads, lookups and uniqueness keep working; its key is made on first write', async () => {
    // As if the salon predated encryption: no key item, a client stored in plain with the plain-hash index.
    const t = await keylessSalon();
    expect(await getItem(tenantKeyKey(t, 1))).toBeUndefined();
    const legacyId = '01JABCDEFGHJKMNPQRSTVWXYZ8';
    const email = `${unique('legacy')}@example.test`;
    const now = new Date().toISOString();
    await db().send(
      new PutCommand({
        TableName: e.tableName,
        Item: {
          ...clientKey(t, legacyId),
          ...clientEmailLookupKeys(t, emailKeyHash(email), legacyId),
          entity: 'client',
          clientId: legacyId,
          name: 'Old Client',
          email,
          phone: '+33611111111',
          createdAt: now,
          updatedAt: now,
        },
      }),
    );
    await db().send(
      new PutCommand({
        TableName: e.tableName,
        Item: { ...clientEmailKey(t, emailKeyHash(email)), entity: 'clientEmail', clientId: legacyId, email },
      }),
    );
    expect((await call<Client>('GET', `/v1/tenants/${t}/clients/${legacyId}`)).body).toMatchObject({
      email,
      phone: '+33611111111',
    });
    expect(
      (await call<Page<Client>>('GET', `/v1/tenants/${t}/clients?email=${email}`)).body.items.map((c) => c.clientId),
    ).toEqual([legacyId]);
    const dup = await call('POST', `/v1/tenants/${t}/clients`, { name: 'Copycat', email });
    expect(dup.status).toBe(409);
    const fresh = await call<Client>('POST', `/v1/tenants/${t}/clients`, { name: 'New', email: `${unique('new')}@example.test` });
    expect(fresh.status).toBe(201);
    expect(await getItem(tenantKeyKey(t, 1))).toMatchObject({ version: 1, indexScheme: 'sha256' });
    expect(isEncrypted(String((await getItem(clientKey(t, fresh.body.clientId)))?.email))).toBe(true);
    expect((await call<Page<Client>>('GET', `/v1/tenants/${t}/clients?email=${fresh.body.email}`)).body.items).toHaveLength(1);
  });
});
