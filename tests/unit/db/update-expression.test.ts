import { describe, expect, it } from 'vitest';
import { patched, unchangedSince } from '../../../functions/shared/db/update-expression';

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
