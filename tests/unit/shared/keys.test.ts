import { describe, expect, it } from 'vitest';
import { membershipKeys, tenantPk } from '../../../functions/shared/db/keys';

describe('keys', () => {
  it('puts every tenant item under TENANT#<id>', () => {
    expect(tenantPk('01J0')).toBe('TENANT#01J0');
    expect(membershipKeys('t1', 'u1')).toEqual({ PK: 'TENANT#t1', SK: 'MEMBER#u1', GSI1PK: 'USER#u1', GSI1SK: 'TENANT#t1' });
  });

  it('refuses key parts that could reach into another key space', () => {
    expect(() => tenantPk('a#MEMBER')).toThrow();
    expect(() => tenantPk('')).toThrow();
    expect(() => membershipKeys('t1', 'x#y')).toThrow();
  });
});
