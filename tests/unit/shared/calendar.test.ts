import { describe, expect, it } from 'vitest';
import { monthIn } from '../../../functions/shared/domain/calendar';

describe('monthIn', () => {
  it("reads the month of the salon's calendar, not UTC's", () => {
    const at = new Date('2026-01-31T23:30:00Z');
    expect(monthIn('UTC', at)).toBe('2026-01');
    expect(monthIn('Europe/Paris', at)).toBe('2026-02');
    expect(monthIn('America/New_York', new Date('2026-03-01T03:00:00Z'))).toBe('2026-02');
  });

  it('answers the same for a zone after its formatter is cached, and after the cache overflowed', () => {
    const at = new Date('2026-06-30T22:30:00Z');
    expect(monthIn('Asia/Kolkata', at)).toBe('2026-07');
    // More zones than the cache holds: the first ones are evicted and built again.
    const zones = Intl.supportedValuesOf('timeZone').slice(0, 150);
    expect(zones.length).toBe(150);
    for (const zone of zones) expect(monthIn(zone, at)).toMatch(/^2026-0[67]$/);
    expect(monthIn('Asia/Kolkata', at)).toBe('2026-07');
    expect(monthIn('America/Los_Angeles', at)).toBe('2026-06');
  });
});
