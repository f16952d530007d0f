import { describe, expect, it } from 'vitest';
import { APPOINTMENT_STATUSES } from '../../../functions/shared/domain/appointment-status';
import { isOneOf, recordOf } from '../../../functions/shared/domain/closed-lists';
import { ROLES, isRole } from '../../../functions/shared/domain/rbac';

describe('closed lists', () => {
  it('tells a word of the list from anything else', () => {
    expect(isOneOf(ROLES, 'owner')).toBe(true);
    expect(isOneOf(ROLES, 'Owner')).toBe(false);
    expect(isOneOf(ROLES, undefined)).toBe(false);
    expect(isOneOf([1, 2], '1')).toBe(false);
    expect(isRole('viewer')).toBe(true);
    expect(isRole(['viewer'])).toBe(false);
  });

  it('builds a record with every word of the list, in the list order', () => {
    const counts = recordOf(APPOINTMENT_STATUSES, (s) => s.length);
    expect(Object.keys(counts)).toEqual([...APPOINTMENT_STATUSES]);
    for (const s of APPOINTMENT_STATUSES) expect(counts[s]).toBe(s.length);
  });
});
