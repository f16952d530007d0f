import { describe, expect, it } from 'vitest';
import { clientEmailKey, clientEmailLookupKeys, clientKey, idempotencyKey, serviceKey } from '../../../functions/shared/db/keys';
import { updateParts } from '../../../functions/shared/db/update-expression';
import { CreateClientBody, UpdateClientBody } from '../../../functions/shared/domain/client-input';
import { emailKeyHash } from '../../../functions/shared/domain/email';
import { CreateServiceBody, UpdateServiceBody } from '../../../functions/shared/domain/service-input';

describe('catalog keys', () => {
  it('keeps clients, their email items, services and idempotency records in the tenant partition', () => {
    expect(clientKey('t1', 'c1')).toEqual({ PK: 'TENANT#t1', SK: 'CLIENT#c1' });
    expect(clientEmailKey('t1', 'h')).toEqual({ PK: 'TENANT#t1', SK: 'CLIENTEMAIL#h' });
    expect(clientEmailLookupKeys('t1', 'h', 'c1')).toEqual({ GSI1PK: 'TENANT#t1#CLIENTEMAIL#h', GSI1SK: 'CLIENT#c1' });
    expect(serviceKey('t1', 's1')).toEqual({ PK: 'TENANT#t1', SK: 'SALON#SERVICE#s1' });
    expect(idempotencyKey('t1', 'createClient', 'h')).toEqual({ PK: 'TENANT#t1', SK: 'IDEMPOTENCY#createClient#h' });
    expect(() => clientKey('t1', 'a#b')).toThrow();
    expect(() => idempotencyKey('t1', 'createClient', 'a#b')).toThrow();
  });

  it('hashes emails case- and space-insensitively', () => {
    expect(emailKeyHash(' A@Example.test ')).toBe(emailKeyHash('a@example.test'));
    expect(emailKeyHash('a@example.test')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('update expressions', () => {
  it('sets values, removes nulls and skips undefined, with placeholders only', () => {
    expect(updateParts({ name: 'B', phone: null, notes: undefined, updatedAt: 'now' })).toEqual({
      UpdateExpression: 'SET #u0 = :u0, #u2 = :u2 REMOVE #u1',
      ExpressionAttributeNames: { '#u0': 'name', '#u1': 'phone', '#u2': 'updatedAt' },
      ExpressionAttributeValues: { ':u0': 'B', ':u2': 'now' },
    });
    expect(() => updateParts({ a: undefined })).toThrow();
  });
});

describe('client and service input', () => {
  it('trims names and refuses unknown fields', () => {
    expect(CreateClientBody.parse({ name: '  Ana ' })).toEqual({ name: 'Ana' });
    expect(CreateClientBody.safeParse({ name: 'Ana', id: 'x' }).success).toBe(false);
    expect(UpdateClientBody.safeParse({}).success).toBe(false);
    expect(UpdateClientBody.parse({ email: null, phone: null })).toEqual({ email: null, phone: null });
  });

  it.each([
    [{ amount: 0, currency: 'EUR' }, true],
    [{ amount: 4500, currency: 'JPY' }, true],
    [{ amount: -1, currency: 'EUR' }, false],
    [{ amount: 1.5, currency: 'EUR' }, false],
    [{ amount: 1, currency: 'eur' }, false],
    [{ amount: 1, currency: 'EURO' }, false],
    [{ amount: 1 }, false],
    [{ amount: 1, currency: 'EUR', extra: 1 }, false],
  ])('money %j valid: %s', (price, valid) => {
    expect(CreateServiceBody.safeParse({ name: 'Cut', durationMinutes: 30, price }).success).toBe(valid);
  });

  it('bounds durations and buffers', () => {
    const base = { name: 'Cut', price: { amount: 1, currency: 'EUR' } };
    expect(CreateServiceBody.safeParse({ ...base, durationMinutes: 1440 }).success).toBe(true);
    expect(CreateServiceBody.safeParse({ ...base, durationMinutes: 1441 }).success).toBe(false);
    expect(CreateServiceBody.safeParse({ ...base, durationMinutes: 30, bufferBeforeMinutes: 241 }).success).toBe(false);
    expect(UpdateServiceBody.safeParse({}).success).toBe(false);
    expect(UpdateServiceBody.safeParse({ durationMinutes: null }).success).toBe(false);
  });
});
