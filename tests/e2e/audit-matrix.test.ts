/**
 * The audit matrix over the route table: every write route (POST, PUT, PATCH, DELETE, any auth mode)
 * leaves exactly one entry in the audit partition of the salon it changed, with the right actor,
 * action, resource, resource id and changes. One fixture per route id; a write route with neither a
 * fixture nor a listed reason fails the first test, so a new route cannot escape the matrix.
 *
 * Adding a route: add `fixtures.<routeId> = async () => ({ tenantId, params, body, entry })`, a few
 * lines; `prepare` may call other routes freely (only the act is counted).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { type RouteDef, type RouteId, routeList } from '../../functions/routes';
import { auditPk } from '../../functions/shared/db/keys';
import type { AuditAction, AuditResource } from '../../functions/shared/domain/audit';
import { addMember, db, setPlan } from '../support/fixtures';
import { api } from '../support/http';
import { allWeekStaffBody, sampleClientBody, sampleServiceBody } from '../support/route-samples';
import { sign, stripeEvent, stripeId, subscription } from '../support/stripe-events';
import { signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;
type Body = Record<string, unknown>;

/** What one route's act must leave: the salon whose partition holds the entry, and the entry. */
interface Case {
  tenantId: string;
  /** The route's path parameters; the test fills the route's own path with them. */
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  /** A raw body and headers (the Stripe webhook), sent as they are. */
  raw?: string;
  headers?: Record<string, string>;
  /** Who calls; no token for public routes. */
  token?: string;
  status: number;
  entry: {
    actor: Record<string, unknown>;
    action: AuditAction;
    resource: AuditResource;
    /** NEW: the id the create answered. */
    resourceId: string;
    /** A subset the entry's `changes` must hold (toMatchObject). */
    changes: Record<string, unknown>;
    requestId?: string;
  };
}
type Fixture = () => Promise<Case>;

/** Write routes that leave no entry, and why; anything else without a fixture fails. */
const NO_ENTRY: Partial<Record<RouteId, string>> = {
  createPortalSession: 'writes nothing: it asks Stripe for a portal URL for the customer id the salon already has',
};

const UA = 'audit-matrix/1.0';
/** The resource id is the one the create answered (in its body). */
const NEW = '<new>';
const REDACTED = { redacted: true };
/** A client's personal value, sealed under that client's own key (crypto/subject-keys.ts). */
const SEALED = { sealed: expect.stringMatching(/^s1\./) };
let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
const writeRoutes = routeList.filter((r) => r.method !== 'GET');
const hour = (daysAhead: number, h: number) => {
  const d = new Date(Date.now() + daysAhead * 86_400_000);
  d.setUTCHours(h, 0, 0, 0);
  return d.toISOString();
};

describe('audit matrix over the route table', () => {
  const e = inject('endpoints');
  let owner: Session;
  let me: Record<string, unknown>;
  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'audit-matrix');
    me = { userId: owner.userId, email: owner.email, role: 'owner' };
  });

  const call = <T = Body>(method: string, path: string, body?: unknown, token: string | undefined = owner.accessToken) =>
    api<T>(method, path, { ...(token ? { token } : {}), body, headers: { 'user-agent': UA } });
  async function made<T = Body>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const res = await call<T>(method, path, body, token);
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  }
  async function salon(session = owner, plan: 'starter' | 'professional' = 'professional') {
    const { id } = await made<{ id: string }>('POST', '/v1/tenants', { name: 'Matrix', slug: unique('mx') }, session.accessToken);
    await setPlan(id, plan);
    return id;
  }
  /** A salon with a service, a staff member working around the clock, and a client. */
  async function stocked() {
    const t = await salon();
    const base = `/v1/tenants/${t}`;
    const serviceId = (await made<{ serviceId: string }>('POST', `${base}/services`, sampleServiceBody())).serviceId;
    const staffId = (await made<{ staffId: string }>('POST', `${base}/staff`, allWeekStaffBody([serviceId]))).staffId;
    const client = sampleClientBody();
    const clientId = (await made<{ clientId: string }>('POST', `${base}/clients`, client)).clientId;
    const slug = (await made<{ slug: string }>('GET', base)).slug;
    return { t, base, serviceId, staffId, clientId, clientEmail: client.email, slug };
  }
  async function appointment(s: Awaited<ReturnType<typeof stocked>>, start = hour(3, 9)) {
    const body = { clientId: s.clientId, serviceId: s.serviceId, staffId: s.staffId, start };
    return (await made<{ appointmentId: string }>('POST', `${s.base}/appointments`, body)).appointmentId;
  }
  const bookOnline = (s: Awaited<ReturnType<typeof stocked>>, email: string, start = hour(4, 10)) =>
    made<{ appointmentId: string; manageToken: string }>(
      'POST',
      `/v1/public/${s.slug}/bookings`,
      { serviceId: s.serviceId, start, client: { name: 'Online Person', email } },
      undefined,
    );
  /** A message the local mailer wrote to `to` that matches `pattern`: the first capture. */
  async function fromMail(to: string, pattern: RegExp): Promise<string> {
    const dir = join(inject('dataDir'), 'outbox');
    for (let i = 0; i < 100; i++) {
      for (const file of readdirSync(dir).filter((f) => f.includes(`_${to}_`))) {
        const found = readFileSync(join(dir, file), 'utf8').match(pattern)?.[1];
        if (found) return found;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no message to ${to} matching ${pattern}`);
  }
  async function pendingFile(base: string) {
    return made<{ file: { fileId: string }; upload: { url: string; fields: Record<string, string> } }>('POST', `${base}/files`, {
      purpose: 'logo',
      contentType: 'image/png',
      size: 68,
      fileName: 'logo.png',
    });
  }

  const fixtures: Partial<Record<RouteId, Fixture>> = {
    async createTenant() {
      // The act creates the salon: the entry is found in the partition of the id it answers (see `act`).
      return {
        tenantId: '',
        body: { name: 'Made Here', slug: unique('made') },
        token: owner.accessToken,
        status: 201,
        entry: { actor: me, action: 'create', resource: 'tenant', resourceId: NEW, changes: { name: { to: 'Made Here' } } },
      };
    },
    async updateTenant() {
      const t = await salon();
      return {
        tenantId: t,
        params: { tenantId: t },
        body: { name: 'Renamed', billingEmail: 'bills@example.test' },
        status: 200,
        entry: {
          actor: me,
          action: 'update',
          resource: 'tenant',
          resourceId: t,
          // Read before the write (its condition proves the values read): `from` where there was a value.
          changes: { name: { from: 'Matrix', to: 'Renamed' }, billingEmail: { to: REDACTED } },
        },
      };
    },
    async deleteTenant() {
      const t = await salon();
      return {
        tenantId: t,
        params: { tenantId: t },
        status: 204,
        entry: {
          actor: me,
          action: 'delete',
          resource: 'tenant',
          resourceId: t,
          changes: { purgeAfter: { to: expect.any(String) } },
        },
      };
    },
    async updateMember() {
      const t = await salon();
      const other = await signUpAndSignIn(e, 'mx-member');
      await addMember(t, other.userId, other.email, 'employee');
      return {
        tenantId: t,
        params: { tenantId: t, userId: other.userId },
        body: { role: 'viewer' },
        status: 200,
        entry: {
          actor: me,
          action: 'update',
          resource: 'member',
          resourceId: other.userId,
          changes: { role: { from: 'employee', to: 'viewer' } },
        },
      };
    },
    async removeMember() {
      const t = await salon();
      const other = await signUpAndSignIn(e, 'mx-removed');
      await addMember(t, other.userId, other.email, 'employee');
      return {
        tenantId: t,
        params: { tenantId: t, userId: other.userId },
        status: 204,
        entry: {
          actor: me,
          action: 'delete',
          resource: 'member',
          resourceId: other.userId,
          changes: { role: { from: 'employee' } },
        },
      };
    },
    async createInvitation() {
      const t = await salon();
      return {
        tenantId: t,
        params: { tenantId: t },
        body: { email: `${unique('inv')}@example.test`, role: 'viewer' },
        status: 201,
        entry: {
          actor: me,
          action: 'create',
          resource: 'invitation',
          resourceId: NEW,
          changes: { email: { to: REDACTED }, role: { to: 'viewer' } },
        },
      };
    },
    async revokeInvitation() {
      const t = await salon();
      const inv = await made<{ invitationId: string }>('POST', `/v1/tenants/${t}/invitations`, {
        email: `${unique('rev')}@example.test`,
        role: 'viewer',
      });
      return {
        tenantId: t,
        params: { tenantId: t, invitationId: inv.invitationId },
        status: 204,
        entry: { actor: me, action: 'delete', resource: 'invitation', resourceId: inv.invitationId, changes: {} },
      };
    },
    async acceptInvitation() {
      const t = await salon();
      const invitee = await signUpAndSignIn(e, 'mx-invitee');
      const inv = await made<{ invitationId: string }>('POST', `/v1/tenants/${t}/invitations`, {
        email: invitee.email,
        role: 'employee',
      });
      return {
        tenantId: t,
        params: { invitationId: inv.invitationId },
        token: invitee.accessToken,
        status: 200,
        entry: {
          actor: { userId: invitee.userId, role: 'employee' },
          action: 'update',
          resource: 'invitation',
          resourceId: inv.invitationId,
          changes: {},
        },
      };
    },
    async createCheckoutSession() {
      // A free salon has no Stripe customer yet: the checkout saves the one it creates.
      const { id: t } = await made<{ id: string }>('POST', '/v1/tenants', { name: 'Checkout', slug: unique('co') });
      return {
        tenantId: t,
        params: { tenantId: t },
        body: { plan: 'starter' },
        status: 200,
        entry: {
          actor: me,
          action: 'update',
          resource: 'subscription',
          resourceId: t,
          changes: { stripeCustomerId: { to: expect.stringMatching(/^cus_/) } },
        },
      };
    },
    async receiveStripeEvent() {
      // A free salon: no customer yet, so the event's customer takes it.
      const { id: t } = await made<{ id: string }>('POST', '/v1/tenants', { name: 'Webhook', slug: unique('wh') });
      const event = stripeEvent(
        'customer.subscription.created',
        subscription({
          id: stripeId('sub'),
          customer: stripeId('cus'),
          tenantId: t,
          status: 'active',
          price: e.stripePrices.starter,
        }),
      );
      const payload = JSON.stringify(event, null, 2);
      return {
        tenantId: t,
        raw: payload,
        status: 200,
        entry: {
          actor: { system: 'stripe' },
          action: 'update',
          resource: 'subscription',
          resourceId: t,
          changes: { plan: { to: 'starter' }, subscriptionStatus: { to: 'active' } },
          requestId: event.id,
        },
      };
    },
    async createClient() {
      const t = await salon();
      return {
        tenantId: t,
        params: { tenantId: t },
        body: { name: 'Ada Person', email: `${unique('ada')}@example.test` },
        status: 201,
        entry: {
          actor: me,
          action: 'create',
          resource: 'client',
          resourceId: NEW,
          changes: { name: { to: SEALED }, email: { to: SEALED } },
        },
      };
    },
    async updateClient() {
      const s = await stocked();
      return {
        tenantId: s.t,
        params: { tenantId: s.t, clientId: s.clientId },
        body: { notes: 'private note', name: 'Ada Person' },
        status: 200,
        entry: {
          actor: me,
          action: 'update',
          resource: 'client',
          resourceId: s.clientId,
          // A note the client did not have: `to` only; the name replaced: both, sealed.
          changes: { notes: { to: SEALED }, name: { from: SEALED, to: SEALED } },
        },
      };
    },
    async deleteClient() {
      const s = await stocked();
      return {
        tenantId: s.t,
        params: { tenantId: s.t, clientId: s.clientId },
        status: 204,
        entry: { actor: me, action: 'delete', resource: 'client', resourceId: s.clientId, changes: { name: { from: SEALED } } },
      };
    },
    async createFile() {
      const t = await salon();
      return {
        tenantId: t,
        params: { tenantId: t },
        body: { purpose: 'logo', contentType: 'image/png', size: 68, fileName: 'Ada Person.png' },
        status: 201,
        entry: {
          actor: me,
          action: 'create',
          resource: 'file',
          resourceId: NEW,
          changes: { status: { to: 'pending' }, fileName: { to: REDACTED }, size: { to: 68 } },
        },
      };
    },
    async completeFile() {
      const t = await salon();
      const { file, upload } = await pendingFile(`/v1/tenants/${t}`);
      const form = new FormData();
      for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
      form.append('file', new Blob([new Uint8Array(68)], { type: 'image/png' }), 'logo.png');
      expect((await fetch(upload.url, { method: 'POST', body: form })).status).toBeLessThan(300);
      return {
        tenantId: t,
        params: { tenantId: t, fileId: file.fileId },
        body: {},
        status: 200,
        entry: {
          actor: me,
          action: 'update',
          resource: 'file',
          resourceId: file.fileId,
          changes: { status: { from: 'pending', to: 'ready' } },
        },
      };
    },
    async deleteFile() {
      const t = await salon();
      const { file } = await pendingFile(`/v1/tenants/${t}`);
      return {
        tenantId: t,
        params: { tenantId: t, fileId: file.fileId },
        status: 204,
        entry: {
          actor: me,
          action: 'delete',
          resource: 'file',
          resourceId: file.fileId,
          changes: { status: { from: 'pending' } },
        },
      };
    },
    async createService() {
      const t = await salon();
      return {
        tenantId: t,
        params: { tenantId: t },
        body: sampleServiceBody(),
        status: 201,
        entry: {
          actor: me,
          action: 'create',
          resource: 'service',
          resourceId: NEW,
          changes: { durationMinutes: { to: 45 } },
        },
      };
    },
    async updateService() {
      const s = await stocked();
      return {
        tenantId: s.t,
        params: { tenantId: s.t, serviceId: s.serviceId },
        body: { durationMinutes: 50 },
        status: 200,
        entry: {
          actor: me,
          action: 'update',
          resource: 'service',
          resourceId: s.serviceId,
          changes: { durationMinutes: { from: 45, to: 50 } },
        },
      };
    },
    async deleteService() {
      const t = await salon();
      const { serviceId } = await made<{ serviceId: string }>('POST', `/v1/tenants/${t}/services`, sampleServiceBody());
      return {
        tenantId: t,
        params: { tenantId: t, serviceId },
        status: 204,
        entry: { actor: me, action: 'delete', resource: 'service', resourceId: serviceId, changes: {} },
      };
    },
    async createStaff() {
      const t = await salon();
      return {
        tenantId: t,
        params: { tenantId: t },
        body: allWeekStaffBody([]),
        status: 201,
        entry: {
          actor: me,
          action: 'create',
          resource: 'staff',
          resourceId: NEW,
          changes: { name: { to: 'Dominique' } },
        },
      };
    },
    async updateStaff() {
      const s = await stocked();
      return {
        tenantId: s.t,
        params: { tenantId: s.t, staffId: s.staffId },
        body: { name: 'Dominique B.' },
        status: 200,
        entry: {
          actor: me,
          action: 'update',
          resource: 'staff',
          resourceId: s.staffId,
          changes: { name: { from: 'Dominique', to: 'Dominique B.' } },
        },
      };
    },
    async deleteStaff() {
      const s = await stocked();
      return {
        tenantId: s.t,
        params: { tenantId: s.t, staffId: s.staffId },
        status: 204,
        entry: { actor: me, action: 'delete', resource: 'staff', resourceId: s.staffId, changes: {} },
      };
    },
    async createAppointment() {
      const s = await stocked();
      return {
        tenantId: s.t,
        params: { tenantId: s.t },
        body: { clientId: s.clientId, serviceId: s.serviceId, staffId: s.staffId, start: hour(5, 9) },
        status: 201,
        entry: {
          actor: me,
          action: 'create',
          resource: 'appointment',
          resourceId: NEW,
          changes: { staffId: { to: s.staffId } },
        },
      };
    },
    async updateAppointment() {
      const s = await stocked();
      const id = await appointment(s);
      return {
        tenantId: s.t,
        params: { tenantId: s.t, appointmentId: id },
        body: { status: 'confirmed' },
        status: 200,
        entry: {
          actor: me,
          action: 'update',
          resource: 'appointment',
          resourceId: id,
          changes: { status: { from: 'scheduled', to: 'confirmed' } },
        },
      };
    },
    async createPublicBooking() {
      const s = await stocked();
      return {
        tenantId: s.t,
        params: { slug: s.slug },
        body: {
          serviceId: s.serviceId,
          start: hour(4, 11),
          client: { name: 'Online Person', email: `${unique('on')}@example.test` },
        },
        status: 201,
        entry: {
          actor: { system: 'public' },
          action: 'create',
          resource: 'appointment',
          resourceId: NEW,
          changes: { status: { to: 'pending' } },
        },
      };
    },
    async confirmPublicBooking() {
      const s = await stocked();
      const email = `${unique('cf')}@example.test`;
      const { appointmentId } = await bookOnline(s, email);
      const token = await fromMail(email, new RegExp(`/bookings/${appointmentId}/confirm#token=([A-Za-z0-9_-]{43})`));
      return {
        tenantId: s.t,
        params: { slug: s.slug, appointmentId },
        body: { token },
        status: 200,
        entry: {
          actor: { system: 'public' },
          action: 'update',
          resource: 'appointment',
          resourceId: appointmentId,
          changes: { status: { from: 'pending', to: 'scheduled' } },
        },
      };
    },
    async cancelPublicBooking() {
      const s = await stocked();
      const { appointmentId, manageToken } = await bookOnline(s, `${unique('cx')}@example.test`);
      return {
        tenantId: s.t,
        params: { slug: s.slug, appointmentId },
        body: { token: manageToken },
        status: 200,
        entry: {
          actor: { system: 'public' },
          action: 'update',
          resource: 'appointment',
          resourceId: appointmentId,
          changes: { status: { from: 'pending', to: 'cancelled' } },
        },
      };
    },
    async unsubscribe() {
      const s = await stocked();
      await appointment(s);
      const link = await fromMail(s.clientEmail, /List-Unsubscribe: <([^>]+)>/);
      return {
        tenantId: s.t,
        query: new URL(link).search,
        status: 200,
        entry: {
          actor: { system: 'public' },
          action: 'update',
          resource: 'client',
          resourceId: s.clientId,
          changes: { notifications: { from: { email: true }, to: { email: false } } },
        },
      };
    },
    async eraseClient() {
      // Ids only: the entry re-stores nothing of what was erased.
      const s = await stocked();
      return {
        tenantId: s.t,
        params: { tenantId: s.t, clientId: s.clientId },
        body: {},
        status: 200,
        entry: { actor: me, action: 'erase', resource: 'client', resourceId: s.clientId, changes: {} },
      };
    },
    async rotateTenantKey() {
      const t = await salon();
      return {
        tenantId: t,
        params: { tenantId: t },
        status: 201,
        entry: {
          actor: me,
          action: 'create',
          resource: 'dataKey',
          resourceId: t,
          changes: { currentVersion: { from: 1, to: 2 } },
        },
      };
    },
    async createExport() {
      const t = await salon();
      return {
        tenantId: t,
        params: { tenantId: t },
        body: {},
        status: 201,
        entry: { actor: me, action: 'export', resource: 'export', resourceId: NEW, changes: { status: { to: 'pending' } } },
      };
    },
    async deleteMe() {
      // An employee who leaves: one entry in the salon they leave, by them.
      const t = await salon();
      const leaver = await signUpAndSignIn(e, 'mx-leaver');
      await addMember(t, leaver.userId, leaver.email, 'employee');
      return {
        tenantId: t,
        token: leaver.accessToken,
        status: 204,
        entry: {
          actor: { userId: leaver.userId, email: leaver.email, role: 'employee' },
          action: 'delete',
          resource: 'member',
          resourceId: leaver.userId,
          changes: { role: { from: 'employee' } },
        },
      };
    },
  };

  const entriesOf = async (tenantId: string) =>
    (
      await db().send(
        new QueryCommand({
          TableName: e.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': auditPk(tenantId) },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];

  it('every write route has a fixture or a listed reason to leave no entry', () => {
    const missing = writeRoutes.filter((r) => !fixtures[r.id] && NO_ENTRY[r.id] === undefined).map((r) => r.id);
    expect(missing).toEqual([]);
    // A reason names a route that exists and writes, and a route is not both.
    for (const id of Object.keys(NO_ENTRY) as RouteId[]) {
      expect(writeRoutes.map((r) => r.id)).toContain(id);
      expect(fixtures[id]).toBeUndefined();
    }
  });

  const withFixture = writeRoutes.filter((r) => NO_ENTRY[r.id] === undefined);
  it.each(withFixture.map((r) => [r.id, r] as const))(
    '%s leaves exactly one entry',
    async (_id, route: RouteDef & { id: RouteId }) => {
      const fixture = fixtures[route.id];
      if (!fixture) throw new Error(`No audit fixture for ${route.id}`);
      const c = await fixture();
      const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
        const value = c.params?.[name];
        if (!value) throw new Error(`${route.id}: no value for {${name}}`);
        return value;
      });
      const before = c.tenantId ? await entriesOf(c.tenantId) : [];
      // The owner calls, unless the case says who (public routes: nobody).
      const token = c.token ?? (route.auth === 'public' ? undefined : owner.accessToken);
      const res = await api<Body>(route.method, `${path}${c.query ?? ''}`, {
        ...(token ? { token } : {}),
        ...(c.raw !== undefined
          ? { raw: c.raw, headers: { 'content-type': 'application/json', 'stripe-signature': sign(c.raw) } }
          : { body: c.body, headers: { 'user-agent': UA, ...c.headers } }),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(c.status);
      const tenantId = c.tenantId || String(res.body?.id);
      const answered = Object.values((res.body?.file as Body | undefined) ?? res.body ?? {});
      const resourceId = c.entry.resourceId === NEW ? expect.toBeOneOf(answered) : c.entry.resourceId;
      const seen = new Set(before.map((x) => String(x.auditId)));
      const added = (await entriesOf(tenantId)).filter((x) => !seen.has(String(x.auditId)));
      expect(added, JSON.stringify(added)).toHaveLength(1);
      const [entry] = added;
      expect(entry).toMatchObject({
        actor: c.entry.actor,
        action: c.entry.action,
        resource: c.entry.resource,
        resourceId,
        changes: c.entry.changes,
        requestId: c.entry.requestId ?? expect.any(String),
      });
      // Requests from a browser or a link say where they came from; Stripe's say which event.
      if (route.id !== 'receiveStripeEvent') expect(entry).toMatchObject({ ip: expect.any(String), userAgent: UA });
      // Personal data never in clear in the stored entry.
      const raw = JSON.stringify(entry);
      for (const secret of ['Ada Person', 'private note', 'bills@example.test', 'Online Person'])
        expect(raw).not.toContain(secret);
    },
  );

  it('listed routes leave none', async () => {
    const t = await salon();
    const before = await entriesOf(t);
    const res = await call('POST', `/v1/tenants/${t}/billing/portal`, {});
    expect(res.status).toBe(200);
    expect(await entriesOf(t)).toEqual(before);
  });
});
