import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { staffKey, staffUserKey } from '../../functions/shared/db/keys';
import { addMember, getItem, setPlan } from '../support/fixtures';
import { api } from '../support/http';
import { sampleServiceBody, sampleStaffBody } from '../support/route-samples';
import { signUpAndSignIn } from '../support/tokens';

type Session = Awaited<ReturnType<typeof signUpAndSignIn>>;
type Range = { start: string; end: string };
type Staff = {
  staffId: string;
  name: string;
  serviceIds: string[];
  workingHours: Record<string, Range[]>;
  timeOff: Range[];
  userId?: string;
  createdAt: string;
  updatedAt: string;
};
type Page<T> = { items: T[]; nextCursor: string | null };
type ErrorBody = { error: { code: string; message: string; details?: unknown } };

let seq = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
const MISSING_ID = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const hours = {
  mon: [
    { start: '09:00', end: '12:30' },
    { start: '13:30', end: '19:00' },
  ],
  sat: [{ start: '10:00', end: '24:00' }],
};

describe('staff over HTTP', () => {
  const e = inject('endpoints');
  let owner: Session;
  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'staff-owner');
  });

  async function salon() {
    const res = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Staff Salon', slug: unique('staff') },
    });
    expect(res.status).toBe(201);
    await setPlan(res.body.id, 'starter');
    return res.body.id;
  }
  const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    api<T>(method, path, { token: owner.accessToken, body, headers });
  const service = async (t: string) =>
    String((await call<{ serviceId: string }>('POST', `/v1/tenants/${t}/services`, sampleServiceBody())).body.serviceId);
  /** A member of the salon (membership item only: linking needs no Cognito user). */
  const member = async (t: string, role: 'employee' | 'viewer' = 'employee') => {
    const userId = randomUUID();
    await addMember(t, userId, `${unique('m')}@example.test`, role);
    return userId;
  };
  const create = (t: string, body: unknown, headers?: Record<string, string>) =>
    call<Staff>('POST', `/v1/tenants/${t}/staff`, body, headers);
  const listAll = async (t: string) => (await call<Page<Staff>>('GET', `/v1/tenants/${t}/staff?limit=100`)).body.items;
  const linkOf = async (t: string, userId: string) => (await getItem(staffUserKey(t, userId)))?.staffId;

  it('creates, reads, lists, updates and deletes a staff member, and the member link follows', async () => {
    const t = await salon();
    const [a, b] = [await service(t), await service(t)];
    const stylist = await member(t);
    const timeOff = [{ start: '2026-08-01T00:00:00+02:00', end: '2026-08-16T00:00:00+02:00' }];
    const made = await create(t, { name: '  Camille ', serviceIds: [a], workingHours: hours, timeOff, userId: stylist });
    expect(made.status).toBe(201);
    expect(made.body).toEqual({
      staffId: expect.stringMatching(/^[0-9A-Z]{26}$/),
      name: 'Camille',
      serviceIds: [a],
      workingHours: hours,
      timeOff,
      userId: stylist,
      createdAt: expect.any(String),
      updatedAt: made.body.createdAt,
    });
    const id = made.body.staffId;
    expect(await getItem(staffKey(t, id))).toMatchObject({ entity: 'staff', staffId: id });
    expect(await linkOf(t, stylist)).toBe(id);

    const got = await call<Staff>('GET', `/v1/tenants/${t}/staff/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(made.body);
    expect(await listAll(t)).toEqual([made.body]);

    const patched = await call<Staff>('PATCH', `/v1/tenants/${t}/staff/${id}`, {
      name: 'Camille D.',
      serviceIds: [b, a],
      workingHours: { tue: [{ start: '08:00', end: '16:00' }] },
      timeOff: [],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'Camille D.',
      serviceIds: [b, a],
      workingHours: { tue: [{ start: '08:00', end: '16:00' }] },
      timeOff: [],
      userId: stylist,
    });
    expect((await call('GET', `/v1/tenants/${t}/staff/${id}`)).body).toEqual(patched.body);

    const unlinked = await call<Staff>('PATCH', `/v1/tenants/${t}/staff/${id}`, { userId: null });
    expect(unlinked.status).toBe(200);
    expect(unlinked.body).not.toHaveProperty('userId');
    expect((await call('GET', `/v1/tenants/${t}/staff/${id}`)).body).toEqual(unlinked.body);
    expect(await linkOf(t, stylist)).toBeUndefined();

    expect((await call('DELETE', `/v1/tenants/${t}/staff/${id}`)).status).toBe(204);
    expect((await call('GET', `/v1/tenants/${t}/staff/${id}`)).status).toBe(404);
    expect((await call('PATCH', `/v1/tenants/${t}/staff/${id}`, { name: 'Ghost' })).status).toBe(404);
    expect((await call('PATCH', `/v1/tenants/${t}/staff/${id}`, { serviceIds: [a] })).status).toBe(404);
    expect((await call('DELETE', `/v1/tenants/${t}/staff/${id}`)).status).toBe(404);
    expect(await listAll(t)).toEqual([]);
  });

  it('refuses service ids that are not this salon’s with 400 naming them, on create and update, writing nothing', async () => {
    const t = await salon();
    const elsewhere = await salon();
    const [mine, theirs] = [await service(t), await service(elsewhere)];
    const res = await create(t, { ...sampleStaffBody(), serviceIds: [mine, theirs, MISSING_ID] });
    expect(res.status).toBe(400);
    const error = (res.body as unknown as ErrorBody).error;
    expect(error.code).toBe('VALIDATION_FAILED');
    const details = error.details as Array<{ path: string; message: string }>;
    expect(details.map((d) => d.path)).toContain('serviceIds.1');
    expect(details.find((d) => d.path === 'serviceIds.1')?.message).toContain(theirs);
    expect(details.every((d) => d.path !== 'serviceIds.0')).toBe(true);
    expect(await listAll(t)).toEqual([]);

    const made = await create(t, { ...sampleStaffBody(), serviceIds: [mine] });
    const patch = await call<ErrorBody>('PATCH', `/v1/tenants/${t}/staff/${made.body.staffId}`, {
      name: 'Renamed',
      serviceIds: [MISSING_ID],
    });
    expect(patch.status).toBe(400);
    expect(patch.body.error.details).toEqual([
      { in: 'body', path: 'serviceIds.0', message: expect.stringContaining(MISSING_ID) },
    ]);
    expect((await call('GET', `/v1/tenants/${t}/staff/${made.body.staffId}`)).body).toEqual(made.body);

    // A deleted service is unknown too.
    expect((await call('DELETE', `/v1/tenants/${t}/services/${mine}`)).status).toBe(204);
    expect((await create(t, { ...sampleStaffBody(), serviceIds: [mine] })).status).toBe(400);
  });

  it('refuses a userId that is not a member of this salon with 400, writing nothing', async () => {
    const t = await salon();
    const elsewhere = await salon();
    const outsider = await member(elsewhere);
    for (const userId of [randomUUID(), outsider]) {
      const res = await create(t, { ...sampleStaffBody(), userId });
      expect(res.status).toBe(400);
      expect((res.body as unknown as ErrorBody).error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ in: 'body', path: 'userId', message: expect.stringContaining(userId) }],
      });
      expect(await linkOf(t, userId)).toBeUndefined();
    }
    expect(await listAll(t)).toEqual([]);
    const made = await create(t, sampleStaffBody());
    const patch = await call('PATCH', `/v1/tenants/${t}/staff/${made.body.staffId}`, { userId: outsider });
    expect(patch.status).toBe(400);
    expect((await call('GET', `/v1/tenants/${t}/staff/${made.body.staffId}`)).body).toEqual(made.body);
  });

  it('links a member to one staff member at most: 409 STAFF_USER_TAKEN on create and update', async () => {
    const t = await salon();
    const stylist = await member(t);
    const first = await create(t, { ...sampleStaffBody(), userId: stylist });
    expect(first.status).toBe(201);
    const second = await create(t, { ...sampleStaffBody(), name: 'Second', userId: stylist });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: { code: 'STAFF_USER_TAKEN', details: { userId: stylist } } });
    expect(await listAll(t)).toHaveLength(1);

    const other = await create(t, { ...sampleStaffBody(), name: 'Other' });
    const steal = await call('PATCH', `/v1/tenants/${t}/staff/${other.body.staffId}`, { name: 'Thief', userId: stylist });
    expect(steal.status).toBe(409);
    expect(steal.body).toMatchObject({ error: { code: 'STAFF_USER_TAKEN' } });
    expect((await call('GET', `/v1/tenants/${t}/staff/${other.body.staffId}`)).body).toEqual(other.body);
    expect(await linkOf(t, stylist)).toBe(first.body.staffId);
    // Linking the same member again to its own staff record is not a conflict.
    const again = await call('PATCH', `/v1/tenants/${t}/staff/${first.body.staffId}`, { userId: stylist });
    expect(again.status).toBe(200);
  });

  it('gives a member to exactly one of many concurrent creates', async () => {
    const t = await salon();
    const stylist = await member(t);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => create(t, { ...sampleStaffBody(), name: `Racer ${i}`, userId: stylist })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(7).fill(409)]);
    expect(await listAll(t)).toHaveLength(1);
  });

  it('re-links: moving a member frees the old one, deleting a linked staff member frees its member', async () => {
    const t = await salon();
    const [u, v] = [await member(t), await member(t, 'viewer')];
    const a = await create(t, { ...sampleStaffBody(), name: 'A', userId: u });
    const moved = await call<Staff>('PATCH', `/v1/tenants/${t}/staff/${a.body.staffId}`, { userId: v });
    expect(moved.status).toBe(200);
    expect(moved.body.userId).toBe(v);
    expect(await linkOf(t, u)).toBeUndefined();
    expect(await linkOf(t, v)).toBe(a.body.staffId);

    const b = await create(t, { ...sampleStaffBody(), name: 'B', userId: u });
    expect(b.status).toBe(201);
    expect(await linkOf(t, u)).toBe(b.body.staffId);

    expect((await call('DELETE', `/v1/tenants/${t}/staff/${a.body.staffId}`)).status).toBe(204);
    expect(await linkOf(t, v)).toBeUndefined();
    expect(await getItem(staffKey(t, a.body.staffId))).toBeUndefined();
    const c = await create(t, { ...sampleStaffBody(), name: 'C', userId: v });
    expect(c.status).toBe(201);
    expect((await listAll(t)).map((s) => [s.name, s.userId])).toEqual([
      ['B', u],
      ['C', v],
    ]);
  });

  it('answers 404 for a staff id of another salon', async () => {
    const t = await salon();
    const elsewhere = await salon();
    const theirs = await create(elsewhere, sampleStaffBody());
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'X' }],
      ['PATCH', { serviceIds: [] }],
      ['DELETE', undefined],
    ] as const) {
      const res = await call(method, `/v1/tenants/${t}/staff/${theirs.body.staffId}`, body);
      expect([method, body, res.status]).toEqual([method, body, 404]);
    }
    expect((await call('GET', `/v1/tenants/${elsewhere}/staff/${theirs.body.staffId}`)).body).toEqual(theirs.body);
  });

  describe('Idempotency-Key', () => {
    it('replays the first 201 for the same key and body, and refuses another body with 422, creating nothing more', async () => {
      const t = await salon();
      const stylist = await member(t);
      const headers = { 'Idempotency-Key': unique('idem') };
      const body = { ...sampleStaffBody(), userId: stylist };
      const first = await create(t, body, headers);
      expect(first.status).toBe(201);
      const retry = await create(t, Object.fromEntries(Object.entries(body).reverse()), headers);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      const reused = await create(t, { ...body, name: 'Someone else' }, headers);
      expect(reused.status).toBe(422);
      expect(reused.body).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
      expect(await listAll(t)).toEqual([first.body]);
      // A failed create is not recorded: the same key works once the cause is gone.
      const fresh = { 'Idempotency-Key': unique('idem') };
      const other = await member(t);
      const missing = await create(t, { ...sampleStaffBody(), serviceIds: [MISSING_ID], userId: other }, fresh);
      expect(missing.status).toBe(400);
      expect((await create(t, { ...sampleStaffBody(), userId: other }, fresh)).status).toBe(201);
    });
  });

  it('pages in creation order with the cursor it hands out', async () => {
    const t = await salon();
    for (let i = 0; i < 3; i++) expect((await create(t, { ...sampleStaffBody(), name: `P${i}` })).status).toBe(201);
    const first = await call<Page<Staff>>('GET', `/v1/tenants/${t}/staff?limit=2`);
    expect(first.body.items.map((s) => s.name)).toEqual(['P0', 'P1']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call<Page<Staff>>('GET', `/v1/tenants/${t}/staff?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((s) => s.name)).toEqual(['P2']);
    expect(second.body.nextCursor).toBeNull();
    // Forged cursors and bad limits: the route-table fuzz in hostile-input.test.ts, for every paged route.
  });

  describe('bad input on every route answers 400 and writes nothing', () => {
    const body = sampleStaffBody;
    const cases: Array<[string, string, string, unknown]> = [
      ['createStaff: no name', 'POST', 'staff', { ...body(), name: undefined }],
      ['createStaff: blank name', 'POST', 'staff', { ...body(), name: '  ' }],
      ['createStaff: no workingHours', 'POST', 'staff', { name: 'X', serviceIds: [] }],
      ['createStaff: unknown field', 'POST', 'staff', { ...body(), active: true }],
      ['createStaff: service id not a ULID', 'POST', 'staff', { ...body(), serviceIds: ['cut'] }],
      ['createStaff: service listed twice', 'POST', 'staff', { ...body(), serviceIds: ['{serviceId}', '{serviceId}'] }],
      ['createStaff: unknown service', 'POST', 'staff', { ...body(), serviceIds: ['{serviceId}', MISSING_ID] }],
      ['createStaff: unknown weekday', 'POST', 'staff', { ...body(), workingHours: { monday: [] } }],
      [
        'createStaff: overlapping hours',
        'POST',
        'staff',
        {
          ...body(),
          workingHours: {
            fri: [
              { start: '14:00', end: '18:00' },
              { start: '09:00', end: '14:30' },
            ],
          },
        },
      ],
      ['createStaff: end past 24:00', 'POST', 'staff', { ...body(), workingHours: { mon: [{ start: '20:00', end: '24:30' }] } }],
      [
        'createStaff: end before start',
        'POST',
        'staff',
        { ...body(), workingHours: { mon: [{ start: '12:00', end: '11:00' }] } },
      ],
      [
        'createStaff: time off without offset',
        'POST',
        'staff',
        { ...body(), timeOff: [{ start: '2026-08-01T00:00:00', end: '2026-08-02T00:00:00' }] },
      ],
      ['createStaff: non-member userId', 'POST', 'staff', { ...body(), userId: '{linkable}' }],
      ['createStaff: null userId', 'POST', 'staff', { ...body(), userId: null }],
      ['listStaff: bad limit', 'GET', 'staff?limit=1000', undefined],
      ['getStaff: bad id', 'GET', 'staff/not-an-id', undefined],
      ['updateStaff: empty body', 'PATCH', 'staff/{staffId}', {}],
      ['updateStaff: unknown field', 'PATCH', 'staff/{staffId}', { name: 'Y', staffId: MISSING_ID }],
      ['updateStaff: null name', 'PATCH', 'staff/{staffId}', { name: null }],
      ['updateStaff: null serviceIds', 'PATCH', 'staff/{staffId}', { serviceIds: null }],
      ['updateStaff: unknown service', 'PATCH', 'staff/{staffId}', { name: 'Y', serviceIds: [MISSING_ID] }],
      ['updateStaff: non-member userId', 'PATCH', 'staff/{staffId}', { name: 'Y', userId: '{linkable}' }],
      [
        'updateStaff: time off over 366 days',
        'PATCH',
        'staff/{staffId}',
        { timeOff: [{ start: '2026-01-01T00:00:00Z', end: '2027-06-01T00:00:00Z' }] },
      ],
      ['updateStaff: bad id', 'PATCH', 'staff/not-an-id', { name: 'Y' }],
      ['deleteStaff: bad id', 'DELETE', 'staff/not-an-id', undefined],
    ];
    it.each(cases)('%s', async (_name, method, path, sent) => {
      const t = await salon();
      const serviceId = await service(t);
      const linked = await member(t);
      const kept = await create(t, { ...body(), serviceIds: [serviceId], userId: linked });
      expect(kept.status).toBe(201);
      // A well-formed id of a user who is not a member (the membership item is written only now, elsewhere).
      const stranger = randomUUID();
      const fill = (value: unknown) =>
        JSON.parse(
          JSON.stringify(value ?? null)
            .replaceAll('{serviceId}', serviceId)
            .replaceAll('{linkable}', stranger),
        ) as unknown;
      const snapshot = async () => [await listAll(t), await linkOf(t, linked), await linkOf(t, stranger)];
      const before = await snapshot();
      const url = `/v1/tenants/${t}/${path.replace('{staffId}', kept.body.staffId)}`;
      const res = await call(method, url, sent === undefined ? undefined : fill(sent));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
      expect(await snapshot()).toEqual(before);
    });
  });

  it('lets an employee (appointments:read) list and read staff, but not create, change or delete them', async () => {
    const t = await salon();
    const employee = await signUpAndSignIn(e, 'staff-employee');
    await addMember(t, employee.userId, employee.email, 'employee');
    const made = await create(t, { ...sampleStaffBody(), userId: employee.userId });
    expect(made.status).toBe(201);
    const as = (method: string, path: string, body?: unknown) =>
      api(method, `/v1/tenants/${t}/${path}`, { token: employee.accessToken, body });
    expect((await as('GET', 'staff')).body).toEqual({ items: [made.body], nextCursor: null });
    expect((await as('GET', `staff/${made.body.staffId}`)).body).toEqual(made.body);
    for (const [method, path, body, permission] of [
      ['POST', 'staff', sampleStaffBody(), 'users:create'],
      ['PATCH', `staff/${made.body.staffId}`, { name: 'Me' }, 'users:update'],
      ['DELETE', `staff/${made.body.staffId}`, undefined, 'users:delete'],
    ] as const) {
      const res = await as(method, path, body);
      expect([method, res.status]).toEqual([method, 403]);
      expect(res.body).toMatchObject({ error: { code: 'FORBIDDEN', details: { permission, role: 'employee' } } });
    }
    expect(await listAll(t)).toEqual([made.body]);
  });
});
