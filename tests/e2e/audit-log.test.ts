/**
 * The audit log over HTTP: every write leaves its entry in the same transaction (a refused write leaves
 * none), the log reads newest first with filters and cursors, only owners and admins read it, and the
 * tenant role itself cannot change or remove an entry.
 */
import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { auditPk } from '../../functions/shared/db/keys';
import { tenantDb } from '../../functions/shared/db/tenant-client';
import type { AuditEntry } from '../../functions/shared/domain/audit';
import { PLAN_LIMITS } from '../../functions/shared/domain/plans';
import { ROLES } from '../../functions/shared/domain/rbac';
import { routeList } from '../../functions/routes';
import type { TenantContext } from '../../functions/shared/domain/tenant-context';
import { addMember, db, setPlan, setTenantFields } from '../support/fixtures';
import { api } from '../support/http';
import { SAMPLE_APPOINTMENT_START, allWeekStaffBody, sampleClientBody, sampleServiceBody } from '../support/route-samples';
import { signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;
type Log = { items: AuditEntry[]; nextCursor: string | null; partial: boolean };

let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

describe('audit log over HTTP', () => {
  const e = inject('endpoints');
  let owner: Session;
  let other: Session;
  beforeAll(async () => {
    [owner, other] = await Promise.all([signUpAndSignIn(e, 'auditor'), signUpAndSignIn(e, 'audit-other')]);
  });

  async function salon(session = owner) {
    const res = await api<{ id: string }>('POST', '/v1/tenants', {
      token: session.accessToken,
      body: { name: 'Audit Salon', slug: unique('aud') },
    });
    expect(res.status).toBe(201);
    await setPlan(res.body.id, 'starter');
    return res.body.id;
  }
  const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown, token = owner.accessToken) =>
    api<T>(method, path, { token, body, headers: { 'user-agent': 'audit-e2e/1.0' } });
  const log = (t: string, query = '', token = owner.accessToken) =>
    call<Log>('GET', `/v1/tenants/${t}/audit-log${query}`, undefined, token);
  /** Every entry of the query, following cursors. */
  async function walk(t: string, query: string, limit: number): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Log } = await log(t, `?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      out.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return out;
  }
  /** The raw entries in the table, oldest first. */
  const rawEntries = async (t: string) =>
    (
      await db().send(
        new QueryCommand({
          TableName: e.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': auditPk(t) },
        }),
      )
    ).Items ?? [];

  it('a client created, updated and deleted leaves exactly those three entries, newest first, by the caller, personal data redacted', async () => {
    const t = await salon();
    const made = await call<{ clientId: string }>('POST', `/v1/tenants/${t}/clients`, {
      name: 'Ada Secretname',
      email: 'ada.secret@example.com',
      notes: 'very private',
    });
    expect(made.status).toBe(201);
    const id = made.body.clientId;
    expect(
      (
        await call('PATCH', `/v1/tenants/${t}/clients/${id}`, {
          notes: 'still private',
          notifications: { email: true, sms: false },
        })
      ).status,
    ).toBe(200);
    expect((await call('PATCH', `/v1/tenants/${t}/clients/${id}`, { email: 'ada.new@example.com' })).status).toBe(200);
    expect((await call('DELETE', `/v1/tenants/${t}/clients/${id}`)).status).toBe(204);

    const page = await log(t, `?resource=client&resourceId=${id}`);
    expect(page.status).toBe(200);
    const entries = page.body.items;
    expect(entries.map((x) => x.action)).toEqual(['delete', 'update', 'update', 'create']);
    for (const entry of entries) {
      expect(entry.actor).toEqual({ userId: owner.userId, email: owner.email, role: 'owner' });
      expect(entry).toMatchObject({ resource: 'client', resourceId: id, userAgent: 'audit-e2e/1.0' });
      expect(entry.requestId).toEqual(expect.any(String));
      expect(entry.ip).toEqual(expect.any(String));
    }
    const [deleted, emailChange, notesChange, createdEntry] = entries as [AuditEntry, AuditEntry, AuditEntry, AuditEntry];
    expect(createdEntry.changes).toMatchObject({
      clientId: { to: id },
      name: { to: { redacted: true } },
      email: { to: { redacted: true } },
      notes: { to: { redacted: true } },
    });
    // Read before the write: what each field had.
    expect(notesChange.changes).toEqual({
      notes: { from: { redacted: true }, to: { redacted: true } },
      notifications: { from: { email: true, sms: true }, to: { email: true, sms: false } },
    });
    expect(emailChange.changes).toEqual({ email: { from: { redacted: true }, to: { redacted: true } } });
    expect(deleted.changes).toMatchObject({ name: { from: { redacted: true } }, email: { from: { redacted: true } } });
    // Nowhere in the stored entries, in clear.
    const raw = JSON.stringify(await rawEntries(t));
    for (const secret of ['Secretname', 'ada.secret', 'ada.new', 'private']) expect(raw).not.toContain(secret);
    // Ascending ids are time order: the log answered newest first.
    expect([...entries].map((x) => x.auditId)).toEqual(
      entries
        .map((x) => x.auditId)
        .sort()
        .reverse(),
    );
  });

  it('a refused write leaves no entry: 409 email taken, 402 plan limit, 404 unknown id', async () => {
    const t = await salon();
    expect((await call('POST', `/v1/tenants/${t}/clients`, { name: 'One', email: 'one@example.com' })).status).toBe(201);
    expect((await call('POST', `/v1/tenants/${t}/clients`, { name: 'Two', email: 'one@example.com' })).status).toBe(409);
    await setTenantFields(t, { limits: { ...PLAN_LIMITS.free, maxClients: 1 } });
    expect((await call('POST', `/v1/tenants/${t}/clients`, { name: 'Three' })).status).toBe(402);
    expect((await call('PATCH', `/v1/tenants/${t}/services/01JABCDEFGHJKMNPQRSTVWXYZ0`, { name: 'X' })).status).toBe(404);
    const clients = (await rawEntries(t)).filter((x) => x.resource === 'client');
    expect(clients.map((x) => x.action)).toEqual(['create']);
    expect((await rawEntries(t)).filter((x) => x.resource === 'service')).toEqual([]);
  });

  it('an appointment booked and cancelled leaves its two entries; the same slot booked again (409) leaves none', async () => {
    const t = await salon();
    const svc = (await call<{ serviceId: string }>('POST', `/v1/tenants/${t}/services`, sampleServiceBody())).body.serviceId;
    const staffId = (await call<{ staffId: string }>('POST', `/v1/tenants/${t}/staff`, allWeekStaffBody([svc]))).body.staffId;
    const clientId = (await call<{ clientId: string }>('POST', `/v1/tenants/${t}/clients`, sampleClientBody())).body.clientId;
    const body = { clientId, serviceId: svc, staffId, start: SAMPLE_APPOINTMENT_START };
    const booked = await call<{ appointmentId: string }>('POST', `/v1/tenants/${t}/appointments`, body);
    expect(booked.status).toBe(201);
    expect((await call('POST', `/v1/tenants/${t}/appointments`, body)).status).toBe(409);
    const id = booked.body.appointmentId;
    expect((await call('PATCH', `/v1/tenants/${t}/appointments/${id}`, { status: 'cancelled' })).status).toBe(200);
    const entries = (await rawEntries(t)).filter((x) => x.resource === 'appointment');
    expect(entries.map((x) => [x.action, x.resourceId])).toEqual([
      ['create', id],
      ['update', id],
    ]);
    expect(entries[0]?.actor).toMatchObject({ userId: owner.userId, role: 'owner' });
    expect(entries[1]?.changes).toMatchObject({ status: { from: 'scheduled', to: 'cancelled' } });
  });

  it('filters and cursors walk every entry exactly once, newest first; indexed filters need no filling', async () => {
    const t = await salon();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await call<{ serviceId: string }>('POST', `/v1/tenants/${t}/services`, sampleServiceBody());
      expect(res.status).toBe(201);
      ids.push(res.body.serviceId);
    }
    const middle = new Date().toISOString();
    for (const id of ids.slice(0, 3))
      expect((await call('PATCH', `/v1/tenants/${t}/services/${id}`, { durationMinutes: 50 })).status).toBe(200);
    expect((await call('DELETE', `/v1/tenants/${t}/services/${ids[6]}`)).status).toBe(204);
    const all = await rawEntries(t);
    // The salon's creation, 7 creates, 3 updates, 1 delete.
    expect(all).toHaveLength(12);

    const walked = await walk(t, '', 3);
    expect(walked.map((x) => x.auditId)).toEqual(all.map((x) => String(x.auditId)).reverse());

    // The salon's creation is the oldest create.
    const creates = await walk(t, '&action=create', 2);
    expect(creates.map((x) => x.resourceId)).toEqual([...ids].reverse().concat(t));

    const updates = await walk(t, `&from=${middle}`, 2);
    expect(updates.map((x) => x.action)).toEqual(['delete', 'update', 'update', 'update']);
    expect(updates[1]?.changes).toEqual({ durationMinutes: { from: 45, to: 50 } });
    const before = await walk(t, `&to=${middle}`, 4);
    expect(before).toHaveLength(8);

    const one = await walk(t, `&resource=service&resourceId=${ids[0]}`, 1);
    expect(one.map((x) => x.action)).toEqual(['update', 'create']);
    const mine = await walk(t, `&actorId=${owner.userId}`, 5);
    expect(mine).toHaveLength(12);
    expect(await walk(t, '&actorId=system:stripe', 5)).toEqual([]);

    const bad = await log(t, '?cursor=eyJQSyI6IlRFTkFOVCN4In0');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'INVALID_CURSOR' } });
    // A cursor of one filter is not a cursor of another.
    const first = await log(t, `?limit=1&resource=service&resourceId=${ids[0]}`);
    expect((await log(t, `?limit=1&cursor=${first.body.nextCursor}`)).status).toBe(400);
    expect((await log(t, `?from=${middle}&to=2000-01-01T00:00:00Z`)).status).toBe(400);
    expect((await log(t, '?action=frobnicate')).status).toBe(400);
  });

  it('exports CSV and NDJSON of a range', async () => {
    const t = await salon();
    for (let i = 0; i < 3; i++) expect((await call('POST', `/v1/tenants/${t}/services`, sampleServiceBody())).status).toBe(201);
    const file = async (format: string) => {
      const res = await fetch(`${e.apiUrl.replace('localhost', '127.0.0.1')}/v1/tenants/${t}/audit-log/export?format=${format}`, {
        headers: { authorization: `Bearer ${owner.accessToken}` },
      });
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    };
    const csv = await file('csv');
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toMatch(/^auditId,at,actorId,/);
    // The header, the salon's creation and the three services.
    expect(lines.filter(Boolean)).toHaveLength(5);
    const nd = await file('ndjson');
    expect(nd.type).toMatch(/^application\/x-ndjson/);
    const entries = nd.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEntry);
    expect(entries.map((x) => [x.action, x.resource])).toEqual([
      ['create', 'service'],
      ['create', 'service'],
      ['create', 'service'],
      ['create', 'tenant'],
    ]);
    expect((await file('xml')).status).toBe(400);
  });

  it('owners and admins read it; an employee gets 403; another salon’s id is 404', async () => {
    const t = await salon();
    await addMember(t, other.userId, other.email, 'employee');
    expect((await log(t, '', other.accessToken)).status).toBe(403);
    const theirs = await salon(other);
    expect((await log(theirs, '')).status).toBe(404);
    expect((await log(theirs, '', other.accessToken)).status).toBe(200);
  });

  it.each(ROLES)('the tenant role, for a %s, cannot update or delete an entry (IAM Deny, the local guard)', async (role) => {
    const t = await salon();
    expect((await call('POST', `/v1/tenants/${t}/services`, sampleServiceBody())).status).toBe(201);
    const entries = await rawEntries(t);
    const [entry] = entries;
    const key = { PK: String(entry?.PK), SK: String(entry?.SK) };
    const tenant = tenantDb({ tenantId: t, userId: 'u', role, plan: 'starter' } as unknown as TenantContext);
    await expect(
      tenant.send(
        new UpdateCommand({
          TableName: e.tableName,
          Key: key,
          UpdateExpression: 'SET action = :a',
          ExpressionAttributeValues: { ':a': 'delete' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(tenant.send(new DeleteCommand({ TableName: e.tableName, Key: key }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    expect(await rawEntries(t)).toEqual(entries);
  });

  it('no route writes to the log: it has no write method, and a write to its path is not served', async () => {
    expect(routeList.filter((r) => r.path.includes('/audit-log') && r.method !== 'GET')).toEqual([]);
    const t = await salon();
    const entries = await rawEntries(t);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const res = await call(method, `/v1/tenants/${t}/audit-log`, { action: 'delete' });
      expect([403, 404, 405]).toContain(res.status);
      const one = await call(method, `/v1/tenants/${t}/audit-log/${String(entries[0]?.auditId)}`, {});
      expect([403, 404, 405]).toContain(one.status);
    }
    expect(await rawEntries(t)).toEqual(entries);
  });
});
