/**
 * A client's rights over HTTP: the export holds everything the fixture wrote about the person, and after
 * the erasure nothing of them is left, neither in any raw item of the salon (audit partition included,
 * every encrypted field decrypted with the salon's key where it can be) nor in any object under the
 * salon's prefix; the audit entries about them keep only sealed values whose key is gone.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { type FieldCipher, isEncrypted } from '../../functions/shared/crypto/fields';
import { keyring } from '../../functions/shared/crypto/keyring';
import { SubjectSealer, isSealedValue, unwrapSubjectKey } from '../../functions/shared/crypto/subject-keys';
import { auditPk, erasureKey, subjectKeyKey, tenantPk } from '../../functions/shared/db/keys';
import type { AuditEntry } from '../../functions/shared/domain/audit';
import type { ErasureAnswer } from '../../functions/shared/domain/client-rights';
import type { TenantContext } from '../../functions/shared/domain/tenant-context';
import { type ClientExport, eraseClient } from '../../functions/shared/repositories/client-rights';
import type { FileUpload } from '../../functions/shared/repositories/files';
import { addMember, db, getItem, setPlan } from '../support/fixtures';
import { addDays, localParts, toOffsetIso, zonedInstant } from '../../functions/shared/domain/zoned-time';
import { api } from '../support/http';
import { signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;
type Item = Record<string, unknown>;
let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
const MISSING_ID = '01JABCDEFGHJKMNPQRSTVWXYZ0';
/** Online bookings must fall within the salon's horizon: a week ahead, in the salon's timezone. */
const ONLINE_START = toOffsetIso(
  zonedInstant(addDays(localParts(new Date(), 'Europe/Paris').date, 7), '15:00', 'Europe/Paris') as Date,
  'Europe/Paris',
);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a client's rights: export and erasure", () => {
  const e = inject('endpoints');
  const s3 = new S3Client({ endpoint: e.s3Endpoint, region: e.region, credentials: e.credentials, forcePathStyle: true });
  let owner: Session;
  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'rights');
  });
  const call = <T = Item>(method: string, path: string, body?: unknown, token = owner.accessToken) =>
    api<T>(method, path, { token, body });

  /** A salon with a service, a staff member working every day, and one person with everything a client can have. */
  async function fixture() {
    const slug = unique('rights');
    const res = await call<{ id: string }>('POST', '/v1/tenants', { name: 'Rights Salon', slug, timezone: 'Europe/Paris' });
    expect(res.status).toBe(201);
    const t = res.body.id;
    await setPlan(t, 'professional');
    const base = `/v1/tenants/${t}`;
    const post = async (path: string, body: unknown, status = 201, headers?: Record<string, string>) => {
      const r = await api<Item>('POST', `${base}${path}`, { token: owner.accessToken, body, ...(headers ? { headers } : {}) });
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      return r.body;
    };
    const day = { start: '08:00', end: '20:00' };
    const service = await post('/services', { name: 'Coupe', durationMinutes: 30, price: { amount: 4200, currency: 'EUR' } });
    const staff = await post('/staff', {
      name: 'Camille',
      serviceIds: [service.serviceId],
      workingHours: { mon: [day], tue: [day], wed: [day], thu: [day], fri: [day], sat: [day], sun: [day] },
    });
    const person = {
      name: `Zephyrine ${unique('Quibble')}`,
      email: `${unique('zephyrine')}@example.test`,
      phone: '+33698765432',
      notes: `Allergic to ${unique('marigold')}`,
    };
    // With a key: the record keeps the answer (the person's data) for a replay, until the erasure.
    const client = await post('/clients', person, 201, { 'idempotency-key': unique('create-client') });
    const clientId = String(client.clientId);
    const updatedNotes = `Prefers ${unique('tuesdays')}`;
    expect((await call('PATCH', `${base}/clients/${clientId}`, { notes: updatedNotes })).status).toBe(200);
    const apptNotes = [`Bring ${unique('swatches')}`, `Colour ${unique('teal')}`];
    const appointments = [];
    for (const [i, notes] of apptNotes.entries()) {
      appointments.push(
        await post('/appointments', {
          clientId,
          serviceId: service.serviceId,
          staffId: staff.staffId,
          start: `2031-03-0${4 + i}T10:00:00+01:00`,
          notes,
        }),
      );
    }
    // Booked online with their email: linked to the client, pending its confirmation email.
    const online = await api<Item>('POST', `/v1/public/${slug}/bookings`, {
      body: {
        serviceId: service.serviceId,
        staffId: staff.staffId,
        start: ONLINE_START,
        client: { name: person.name, email: person.email },
        notes: apptNotes[0],
      },
    });
    expect(online.status, JSON.stringify(online.body)).toBe(201);
    // A client file with their name in it, uploaded and completed.
    const content = `Consent form of ${person.name}, ${person.email}`;
    const bytes = new TextEncoder().encode(content);
    const file = await post('/files', {
      purpose: 'client',
      clientId,
      contentType: 'application/pdf',
      size: bytes.byteLength,
      fileName: 'consent.pdf',
    });
    const { upload } = file as unknown as FileUpload;
    const form = new FormData();
    for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'consent.pdf');
    expect((await fetch(upload.url, { method: 'POST', body: form })).status).toBeLessThan(300);
    const fileId = String((file as unknown as FileUpload).file.fileId);
    expect((await call('POST', `${base}/files/${fileId}/complete`)).status).toBe(200);
    // The stream queues the booking messages after the fact: wait for the two "booked" emails.
    for (let i = 0; i < 100; i++) {
      const mine = (await salonItems(t)).filter((x) => String(x.SK).startsWith('OUTBOX#') && x.clientId === clientId);
      if (mine.length >= 2) break;
      await sleep(150);
    }
    return {
      t,
      base,
      slug,
      clientId,
      person,
      updatedNotes,
      apptNotes,
      appointments,
      onlineId: String(online.body.appointmentId),
      fileId,
      content,
      serviceId: String(service.serviceId),
      staffId: String(staff.staffId),
    };
  }
  type Fixture = Awaited<ReturnType<typeof fixture>>;

  /** Every raw item of the salon: its partition, its audit partition and the rest under its prefix. */
  async function salonItems(t: string): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await db().send(
        new ScanCommand({
          TableName: e.tableName,
          FilterExpression: 'PK = :pk OR begins_with(PK, :prefix)',
          ExpressionAttributeValues: { ':pk': tenantPk(t), ':prefix': `${tenantPk(t)}#` },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** Where an encrypted value may be bound, from the item it sits in (every ref the code uses). */
  function refsFor(item: Item, path: string): Array<{ entity: string; id: string; field: string }> {
    const ids = ['clientId', 'appointmentId', 'messageId'].map((k) => item[k]).filter((v): v is string => typeof v === 'string');
    const entities = ['client', 'appointment', 'message', 'erasure', 'subjectKey'];
    const fields = [path, path.split('.').pop() ?? path, 'key', 'contacts'];
    return ids.flatMap((id) => entities.flatMap((entity) => fields.map((field) => ({ entity, id, field }))));
  }

  /** Every string in the items, plus the plaintext of every encrypted one the salon's key opens. */
  async function searchable(t: string, items: Item[]): Promise<{ text: string; decrypted: number }> {
    const cipher: FieldCipher = await keyring().cipherFor(t);
    const out: string[] = [];
    let decrypted = 0;
    const walk = (item: Item, value: unknown, path: string) => {
      if (typeof value === 'string') {
        out.push(value);
        if (isEncrypted(value))
          for (const ref of refsFor(item, path)) {
            try {
              out.push(cipher.decrypt(ref, value));
              decrypted++;
              break;
            } catch {}
          }
      } else if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) walk(item, v, `${path}.${i}`);
      } else if (typeof value === 'object' && value !== null)
        for (const [k, v] of Object.entries(value)) walk(item, v, path ? `${path}.${k}` : k);
      else if (value !== undefined && value !== null) out.push(String(value));
    };
    for (const item of items) walk(item, item, '');
    return { text: out.join('\n').toLowerCase(), decrypted };
  }

  async function bucketText(t: string): Promise<{ keys: string[]; text: string }> {
    const list = await s3.send(new ListObjectsV2Command({ Bucket: e.bucketName, Prefix: `tenants/${t}/` }));
    const keys = (list.Contents ?? []).map((o) => String(o.Key));
    const bodies = await Promise.all(
      keys.map(
        async (Key) => (await s3.send(new GetObjectCommand({ Bucket: e.bucketName, Key }))).Body?.transformToString() ?? '',
      ),
    );
    return { keys, text: [...keys, ...bodies].join('\n').toLowerCase() };
  }

  const needles = (f: Fixture) => [
    f.person.email,
    f.person.phone,
    f.person.phone.replace('+33', '0'),
    f.person.name,
    f.person.notes,
    f.updatedNotes,
    ...f.apptNotes,
  ];

  /** Not the counters every request moves (the salon's request rate, monthly API calls). */
  const unmetered = (i: Item) => !String(i.SK).startsWith('USAGE#') && !String(i.PK).endsWith('#RATE');

  const erase = (f: Fixture, token = owner.accessToken) =>
    call<ErasureAnswer>('POST', `${f.base}/clients/${f.clientId}/erase`, {}, token);

  it('the export holds the profile, every appointment (the pending online one too), the file, the messages and the audit trail, and is audited', async () => {
    const f = await fixture();
    const res = await call<ClientExport>('GET', `${f.base}/clients/${f.clientId}/export`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const x = res.body;
    expect(x.client).toMatchObject({
      clientId: f.clientId,
      name: f.person.name,
      email: f.person.email,
      phone: f.person.phone,
      notes: f.updatedNotes,
    });
    expect(x.preferences).toEqual({ email: true, sms: true });
    expect(x.appointments.map((a) => a.appointmentId).sort()).toEqual(
      [...f.appointments.map((a) => String(a.appointmentId)), f.onlineId].sort(),
    );
    expect(
      x.appointments
        .filter((a) => a.notes !== undefined)
        .map((a) => a.notes)
        .sort(),
    ).toEqual([...f.apptNotes, f.apptNotes[0]].sort());
    expect(x.appointments.find((a) => a.appointmentId === f.onlineId)?.status).toBe('pending');
    expect(x.files.map((file) => file.fileId)).toEqual([f.fileId]);
    const download = await fetch(String(x.files[0]?.downloadUrl));
    expect(await download.text()).toBe(f.content);
    // Two "booked" emails by client id, and the confirmation email of the online booking by its address.
    const templates = x.messages.map((m) => m.template).sort();
    expect(templates.filter((m) => m === 'appointment-booked')).toHaveLength(2);
    expect(templates).toContain('booking-confirmation');
    for (const m of x.messages) expect(m.to).toBe(f.person.email);
    expect(JSON.stringify(x.messages)).not.toMatch(/confirmUrl|manageUrl/);
    // The audit trail opens the values the log itself shows redacted.
    const created = x.auditTrail.find((a) => a.action === 'create');
    expect(created?.changes).toMatchObject({
      name: { to: f.person.name },
      email: { to: f.person.email },
      notes: { to: f.person.notes },
    });
    const updated = x.auditTrail.find((a) => a.action === 'update');
    expect(updated?.changes).toEqual({ notes: { from: f.person.notes, to: f.updatedNotes } });
    const log = await call<{ items: AuditEntry[] }>('GET', `${f.base}/audit-log?resource=client&resourceId=${f.clientId}`);
    expect(log.body.items.map((a) => a.action)).toEqual(['export', 'update', 'create']);
    expect(log.body.items[1]?.changes).toEqual({ notes: { from: { redacted: true }, to: { redacted: true } } });
    expect(log.body.items[0]?.changes).toEqual({});
  });

  it('after the erasure no trace of the person is left in the table or the bucket; the log about them cannot be read', async () => {
    const f = await fixture();
    const before = await salonItems(f.t);
    // Before: the person is findable (the search can fail), and the audit values open under the subject key.
    const found = await searchable(f.t, before);
    for (const n of [f.person.email, f.person.phone, f.person.name, f.updatedNotes, ...f.apptNotes])
      expect(found.text).toContain(n.toLowerCase());
    expect((await bucketText(f.t)).text).toContain(f.person.email.toLowerCase());
    const keyItem = await getItem(subjectKeyKey(f.t, f.clientId));
    const cipher = await keyring().cipherFor(f.t);
    const sealer = new SubjectSealer(f.t, f.clientId, unwrapSubjectKey(cipher, f.clientId, String(keyItem?.wrappedKey)));
    const entries = before.filter((i) => i.PK === auditPk(f.t) && i.resource === 'client' && i.resourceId === f.clientId);
    const sealedValues = entries.flatMap((a) =>
      Object.entries(a.changes as Record<string, { from?: unknown; to?: unknown }>).flatMap(([field, c]) =>
        [c.from, c.to].filter(isSealedValue).map((v) => ({ field, v })),
      ),
    );
    expect(sealedValues.length).toBeGreaterThanOrEqual(4);
    expect(sealedValues.map(({ field, v }) => sealer.open(field, v))).toContain(f.person.email);

    const res = await erase(f);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ clientId: f.clientId, state: 'erased', counts: { appointments: 3, files: 1, records: 1 } });
    expect(res.body.counts.messages).toBeGreaterThanOrEqual(3);

    const after = await salonItems(f.t);
    const { text, decrypted } = await searchable(f.t, after);
    expect(decrypted).toBeGreaterThan(0); // the salon's own encrypted fields still open: the search saw inside them
    for (const n of needles(f)) expect(text, n).not.toContain(n.toLowerCase());
    expect(text).not.toContain('zephyrine');
    const bucket = await bucketText(f.t);
    expect(bucket.keys.filter((k) => k.includes(f.fileId))).toEqual([]);
    for (const n of needles(f)) expect(bucket.text).not.toContain(n.toLowerCase());
    // The subject key is gone, no copy left anywhere: the sealed values in the log stay, unreadable.
    expect(after.some((i) => String(i.SK).startsWith('SUBJECTKEY#') && i.clientId === f.clientId)).toBe(false);
    expect(JSON.stringify(after)).not.toContain(String(keyItem?.wrappedKey));
    const afterEntries = after.filter((i) => i.PK === auditPk(f.t) && i.resourceId === f.clientId);
    expect(afterEntries.length).toBe(entries.length + 1);
    const erasedEntry = afterEntries.find((a) => a.action === 'erase');
    expect(erasedEntry).toMatchObject({ resource: 'client', resourceId: f.clientId, changes: {} });
    expect(() =>
      new SubjectSealer(f.t, f.clientId, Buffer.alloc(32)).open(
        sealedValues[0]?.field ?? '',
        sealedValues[0]?.v ?? { sealed: '' },
      ),
    ).toThrow();
    // The storage counter gave the file's bytes back.
    expect(Number((await getItem({ PK: tenantPk(f.t), SK: 'USAGE' }))?.storageBytes ?? 0)).toBe(0);
    // The client reads as gone; the export too.
    expect((await call('GET', `${f.base}/clients/${f.clientId}`)).status).toBe(404);
    expect((await call('GET', `${f.base}/clients/${f.clientId}/export`)).status).toBe(404);
  });

  it('appointments keep time, service, staff and price; the email is free for a new client; a second erasure answers the same and changes nothing', async () => {
    const f = await fixture();
    const first = await erase(f);
    expect(first.status).toBe(200);
    for (const a of f.appointments) {
      const got = await call<Item>('GET', `${f.base}/appointments/${a.appointmentId}`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({
        clientId: f.clientId,
        serviceId: f.serviceId,
        staffId: f.staffId,
        start: a.start,
        end: a.end,
        price: { amount: 4200, currency: 'EUR' },
      });
      expect(got.body.notes).toBeUndefined();
    }
    // Notes cannot come back onto an erased person's appointment.
    const renote = await call('PATCH', `${f.base}/appointments/${f.appointments[0]?.appointmentId}`, { notes: 'again' });
    expect(renote.status).toBe(409);
    const erasureItem = await getItem(erasureKey(f.t, f.clientId));
    expect(erasureItem).toMatchObject({ erased: true, state: 'erased' });
    expect(erasureItem?.contacts).toBeUndefined();

    const snapshot = (await salonItems(f.t))
      .filter(unmetered)
      .map((i) => JSON.stringify(i))
      .sort();
    const again = await erase(f);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const later = (await salonItems(f.t))
      .filter(unmetered)
      .map((i) => JSON.stringify(i))
      .sort();
    expect(later).toEqual(snapshot);

    const reused = await call<Item>('POST', `${f.base}/clients`, { name: 'Someone New', email: f.person.email });
    expect(reused.status, JSON.stringify(reused.body)).toBe(201);
    expect(reused.body.clientId).not.toBe(f.clientId);
  });

  it("another salon's client id is 404 and roles without privacy rights are 403, changing nothing", async () => {
    const f = await fixture();
    const other = await call<{ id: string }>('POST', '/v1/tenants', { name: 'Other Salon', slug: unique('other') });
    await setPlan(other.body.id, 'professional');
    for (const path of [
      `/v1/tenants/${other.body.id}/clients/${f.clientId}`,
      `/v1/tenants/${other.body.id}/clients/${MISSING_ID}`,
    ]) {
      expect((await call('GET', `${path}/export`)).status).toBe(404);
      expect((await call('POST', `${path}/erase`, {})).status).toBe(404);
    }
    for (const role of ['manager', 'employee', 'viewer'] as const) {
      const member = await signUpAndSignIn(e, role);
      await addMember(f.t, member.userId, member.email, role);
      const x = await call('GET', `${f.base}/clients/${f.clientId}/export`, undefined, member.accessToken);
      expect(x.status).toBe(403);
      expect(x.body).toMatchObject({ error: { code: 'FORBIDDEN', details: { permission: 'privacy:read' } } });
      expect((await erase(f, member.accessToken)).status).toBe(403);
    }
    const admin = await signUpAndSignIn(e, 'admin');
    await addMember(f.t, admin.userId, admin.email, 'admin');
    expect((await call('GET', `${f.base}/clients/${f.clientId}/export`, undefined, admin.accessToken)).status).toBe(200);
    expect(await getItem(erasureKey(f.t, f.clientId))).toBeUndefined();
    expect((await call('GET', `${f.base}/clients/${f.clientId}`)).status).toBe(200);
  });

  it('bookings racing the erasure leave no personal data on the person', async () => {
    const f = await fixture();
    const raceNotes = Array.from({ length: 6 }, (_, i) => `Race note ${unique(`n${i}`)}`);
    const bookings = raceNotes.map((notes, i) =>
      call('POST', `${f.base}/appointments`, {
        clientId: f.clientId,
        serviceId: f.serviceId,
        staffId: f.staffId,
        start: `2031-04-${String(10 + i).padStart(2, '0')}T11:00:00+02:00`,
        notes,
      }),
    );
    const [erased, ...booked] = await Promise.all([erase(f), ...bookings]);
    expect(erased.status).toBe(200);
    for (const b of booked) expect([201, 400, 404]).toContain(b.status);
    // A booking that landed before the erasure was anonymised with the rest; none landed after it.
    const { text } = await searchable(f.t, await salonItems(f.t));
    for (const n of [...raceNotes, ...needles(f)]) expect(text).not.toContain(n.toLowerCase());
  });

  it('a large client is erased as a resumable sequence: each call with no time budget does a page, two runners at once never apply a page twice', async () => {
    const f = await fixture();
    const extra = 28;
    for (let i = 0; i < extra; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const r = await call('POST', `${f.base}/appointments`, {
        clientId: f.clientId,
        serviceId: f.serviceId,
        staffId: f.staffId,
        start: `2032-0${1 + Math.floor(i / 28)}-${day}T1${i % 2}:00:00+01:00`,
        notes: `Extra ${i}`,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    // As the route would run it for the owner, but with no time budget: one page per call.
    const ctx = {
      tenantId: f.t,
      userId: owner.userId,
      role: 'owner',
      plan: 'professional',
      subscriptionStatus: 'active',
      permission: 'privacy:delete',
      access: 'all',
    } as unknown as TenantContext;
    const states: string[] = [];
    for (let calls = 0; calls < 30; calls++) {
      const answers = await Promise.all([eraseClient(ctx, f.clientId, 0), eraseClient(ctx, f.clientId, 0)]);
      states.push(...answers.map((a) => a.state));
      if (answers.every((a) => a.state === 'erased')) break;
    }
    expect(states[0]).toBe('erasing');
    expect(states.at(-1)).toBe('erased');
    // Two pages of appointments (25 a page), then files, messages and records: more than a few calls.
    expect(states.filter((s) => s === 'erasing').length).toBeGreaterThanOrEqual(4);
    const done = await erase(f);
    expect(done.status).toBe(200);
    expect(done.body.counts).toMatchObject({ appointments: 3 + extra, files: 1 });
    const items = await salonItems(f.t);
    expect(items.filter((i) => String(i.SK).startsWith('APPT#') && i.clientId === f.clientId && i.clientErased !== true)).toEqual(
      [],
    );
    // One `erase` entry, whatever the number of calls.
    expect(items.filter((i) => i.PK === auditPk(f.t) && i.action === 'erase' && i.resourceId === f.clientId)).toHaveLength(1);
    const { text } = await searchable(f.t, items);
    for (const n of [...needles(f), 'extra 0', 'extra 27']) expect(text).not.toContain(n.toLowerCase());
  });
});
