import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../functions/shared/db/client';
import { fileKey, usageKey } from '../../functions/shared/db/keys';
import { objectsOn } from '../../functions/shared/files/objects';
import { sweepExpiredReservations } from '../../functions/shared/files/sweep';
import { PLAN_LIMITS } from '../../functions/shared/domain/plans';
import type { FileUpload, FileWithDownload, StoredFile } from '../../functions/shared/repositories/files';
import { db, getItem, setTenantFields } from '../support/fixtures';
import { api } from '../support/http';
import { signIn, signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;

let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
const MISSING_ID = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const png = (bytes: number) => new Uint8Array(bytes).fill(7);

describe('files on S3 over HTTP', () => {
  const e = inject('endpoints');
  const s3 = new S3Client({ endpoint: e.s3Endpoint, region: e.region, credentials: e.credentials, forcePathStyle: true });
  let owner: Session;
  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'files');
  });

  const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
    api<T>(method, path, { token: owner.accessToken, body });

  async function salon(maxStorage = PLAN_LIMITS.starter.maxStorage) {
    const res = await call<{ id: string }>('POST', '/v1/tenants', { name: 'Files Salon', slug: unique('files') });
    expect(res.status).toBe(201);
    await setTenantFields(res.body.id, { plan: 'starter', limits: { ...PLAN_LIMITS.starter, maxStorage } });
    return res.body.id;
  }
  const storage = async (t: string) => Number((await getItem(usageKey(t)))?.storageBytes ?? 0);
  const exists = async (key: string) =>
    s3.send(new HeadObjectCommand({ Bucket: e.bucketName, Key: key })).then(
      () => true,
      () => false,
    );

  /** What a browser does with the form: multipart POST, fields first, the file last. */
  async function post(upload: FileUpload['upload'], body: Uint8Array, contentType = upload.fields['Content-Type'] ?? '') {
    const form = new FormData();
    for (const [k, v] of Object.entries(upload.fields)) form.append(k, k === 'Content-Type' ? contentType : v);
    form.append('file', new Blob([body], { type: contentType }), 'upload.bin');
    const res = await fetch(upload.url, { method: 'POST', body: form });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
  }

  const request = (t: string, size: number, extra: Record<string, unknown> = {}) =>
    call<FileUpload>('POST', `/v1/tenants/${t}/files`, {
      purpose: 'logo',
      contentType: 'image/png',
      size,
      fileName: 'logo.png',
      ...extra,
    });

  it('reserves, uploads, completes, downloads and deletes a logo; the storage counter follows', async () => {
    const t = await salon();
    const created = await request(t, 1234);
    expect(created.status).toBe(201);
    const { file, upload } = created.body;
    expect(file).toMatchObject({ status: 'pending', size: 1234, objectKey: `tenants/${t}/files/${file.fileId}` });
    expect(upload.fields.key).toBe(file.objectKey);
    const policy = JSON.parse(Buffer.from(String(upload.fields.Policy), 'base64').toString('utf8'));
    expect(policy.conditions).toContainEqual(['content-length-range', 1234, 1234]);
    expect(await storage(t)).toBe(1234);

    await post(upload, png(1234));
    const done = await call<StoredFile>('POST', `/v1/tenants/${t}/files/${file.fileId}/complete`);
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('ready');
    const got = await call<FileWithDownload>('GET', `/v1/tenants/${t}/files/${file.fileId}`);
    expect(got.status).toBe(200);
    const download = await fetch(String(got.body.downloadUrl));
    expect(download.status).toBe(200);
    expect((await download.arrayBuffer()).byteLength).toBe(1234);
    expect((await call<{ items: StoredFile[] }>('GET', `/v1/tenants/${t}/files`)).body.items.map((f) => f.fileId)).toEqual([
      file.fileId,
    ]);
    expect((await call('GET', `/v1/tenants/${t}/usage`)).body).toMatchObject({ usage: { storageBytes: 1234 } });

    expect((await call('DELETE', `/v1/tenants/${t}/files/${file.fileId}`)).status).toBe(204);
    expect(await exists(file.objectKey)).toBe(false);
    expect(await storage(t)).toBe(0);
    expect((await call('GET', `/v1/tenants/${t}/files/${file.fileId}`)).status).toBe(404);
  });

  it('refuses a type outside the allow-list and a file over the per-file size with 400, reserving nothing', async () => {
    const t = await salon();
    const pdfLogo = await request(t, 100, { contentType: 'application/pdf' });
    expect(pdfLogo.status).toBe(400);
    expect(pdfLogo.body).toMatchObject({ error: { code: 'FILE_TYPE_NOT_ALLOWED' } });
    const huge = await request(t, 50 * 1024 * 1024);
    expect(huge.status).toBe(400);
    expect(huge.body).toMatchObject({ error: { code: 'FILE_TOO_LARGE' } });
    expect(await storage(t)).toBe(0);
  });

  it('answers 402 with the plan-limit details once the upload would pass maxStorage', async () => {
    const t = await salon(1500);
    expect((await request(t, 1000)).status).toBe(201);
    const over = await request(t, 600);
    expect(over.status).toBe(402);
    expect(over.body).toMatchObject({
      error: { code: 'PLAN_LIMIT_EXCEEDED', details: { limitName: 'maxStorage', limit: 1500, current: 1000, plan: 'starter' } },
    });
    expect(await storage(t)).toBe(1000);
  });

  it('discards an upload whose size differs from the declared one at complete: 400, object removed, bytes freed', async () => {
    const t = await salon();
    const { file, upload } = (await request(t, 100)).body;
    await post(upload, png(60)); // local S3 ignores content-length-range: complete is what enforces it here
    const done = await call('POST', `/v1/tenants/${t}/files/${file.fileId}/complete`);
    expect(done.status, JSON.stringify(done.body)).toBe(400);
    expect(done.body).toMatchObject({ error: { code: 'FILE_MISMATCH', details: { reason: 'size', declared: 100, actual: 60 } } });
    expect(await exists(file.objectKey)).toBe(false);
    expect(await storage(t)).toBe(0);
    expect((await call('GET', `/v1/tenants/${t}/files/${file.fileId}`)).status).toBe(404);
    // Whether this call or the reconciler discarded it first, completing again answers the same.
    const again = await call('POST', `/v1/tenants/${t}/files/${file.fileId}/complete`);
    expect([again.status, again.body]).toMatchObject([400, { error: { code: 'FILE_MISMATCH', details: { reason: 'size' } } }]);
    expect((await call<{ items: unknown[] }>('GET', `/v1/tenants/${t}/files`)).body.items).toEqual([]);
    expect((await call('DELETE', `/v1/tenants/${t}/files/${file.fileId}`)).status).toBe(404);
    expect(await storage(t)).toBe(0);
  });

  it('discards an upload of another content type at complete', async () => {
    const t = await salon();
    const { file, upload } = (await request(t, 10)).body;
    await post(upload, png(10), 'text/html');
    const done = await call('POST', `/v1/tenants/${t}/files/${file.fileId}/complete`);
    expect(done.status, JSON.stringify(done.body)).toBe(400);
    expect(done.body).toMatchObject({ error: { code: 'FILE_MISMATCH', details: { reason: 'contentType' } } });
    expect(await storage(t)).toBe(0);
  });

  it("answers 404 for another salon's file id, as for one that does not exist", async () => {
    const [a, b] = [await salon(), await salon()];
    const { file, upload } = (await request(a, 10)).body;
    await post(upload, png(10));
    for (const id of [file.fileId, MISSING_ID]) {
      expect((await call('GET', `/v1/tenants/${b}/files/${id}`)).status).toBe(404);
      expect((await call('POST', `/v1/tenants/${b}/files/${id}/complete`)).status).toBe(404);
      expect((await call('DELETE', `/v1/tenants/${b}/files/${id}`)).status).toBe(404);
    }
    expect(await exists(file.objectKey)).toBe(true);
    expect(await storage(a)).toBe(10);
  });

  it("files a client's document under an existing client of the salon only, and lists by client", async () => {
    const [t, other] = [await salon(), await salon()];
    const client = (await call<{ clientId: string }>('POST', `/v1/tenants/${t}/clients`, { name: 'Ana' })).body.clientId;
    const foreign = (await call<{ clientId: string }>('POST', `/v1/tenants/${other}/clients`, { name: 'Bo' })).body.clientId;
    const doc = { purpose: 'client', contentType: 'application/pdf', size: 20, fileName: 'consent.pdf' };
    expect((await call('POST', `/v1/tenants/${t}/files`, { ...doc, clientId: foreign })).status).toBe(404);
    expect((await call('POST', `/v1/tenants/${t}/files`, doc)).status).toBe(400);
    const ok = await call<FileUpload>('POST', `/v1/tenants/${t}/files`, { ...doc, clientId: client });
    expect(ok.status).toBe(201);
    await request(t, 5);
    const list = await call<{ items: StoredFile[] }>('GET', `/v1/tenants/${t}/files?clientId=${client}`);
    expect(list.body.items.map((f) => f.fileId)).toEqual([ok.body.file.fileId]);
    expect(await storage(t)).toBe(25);
  });

  it('20 concurrent upload requests leave the counter equal to the sum of the accepted sizes, within the quota', async () => {
    const limit = 8_000;
    const t = await salon(limit);
    const sizes = Array.from({ length: 20 }, (_, i) => 500 + ((i * 137) % 500));
    const answers = await Promise.all(sizes.map((size) => request(t, size)));
    const accepted = answers.filter((a) => a.status === 201).map((a) => a.body.file.size);
    expect(
      answers.every((a) => a.status === 201 || a.status === 402),
      JSON.stringify(answers.map((a) => a.status)),
    ).toBe(true);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.length).toBeLessThan(20);
    const sum = accepted.reduce((s, n) => s + n, 0);
    expect(sum).toBeLessThanOrEqual(limit);
    expect(await storage(t)).toBe(sum);
  });

  it('takes as the branding logo a ready logo file of the salon only', async () => {
    const [t, other] = [await salon(), await salon()];
    const pending = (await request(t, 10)).body.file;
    const ready = (await request(t, 12)).body;
    await post(ready.upload, png(12));
    expect((await call('POST', `/v1/tenants/${t}/files/${ready.file.fileId}/complete`)).status).toBe(200);
    const foreign = (await request(other, 14)).body;
    await post(foreign.upload, png(14));
    expect((await call('POST', `/v1/tenants/${other}/files/${foreign.file.fileId}/complete`)).status).toBe(200);
    const patch = (logoKey: string) => call('PATCH', `/v1/tenants/${t}`, { branding: { logoKey } });

    expect((await patch('logos/old.png')).status).toBe(400);
    for (const key of [pending.objectKey, foreign.file.objectKey, `tenants/${t}/files/${MISSING_ID}`]) {
      expect((await patch(key)).status, key).toBe(404);
    }
    const ok = await patch(ready.file.objectKey);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ branding: { logoKey: ready.file.objectKey } });
  });

  it('the public profile offers a ready logo through a cacheable redirect to a short presigned download; none without one', async () => {
    const t = await salon();
    const slug = String((await call<{ slug: string }>('GET', `/v1/tenants/${t}`)).body.slug);
    const profile = () => api<{ branding: { logoUrl: string | null } }>('GET', `/v1/public/${slug}`);
    const logo = () => fetch(`${e.apiUrl.replace('localhost', '127.0.0.1')}/v1/public/${slug}/logo`, { redirect: 'manual' });
    expect((await profile()).body.branding.logoUrl).toBeNull();
    expect((await logo()).status).toBe(404);

    const up = (await request(t, 21)).body;
    await post(up.upload, png(21));
    expect((await call('POST', `/v1/tenants/${t}/files/${up.file.fileId}/complete`)).status).toBe(200);
    expect((await call('PATCH', `/v1/tenants/${t}`, { branding: { logoKey: up.file.objectKey } })).status).toBe(200);

    const shown = await profile();
    expect(shown.body.branding.logoUrl).toBe(`/v1/public/${slug}/logo`);
    const redirect = await logo();
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('cache-control')).toBe('public, max-age=300');
    const location = String(redirect.headers.get('location'));
    expect(new URL(location).searchParams.get('X-Amz-Expires')).toBe('600');
    expect(location).toContain(encodeURIComponent(up.file.objectKey).replaceAll('%2F', '/'));
    const image = await fetch(location);
    expect(image.status).toBe(200);
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(png(21));

    // The file deleted: the branding still names it, but nothing is offered.
    expect((await call('DELETE', `/v1/tenants/${t}/files/${up.file.fileId}`)).status).toBe(204);
    expect((await profile()).body.branding.logoUrl).toBeNull();
    expect((await logo()).status).toBe(404);
    expect((await fetch(`${e.apiUrl.replace('localhost', '127.0.0.1')}/v1/public/no-such-salon-x/logo`)).status).toBe(404);
  });

  it('a reservation whose upload URL expired unused gives its bytes back on the sweep, once; an arrived upload is left alone', async () => {
    const t = await salon();
    const unused = (await request(t, 31)).body.file;
    const arrived = (await request(t, 32)).body;
    await post(arrived.upload, png(32));
    const completed = (await request(t, 33)).body;
    await post(completed.upload, png(33));
    expect((await call('POST', `/v1/tenants/${t}/files/${completed.file.fileId}/complete`)).status).toBe(200);
    expect(await storage(t)).toBe(31 + 32 + 33);
    // A ready file leaves the queue of reservations.
    expect((await getItem(fileKey(t, completed.file.fileId)))?.GSI2PK).toBeUndefined();

    // Their upload windows closed an hour ago (moved back in time rather than waiting 15 minutes).
    const expired = new Date(Date.now() - 3_600_000).toISOString();
    for (const f of [unused, arrived.file]) {
      await db().send(
        new UpdateCommand({
          TableName: e.tableName,
          Key: fileKey(t, f.fileId),
          UpdateExpression: 'SET uploadExpiresAt = :at, GSI2SK = :sk',
          ExpressionAttributeValues: { ':at': expired, ':sk': `${expired}#${t}#${f.fileId}` },
        }),
      );
    }
    const sweep = () => sweepExpiredReservations({ db: documentClient(), table: e.tableName, objects: objectsOn(s3) });
    const first = await sweep();
    expect(first.released).toBeGreaterThanOrEqual(1);
    expect(await getItem(fileKey(t, unused.fileId))).toBeUndefined();
    expect(await storage(t)).toBe(32 + 33);
    // At-least-once: a second run gives nothing back twice.
    await sweep();
    const arrivedItem = await getItem(fileKey(t, arrived.file.fileId));
    if (arrivedItem) expect(arrivedItem.status === 'pending' || arrivedItem.status === 'ready').toBe(true);
    expect(await storage(t)).toBe(32 + 33);
    const usage = await call<{ usage: { storageBytes: number } }>('GET', `/v1/tenants/${t}/usage`);
    expect(usage.body.usage.storageBytes).toBe(32 + 33);
  });

  it("the demo salon's logo was uploaded through the API at startup: a ready logo file the branding names", async () => {
    const demo = await signIn(e, e.demo.email, e.demo.password);
    const base = `/v1/tenants/${e.demo.tenantId}`;
    const tenant = await api<{ branding: { logoKey?: string } }>('GET', base, { token: demo.accessToken });
    const logoKey = String(tenant.body.branding.logoKey);
    const fileId = logoKey.split('/').at(-1);
    const file = await api<FileWithDownload>('GET', `${base}/files/${fileId}`, { token: demo.accessToken });
    expect(file.body).toMatchObject({ purpose: 'logo', status: 'ready', objectKey: logoKey, contentType: 'image/png' });
    expect((await fetch(String(file.body.downloadUrl))).status).toBe(200);
  });

  describe('reconciliation from S3 events (local stand-in: bucket listing)', () => {
    const eventually = async (check: () => Promise<boolean>, ms = 15_000) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error('not reconciled in time');
    };

    it('makes an upload nobody completed ready, and discards one that is not what was declared', async () => {
      const t = await salon();
      const good = (await request(t, 30)).body;
      const bad = (await request(t, 40)).body;
      await post(good.upload, png(30));
      await post(bad.upload, png(45));
      await eventually(
        async () => (await call<StoredFile>('GET', `/v1/tenants/${t}/files/${good.file.fileId}`)).body.status === 'ready',
      );
      await eventually(async () => (await call('GET', `/v1/tenants/${t}/files/${bad.file.fileId}`)).status === 404);
      expect(await exists(bad.file.objectKey)).toBe(false);
      expect(await storage(t)).toBe(30);
      // The browser's `complete` after the reconciler discarded its upload still learns why.
      const late = await call('POST', `/v1/tenants/${t}/files/${bad.file.fileId}/complete`);
      expect([late.status, late.body]).toMatchObject([
        400,
        { error: { code: 'FILE_MISMATCH', details: { reason: 'size', declared: 40, actual: 45 } } },
      ]);
      const listed = (await call<{ items: StoredFile[] }>('GET', `/v1/tenants/${t}/files`)).body.items;
      expect(listed.map((f) => f.fileId)).toEqual([good.file.fileId]);
    });

    it('deletes an object no file item names, and releases a file whose object disappeared', async () => {
      const t = await salon();
      const stray = `tenants/${t}/files/${MISSING_ID}`;
      await s3.send(new PutObjectCommand({ Bucket: e.bucketName, Key: stray, Body: png(5), ContentType: 'image/png' }));
      const kept = (await request(t, 8)).body;
      await post(kept.upload, png(8));
      expect((await call('POST', `/v1/tenants/${t}/files/${kept.file.fileId}/complete`)).status).toBe(200);
      await eventually(async () => !(await exists(stray)));
      // Removed behind the API's back: the event takes the item and its bytes with it.
      await s3.send(
        new (await import('@aws-sdk/client-s3')).DeleteObjectCommand({ Bucket: e.bucketName, Key: kept.file.objectKey }),
      );
      await eventually(async () => (await storage(t)) === 0);
      expect((await call('GET', `/v1/tenants/${t}/files/${kept.file.fileId}`)).status).toBe(404);
    });
  });
});
