/**
 * The DynamoDB calls each staff route makes, counted against a mocked client: reads are one Get or one
 * Query, creates one transaction that checks the services and the member it names, and cancellation
 * reasons map back to the ids that failed. Every write transaction starts with the write guard (the
 * caller's membership, the salon): `own` leaves those two out.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { calls, ctx, ddb, tenantId } from '../../support/dynamodb-mock';
import { idempotencyRecordPut } from '../../../functions/shared/repositories/idempotency';
import * as staff from '../../../functions/shared/repositories/staff';

const id = '01JABCDEFGHJKMNPQRSTVWXYZ1';
const [svcA, svcB] = ['01JABCDEFGHJKMNPQRSTVWXYZ2', '01JABCDEFGHJKMNPQRSTVWXYZ3'];
const now = '2026-01-01T00:00:00.000Z';
const hours = { mon: [{ start: '09:00', end: '12:00' }] };
const staffItem = {
  PK: `TENANT#${tenantId}`,
  SK: `SALON#STAFF#${id}`,
  entity: 'staff',
  staffId: id,
  name: 'Camille',
  serviceIds: [svcA],
  workingHours: hours,
  timeOff: [],
  createdAt: now,
  updatedAt: now,
};
const linked = { ...staffItem, userId: 'member-1' };
const page = { limit: 50 };
const input = { name: 'Camille', serviceIds: [] as string[], workingHours: hours };

const allItems = (n = 0) => ddb.commandCalls(TransactWriteCommand)[n]?.args[0].input.TransactItems ?? [];
/** The write's own items, after the guard's two. */
const transactItems = (n = 0) => allItems(n).slice(2);
const GUARD_OK = ['None', 'None'];
const kinds = (n = 0) => transactItems(n).map((i) => Object.keys(i)[0]);
const sortKeys = (n = 0) =>
  transactItems(n).map((i) => {
    const op = Object.values(i)[0] as { Key?: { SK: string }; Item?: { SK: string } };
    return (op.Key ?? op.Item)?.SK;
  });
const cancel = (codes: string[]) =>
  new TransactionCanceledException({
    message: 'x',
    $metadata: {},
    CancellationReasons: [...GUARD_OK, ...codes].map((Code) => ({ Code })),
  });
const FAIL = 'ConditionalCheckFailed';

describe('DynamoDB calls per staff route', () => {
  beforeEach(() => {
    ddb.reset();
    ddb.on(GetCommand).resolves({ Item: staffItem });
    ddb.on(QueryCommand).resolves({ Items: [staffItem] });
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({ Attributes: { ...staffItem, name: 'B' } });
    ddb.on(DeleteCommand).resolves({});
  });

  it.each([
    ['createStaff', () => staff.createStaff(ctx, input), { TransactWriteCommand: 1 }],
    [
      'createStaff (services, member)',
      () => staff.createStaff(ctx, { ...input, serviceIds: [svcA, svcB], userId: 'member-1' }),
      { TransactWriteCommand: 1 },
    ],
    ['listStaff', () => staff.listStaff(ctx, page), { QueryCommand: 1 }],
    ['getStaff', () => staff.getStaff(ctx, id), { GetCommand: 1 }],
    [
      'updateStaff (name, hours, time off)',
      () => staff.updateStaff(ctx, id, { name: 'B', timeOff: [] }),
      { TransactWriteCommand: 1, GetCommand: 1 },
    ],
    [
      'updateStaff (services)',
      () => staff.updateStaff(ctx, id, { serviceIds: [svcB] }),
      { GetCommand: 1, TransactWriteCommand: 1 },
    ],
    ['updateStaff (link)', () => staff.updateStaff(ctx, id, { userId: 'member-2' }), { GetCommand: 1, TransactWriteCommand: 1 }],
    ['deleteStaff (unlinked)', () => staff.deleteStaff(ctx, id), { QueryCommand: 1, GetCommand: 1, TransactWriteCommand: 1 }],
  ] as const)('%s', async (_name, run, expected) => {
    await run();
    expect(calls()).toEqual(expected);
  });

  it('reads with one consistent Get and lists with one Query of the staff prefix, in creation order', async () => {
    expect(await staff.getStaff(ctx, id)).toEqual({
      staffId: id,
      name: 'Camille',
      serviceIds: [svcA],
      workingHours: hours,
      timeOff: [],
      createdAt: now,
      updatedAt: now,
    });
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({ ConsistentRead: true });
    const listed = await staff.listStaff(ctx, { limit: 2 });
    expect(listed.items.map((s) => s.staffId)).toEqual([id]);
    const query = ddb.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(query).toMatchObject({
      Limit: 2,
      ExpressionAttributeValues: { ':pk': `TENANT#${tenantId}`, ':prefix': 'SALON#STAFF#' },
    });
    expect(query?.ScanIndexForward).not.toBe(false);
  });

  it('toStaff keeps the weekdays in order, drops what is not a staff field, and the link only when set', () => {
    const out = staff.toStaff({
      ...staffItem,
      workingHours: { sun: [{ start: '10:00', end: '12:00' }], mon: [], holidays: [] },
      userId: null,
    });
    expect(Object.keys(out.workingHours)).toEqual(['mon', 'sun']);
    expect(out).not.toHaveProperty('userId');
    expect(out).not.toHaveProperty('PK');
    expect(out).not.toHaveProperty('entity');
    expect(staff.toStaff(linked).userId).toBe('member-1');
  });

  it('starts every write with the guard: the caller still holds their role, the salon is alive and not suspended', async () => {
    await staff.createStaff(ctx, input);
    const [caller, salon] = allItems();
    expect(caller?.ConditionCheck).toMatchObject({
      Key: { PK: `TENANT#${tenantId}`, SK: 'MEMBER#u1' },
      ConditionExpression: '#gRole = :gRole',
      ExpressionAttributeValues: { ':gRole': 'owner' },
    });
    expect(salon?.ConditionCheck?.Key).toEqual({ PK: `TENANT#${tenantId}`, SK: 'SALON' });
    expect(salon?.ConditionCheck?.ConditionExpression).toContain('NOT (#gStatus IN (:gSuspended0, :gSuspended1))');
  });

  it('linking the caller themselves, their guard step stands for the member check (one operation per item)', async () => {
    await staff.createStaff(ctx, { ...input, userId: 'u1' });
    const keys = allItems().map((i) => {
      const op = Object.values(i)[0] as { Key?: { SK: string }; Item?: { SK: string } };
      return (op.Key ?? op.Item)?.SK;
    });
    // The last item is the audit entry (TENANT#<id>#AUDIT / <ULID>), one more item of the same transaction.
    expect(keys).toEqual([
      'MEMBER#u1',
      'SALON',
      expect.stringMatching(/^SALON#STAFF#/),
      'STAFF_USER#u1',
      expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
    ]);
  });

  it('creates in one transaction: staff, a check per service, the membership check, the member link, the idempotency record', async () => {
    const claim = { routeId: 'createStaff', key: 'k', requestHash: 'h' };
    const made = await staff.createStaff(ctx, { ...input, serviceIds: [svcA, svcB], userId: 'member-1' }, (r) =>
      idempotencyRecordPut(ctx, claim, { statusCode: 201, body: JSON.stringify(r) }),
    );
    expect(kinds()).toEqual(['Put', 'ConditionCheck', 'ConditionCheck', 'ConditionCheck', 'Put', 'Put', 'Put']);
    expect(sortKeys()).toEqual([
      `SALON#STAFF#${made.staffId}`,
      `SALON#SERVICE#${svcA}`,
      `SALON#SERVICE#${svcB}`,
      'MEMBER#member-1',
      'STAFF_USER#member-1',
      expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
      expect.stringMatching(/^IDEMPOTENCY#createStaff#/),
    ]);
    const items = transactItems();
    expect(items[0]?.Put?.Item).toMatchObject({ entity: 'staff', staffId: made.staffId, timeOff: [], userId: 'member-1' });
    expect(items[0]?.Put?.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(items[3]?.ConditionCheck?.Key).toEqual({ PK: `TENANT#${tenantId}`, SK: 'MEMBER#member-1' });
    expect(items[4]?.Put).toMatchObject({
      Item: { entity: 'staffUser', staffId: made.staffId, userId: 'member-1' },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(items[5]?.Put?.Item).toMatchObject({ PK: `TENANT#${tenantId}#AUDIT`, action: 'create', resource: 'staff' });
    for (const item of items.filter((_, i) => i !== 5)) {
      const op = Object.values(item)[0] as { Key?: { PK: string }; Item?: { PK: string } };
      expect((op.Key ?? op.Item)?.PK).toBe(`TENANT#${tenantId}`);
    }
  });

  it('maps cancellation reasons back to the unknown service ids and the non-member (400), and a taken member (409)', async () => {
    const body = { ...input, serviceIds: [svcA, svcB], userId: 'member-1' };
    ddb.on(TransactWriteCommand).rejects(cancel(['None', 'None', FAIL, 'None', 'None']));
    await expect(staff.createStaff(ctx, body)).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      details: [{ in: 'body', path: 'serviceIds.1', message: expect.stringContaining(svcB) }],
    });
    ddb.on(TransactWriteCommand).rejects(cancel(['None', FAIL, FAIL, FAIL, 'None']));
    await expect(staff.createStaff(ctx, body)).rejects.toMatchObject({
      status: 400,
      details: [
        { path: 'serviceIds.0', message: expect.stringContaining(svcA) },
        { path: 'serviceIds.1', message: expect.stringContaining(svcB) },
        { path: 'userId', message: expect.stringContaining('member-1') },
      ],
    });
    ddb.on(TransactWriteCommand).rejects(cancel(['None', 'None', 'None', 'None', FAIL]));
    await expect(staff.createStaff(ctx, body)).rejects.toMatchObject({
      status: 409,
      code: 'STAFF_USER_TAKEN',
      details: { userId: 'member-1' },
    });
  });

  it('rethrows a failure of the idempotency record as is, for idempotentCreate to replay', async () => {
    const failure = cancel(['None', FAIL]);
    ddb.on(TransactWriteCommand).rejects(failure);
    const claim = { routeId: 'createStaff', key: 'k', requestHash: 'h' };
    await expect(
      staff.createStaff(ctx, input, (r) => idempotencyRecordPut(ctx, claim, { statusCode: 201, body: JSON.stringify(r) })),
    ).rejects.toBe(failure);
  });

  it('moves the member link on PATCH: update on condition of the link read, check the member, put the new link, delete the old', async () => {
    ddb.on(GetCommand).resolves({ Item: linked });
    const out = await staff.updateStaff(ctx, id, { userId: 'member-2', serviceIds: [svcB] });
    expect(out).toMatchObject({ userId: 'member-2', serviceIds: [svcB], name: 'Camille' });
    expect(kinds()).toEqual(['Update', 'ConditionCheck', 'ConditionCheck', 'Put', 'Delete', 'Put']);
    expect(sortKeys()).toEqual([
      `SALON#STAFF#${id}`,
      `SALON#SERVICE#${svcB}`,
      'MEMBER#member-2',
      'STAFF_USER#member-2',
      'STAFF_USER#member-1',
      expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
    ]);
    const update = transactItems()[0]?.Update;
    // The services read are still the services: the entry's `from` is what the write replaced.
    expect(update?.ConditionExpression).toBe('attribute_exists(PK) AND userId = :was AND #p0 = :p0');
    expect(update?.ExpressionAttributeNames).toMatchObject({ '#p0': 'serviceIds' });
    expect(update?.ExpressionAttributeValues).toMatchObject({ ':was': 'member-1', ':p0': linked.serviceIds });
  });

  it('unlinks with userId null (REMOVE and delete the link) and leaves the link alone when it does not change', async () => {
    ddb.on(GetCommand).resolves({ Item: linked });
    const out = await staff.updateStaff(ctx, id, { userId: null });
    expect(out).not.toHaveProperty('userId');
    expect(kinds()).toEqual(['Update', 'Delete', 'Put']);
    expect(transactItems()[0]?.Update?.UpdateExpression).toMatch(/REMOVE #u\d/);
    expect(sortKeys()[1]).toBe('STAFF_USER#member-1');

    await staff.updateStaff(ctx, id, { userId: 'member-1' });
    expect(kinds(1)).toEqual(['Update', 'ConditionCheck', 'Put']);
  });

  it('reads again when the record changed between the Get and the transaction, and gives up with 409 after 3 attempts', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancel([FAIL, 'None']))
      .resolves({});
    await staff.updateStaff(ctx, id, { serviceIds: [svcA] });
    expect(calls()).toEqual({ GetCommand: 2, TransactWriteCommand: 2 });

    ddb.resetHistory();
    ddb.on(TransactWriteCommand).rejects(cancel([FAIL, 'None']));
    await expect(staff.updateStaff(ctx, id, { serviceIds: [svcA] })).rejects.toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(calls()).toEqual({ GetCommand: 3, TransactWriteCommand: 3 });
  });

  it('answers a racing transaction on the same items (AWS only) with a retry, then 409; with a key leaves it to idempotentCreate', async () => {
    const conflict = cancel(['None', 'TransactionConflict']);
    ddb.on(TransactWriteCommand).rejectsOnce(conflict).resolves({});
    await staff.updateStaff(ctx, id, { userId: 'member-2' });
    expect(calls()).toEqual({ GetCommand: 2, TransactWriteCommand: 2 });

    ddb.on(TransactWriteCommand).rejects(conflict);
    await expect(staff.createStaff(ctx, { ...input, userId: 'member-2' })).rejects.toMatchObject({
      status: 409,
      code: 'CONFLICT',
    });
    const claim = { routeId: 'createStaff', key: 'k', requestHash: 'h' };
    await expect(
      staff.createStaff(ctx, input, (r) => idempotencyRecordPut(ctx, claim, { statusCode: 201, body: JSON.stringify(r) })),
    ).rejects.toBe(conflict);
  });

  it('deletes a linked staff member: a Get for the link, then one transaction deletes both on condition of it', async () => {
    ddb.on(GetCommand).resolves({ Item: linked });
    await staff.deleteStaff(ctx, id);
    expect(calls()).toEqual({ QueryCommand: 1, GetCommand: 1, TransactWriteCommand: 1 });
    expect(kinds()).toEqual(['Delete', 'Delete', 'Put']);
    expect(sortKeys()).toEqual([`SALON#STAFF#${id}`, 'STAFF_USER#member-1', expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/)]);
    expect(transactItems()[0]?.Delete?.ExpressionAttributeValues).toEqual({ ':was': 'member-1' });
  });

  it('refuses to delete a staff member with appointments to come, writing nothing', async () => {
    ddb.on(QueryCommand).resolves({ Count: 1, Items: [] });
    await expect(staff.deleteStaff(ctx, id)).rejects.toMatchObject({ status: 409, code: 'STAFF_HAS_APPOINTMENTS' });
    expect(calls()).toEqual({ QueryCommand: 1 });
    // One item of the sparse open timeline, however many cancelled ones the staff member has.
    const query = ddb.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(query).toMatchObject({
      IndexName: 'GSI4',
      Limit: 1,
      Select: 'COUNT',
      ExpressionAttributeValues: { ':pk': `TENANT#${tenantId}#STAFF#${id}#OPEN` },
    });
    expect(query?.FilterExpression).toBeUndefined();
  });

  it('answers 404 for an id that is not the tenant’s, writing nothing', async () => {
    ddb.on(GetCommand).resolves({});
    await expect(staff.getStaff(ctx, id)).rejects.toMatchObject({ status: 404 });
    await expect(staff.deleteStaff(ctx, id)).rejects.toMatchObject({ status: 404 });
    await expect(staff.updateStaff(ctx, id, { userId: 'member-2' })).rejects.toMatchObject({ status: 404 });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    // A plain update goes straight to its transaction, whose condition refuses a record that is not there.
    ddb.on(TransactWriteCommand).rejects(cancel([FAIL]));
    await expect(staff.updateStaff(ctx, id, { name: 'B' })).rejects.toMatchObject({ status: 404 });
  });
});
