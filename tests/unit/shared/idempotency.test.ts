import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { ctx, ddb } from '../../support/dynamodb-mock';
import { idempotencyKeyOf, idempotentCreate, keyDerivedSecret } from '../../../functions/shared/middleware/idempotency';
import {
  IDEMPOTENCY_PREFIX,
  canonicalJson,
  idempotencyRecordAnswer,
  idempotencyRecordDelete,
  idempotencyRecordKey,
  requestHash,
} from '../../../functions/shared/repositories/idempotency';
import { CorruptItemError } from '../../../functions/shared/entities/codec';
import { idempotencyKey } from '../../../functions/shared/db/keys';

const eventWith = (headers: Record<string, string>) => ({ headers }) as unknown as APIGatewayProxyEvent;
const cancelled = (code: string) =>
  new TransactionCanceledException({ message: 'x', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: code }] });
const live = () => Math.floor(Date.now() / 1000) + 3600;

describe('Idempotency-Key header', () => {
  it.each([
    ['a UUID', '3f0b4c9e-2a4d-4d8e-9d43-0c1a2b3c4d5e'],
    ['one character', 'k'],
    ['255 printable characters with spaces and #', `${'#a '.repeat(85)}`],
  ])('accepts %s', (_n, key) => {
    expect(idempotencyKeyOf(eventWith({ 'idempotency-key': key }))).toBe(key);
  });

  it('reads the header whatever its casing, and is optional', () => {
    expect(idempotencyKeyOf(eventWith({ 'Idempotency-Key': 'abc' }))).toBe('abc');
    expect(idempotencyKeyOf(eventWith({}))).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['256 characters', 'k'.repeat(256)],
    ['a control character', 'a\u0001b'],
    ['non-ASCII', 'clé'],
  ])('refuses %s with 400', (_n, key) => {
    expect(() => idempotencyKeyOf(eventWith({ 'idempotency-key': key }))).toThrow(
      expect.objectContaining({ status: 400, details: [expect.objectContaining({ in: 'header', path: 'Idempotency-Key' })] }),
    );
  });
});

describe('request hash', () => {
  it('ignores key order and undefined fields, but not values', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(requestHash({ a: 1, b: 2 })).toBe(requestHash({ b: 2, a: 1, c: undefined }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
    expect(requestHash({ a: '1' })).not.toBe(requestHash({ a: 1 }));
  });
});

describe('idempotentCreate', () => {
  beforeEach(() => ddb.reset());
  const body = { name: 'A' };

  it('without a key just creates: no record, no read', async () => {
    let received: unknown = 'unset';
    const res = await idempotentCreate(ctx, { id: 'createClient' }, eventWith({}), body, async (recordFor) => {
      received = recordFor;
      return { id: 1 };
    });
    expect(res.statusCode).toBe(201);
    expect(received).toBeUndefined();
    expect(ddb.calls()).toHaveLength(0);
  });

  it('with a key hands the create a record holding its exact answer, claimed only if no live record holds the key', async () => {
    let record: ReturnType<NonNullable<Parameters<Parameters<typeof idempotentCreate>[4]>[0]>> | undefined;
    const res = await idempotentCreate(
      ctx,
      { id: 'createClient' },
      eventWith({ 'idempotency-key': 'k1' }),
      body,
      async (recordFor) => {
        record = recordFor?.({ id: 1 });
        return { id: 1 };
      },
    );
    expect(record?.Put?.Item).toMatchObject({ statusCode: 201, responseBody: res.body, requestHash: requestHash(body) });
    expect(String(record?.Put?.Item?.SK)).toMatch(/^IDEMPOTENCY#createClient#[0-9a-f]{64}$/);
    expect(record?.Put?.ConditionExpression).toBe('attribute_not_exists(PK) OR #ttl < :now');
  });

  it('replays the stored answer when the create fails on a key already used with the same body', async () => {
    ddb
      .on(GetCommand)
      .resolves({ Item: { requestHash: requestHash(body), statusCode: 201, responseBody: '{"id":0}', expiresAt: live() } });
    const res = await idempotentCreate(ctx, { id: 'createClient' }, eventWith({ 'idempotency-key': 'k1' }), body, async () => {
      throw cancelled('ConditionalCheckFailed');
    });
    expect(res).toMatchObject({ statusCode: 201, body: '{"id":0}', headers: { 'idempotent-replayed': 'true' } });
  });

  it('answers 422 for the same key with another body', async () => {
    ddb.on(GetCommand).resolves({ Item: { requestHash: 'other', statusCode: 201, responseBody: '{}', expiresAt: live() } });
    await expect(
      idempotentCreate(ctx, { id: 'createClient' }, eventWith({ 'idempotency-key': 'k1' }), body, async () => {
        throw cancelled('ConditionalCheckFailed');
      }),
    ).rejects.toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('passes the create’s own error on when no record exists, and answers 409 while a racing transaction holds the key', async () => {
    ddb.on(GetCommand).resolves({});
    const own = Object.assign(new Error('email taken'), { status: 409 });
    await expect(
      idempotentCreate(ctx, { id: 'createClient' }, eventWith({ 'idempotency-key': 'k1' }), body, async () => {
        throw own;
      }),
    ).rejects.toBe(own);
    await expect(
      idempotentCreate(ctx, { id: 'createClient' }, eventWith({ 'idempotency-key': 'k1' }), body, async () => {
        throw cancelled('TransactionConflict');
      }),
    ).rejects.toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_IN_PROGRESS' });
  });

  it('keeps a secret field out of the record and derives it again, identical, on replay', async () => {
    let record: ReturnType<NonNullable<Parameters<Parameters<typeof idempotentCreate>[4]>[0]>> | undefined;
    let given: string | undefined;
    const event = eventWith({ 'idempotency-key': 'k-secret' });
    const first = await idempotentCreate(
      ctx,
      { id: 'createPublicBooking' },
      event,
      body,
      async (recordFor, secret) => {
        given = secret;
        record = recordFor?.({ id: 1, manageToken: secret });
        return { id: 1, manageToken: secret };
      },
      { secretField: 'manageToken' },
    );
    expect(given).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const item = record?.Put?.Item ?? {};
    expect(item.responseBody).toBe('{"id":1}');
    expect(JSON.stringify(item)).not.toContain(String(given));
    expect(given).toBe(keyDerivedSecret('k-secret', String(item.secretSalt)));
    ddb.on(GetCommand).resolves({ Item: { ...item, expiresAt: live() } });
    const replay = await idempotentCreate(
      ctx,
      { id: 'createPublicBooking' },
      event,
      body,
      async () => {
        throw cancelled('ConditionalCheckFailed');
      },
      { secretField: 'manageToken' },
    );
    expect(JSON.parse(replay.body)).toEqual(JSON.parse(first.body));
    // Another key cannot derive it from the same record.
    expect(keyDerivedSecret('k-other', String(item.secretSalt))).not.toBe(given);
  });

  it('gives the create no secret without a key, and a fresh salt (so another secret) per request', async () => {
    const secrets: Array<string | undefined> = [];
    const run = (headers: Record<string, string>) =>
      idempotentCreate(ctx, { id: 'createPublicBooking' }, eventWith(headers), body, async (_r, secret) => secrets.push(secret), {
        secretField: 'manageToken',
      });
    await run({});
    await run({ 'idempotency-key': 'same' });
    await run({ 'idempotency-key': 'same' });
    expect(secrets[0]).toBeUndefined();
    expect(secrets[1]).not.toBe(secrets[2]);
  });

  it('ignores an expired record (TTL not yet applied)', async () => {
    ddb.on(GetCommand).resolves({ Item: { requestHash: 'other', statusCode: 201, responseBody: '{}', expiresAt: 1 } });
    const own = new Error('create failed');
    await expect(
      idempotentCreate(ctx, { id: 'createClient' }, eventWith({ 'idempotency-key': 'k1' }), body, async () => {
        throw own;
      }),
    ).rejects.toBe(own);
  });
});

describe('an idempotency record as the erasure reads it', () => {
  it('answers its stored body and key, refuses a record without them, and deletes by that key', () => {
    const key = idempotencyKey('t', 'createClient', 'h');
    expect(key.SK.startsWith(IDEMPOTENCY_PREFIX)).toBe(true);
    const item = { ...key, responseBody: '{"clientId":"c1"}' };
    expect(idempotencyRecordAnswer(item)).toBe('{"clientId":"c1"}');
    expect(idempotencyRecordKey(item)).toEqual(key);
    expect(() => idempotencyRecordAnswer({ ...key, body: '{}' })).toThrow(CorruptItemError);
    expect(idempotencyRecordDelete('T', key)).toEqual({ Delete: { TableName: 'T', Key: key } });
  });
});
