import { describe, expect, it } from 'vitest';
import { newId } from '../../../functions/shared/repositories/ids';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const timeOf = (id: string) => [...id.slice(0, 10)].reduce((t, c) => t * 32 + ALPHABET.indexOf(c), 0);

describe('newId', () => {
  it('makes ULIDs whose first ten characters are the creation time in milliseconds', () => {
    const at = Date.UTC(2031, 0, 10, 9, 30);
    const id = newId(at);
    expect(id).toMatch(ULID);
    expect(timeOf(id)).toBe(at);
  });

  it('sorts ids made in the same millisecond, or with the clock behind, in the order they were made', () => {
    const at = Date.UTC(2032, 5, 1);
    const ids = Array.from({ length: 500 }, (_, i) => newId(i % 3 === 2 ? at - 5 : at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => timeOf(id) === at)).toBe(true);
  });

  it('draws a fresh random part for a later millisecond', () => {
    const a = newId(Date.UTC(2033, 0, 1));
    const b = newId(Date.UTC(2033, 0, 1) + 1);
    expect(b > a).toBe(true);
    expect(b.slice(10)).not.toBe(a.slice(10));
  });
});
