import { describe, expect, it } from 'vitest';
import { contractViolation } from '../support/contract';

const tenant = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
const clients = `/v1/tenants/${tenant}/clients`;
const client = {
  clientId: tenant,
  name: 'Ada',
  notifications: { email: true, sms: true },
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
};
const envelope = { error: { code: 'NOT_FOUND', message: 'The resource does not exist.' }, requestId: 'r-1' };
const none = new Headers();

describe('the e2e contract hook (tests/support/contract.ts)', () => {
  it('lets through answers the document declares', () => {
    expect(contractViolation('GET', `${clients}?limit=2`, 200, none, { items: [client], nextCursor: null })).toBeUndefined();
    expect(contractViolation('POST', clients, 201, none, { ...client, email: 'ada@example.com' })).toBeUndefined();
    expect(contractViolation('GET', `${clients}/${tenant}`, 404, none, envelope)).toBeUndefined();
    expect(contractViolation('DELETE', `${clients}/${tenant}`, 204, none, undefined)).toBeUndefined();
    expect(contractViolation('GET', '/v1/no-such-route', 404, none, envelope)).toBeUndefined();
    expect(contractViolation('GET', clients, 429, new Headers({ 'retry-after': '5' }), envelope)).toBeUndefined();
  });

  it('catches a field the schema does not have, and one it misses', () => {
    expect(contractViolation('POST', clients, 201, none, { ...client, internal: 'x' })).toMatch(/additional properties/);
    const { name: _, ...nameless } = client;
    expect(contractViolation('GET', `${clients}/${tenant}`, 200, none, nameless)).toMatch(/required property 'name'/);
    expect(contractViolation('GET', clients, 200, none, { items: [client] })).toMatch(/nextCursor/);
  });

  it('catches a status the operation does not declare, and a body where none is due', () => {
    expect(contractViolation('POST', clients, 200, none, client)).toMatch(/does not declare 200/);
    expect(contractViolation('DELETE', `${clients}/${tenant}`, 204, none, {})).toMatch(/answers no body/);
    expect(contractViolation('PUT', clients, 200, none, {})).toMatch(/does not have/);
  });

  it('holds every error to the envelope, and 429/503 to Retry-After', () => {
    expect(contractViolation('GET', clients, 400, none, { message: 'bad' })).toMatch(/required property 'error'/);
    expect(contractViolation('GET', clients, 403, none, { ...envelope, stack: 'x' })).toMatch(/additional properties/);
    expect(contractViolation('GET', clients, 429, none, envelope)).toMatch(/Retry-After/);
    expect(contractViolation('GET', clients, 503, none, envelope)).toMatch(/Retry-After/);
  });
});
