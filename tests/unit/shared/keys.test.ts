import { describe, expect, it } from 'vitest';
import * as keys from '../../../functions/shared/db/keys';
import {
  SALON_SK,
  SERVICE_PREFIX,
  STAFF_PREFIX,
  auditPk,
  membershipKeys,
  tenantPartitions,
  tenantPk,
} from '../../../functions/shared/db/keys';

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

  // The booking catalog read is one Query begins_with(SK, 'SALON'): only the salon, its services and
  // its staff may live there, or every availability request would read (and pay for) other items.
  it('keeps the SALON sort-key prefix to the salon, its services and its staff', () => {
    const sortKeys = Object.entries(keys)
      .filter(([, v]) => typeof v === 'function')
      .flatMap(([name, build]) => {
        const args = Array.from({ length: (build as (...a: string[]) => unknown).length }, (_, i) => `x${i}`);
        const out = (build as (...a: string[]) => unknown)(...args);
        const sk = typeof out === 'object' && out !== null && 'SK' in out ? String((out as { SK: unknown }).SK) : undefined;
        return sk === undefined ? [] : [{ name, sk }];
      });
    expect(sortKeys.length).toBeGreaterThan(10);
    const inCatalog = sortKeys
      .filter(({ sk }) => sk.startsWith(SALON_SK))
      .map(({ name }) => name)
      .sort();
    expect(inCatalog).toEqual(['serviceKey', 'staffKey', 'tenantMetaKey']);
    for (const prefix of [SERVICE_PREFIX, STAFF_PREFIX]) expect(prefix.startsWith(`${SALON_SK}#`)).toBe(true);
  });
  // The purge empties tenantPartitions(id): an item keyed under another `TENANT#<id>…` partition would survive it.
  it('lists every table partition a key builder puts under TENANT#<id> among the partitions the purge empties', () => {
    const partitions = Object.entries(keys)
      .filter(([, v]) => typeof v === 'function')
      .flatMap(([name, build]) => {
        const args = Array.from({ length: (build as (...a: string[]) => unknown).length }, (_, i) => `x${i}`);
        const out = (build as (...a: string[]) => unknown)(...args);
        const pk = typeof out === 'object' && out !== null && 'PK' in out ? String((out as { PK: unknown }).PK) : undefined;
        return pk?.startsWith(tenantPk('x0')) ? [{ name, pk }] : [];
      });
    expect(partitions.length).toBeGreaterThan(10);
    const purged = new Set(tenantPartitions('x0'));
    expect(partitions.filter(({ pk }) => !purged.has(pk))).toEqual([]);
    expect(purged.has(auditPk('x0'))).toBe(true);
    expect(new Set(partitions.map(({ pk }) => pk)).size).toBeGreaterThan(1);
  });
});
