/**
 * Rotation of a salon's data key against the local platform: new writes use the new version, a
 * resumable re-encryption pass moves every item to it, items stay readable throughout, and a second
 * pass finds nothing to do (it converges). Old versions are kept.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { documentClient } from '../../functions/shared/db/client';
import { FieldCipher } from '../../functions/shared/crypto/fields';
import { keyring, createFirstKey } from '../../functions/shared/crypto/keyring';
import { type DriveState, driveReencryption, readReencryptionJob } from '../../functions/shared/crypto/reencryption';
import { dueKeySalons, type KeyStatus, rotateIfDue } from '../../functions/shared/repositories/key-rotation';
import { encryptedVersionsIn } from '../../functions/shared/crypto/rotation';
import { reencryptSalon, reencryptSalonFully, rotateSalonKey } from '../../functions/shared/crypto/rotation';
import { clientKey, tenantKeyKey, tenantPk } from '../../functions/shared/db/keys';
import { tenantDbForKeyring } from '../../functions/shared/db/tenant-client';
import type { Client } from '../../functions/shared/repositories/clients';
import { addMember, db, getItem, setPlan, tenantItems } from '../support/fixtures';
import { api } from '../support/http';
import { signUpAndSignIn } from '../support/tokens';

describe('data key rotation and re-encryption', () => {
  const e = inject('endpoints');

  it('rotates: new writes use v2, the resumable pass converges, every item reads the same before and after', async () => {
    const owner = await signUpAndSignIn(e, 'rotate');
    const created = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Rotating', slug: `rotate-${Date.now().toString(36)}` },
    });
    const t = created.body.id;
    await setPlan(t, 'starter');
    const call = <T>(method: string, path: string, body?: unknown) => api<T>(method, path, { token: owner.accessToken, body });
    const before: Client[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await call<Client>('POST', `/v1/tenants/${t}/clients`, {
        name: `Client ${i}`,
        email: `rot-${i}-${Date.now().toString(36)}@example.test`,
        phone: '+33612345678',
        notes: `note ${i}`,
      });
      expect(r.status).toBe(201);
      before.push(r.body);
    }
    const versionsOf = async () => {
      const out = await db().send(
        new QueryCommand({
          TableName: e.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :c)',
          ExpressionAttributeValues: { ':pk': tenantPk(t), ':c': 'CLIENT#' },
          ConsistentRead: true,
        }),
      );
      return new Set(
        (out.Items ?? []).flatMap((i) => ['email', 'phone', 'notes'].map((f) => FieldCipher.versionOf(String(i[f])))),
      );
    };
    expect(await versionsOf()).toEqual(new Set([1]));

    expect(await rotateSalonKey(keyring(), t)).toBe(2);
    expect(await getItem(tenantKeyKey(t, 1))).toBeDefined();
    expect(await getItem(tenantKeyKey(t, 2))).toMatchObject({ version: 2, state: 'active' });

    // A write in this container after the rotation uses v2 (other containers within their cache period).
    const ring = keyring();
    const cipher = await ring.cipherFor(t, { create: createFirstKey });
    expect(cipher.currentVersion).toBe(2);

    // Resumable: page by page (two items a page), as a job resuming from its stored cursor would.
    const tenantDb = tenantDbForKeyring(t);
    let cursor: Record<string, unknown> | undefined;
    let pages = 0;
    let rewritten = 0;
    do {
      const page = await reencryptSalon(ring, tenantDb, e.tableName, t, { cursor, pageSize: 2 });
      rewritten += page.rewritten;
      cursor = page.cursor;
      pages++;
      // Readable at every point of the pass, old and new versions mixed.
      if (pages === 2) {
        const mid = await call<{ items: Client[] }>('GET', `/v1/tenants/${t}/clients?limit=100`);
        expect(mid.body.items.sort((a, b) => a.clientId.localeCompare(b.clientId))).toEqual(before);
      }
    } while (cursor);
    expect(pages).toBeGreaterThan(3);
    // The 7 clients, their 7 subject keys (wrapped under the salon key) and the salon's queued messages
    // (their encrypted recipient).
    const messages = (await tenantItems(t)).filter((i) => String(i.SK).startsWith('OUTBOX#') && typeof i.to === 'string');
    expect(rewritten).toBe(7 + 7 + messages.length);
    expect(messages.every((m) => String(m.to).startsWith('v1.2.'))).toBe(true);
    expect(await versionsOf()).toEqual(new Set([2]));
    // Converged: another full pass rewrites nothing.
    expect((await reencryptSalonFully(ring, tenantDb, e.tableName, t)).rewritten).toBe(0);
    // The API answers exactly as before, and lookups by email still work (the blind index does not rotate).
    for (const c of before) {
      expect((await call<Client>('GET', `/v1/tenants/${t}/clients/${c.clientId}`)).body).toEqual(c);
      const found = await call<{ items: Client[] }>(
        'GET',
        `/v1/tenants/${t}/clients?email=${encodeURIComponent(String(c.email))}`,
      );
      expect(found.body.items.map((x) => x.clientId)).toEqual([c.clientId]);
    }
    expect(String((await getItem(clientKey(t, before[0]?.clientId ?? '')))?.notes)).toMatch(/^v1\.2\./);
  });

  // The job, driven from this process as the stream consumer and the schedule do (the platform's own
  // consumer races it: a driver that loses a checkpoint yields, which is the at-least-once design).
  const drive = async (t: string, o: { now?: () => Date; maxPages?: number; pageSize?: number } = {}) =>
    driveReencryption(keyring(), documentClient(), e.tableName, t, o);
  const driveUntil = async (t: string, wanted: DriveState[], o: { now?: () => Date; pageSize?: number } = {}) => {
    for (let i = 0; i < 50; i++) {
      const r = await drive(t, o);
      if (wanted.includes(r.state)) return r;
    }
    throw new Error(`the job never reached ${wanted.join('/')}`);
  };
  const versionsInPartition = async (t: string) => new Set((await tenantItems(t)).flatMap((i) => encryptedVersionsIn(i)));
  const later = (minutes: number) => () => new Date(Date.now() + minutes * 60_000);

  it('owner route: rotates with an audited 201, answers the job, 409 while it runs, replays its Idempotency-Key, 403 for an admin', async () => {
    const owner = await signUpAndSignIn(e, 'rot-route');
    const t = (
      await api<{ id: string }>('POST', '/v1/tenants', {
        token: owner.accessToken,
        body: { name: 'Rotate Route', slug: `rot-route-${Date.now().toString(36)}` },
      })
    ).body.id;
    await setPlan(t, 'starter');
    const admin = await signUpAndSignIn(e, 'rot-admin');
    await addMember(t, admin.userId, admin.email, 'admin');
    const asOwner = (method: string, path: string, headers?: Record<string, string>) =>
      api<KeyStatus & { error?: { code: string } }>(method, path, { token: owner.accessToken, ...(headers ? { headers } : {}) });

    const before = await asOwner('GET', `/v1/tenants/${t}/keys`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ currentVersion: 1, reencryption: null });
    expect(before.body.versions).toEqual([expect.objectContaining({ version: 1, current: true, indexRoot: true })]);

    expect((await api('POST', `/v1/tenants/${t}/keys/rotate`, { token: admin.accessToken })).status).toBe(403);
    expect((await api('GET', `/v1/tenants/${t}/keys`, { token: admin.accessToken })).status).toBe(403);

    const key = `rotate-${Date.now()}`;
    const rotated = await asOwner('POST', `/v1/tenants/${t}/keys/rotate`, { 'Idempotency-Key': key });
    expect(rotated.status).toBe(201);
    expect(rotated.body.currentVersion).toBe(2);
    expect(rotated.body.reencryption).toMatchObject({ targetVersion: 2, phase: 'rewrite', pass: 1 });
    const replay = await asOwner('POST', `/v1/tenants/${t}/keys/rotate`, { 'Idempotency-Key': key });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(rotated.body);
    const again = await asOwner('POST', `/v1/tenants/${t}/keys/rotate`);
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('REENCRYPTION_RUNNING');
    expect(await getItem(tenantKeyKey(t, 3))).toBeUndefined();

    const audit = await api<{ items: Array<{ resource: string; action: string; changes: unknown }> }>(
      'GET',
      `/v1/tenants/${t}/audit-log?resource=dataKey&resourceId=${t}`,
      { token: owner.accessToken },
    );
    expect(audit.body.items).toEqual([
      expect.objectContaining({ action: 'create', resource: 'dataKey', changes: { currentVersion: { from: 1, to: 2 } } }),
    ]);
    const status = await asOwner('GET', `/v1/tenants/${t}/keys`);
    expect(status.body.versions.map((v) => [v.version, v.current])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(status.body.reencryption?.targetVersion).toBe(2);
  });

  it('the job converges, resumes when interrupted, keeps writes made meanwhile readable, and deletes the old key only after a proving pass', async () => {
    const owner = await signUpAndSignIn(e, 'rot-job');
    const t = (
      await api<{ id: string }>('POST', '/v1/tenants', {
        token: owner.accessToken,
        body: { name: 'Rotate Job', slug: `rot-job-${Date.now().toString(36)}` },
      })
    ).body.id;
    await setPlan(t, 'starter');
    const call = <T>(method: string, path: string, body?: unknown) => api<T>(method, path, { token: owner.accessToken, body });
    const made: Client[] = [];
    const addClient = async (i: number) => {
      const r = await call<Client>('POST', `/v1/tenants/${t}/clients`, {
        name: `Job ${i}`,
        email: `job-${i}-${Date.now().toString(36)}@example.test`,
        notes: `n${i}`,
      });
      expect(r.status).toBe(201);
      made.push(r.body);
    };
    for (let i = 0; i < 6; i++) await addClient(i);
    const readAll = async () => {
      for (const c of made) expect((await call<Client>('GET', `/v1/tenants/${t}/clients/${c.clientId}`)).body).toEqual(c);
    };

    // v1 -> v2 converges; v1 is the index root, so nothing is deleted.
    expect((await call<KeyStatus>('POST', `/v1/tenants/${t}/keys/rotate`)).status).toBe(201);
    expect((await driveUntil(t, ['waiting'])).state).toBe('waiting');
    const first = await driveUntil(t, ['done'], { now: later(21) });
    expect(first.job?.deletedVersions).toEqual([]);
    expect(await getItem(tenantKeyKey(t, 1))).toBeDefined();
    expect(await versionsInPartition(t)).toEqual(new Set([2]));

    // v2 -> v3, interrupted after one page of two items, with writes in between.
    const stale = await keyring().cipherFor(t, { create: createFirstKey });
    expect(stale.currentVersion).toBe(2);
    expect((await call<KeyStatus>('POST', `/v1/tenants/${t}/keys/rotate`)).status).toBe(201);
    const paused = await drive(t, { maxPages: 1, pageSize: 2 });
    expect(['paused', 'yielded']).toContain(paused.state);
    await addClient(6);
    const moved = await call<Client>('PATCH', `/v1/tenants/${t}/clients/${made[0]?.clientId}`, { notes: 'changed mid-job' });
    expect(moved.status).toBe(200);
    made[0] = moved.body;
    await readAll();
    const checkpoint = await readReencryptionJob(documentClient(), e.tableName, t);
    expect(checkpoint?.phase === 'rewrite' ? checkpoint.cursor : 'moved on').toBeDefined();

    // Rewritten, but before quietAfter nothing is proven: v2 stays.
    expect((await driveUntil(t, ['waiting'], { pageSize: 2 })).state).toBe('waiting');
    expect(await getItem(tenantKeyKey(t, 2))).toBeDefined();
    await readAll();

    // A container that loaded its keys before the rotation still writes under v2 until its cache
    // period ends: the proving pass meets that value, moves it, and only the next clean pass proves.
    const raw = await getItem(clientKey(t, made[1]?.clientId ?? ''));
    expect(String(raw?.notes)).toMatch(/^v1\.3\./);
    await db().send(
      new UpdateCommand({
        TableName: e.tableName,
        Key: clientKey(t, made[1]?.clientId ?? ''),
        UpdateExpression: 'SET notes = :n',
        ExpressionAttributeValues: {
          ':n': stale.encrypt({ entity: 'client', id: made[1]?.clientId ?? '', field: 'notes' }, 'stale'),
        },
      }),
    );
    made[1] = { ...(made[1] as Client), notes: 'stale' };
    expect(await versionsInPartition(t)).toContain(2);
    await readAll();

    const done = await driveUntil(t, ['done'], { now: later(21), pageSize: 2 });
    expect(done.job?.deletedVersions).toEqual([2]);
    expect(done.job?.pass).toBeGreaterThanOrEqual(3);
    expect(await getItem(tenantKeyKey(t, 2))).toBeUndefined();
    expect(await getItem(tenantKeyKey(t, 1))).toBeDefined();
    expect(await versionsInPartition(t)).toEqual(new Set([3]));
    await readAll();
    for (const c of made) {
      const found = await call<{ items: Client[] }>(
        'GET',
        `/v1/tenants/${t}/clients?email=${encodeURIComponent(String(c.email))}`,
      );
      expect(found.body.items.map((x) => x.clientId)).toEqual([c.clientId]);
    }
    const status = await call<KeyStatus>('GET', `/v1/tenants/${t}/keys`);
    expect(status.body.versions.map((v) => v.version)).toEqual([1, 3]);
    expect(status.body.reencryption).toMatchObject({ phase: 'done', deletedVersions: [2], oldValues: 0 });
  });

  it('the schedule rotates a salon whose key is past the rotation age once, however many runs race', async () => {
    const owner = await signUpAndSignIn(e, 'rot-due');
    const t = (
      await api<{ id: string }>('POST', '/v1/tenants', {
        token: owner.accessToken,
        body: { name: 'Rotate Due', slug: `rot-due-${Date.now().toString(36)}` },
      })
    ).body.id;
    expect(await rotateIfDue(t, new Date())).toBe(false);
    const inThreeMonths = new Date(Date.now() + 91 * 86_400_000);
    const due = async () => {
      for await (const id of dueKeySalons(inThreeMonths)) if (id === t) return true;
      return false;
    };
    expect(await due()).toBe(true);
    const runs = await Promise.all([rotateIfDue(t, inThreeMonths), rotateIfDue(t, inThreeMonths), rotateIfDue(t, inThreeMonths)]);
    expect(runs.filter(Boolean)).toHaveLength(1);
    expect(await rotateIfDue(t, inThreeMonths)).toBe(false);
    expect(await getItem(tenantKeyKey(t, 2))).toMatchObject({ version: 2 });
    expect(await getItem(tenantKeyKey(t, 3))).toBeUndefined();
    // The new version left the queue of due keys (it was created "now"), and so did v1.
    expect(await due()).toBe(false);
  });
});
