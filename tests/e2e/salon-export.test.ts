/**
 * The salon export through the running platform: a fixture salon (clients, services, staff, an
 * appointment with notes, a ready file, invitations, audit entries) exported by its owner; every item of
 * an exported kind appears exactly once, decrypted, the file byte for byte, the manifest's counts and
 * hashes hold; a run cut after one part (and a part half-written by a "crashed" run) resumes to the same
 * records; another salon's export id is 404, other roles 403; the export is audited.
 */
import { gunzipSync } from 'node:zlib';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { isEncrypted } from '../../functions/shared/crypto/fields';
import { keyring } from '../../functions/shared/crypto/keyring';
import { auditPk, exportLockKey, tenantPk } from '../../functions/shared/db/keys';
import type { AuditEntry } from '../../functions/shared/domain/audit';
import {
  EXPORT_SECTIONS,
  FILE_OBJECTS_SECTION,
  type Manifest,
  classifyTenantItem,
  decodeNdjson,
  exportPrefix,
  partName,
  sha256Hex,
} from '../../functions/shared/domain/exports';
import { exportItem, newExport, toStoredExport } from '../../functions/shared/entities/export';
import { runExport } from '../../functions/shared/exports/job';
import type { FileUpload } from '../../functions/shared/repositories/files';
import type { SalonExportWithLinks } from '../../functions/shared/repositories/exports';
import { newId } from '../../functions/shared/repositories/ids';
import { addMember, db, setPlan } from '../support/fixtures';
import { api } from '../support/http';
import { SAMPLE_APPOINTMENT_START, allWeekStaffBody, sampleServiceBody } from '../support/route-samples';
import { signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;
type Records = Record<string, Array<Record<string, unknown>>>;

let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('salon export over HTTP', () => {
  const e = inject('endpoints');
  const s3 = new S3Client({
    endpoint: e.s3Endpoint,
    region: e.region,
    credentials: e.credentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  let owner: Session;
  let admin: Session;
  let t: string;
  let clientId: string;
  let appointmentId: string;
  let fileId: string;
  const fileBytes = new Uint8Array(3_000).map((_, i) => (i * 31 + 7) % 256);
  let exportId: string;
  let first: { records: Records; manifest: Manifest };

  const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown, token = owner.accessToken) =>
    api<T>(method, path, { token, body });

  async function rawPartition(pk: string) {
    const items: Array<Record<string, unknown>> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await db().send(
        new QueryCommand({
          TableName: e.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async function waitReady(id: string, timeoutMs = 20_000): Promise<SalonExportWithLinks> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const got = await call<SalonExportWithLinks>('GET', `/v1/tenants/${t}/exports/${id}`);
      expect(got.status).toBe(200);
      if (got.body.status === 'ready' || got.body.status === 'failed') return got.body;
      if (Date.now() > until) throw new Error(`export ${id} still ${got.body.status}`);
      await sleep(200);
    }
  }

  /** Everything a ready export links to, downloaded through the presigned URLs. */
  async function download(ready: SalonExportWithLinks) {
    const objects = new Map<string, Buffer>();
    let page = ready;
    for (;;) {
      for (const d of page.downloads) {
        const res = await fetch(d.url);
        expect(res.status, d.name).toBe(200);
        objects.set(d.name, Buffer.from(await res.arrayBuffer()));
      }
      if (!page.nextAfter) break;
      page = (await call<SalonExportWithLinks>('GET', `/v1/tenants/${t}/exports/${ready.exportId}?after=${page.nextAfter}`)).body;
    }
    const manifest = JSON.parse(String(objects.get('manifest.json'))) as Manifest;
    const records: Records = {};
    for (const [section, entry] of Object.entries(manifest.entities)) {
      records[section] = [];
      for (const part of entry.parts) {
        const body = objects.get(part.name);
        expect(body, part.name).toBeDefined();
        expect(sha256Hex(body as Buffer)).toBe(part.sha256);
        expect((body as Buffer).length).toBe(part.bytes);
        const lines = decodeNdjson(gunzipSync(body as Buffer).toString('utf8')) as Array<Record<string, unknown>>;
        expect(lines).toHaveLength(part.records);
        records[section].push(...lines);
      }
      expect(records[section]).toHaveLength(entry.records);
    }
    return { objects, manifest, records };
  }

  beforeAll(async () => {
    [owner, admin] = await Promise.all([signUpAndSignIn(e, 'exporter'), signUpAndSignIn(e, 'export-admin')]);
    const made = await call<{ id: string }>('POST', '/v1/tenants', { name: 'Export Salon', slug: unique('exp') });
    expect(made.status).toBe(201);
    t = made.body.id;
    await setPlan(t, 'starter');
    await addMember(t, admin.userId, admin.email, 'admin');
    const svc = (await call<{ serviceId: string }>('POST', `/v1/tenants/${t}/services`, sampleServiceBody())).body.serviceId;
    const staffId = (await call<{ staffId: string }>('POST', `/v1/tenants/${t}/staff`, allWeekStaffBody([svc]))).body.staffId;
    const client = await call<{ clientId: string }>('POST', `/v1/tenants/${t}/clients`, {
      name: 'Zoé Exportée',
      email: 'zoe.export@example.test',
      phone: '+33 6 11 22 33 44',
      notes: 'allergic to lavender',
    });
    expect(client.status).toBe(201);
    clientId = client.body.clientId;
    await call('POST', `/v1/tenants/${t}/clients`, { name: 'Second Client' });
    const booked = await call<{ appointmentId: string }>('POST', `/v1/tenants/${t}/appointments`, {
      clientId,
      serviceId: svc,
      staffId,
      start: SAMPLE_APPOINTMENT_START,
      notes: 'wants the window seat',
    });
    expect(booked.status).toBe(201);
    appointmentId = booked.body.appointmentId;
    const invited = await call('POST', `/v1/tenants/${t}/invitations`, {
      email: `inv-${unique('x')}@example.test`,
      role: 'viewer',
    });
    expect(invited.status).toBe(201);
    const file = await call<FileUpload>('POST', `/v1/tenants/${t}/files`, {
      purpose: 'client',
      clientId,
      contentType: 'application/pdf',
      size: fileBytes.length,
      fileName: 'consent form.pdf',
    });
    expect(file.status).toBe(201);
    fileId = file.body.file.fileId;
    const form = new FormData();
    for (const [k, v] of Object.entries(file.body.upload.fields)) form.append(k, v);
    form.append('file', new Blob([fileBytes], { type: 'application/pdf' }), 'upload.bin');
    expect((await fetch(file.body.upload.url, { method: 'POST', body: form })).status).toBeLessThan(300);
    expect((await call('POST', `/v1/tenants/${t}/files/${fileId}/complete`)).status).toBe(200);
    // The booking's messages are queued by the stream after the fact: let them land before the snapshot.
    await sleep(1_500);
  });

  it('exports every item of the salon exactly once, decrypted, with the file byte for byte and a manifest that holds', async () => {
    const before = await rawPartition(tenantPk(t));
    const auditBefore = await rawPartition(auditPk(t));
    // The fixture really stores personal data encrypted, so finding it in clear below proves decryption.
    const rawClient = before.find((i) => i.SK === `CLIENT#${clientId}`);
    expect(isEncrypted(String(rawClient?.email))).toBe(true);

    const started = await call<SalonExportWithLinks>('POST', `/v1/tenants/${t}/exports`, undefined, owner.accessToken);
    expect(started.status).toBe(201);
    expect(started.body.status).toBe('pending');
    exportId = started.body.exportId;
    const ready = await waitReady(exportId);
    expect(ready.status).toBe('ready');
    expect(Date.parse(String(ready.expiresAt)) - Date.parse(String(ready.completedAt))).toBe(24 * 3_600_000);
    const { objects, manifest, records } = await download(ready);
    first = { records, manifest };

    // Every item of an exported kind that existed before the export is there once; nothing unclassified exists.
    for (const item of before) {
      const sk = String(item.SK);
      const c = classifyTenantItem(sk);
      expect(c.kind, sk).not.toBe('unknown');
      if (c.kind !== 'exported') continue;
      expect(
        records[c.section.name]?.filter((r) => r._key === sk),
        sk,
      ).toHaveLength(1);
    }
    for (const entry of auditBefore)
      expect(
        records.auditLog?.filter((r) => r._key === entry.SK),
        String(entry.SK),
      ).toHaveLength(1);
    // Nothing doubled, nothing excluded slipped in, nothing left encrypted.
    for (const [section, list] of Object.entries(records)) {
      const keys = list.map((r) => r._key);
      expect(new Set(keys).size, section).toBe(keys.length);
    }
    const excluded = before.filter((i) => classifyTenantItem(String(i.SK)).kind === 'excluded').map((i) => i.SK);
    expect(excluded.some((sk) => String(sk).startsWith('KEY#v'))).toBe(true);
    const all = JSON.stringify(records);
    for (const sk of excluded) expect(all).not.toContain(`"_key":"${String(sk)}"`);
    expect(all).not.toContain('wrappedKey');
    expect(all).not.toMatch(/"v1\.\d+\.[A-Za-z0-9_-]{16}\./);

    const client = records.clients?.find((r) => r.clientId === clientId);
    expect(client).toMatchObject({
      name: 'Zoé Exportée',
      email: 'zoe.export@example.test',
      phone: '+33611223344',
      notes: 'allergic to lavender',
    });
    expect(client).not.toHaveProperty('PK');
    expect(records.appointments?.find((r) => r.appointmentId === appointmentId)).toMatchObject({
      notes: 'wants the window seat',
    });
    expect(records.services).toHaveLength(1);
    expect(records.staff).toHaveLength(1);
    expect(records.clients).toHaveLength(2);
    expect(records.invitations).toHaveLength(1);
    expect(records.salon?.[0]).toMatchObject({ name: 'Export Salon' });
    for (const m of records.messages ?? []) {
      expect(m).not.toHaveProperty('data');
      expect(isEncrypted(String(m.to))).toBe(false);
    }

    // The file: listed, copied byte for byte, hashed in the fileObjects part.
    expect(manifest.files).toEqual({ count: 1, bytes: fileBytes.length });
    const [copy] = records[FILE_OBJECTS_SECTION] ?? [];
    expect(copy).toMatchObject({ fileId, bytes: fileBytes.length, sha256: sha256Hex(fileBytes) });
    expect(Buffer.compare(objects.get(String(copy?.name)) ?? Buffer.alloc(0), Buffer.from(fileBytes))).toBe(0);
    expect(manifest).toMatchObject({ format: 'rendezvous-salon-export', formatVersion: 1, exportId, tenantId: t });
    expect(Object.keys(manifest.entities).sort()).toEqual([...EXPORT_SECTIONS.map((s) => s.name), FILE_OBJECTS_SECTION].sort());
    expect(ready.progress.records.clients).toBe(2);
  });

  it('audits the export, answers the same export to a repeated Idempotency-Key, and 409 while another runs', async () => {
    const entries = (
      await call<{ items: AuditEntry[] }>('GET', `/v1/tenants/${t}/audit-log?resource=export&resourceId=${exportId}`)
    ).body.items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'export', actor: { userId: owner.userId, role: 'owner' } });

    // A live export slot held by another export: a new one is refused and writes nothing.
    const other = newId();
    await db().send(
      new PutCommand({
        TableName: e.tableName,
        Item: { ...exportLockKey(t), entity: 'exportLock', exportId: other, until: new Date(Date.now() + 60_000).toISOString() },
      }),
    );
    const refused = await call<{ error: { code: string } }>('POST', `/v1/tenants/${t}/exports`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('EXPORT_RUNNING');
    await db().send(new DeleteCommand({ TableName: e.tableName, Key: exportLockKey(t) }));

    const key = unique('idem');
    const a = await api<SalonExportWithLinks>('POST', `/v1/tenants/${t}/exports`, {
      token: owner.accessToken,
      headers: { 'Idempotency-Key': key },
    });
    const b = await api<SalonExportWithLinks>('POST', `/v1/tenants/${t}/exports`, {
      token: owner.accessToken,
      headers: { 'Idempotency-Key': key },
    });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.exportId).toBe(a.body.exportId);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect((await waitReady(a.body.exportId)).status).toBe('ready');
    const listed = await call<{ items: Array<{ exportId: string }> }>('GET', `/v1/tenants/${t}/exports`);
    expect(listed.body.items.map((x) => x.exportId)).toEqual(expect.arrayContaining([exportId, a.body.exportId]));
  });

  it('resumes a run cut after one part, over a part a crashed run half wrote, to the same records', async () => {
    // Driven here rather than by the stream: the item is inserted with this test's lease, which the
    // stream's run respects until the lease is given up.
    const id = newId();
    const owner = 'resume-test';
    const created = {
      ...newExport(t, id, 'test', 2, new Date()),
      leaseOwner: owner,
      leaseUntil: new Date(Date.now() + 60_000).toISOString(),
    };
    await db().send(new PutCommand({ TableName: e.tableName, Item: exportItem(created) }));
    const deps = {
      db: db(),
      s3,
      table: e.tableName,
      bucket: e.bucketName,
      cipher: (tenantId: string, versions: Iterable<number>) => keyring().cipherFor(tenantId, { versions }),
    };
    // A run that died after writing the second part (the salon's first service page) but before
    // checkpointing it left garbage at that name.
    await s3.send(
      new PutObjectCommand({
        Bucket: e.bucketName,
        Key: `${exportPrefix(t, id)}${partName('services', 1)}`,
        Body: 'half a part',
      }),
    );
    const cut = await runExport(deps, t, id, { owner, deadline: Date.now() + 60_000, maxParts: 1 });
    expect(cut).toEqual({ outcome: 'stopped', parts: 1 });
    const read = async () =>
      toStoredExport(
        (
          await db().send(
            new QueryCommand({
              TableName: e.tableName,
              KeyConditionExpression: 'PK = :pk AND SK = :sk',
              ExpressionAttributeValues: { ':pk': tenantPk(t), ':sk': `EXPORT#${id}` },
              ConsistentRead: true,
            }),
          )
        ).Items?.[0] ?? {},
      );
    const afterCut = await read();
    expect(afterCut.status).toBe('running');
    expect(afterCut.checkpoint).toMatchObject({ section: 1, part: 1 });
    expect(afterCut.checkpoint.parts.map((p) => p.name)).toEqual([partName('salon', 1)]);
    const firstPart = afterCut.checkpoint.parts[0];
    // Resumed, by this test or by the stream's retry once the lease was given up: either way from the checkpoint.
    const resumed = await runExport(deps, t, id, { owner, deadline: Date.now() + 60_000 });
    expect(['ready', 'busy', 'finished']).toContain(resumed.outcome);
    const ready = await waitReady(id);
    expect(ready.status).toBe('ready');
    const final = await read();
    expect(final.checkpoint.parts[0]).toEqual(firstPart);
    expect(final.checkpoint.parts.length).toBeGreaterThan(3);
    const { records } = await download(ready);
    // The same items as the export made in one run (what changed meanwhile aside: counters, the later exports' audit entries).
    for (const name of [
      'salon',
      'services',
      'staff',
      'members',
      'invitations',
      'clients',
      'appointments',
      'files',
      FILE_OBJECTS_SECTION,
    ]) {
      expect(records[name], name).toEqual(first.records[name]);
    }
    const firstAudit = new Set(first.records.auditLog?.map((r) => r._key));
    expect(records.auditLog?.filter((r) => firstAudit.has(r._key))).toEqual(first.records.auditLog);
  });

  it("answers 404 for another salon's export id and 403 to an admin", async () => {
    const otherSalon = await call<{ id: string }>('POST', '/v1/tenants', { name: 'Other Salon', slug: unique('exp-other') });
    expect(otherSalon.status).toBe(201);
    const foreign = await call<{ error: { code: string } }>('GET', `/v1/tenants/${otherSalon.body.id}/exports/${exportId}`);
    expect(foreign.status).toBe(404);
    const missing = await call('GET', `/v1/tenants/${t}/exports/${newId()}`);
    expect(missing.status).toBe(404);
    expect(foreign.body.error.code).toBe((missing.body as { error: { code: string } }).error.code);
    expect((await call('POST', `/v1/tenants/${t}/exports`, undefined, admin.accessToken)).status).toBe(403);
    expect((await call('GET', `/v1/tenants/${t}/exports/${exportId}`, undefined, admin.accessToken)).status).toBe(403);
    expect((await call('GET', `/v1/tenants/${t}/exports`, undefined, admin.accessToken)).status).toBe(403);
  });
});
