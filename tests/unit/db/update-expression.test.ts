import { describe, expect, it } from 'vitest';
import { patched, unchangedSince, updateParts, valueAt } from '../../../functions/shared/db/update-expression';

describe('unchangedSince: the condition that proves a patch replaces what was read', () => {
  it('each set or removed attribute equals the value read, or stays absent; updatedAt and untouched fields are not proven', () => {
    const read = { name: 'Cut', price: { amount: 1000, currency: 'EUR' }, updatedAt: 'x', active: true };
    expect(unchangedSince(read, { name: 'Trim', notes: null, price: undefined, updatedAt: 'y' })).toEqual({
      expression: '#p0 = :p0 AND attribute_not_exists(#p1)',
      names: { '#p0': 'name', '#p1': 'notes' },
      values: { ':p0': 'Cut' },
    });
  });

  it('a patch of bookkeeping only proves nothing', () => {
    expect(unchangedSince({ updatedAt: 'x' }, { updatedAt: 'y' })).toEqual({ expression: '', names: {}, values: {} });
  });
});

describe('patched: the item as the Update leaves it', () => {
  it('sets values, removes nulls, leaves undefined alone, without touching the item read', () => {
    const read = { name: 'Cut', notes: 'n', active: true };
    expect(patched(read, { name: 'Trim', notes: null, active: undefined })).toEqual({ name: 'Trim', active: true });
    expect(read).toEqual({ name: 'Cut', notes: 'n', active: true });
  });
});

describe('dotted names: paths into maps (the salon patch)', () => {
  const read = { name: 'Salon', settings: { timezone: 'Europe/Paris', quietHours: { start: '21:00', end: '08:00' } } };

  it('updateParts names each segment apart, so a segment that is a reserved word still works', () => {
    expect(updateParts({ 'settings.timezone': 'UTC', 'settings.quietHours': null, name: 'S' })).toEqual({
      UpdateExpression: 'SET #u0_0.#u0_1 = :u0, #u2 = :u2 REMOVE #u1_0.#u1_1',
      ExpressionAttributeNames: {
        '#u0_0': 'settings',
        '#u0_1': 'timezone',
        '#u1_0': 'settings',
        '#u1_1': 'quietHours',
        '#u2': 'name',
      },
      ExpressionAttributeValues: { ':u0': 'UTC', ':u2': 'S' },
    });
  });

  it('unchangedSince proves the nested value read, or its absence', () => {
    expect(unchangedSince(read, { 'settings.timezone': 'UTC', 'settings.address': 'x' })).toEqual({
      expression: '#p0_0.#p0_1 = :p0 AND attribute_not_exists(#p1_0.#p1_1)',
      names: { '#p0_0': 'settings', '#p0_1': 'timezone', '#p1_0': 'settings', '#p1_1': 'address' },
      values: { ':p0': 'Europe/Paris' },
    });
  });

  it('valueAt reads through maps and answers undefined past a missing or non-map step', () => {
    expect(valueAt(read, 'settings.quietHours.start')).toBe('21:00');
    expect(valueAt(read, 'settings.nothing.start')).toBeUndefined();
    expect(valueAt(read, 'name.length')).toBeUndefined();
    // Only the item's own fields: an inherited name (constructor, toString) is not a value of the item.
    expect(valueAt(read, 'settings.constructor')).toBeUndefined();
  });

  it('patched copies the maps it changes and leaves the item read as it was', () => {
    const out = patched(read, { 'settings.timezone': 'UTC', 'settings.quietHours': null, 'branding.primaryColor': '#000000' });
    expect(out).toEqual({ name: 'Salon', settings: { timezone: 'UTC' }, branding: { primaryColor: '#000000' } });
    expect(read.settings).toEqual({ timezone: 'Europe/Paris', quietHours: { start: '21:00', end: '08:00' } });
  });
});
