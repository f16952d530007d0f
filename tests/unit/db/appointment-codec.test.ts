import '../../support/dynamodb-mock';
import { describe, expect, it } from 'vitest';
import { CorruptItemError } from '../../../functions/shared/entities/codec';
import { toAppointment as decode } from '../../../functions/shared/repositories/appointments';
import { appointmentKeyVersions, sealAppointment, sealPendingClient } from '../../../functions/shared/entities/appointment';
import { isEncrypted } from '../../../functions/shared/crypto/fields';
import { testCipher } from '../../support/field-cipher';

const cipher = testCipher();
const toAppointment = (i: Parameters<typeof decode>[0]) => decode(i, cipher);

const item = {
  appointmentId: 'a',
  clientId: 'c',
  serviceId: 's',
  staffId: 't',
  start: '2031-01-10T10:00:00+01:00',
  end: '2031-01-10T10:30:00+01:00',
  status: 'scheduled',
  price: { amount: 3000, currency: 'EUR' },
  source: 'staff',
  createdAt: 'x',
  updatedAt: 'y',
};

describe('appointment codec', () => {
  it('parses a stored appointment', () => {
    expect(toAppointment(item)).toEqual(item);
  });

  it('stores notes encrypted, bound to the appointment, and reads legacy plaintext notes', () => {
    const stored = sealAppointment(cipher, { ...item, notes: 'Bring the blue dye' });
    expect(isEncrypted(String(stored.notes))).toBe(true);
    expect(toAppointment(stored).notes).toBe('Bring the blue dye');
    expect(() => toAppointment({ ...stored, appointmentId: 'b' })).toThrow(/cannot be decrypted/);
    expect(toAppointment({ ...item, notes: 'legacy' }).notes).toBe('legacy');
    expect(sealAppointment(undefined, item)).toBe(item);
  });

  it('refuses a missing field or a price without a number, instead of "undefined" or NaN', () => {
    for (const field of ['appointmentId', 'clientId', 'start', 'end', 'status', 'price', 'createdAt'] as const) {
      const { [field]: _, ...rest } = item;
      expect(() => toAppointment(rest), field).toThrow(CorruptItemError);
    }
    expect(() => toAppointment({ ...item, price: { currency: 'EUR' } })).toThrow('amount');
    expect(() => toAppointment({ ...item, price: { amount: 'NaN', currency: 'EUR' } })).toThrow('amount');
  });

  it('reads the key versions of a pending client, and refuses a pending client that is not a map', () => {
    const sealed = sealPendingClient(cipher, 'a', {
      name: 'N',
      email: 'n@example.com',
      notifications: { email: true, sms: false },
    });
    expect(appointmentKeyVersions({ ...item, pendingClient: sealed })).toEqual([cipher.currentVersion]);
    expect(appointmentKeyVersions(item)).toEqual([]);
    expect(() => appointmentKeyVersions({ ...item, pendingClient: 'n@example.com' })).toThrow(CorruptItemError);
    expect(() => appointmentKeyVersions({ ...item, pendingClient: [sealed] })).toThrow(CorruptItemError);
  });
});
