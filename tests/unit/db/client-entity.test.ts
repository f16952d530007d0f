import '../../support/dynamodb-mock';
import { describe, expect, it } from 'vitest';
import { CorruptItemError } from '../../../functions/shared/entities/codec';
import {
  clientRemovalSteps,
  newClientSteps,
  sealClientFields,
  toClient as decode,
} from '../../../functions/shared/entities/client';
import { isEncrypted } from '../../../functions/shared/crypto/fields';
import { testCipher } from '../../support/field-cipher';

const cipher = testCipher('t');
const toClient = (i: Parameters<typeof decode>[0]) => decode(i, cipher);

const item = { clientId: '01JABCDEFGHJKMNPQRSTVWXYZ0', name: 'Zoe', createdAt: 'c', updatedAt: 'u' };
const client = { ...item, notifications: { email: true, sms: true } };

describe('client entity', () => {
  it('parses a client item, optional fields only when they are strings', () => {
    expect(toClient({ ...item, email: 'z@example.test', phone: 5 })).toEqual({ ...client, email: 'z@example.test' });
  });

  it('reads notification preferences: defaults for old items, stored flags, and refuses a corrupt map', () => {
    expect(toClient({ ...item, notifications: { email: false, sms: true } }).notifications).toEqual({ email: false, sms: true });
    expect(toClient({ ...item, notifications: { sms: false } }).notifications).toEqual({ email: true, sms: false });
    expect(() => toClient({ ...item, notifications: { email: 'no' } })).toThrow('notifications.email');
    expect(() => toClient({ ...item, notifications: 'off' })).toThrow(CorruptItemError);
    // A list is not a map: it used to pass as an object and read as the defaults.
    expect(() => toClient({ ...item, notifications: [false, false] })).toThrow(CorruptItemError);
  });

  it("seals a patch's personal fields in place, keeping a removal (null) and the other fields as they are", () => {
    const patch = { name: 'Zoe', email: 'z@example.test', phone: null, updatedAt: 'u' };
    const sealed = sealClientFields(cipher, item.clientId, patch);
    expect(Object.keys(sealed)).toEqual(Object.keys(patch));
    expect(sealed).toMatchObject({ name: 'Zoe', phone: null, updatedAt: 'u' });
    expect(isEncrypted(sealed.email ?? '')).toBe(true);
    expect(toClient({ ...item, email: sealed.email }).email).toBe('z@example.test');
    expect(patch.email).toBe('z@example.test');
  });

  it('refuses an item missing a required field instead of answering "undefined"', () => {
    for (const field of ['clientId', 'name', 'createdAt', 'updatedAt'] as const) {
      const { [field]: _, ...rest } = item;
      expect(() => toClient(rest), field).toThrow(CorruptItemError);
      expect(() => toClient(rest), field).toThrow(field);
    }
  });

  it('writes a new client with its email item and counter, named steps each answering as the caller says', async () => {
    const taken = new Error('taken');
    const steps = newClientSteps('t', cipher, '01JABCDEFGHJKMNPQRSTVWXYZ1', { ...client, email: 'z@example.test' }, 10, {
      emailTaken: () => taken,
      limitReached: () => new Error('limit'),
    });
    expect(steps.map((s) => s.name)).toEqual(['client', 'clientEmail', 'clientCount']);
    expect(await steps[1]?.fails?.()).toBe(taken);
    expect(steps[0]?.item.Put?.Item).toMatchObject({ GSI1SK: `CLIENT#${item.clientId}`, entity: 'client' });
    expect(steps[0]?.item.Put?.Item).toMatchObject({ notifications: { email: true, sms: true } });
    const noEmail = newClientSteps('t', cipher, '01JABCDEFGHJKMNPQRSTVWXYZ1', client, 10, {
      emailTaken: () => taken,
      limitReached: () => taken,
    });
    expect(noEmail.map((s) => s.name)).toEqual(['client', 'clientCount']);
    const written = steps[0]?.item.Put?.Item ?? {};
    expect(isEncrypted(String(written.email))).toBe(true);
    expect(JSON.stringify(steps.map((s) => s.item))).not.toContain('z@example.test');
    expect(decode(written, cipher).email).toBe('z@example.test');
    expect(noEmail[0]?.item.Put?.Item).not.toHaveProperty('GSI1PK');
  });

  it('removes a client with its email item and gives its place back', () => {
    const steps = clientRemovalSteps(
      't',
      cipher,
      '01JABCDEFGHJKMNPQRSTVWXYZ1',
      item.clientId,
      { stored: 'z@example.test', plain: 'z@example.test' },
      () => undefined,
    );
    expect(steps.map((s) => s.name)).toEqual(['client', 'clientCount', 'oldClientEmail']);
  });
});
