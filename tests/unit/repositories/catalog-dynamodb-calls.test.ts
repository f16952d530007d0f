/**
 * The DynamoDB calls each clients/services route makes, counted against a mocked client: every read
 * route is one Get or one Query, no route scans, and creates write in one transaction.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { calls, ctx, ddb, tenantId, withDataKey } from '../../support/dynamodb-mock';
import * as clients from '../../../functions/shared/repositories/clients';
import { idempotencyRecordPut } from '../../../functions/shared/repositories/idempotency';
import * as services from '../../../functions/shared/repositories/services';

const id = '01JABCDEFGHJKMNPQRSTVWXYZ1';
const now = '2026-01-01T00:00:00.000Z';
const clientItem = { clientId: id, name: 'A', email: 'a@example.test', createdAt: now, updatedAt: now };
const serviceItem = {
  serviceId: id,
  name: 'Cut',
  durationMinutes: 30,
  price: { amount: 100, currency: 'EUR' },
  createdAt: now,
  updatedAt: now,
};
const page = { limit: 50 };

describe('DynamoDB calls per clients/services route', () => {
  beforeEach(async () => {
    ddb.reset();
    ddb.on(GetCommand).resolves({
      Item: { ...clientItem, ...serviceItem, limits: { maxClients: 50 }, plan: 'free', settings: { timezone: 'Europe/Paris' } },
    });
    ddb.on(QueryCommand).resolves({ Items: [] });
    // The client found, its subject key not (a client from before subject keys).
    ddb.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: Array<{ PK: string; SK: string }> }> }) => ({
      Responses: Object.fromEntries(
        Object.entries(input.RequestItems).map(([t, r]) => [
          t,
          r.Keys.filter((k) => k.SK.startsWith('CLIENT#')).map((k) => ({ ...k, ...clientItem })),
        ]),
      ),
    }));
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({ Attributes: { ...clientItem, ...serviceItem } });
    ddb.on(DeleteCommand).resolves({});
    await withDataKey();
  });

  it.each([
    [
      'createClient',
      () => clients.createClient(ctx, { name: 'A', email: 'a@example.test' }),
      { GetCommand: 1, TransactWriteCommand: 1 },
    ],
    ['listClients', () => clients.listClients(ctx, page), { QueryCommand: 1 }],
    ['listClients?email=', () => clients.listClients(ctx, page, { email: 'a@example.test' }), { QueryCommand: 1 }],
    ['getClient', () => clients.getClient(ctx, id), { GetCommand: 1 }],
    // Two Gets: the client and its subject key (the audit entry's personal values are sealed under it).
    ['updateClient (no email)', () => clients.updateClient(ctx, id, { name: 'B' }), { TransactWriteCommand: 1, GetCommand: 2 }],
    // One BatchGet: the client with its subject key.
    [
      'updateClient (email)',
      () => clients.updateClient(ctx, id, { email: 'b@example.test' }),
      { BatchGetCommand: 1, TransactWriteCommand: 1 },
    ],
    ['deleteClient', () => clients.deleteClient(ctx, id), { BatchGetCommand: 1, TransactWriteCommand: 1 }],
    [
      'createService',
      () => services.createService(ctx, { name: 'Cut', durationMinutes: 30, price: { amount: 1, currency: 'EUR' } }),
      { TransactWriteCommand: 1 },
    ],
    ['listServices', () => services.listServices(ctx, page), { QueryCommand: 1 }],
    ['getService', () => services.getService(ctx, id), { GetCommand: 1 }],
    ['updateService', () => services.updateService(ctx, id, { active: false }), { TransactWriteCommand: 1, GetCommand: 1 }],
    ['deleteService', () => services.deleteService(ctx, id), { TransactWriteCommand: 1 }],
  ] as const)('%s', async (_name, run, expected) => {
    await run();
    expect(calls()).toEqual(expected);
  });

  it('lists clients by email with one Query on GSI1 under the tenant-prefixed key', async () => {
    await clients.listClients(ctx, page, { email: 'A@Example.test' });
    const input = ddb.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(input?.IndexName).toBe('GSI1');
    expect(String(input?.ExpressionAttributeValues?.[':pk'])).toMatch(
      new RegExp(`^TENANT#${tenantId}#CLIENTEMAIL#[0-9a-f]{64}$`),
    );
  });

  it('creates a client in one transaction: caller, salon (limit and state), client, email item, bounded counter, audit entry, subject key, idempotency record, daily counter', async () => {
    const claim = { routeId: 'createClient', key: 'k', requestHash: 'h' };
    await clients.createClient(ctx, { name: 'A', email: 'a@example.test' }, (r) =>
      idempotencyRecordPut(ctx, claim, { statusCode: 201, body: JSON.stringify(r) }),
    );
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    // One item more than before the audit log (its entry), then the daily analytics counter: one round trip.
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(items.map((i) => Object.keys(i)[0])).toEqual([
      'ConditionCheck',
      'ConditionCheck',
      'Put',
      'Put',
      'Update',
      'Put',
      'Put',
      'Put',
      'Update',
    ]);
    expect(items[6]?.Put?.Item).toMatchObject({ SK: expect.stringMatching(/^SUBJECTKEY#/) });
    expect(items[8]?.Update?.Key).toMatchObject({ SK: expect.stringMatching(/^STATS#\d{4}-\d{2}-\d{2}$/) });
    expect(items[0]?.ConditionCheck?.Key).toEqual({ PK: `TENANT#${tenantId}`, SK: 'MEMBER#u1' });
    expect(items[0]?.ConditionCheck?.ExpressionAttributeValues).toEqual({ ':gRole': 'owner' });
    expect(items[1]?.ConditionCheck?.ConditionExpression).toContain('attribute_not_exists(#gDeletedAt)');
    expect(items[1]?.ConditionCheck?.ExpressionAttributeValues).toMatchObject({ ':limit': 50, ':gSuspended0': 'canceled' });
    expect(items[4]?.Update?.ConditionExpression).toContain('<= :max');
    expect(items[4]?.Update?.ExpressionAttributeValues).toMatchObject({ ':amount': 1, ':max': 49 });
    expect(items[5]?.Put?.Item).toMatchObject({
      PK: `TENANT#${tenantId}#AUDIT`,
      entity: 'audit',
      action: 'create',
      resource: 'client',
    });
    expect(items[5]?.Put?.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(items[7]?.Put?.Item).toMatchObject({ entity: 'idempotencyRecord', statusCode: 201, requestHash: 'h' });
    for (const item of items.filter((_, i) => i !== 5)) {
      const key = Object.values(item)[0] as { Key?: { PK: string }; Item?: { PK: string } };
      expect((key.Key ?? key.Item)?.PK).toBe(`TENANT#${tenantId}`);
    }
  });

  it('maps cancellation reasons to 409 CLIENT_EMAIL_TAKEN and 402 PLAN_LIMIT_EXCEEDED', async () => {
    const cancel = (codes: string[]) =>
      new TransactionCanceledException({ message: 'x', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
    // Steps: caller, salon, client, [client email], client count.
    ddb.on(TransactWriteCommand).rejects(cancel(['None', 'None', 'None', 'ConditionalCheckFailed', 'ConditionalCheckFailed']));
    await expect(clients.createClient(ctx, { name: 'A', email: 'a@example.test' })).rejects.toMatchObject({
      status: 409,
      code: 'CLIENT_EMAIL_TAKEN',
    });
    ddb.on(TransactWriteCommand).rejects(cancel(['None', 'None', 'None', 'ConditionalCheckFailed']));
    await expect(clients.createClient(ctx, { name: 'A' })).rejects.toMatchObject({ status: 402, code: 'PLAN_LIMIT_EXCEEDED' });
  });

  it('answers 404 for an id that is not the tenant’s', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(BatchGetCommand).resolves({ Responses: {} });
    await expect(clients.getClient(ctx, id)).rejects.toMatchObject({ status: 404 });
    await expect(clients.deleteClient(ctx, id)).rejects.toMatchObject({ status: 404 });
    await expect(services.getService(ctx, id)).rejects.toMatchObject({ status: 404 });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
