import { describe, expect, it } from 'vitest';
import { TABLE } from '../../../../functions/shared/db/table';
import { CorruptItemError } from '../../../../functions/shared/entities/codec';
import {
  erasureAnswer,
  erasureContacts,
  erasureKey,
  erasureProgress,
  erasureStart,
  toErasure,
} from '../../../../functions/shared/entities/erasure';
import { testCipher } from '../../../support/field-cipher';

const cipher = testCipher();
const now = '2026-12-01T10:00:00.000Z';
const started = (contacts = { email: 'ana@example.test', phone: undefined }) =>
  erasureStart('T', 't', { clientId: 'c1', contacts, cipher, requestedBy: 'u1', now }).item.Put?.Item ?? {};

describe('a client’s erasure item', () => {
  it('starts once, at its first phase, its contacts sealed, and reads back as started', () => {
    const item = started();
    expect(JSON.stringify(item)).not.toContain('ana@example.test');
    const e = toErasure(item);
    expect(e).toMatchObject({ clientId: 'c1', state: 'erasing', phase: 'appointments', page: 0, cursor: undefined });
    expect(e && erasureContacts(cipher, e)).toEqual({ email: 'ana@example.test', phone: undefined });
    expect(e && erasureAnswer(e)).toEqual({
      clientId: 'c1',
      state: 'erasing',
      requestedAt: now,
      counts: { appointments: 0, files: 0, messages: 0, records: 0 },
    });
    expect(toErasure(undefined)).toBeUndefined();
    expect(toErasure({ ...item, [TABLE.entityAttribute]: 'client' })).toBeUndefined();
  });

  it('refuses contacts that do not open to an email and a phone', () => {
    const e = toErasure(started());
    if (!e) throw new Error('no erasure');
    const sealedAs = (value: unknown) =>
      cipher.encrypt({ entity: 'erasure', id: 'c1', field: 'contacts' }, JSON.stringify(value));
    expect(() => erasureContacts(cipher, { ...e, contacts: sealedAs({ email: 'x' }) })).toThrow(CorruptItemError);
    expect(() => erasureContacts(cipher, { ...e, contacts: sealedAs([7]) })).toThrow(CorruptItemError);
    expect(erasureContacts(cipher, { ...e, contacts: undefined })).toEqual({ email: undefined, phone: undefined });
  });

  it('a page moves on the counter read and adds its counts; the last one ends it and drops the contacts', () => {
    const e = toErasure(started());
    if (!e) throw new Error('no erasure');
    const page = erasureProgress(
      'T',
      erasureKey('t', 'c1'),
      e,
      { phase: 'appointments', cursor: { SK: 'x' } },
      { appointments: 25 },
    ).item.Update;
    expect(page?.ConditionExpression).toBe('#page = :read');
    expect(page?.ExpressionAttributeValues).toMatchObject({ ':read': 0, ':next': 1, ':appointments': 25 });
    expect(page?.UpdateExpression).not.toContain('REMOVE');
    const last = erasureProgress('T', erasureKey('t', 'c1'), { ...e, page: 9 }, { phase: 'done' }, {}).item.Update;
    expect(last?.UpdateExpression).toMatch(/REMOVE #cursor, contacts$/);
    expect(last?.ExpressionAttributeValues).toMatchObject({ ':read': 9, ':erased': 'erased' });
  });
});
