import { describe, expect, it } from 'vitest';
import { UpdateTenantBody } from '../../../functions/shared/domain/tenant-input';
import { issueDetails } from '../../../functions/shared/validation';

describe('UpdateTenantBody: settings that take one of a few numbers', () => {
  it('accepts each allowed week start and slot step', () => {
    for (const weekStartsOn of [0, 1]) expect(UpdateTenantBody.safeParse({ settings: { weekStartsOn } }).success).toBe(true);
    for (const slotStepMinutes of [5, 10, 15, 20, 30, 60]) {
      expect(UpdateTenantBody.safeParse({ settings: { slotStepMinutes } }).success).toBe(true);
    }
  });

  it('refuses any other value, naming the field and the values it takes', () => {
    const parsed = UpdateTenantBody.safeParse({ settings: { weekStartsOn: 2, slotStepMinutes: '15' } });
    expect(parsed.success).toBe(false);
    expect(parsed.success ? [] : issueDetails(parsed.error.issues, 'body')).toEqual([
      { in: 'body', path: 'settings.weekStartsOn', message: 'Expected one of: 0, 1.' },
      { in: 'body', path: 'settings.slotStepMinutes', message: 'Expected one of: 5, 10, 15, 20, 30, 60.' },
    ]);
  });
});
