/**
 * What a hostile tester sends to `npm start`: forged cursors on every paged route, dates at the ends of
 * what `Date` holds, prototype-named query parameters and headers, control characters in names. Each
 * answers a 4xx (or a normal answer) and changes nothing; none is ever a 5xx. The tables iterate the
 * route table, so a new route inherits them.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { type RouteDef, type RouteId, routeList } from '../../functions/routes';
import { outboxKey } from '../../functions/shared/db/keys';
import { addMember, getItem, setPlan, tenantItems } from '../support/fixtures';
import { api } from '../support/http';
import {
  SAMPLE_APPOINTMENT_START,
  type SampleContext,
  allWeekStaffBody,
  pageVariantsOf,
  pagedRoutes,
  requiresQuery,
  sampleClientBody,
  sampleRequest,
  sampleServiceBody,
  sampleStaffBody,
} from '../support/route-samples';
import { signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;
type Route = RouteDef & { id: RouteId };
type Page = { items: Array<Record<string, unknown>>; nextCursor: string | null };
type ErrorBody = { error?: { code: string; details?: Array<{ path: string }> } };

let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
const MISSING_ID = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const unb64 = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;

/**
 * A booking's own message is queued by the stream after the fact: waiting for it keeps the "changes
 * nothing" snapshots comparing what the refused requests did, not the stream's lag.
 */
async function bookedMessagesQueued(tenantId: string, appointmentIds: ReadonlyArray<string>): Promise<void> {
  for (const id of appointmentIds) {
    for (let i = 0; i < 100 && !(await getItem(outboxKey(tenantId, `${id}-booked`))); i++)
      await new Promise((r) => setTimeout(r, 100));
  }
}

describe('hostile input over HTTP', () => {
  const e = inject('endpoints');
  let owner: Session;
  /** A salon with two of everything a list pages over. */
  let c: SampleContext & { slug: string; clientEmail: string; appointmentIds: string[] };

  const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    api<T>(method, path, { token: owner.accessToken, body, ...(headers ? { headers } : {}) });

  async function made(path: string, body: unknown, idField: string): Promise<string> {
    const res = await call<Record<string, string>>('POST', path, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return String(res.body[idField]);
  }

  async function salon() {
    const slug = unique('hostile');
    const tenantId = await made('/v1/tenants', { name: 'Hostile Salon', slug }, 'id');
    await setPlan(tenantId, 'professional');
    return { tenantId, slug, base: `/v1/tenants/${tenantId}` };
  }

  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'hostile');
    const { tenantId, slug, base } = await salon();
    const serviceId = await made(`${base}/services`, sampleServiceBody(), 'serviceId');
    await made(`${base}/services`, { ...sampleServiceBody(), name: 'Second' }, 'serviceId');
    const client = sampleClientBody();
    const clientId = await made(`${base}/clients`, client, 'clientId');
    await made(`${base}/clients`, sampleClientBody(), 'clientId');
    const staffId = await made(`${base}/staff`, allWeekStaffBody([serviceId], owner.userId), 'staffId');
    await made(`${base}/staff`, sampleStaffBody(), 'staffId');
    const appointmentIds = [];
    for (const start of [SAMPLE_APPOINTMENT_START, '2031-03-04T11:00:00+01:00']) {
      appointmentIds.push(await made(`${base}/appointments`, { clientId, serviceId, staffId, start }, 'appointmentId'));
    }
    await bookedMessagesQueued(tenantId, appointmentIds);
    const invitationId = await made(
      `${base}/invitations`,
      { email: `${unique('inv')}@example.test`, role: 'viewer' },
      'invitationId',
    );
    await made(`${base}/invitations`, { email: `${unique('inv')}@example.test`, role: 'viewer' }, 'invitationId');
    const files: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await call<{ file: { fileId: string } }>('POST', `${base}/files`, {
        purpose: 'logo',
        contentType: 'image/png',
        size: 10,
        fileName: 'logo.png',
      });
      expect(res.status).toBe(201);
      files.push(res.body.file.fileId);
    }
    // Two exports, one after the other (one runs at a time per salon), finished before any snapshot.
    const exportIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      const exportId = await made(`${base}/exports`, {}, 'exportId');
      for (let tries = 0; ; tries++) {
        const got = await call<{ status: string }>('GET', `${base}/exports/${exportId}`);
        if (got.body.status === 'ready') break;
        expect(tries).toBeLessThan(100);
        await new Promise((r) => setTimeout(r, 200));
      }
      exportIds.push(exportId);
    }
    const viewer = await signUpAndSignIn(e, 'hostile-viewer');
    await addMember(tenantId, viewer.userId, viewer.email, 'viewer');
    c = {
      tenantId,
      slug,
      targetUserId: viewer.userId,
      invitationId,
      clientId,
      clientEmail: client.email,
      serviceId,
      staffId,
      appointmentId: appointmentIds[0] as string,
      appointmentIds,
      fileId: files[0] as string,
      exportId: exportIds[0] as string,
    };
  });

  const pathOf = (route: Route) => sampleRequest(route, c).path;
  const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;

  describe('cursors: every paged route of the route table', () => {
    it('has paged routes to fuzz (the table marks at least the known lists)', () => {
      expect(pagedRoutes.map((r) => r.id)).toEqual(
        expect.arrayContaining([
          'listAppointments',
          'listClients',
          'listInvitations',
          'listMembers',
          'listServices',
          'listStaff',
        ]),
      );
    });

    /** The first page's cursor of each route and page variant, and what the second page served. */
    const real = new Map<string, { route: Route; variant: string; cursor: string }>();
    const firstCursor = async (route: Route, variant: string) => {
      const res = await call<Page>('GET', withQuery(pathOf(route), [variant, 'limit=1'].filter(Boolean).join('&')));
      expect([route.id, variant, res.status]).toEqual([route.id, variant, 200]);
      expect(res.body.nextCursor, `${route.id} ?${variant} has a second page`).toEqual(expect.any(String));
      return { first: res.body, cursor: res.body.nextCursor as string };
    };

    it.each(pagedRoutes.map((r) => [r.id, r] as const))(
      '%s: a real nextCursor still pages (positive control)',
      async (_id, route) => {
        for (const variant of pageVariantsOf(route, c)) {
          const { first, cursor } = await firstCursor(route, variant);
          const next = await call<Page>(
            'GET',
            withQuery(pathOf(route), [variant, 'limit=1', `cursor=${encodeURIComponent(cursor)}`].filter(Boolean).join('&')),
          );
          expect([route.id, variant, next.status]).toEqual([route.id, variant, 200]);
          for (const item of next.body.items) expect(first.items).not.toContainEqual(item);
          real.set(`${route.id}?${variant}`, { route, variant, cursor });
        }
      },
    );

    /** Cursors no list ever hands out, whatever the list. */
    const forged = (tenantId: string): Array<[string, string]> => {
      const pk = `TENANT#${tenantId}`;
      return [
        ['empty', ''],
        ['not base64url', 'not base64!'],
        ['percent garbage', '%%%'],
        ['base64 of text', b64('not json')],
        ['base64 of an array', b64([])],
        ['base64 of a string', b64('"PK"')],
        ['base64 of null', b64('null')],
        ['base64 of a number', b64('42')],
        ['an empty key', b64({})],
        ['a foreign sort-key prefix', b64({ PK: pk, SK: 'ZZZZ' })],
        ["the salon item's key", b64({ PK: pk, SK: 'SALON' })],
        ['the usage item', b64({ PK: pk, SK: 'USAGE' })],
        ['another tenant', b64({ PK: `TENANT#${MISSING_ID}`, SK: `CLIENT#${MISSING_ID}` })],
        ['another partition', b64({ PK: 'TENANT#B', SK: 'ZZZZ' })],
        ['a sort key alone, empty', b64({ SK: '' })],
        ['a partition key alone', b64({ PK: pk })],
        ['empty strings', b64({ PK: '', SK: '' })],
        ['numbers', b64({ PK: 1, SK: 2 })],
        ['DynamoDB JSON', b64({ PK: { S: pk }, SK: { S: 'CLIENT#x' } })],
        ['nulls', b64({ PK: null, SK: null })],
        ['GSI keys on a base-table list', b64({ PK: pk, SK: `CLIENT#${MISSING_ID}`, GSI1PK: `${pk}#APPTS`, GSI1SK: 'x' })],
        ['base keys only on an index list', b64({ PK: pk, SK: `APPT#${MISSING_ID}` })],
        ['a foreign index', b64({ PK: pk, SK: `APPT#${MISSING_ID}`, GSI9PK: `${pk}#APPTS`, GSI9SK: 'x' })],
        ['a prototype key', Buffer.from(`{"PK":"${pk}","__proto__":{"SK":"x"}}`).toString('base64url')],
        ['huge', 'A'.repeat(6000)],
        ['huge JSON', b64({ PK: pk, SK: `CLIENT#${'x'.repeat(3000)}` })],
      ];
    };

    /** Every one-attribute change of a real cursor: dropped, emptied, retyped, re-prefixed, extended, and one more. */
    const mutations = (cursor: string): Array<[string, string]> => {
      const key = unb64(cursor);
      const out: Array<[string, string]> = [];
      for (const name of Object.keys(key)) {
        const { [name]: value, ...rest } = key;
        out.push([`${name} dropped`, b64(rest)]);
        out.push([`${name} empty`, b64({ ...key, [name]: '' })]);
        out.push([`${name} a number`, b64({ ...key, [name]: 7 })]);
        out.push([`${name} an object`, b64({ ...key, [name]: { S: value } })]);
        out.push([`${name} of a foreign prefix`, b64({ ...key, [name]: 'ZZZZ' })]);
        out.push([`${name} with a separator more`, b64({ ...key, [name]: `${String(value)}#x` })]);
        out.push([`${name} of another tenant`, b64({ ...key, [name]: String(value).replace(c.tenantId, MISSING_ID) })]);
      }
      out.push(['an extra attribute', b64({ ...key, extra: 'x' })]);
      out.push(['an extra index key', b64({ ...key, GSI1PK: `TENANT#${c.tenantId}#APPTS`, GSI1SK: 'x' })]);
      return out.filter(([, forgedCursor]) => forgedCursor !== cursor);
    };

    async function expectInvalidCursor(route: Route, variant: string, name: string, cursor: string) {
      const path = withQuery(
        pathOf(route),
        [variant, `cursor=${name === 'percent garbage' ? cursor : encodeURIComponent(cursor)}`].filter(Boolean).join('&'),
      );
      const res = await call<ErrorBody>('GET', path);
      expect([route.id, variant, name, res.status, res.body.error?.code]).toEqual([
        route.id,
        variant,
        name,
        400,
        'INVALID_CURSOR',
      ]);
    }

    it.each(pagedRoutes.map((r) => [r.id, r] as const))(
      '%s: forged, mutated and replayed cursors are all 400 INVALID_CURSOR',
      async (_id, route) => {
        expect(real.size, 'the positive control ran first').toBeGreaterThan(0);
        for (const variant of pageVariantsOf(route, c)) {
          const own = real.get(`${route.id}?${variant}`);
          expect(own).toBeDefined();
          for (const [name, cursor] of [...forged(c.tenantId), ...mutations(own?.cursor ?? '')]) {
            await expectInvalidCursor(route, variant, name, cursor);
          }
          // Cursors of other lists: another route's, or this route's for another partition or index.
          for (const [from, other] of real) {
            if (other.route.id === route.id && other.variant === variant) continue;
            if (other.route.id === route.id) {
              // Another partition or index of the same list has other key attributes.
              const keysOf = (cursor: string) => Object.keys(unb64(cursor)).sort().join();
              if (keysOf(own?.cursor ?? '') === keysOf(other.cursor)) continue;
            }
            await expectInvalidCursor(route, variant, `replayed from ${from}`, other.cursor);
          }
        }
      },
    );

    it('refuses a well-formed cursor of the same timeline whose sort key lies outside the asked range', async () => {
      const route = routeList.find((r) => r.id === 'listAppointments') as Route;
      const own = real.get('listAppointments?');
      expect(own).toBeDefined();
      // Its first page ended at the 10:00 (+01:00) appointment: outside [10:30, ...) and (..., 09:30].
      for (const range of ['from=2031-03-04T10:30:00%2B01:00', 'to=2031-03-04T09:30:00%2B01:00']) {
        await expectInvalidCursor(route, range, 'outside the range', own?.cursor ?? '');
      }
      // Positive control: inside the range it pages.
      const inside = await call<Page>(
        'GET',
        withQuery(pathOf(route), `from=2031-03-04T09:00:00%2B01:00&cursor=${encodeURIComponent(own?.cursor ?? '')}`),
      );
      expect(inside.status).toBe(200);
      expect(inside.body.items.map((i) => i.appointmentId)).toEqual([c.appointmentIds[1]]);
    });
  });

  describe('dates and instants far outside 2000..2100', () => {
    const dates = [
      '9999-12-31',
      '0000-01-01',
      '275760-09-13',
      '+275760-09-13',
      '-000001-01-01',
      '2026-02-30',
      '1999-12-31',
      '2101-01-01',
    ];
    const instants = [
      '9999-12-31T23:30:00-12:00',
      '0000-01-01T00:00:00Z',
      '275760-09-13T00:00:00Z',
      '+275760-09-13T00:00:00Z',
      '-000001-01-01T00:00:00Z',
      '2026-02-30T10:00:00+01:00',
      '2026-06-30T23:59:60Z',
      '2031-03-04T10:00:00+25:00',
      '2031-03-04T10:00:00+01:60',
      '1999-12-31T23:59:59Z',
      '2100-12-31T23:30:00-12:00',
      '2031-03-04T10:00:00',
    ];
    let t: Awaited<ReturnType<typeof salon>> & { serviceId: string; staffId: string; clientId: string; appointmentId: string };
    beforeAll(async () => {
      const s = await salon();
      const serviceId = await made(`${s.base}/services`, sampleServiceBody(), 'serviceId');
      const clientId = await made(`${s.base}/clients`, sampleClientBody(), 'clientId');
      const staffId = await made(`${s.base}/staff`, allWeekStaffBody([serviceId]), 'staffId');
      const appointmentId = await made(
        `${s.base}/appointments`,
        { clientId, serviceId, staffId, start: SAMPLE_APPOINTMENT_START },
        'appointmentId',
      );
      t = { ...s, serviceId, staffId, clientId, appointmentId };
      await bookedMessagesQueued(s.tenantId, [appointmentId]);
    });

    type Target = [name: string, field: string, send: (value: string) => Promise<{ status: number; body: ErrorBody }>];
    const timeOff = (start: string, end: string) => ({ timeOff: [{ start, end }] });
    const targets = (): Target[] => [
      [
        'createAppointment',
        'start',
        (v) =>
          call('POST', `${t.base}/appointments`, { clientId: t.clientId, serviceId: t.serviceId, staffId: t.staffId, start: v }),
      ],
      ['updateAppointment', 'start', (v) => call('PATCH', `${t.base}/appointments/${t.appointmentId}`, { start: v })],
      ['listAppointments from', 'from', (v) => call('GET', `${t.base}/appointments?from=${encodeURIComponent(v)}`)],
      ['listAppointments to', 'to', (v) => call('GET', `${t.base}/appointments?to=${encodeURIComponent(v)}`)],
      [
        'createStaff time off start',
        'timeOff.0.start',
        (v) => call('POST', `${t.base}/staff`, { ...sampleStaffBody(), ...timeOff(v, '2031-03-05T00:00:00Z') }),
      ],
      [
        'createStaff time off end',
        'timeOff.0.end',
        (v) => call('POST', `${t.base}/staff`, { ...sampleStaffBody(), ...timeOff('2031-03-04T00:00:00Z', v) }),
      ],
      [
        'updateStaff time off start',
        'timeOff.0.start',
        (v) => call('PATCH', `${t.base}/staff/${t.staffId}`, timeOff(v, '2031-03-05T00:00:00Z')),
      ],
      [
        'updateStaff time off end',
        'timeOff.0.end',
        (v) => call('PATCH', `${t.base}/staff/${t.staffId}`, timeOff('2031-03-04T00:00:00Z', v)),
      ],
      [
        'createPublicBooking',
        'start',
        (v) =>
          api('POST', `/v1/public/${t.slug}/bookings`, {
            body: { serviceId: t.serviceId, start: v, client: { name: 'Zoe', email: 'zoe@example.test' } },
          }),
      ],
    ];
    const dateTargets = (): Target[] => [
      [
        'getAvailability',
        'date',
        (v) => call('GET', `${t.base}/availability?serviceId=${t.serviceId}&date=${encodeURIComponent(v)}`),
      ],
      [
        'getPublicAvailability',
        'date',
        (v) => api('GET', `/v1/public/${t.slug}/availability?serviceId=${t.serviceId}&date=${encodeURIComponent(v)}`),
      ],
    ];

    async function expectRefused(target: Target, value: string) {
      const [name, field, send] = target;
      const before = await tenantItems(t.tenantId);
      const res = await send(value);
      expect([name, value, res.status, res.body.error?.code]).toEqual([name, value, 400, 'VALIDATION_FAILED']);
      expect(
        res.body.error?.details?.map((d) => d.path),
        `${name} ${value}`,
      ).toContain(field);
      expect(await tenantItems(t.tenantId)).toEqual(before);
    }

    it('answers the bounds of the window normally (positive control)', async () => {
      for (const [name, , send] of dateTargets()) {
        for (const d of ['2000-01-01', '2100-12-31']) expect([name, d, (await send(d)).status]).toEqual([name, d, 200]);
      }
      const list = await call('GET', `${t.base}/appointments?from=2000-01-01T00:00:00Z&to=2100-12-31T23:59:59Z`);
      expect(list.status).toBe(200);
    });

    it.each(dates)('date %s: 400 naming the field on availability (tenant and public)', async (value) => {
      for (const target of dateTargets()) await expectRefused(target, value);
    });

    it.each(instants)('instant %s: 400 naming the field wherever an instant is accepted, nothing written', async (value) => {
      for (const target of targets()) await expectRefused(target, value);
    });
  });

  describe('prototype-named query parameters and headers', () => {
    const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
    const query = names.map((n) => `${n}=1`).join('&');
    const headers = Object.fromEntries(names.map((n) => [n, '1']));

    it.each([
      ['a public route', () => `/v1/health`, false],
      ['a public salon route', () => `/v1/public/${c.slug}/services`, false],
      ['a user route', () => '/v1/me', true],
      ['a tenant route', () => `/v1/tenants/${c.tenantId}/clients`, true],
      [
        'a paged tenant route with its own query',
        () => `/v1/tenants/${c.tenantId}/appointments?limit=1&staffId=${c.staffId}`,
        true,
      ],
      [
        'a tenant route with a required query',
        () => `/v1/tenants/${c.tenantId}/availability?serviceId=${c.serviceId}&date=2031-03-04`,
        true,
      ],
    ] as ReadonlyArray<readonly [string, () => string, boolean]>)('on %s: a normal answer', async (_name, path, signedIn) => {
      const url = withQuery(path(), query);
      const opts = signedIn ? { token: owner.accessToken } : {};
      const plain = await api('GET', path(), opts);
      expect(plain.status).toBe(200);
      for (const [what, res] of [
        ['query', await api('GET', url, opts)],
        ['headers', await api('GET', path(), { ...opts, headers })],
        ['both', await api('GET', url, { ...opts, headers })],
      ] as const) {
        expect([what, res.status]).toEqual([what, 200]);
        // Health says the time and its latency; every other answer is the same as without the names.
        if (!path().endsWith('/health')) expect(res.body).toEqual(plain.body);
      }
    });

    it('on a create with an Idempotency-Key: created once, replayed once', async () => {
      const path = `/v1/tenants/${c.tenantId}/services?${query}`;
      const idem = { ...headers, 'Idempotency-Key': unique('proto') };
      const body = { ...sampleServiceBody(), name: 'Proto' };
      const first = await call('POST', path, body, idem);
      expect(first.status).toBe(201);
      const again = await call('POST', path, body, idem);
      expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
      await call('DELETE', `/v1/tenants/${c.tenantId}/services/${String(first.body.serviceId)}`);
    });
  });

  describe('control characters in names that reach email headers', () => {
    const evil = [
      ['CR LF', 'Evil\r\nBcc: victim@example.test'],
      ['LF', 'Line\nbreak'],
      ['a trailing CR LF', 'Trailing\r\n'],
      ['TAB', 'Tab\tname'],
      ['NUL', 'Nul\u0000name'],
      ['C1 NEL', 'Next\u0085line'],
      ['U+2028', 'Line\u2028separator'],
    ] as const;
    type Field = [name: string, field: string, send: (value: string) => Promise<{ status: number; body: ErrorBody }>];
    const base = () => `/v1/tenants/${c.tenantId}`;
    const fields = (): Field[] => [
      ['createTenant name', 'name', (v) => call('POST', '/v1/tenants', { name: v, slug: unique('crlf') })],
      [
        'createTenant billingEmail',
        'billingEmail',
        (v) => call('POST', '/v1/tenants', { name: 'Ok', slug: unique('crlf'), billingEmail: `a${v}@example.test` }),
      ],
      ['updateTenant name', 'name', (v) => call('PATCH', base(), { name: v })],
      ['updateTenant billingEmail', 'billingEmail', (v) => call('PATCH', base(), { billingEmail: `billing@example.test${v}` })],
      ['createClient name', 'name', (v) => call('POST', `${base()}/clients`, { name: v })],
      ['createClient email', 'email', (v) => call('POST', `${base()}/clients`, { name: 'Ok', email: `x${v}@example.test` })],
      ['updateClient name', 'name', (v) => call('PATCH', `${base()}/clients/${c.clientId}`, { name: v })],
      ['createService name', 'name', (v) => call('POST', `${base()}/services`, { ...sampleServiceBody(), name: v })],
      ['updateService name', 'name', (v) => call('PATCH', `${base()}/services/${c.serviceId}`, { name: v })],
      ['createStaff name', 'name', (v) => call('POST', `${base()}/staff`, { ...sampleStaffBody(), name: v })],
      ['updateStaff name', 'name', (v) => call('PATCH', `${base()}/staff/${c.staffId}`, { name: v })],
      [
        'createInvitation email',
        'email',
        (v) => call('POST', `${base()}/invitations`, { email: `${v}@example.test`, role: 'viewer' }),
      ],
      [
        'createPublicBooking client name',
        'client.name',
        (v) =>
          api('POST', `/v1/public/${c.slug}/bookings`, {
            body: { serviceId: c.serviceId, start: '2031-03-05T10:00:00+01:00', client: { name: v, email: 'zoe@example.test' } },
          }),
      ],
    ];
    const memberships = async () => (await call<{ memberships: unknown[] }>('GET', '/v1/me')).body.memberships;

    it.each(evil)('%s: 400 naming the field in each name, and nothing written', async (_label, value) => {
      for (const [name, field, send] of fields()) {
        const before = [await tenantItems(c.tenantId), await memberships()];
        const res = await send(value);
        expect([name, res.status, res.body.error?.code]).toEqual([name, 400, 'VALIDATION_FAILED']);
        expect(
          res.body.error?.details?.map((d) => d.path),
          name,
        ).toContain(field);
        expect([await tenantItems(c.tenantId), await memberships()], name).toEqual(before);
      }
    });

    it('still takes names with accents, apostrophes and inner spaces (positive control)', async () => {
      const res = await call('PATCH', `${base()}/clients/${c.clientId}`, { name: "  Zoë O'Brien-Laurent  " });
      expect([res.status, res.body.name]).toEqual([200, "Zoë O'Brien-Laurent"]);
    });
  });

  describe('generic bad input on every route of the route table that takes a body or a query', () => {
    const withBody = routeList.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && r.id !== 'receiveStripeEvent');
    const bodyCases: Array<[string, string]> = [
      ['a JSON array', '[]'],
      ['a JSON string', '"text"'],
      ['a JSON number', '42'],
      ['JSON null', 'null'],
      ['JSON true', 'true'],
      ['a prototype key', '{"__proto__":{"role":"owner"},"constructor":{"prototype":{}}}'],
      ['a nested non-object', '{"name":{"first":"x"},"email":["x@example.test"],"start":1,"serviceId":{}}'],
    ];
    // acceptInvitation reads no body; the cancel of an unknown booking is 400 on its token first.
    const cases = withBody
      .filter((r) => r.id !== 'acceptInvitation')
      .flatMap((r) => bodyCases.map(([name, raw]) => [r.id, name, r, raw] as const));

    it.each(cases)('%s with %s: 4xx, never 5xx, nothing written', async (_id, _name, route, raw) => {
      const before = [await tenantItems(c.tenantId), (await call<{ memberships: unknown[] }>('GET', '/v1/me')).body.memberships];
      const res = await api<ErrorBody>(route.method, pathOf(route), {
        ...(route.auth === 'public' ? {} : { token: owner.accessToken }),
        raw,
      });
      // The portal takes an empty object or nothing; every other value is still refused.
      expect([route.id, res.status, res.body.error?.code]).toEqual([route.id, 400, 'VALIDATION_FAILED']);
      const after = [await tenantItems(c.tenantId), (await call<{ memberships: unknown[] }>('GET', '/v1/me')).body.memberships];
      expect(after).toEqual(before);
    });

    const withQueryRoutes = routeList.filter((r) => r.method === 'GET' && (r.paged || requiresQuery(r)));
    const queryCases = withQueryRoutes.flatMap((r) => {
      const list: Array<[string, string]> = [];
      if (r.paged)
        list.push(
          ['limit=0', 'limit=0'],
          ['limit=101', 'limit=101'],
          ['limit=abc', 'limit=abc'],
          ['limit=-1', 'limit=-1'],
          ['two limits', 'limit=1&limit=2x'],
        );
      if (requiresQuery(r)) list.push(['no query', '']);
      return list.map(([name, q]) => [r.id, name, r, q] as const);
    });
    it.each(queryCases)('%s with %s: 400', async (_id, _name, route, q) => {
      const path = q === '' ? (pathOf(route).split('?')[0] ?? '') : withQuery(pathOf(route), q);
      const res = await api<ErrorBody>('GET', path, route.auth === 'public' ? {} : { token: owner.accessToken });
      expect([route.id, q, res.status, res.body.error?.code]).toEqual([route.id, q, 400, 'VALIDATION_FAILED']);
    });
  });
});
