import { describe, expect, it } from 'vitest';
import {
  appointmentEnd,
  atOpenBookingsLimit,
  bookedPrice,
  eligibility,
  fewestBookedFirst,
  openBookings,
  ownRefusal,
  withinCancellationNotice,
} from '../../../functions/shared/domain/booking-rules';

describe('booking rules', () => {
  const service = { serviceId: 's1', active: true, price: { amount: 3000, currency: 'EUR' } };

  it('eligibility: an inactive service first, then a staff member who does not offer it', () => {
    expect(eligibility(service, { serviceIds: ['s1'] })).toBeUndefined();
    expect(eligibility(service, { serviceIds: ['s2'] })).toBe('staff_does_not_offer_service');
    expect(eligibility({ ...service, active: false }, { serviceIds: [] })).toBe('service_inactive');
  });

  it('end and price: duration after the start in elapsed time, the price copied as booked', () => {
    // Across the Paris DST change (2031-03-30 01:00Z) 60 minutes are still 60 minutes.
    expect(appointmentEnd(new Date('2031-03-30T00:30:00Z'), 60).toISOString()).toBe('2031-03-30T01:30:00.000Z');
    const price = bookedPrice(service);
    expect(price).toEqual({ amount: 3000, currency: 'EUR' });
    expect(price).not.toBe(service.price);
  });

  it('ownership: `own` actors may not hand over, and only change their own once read', () => {
    const own = { access: 'own' as const, userId: 'u1' };
    const same = { currentStaffId: 'a', targetStaffId: 'a' };
    expect(ownRefusal(own, { currentStaffId: 'a', targetStaffId: 'b' })).toBe('hand_over');
    expect(ownRefusal(own, same)).toBeUndefined();
    expect(ownRefusal(own, same, 'u1', true)).toBeUndefined();
    expect(ownRefusal(own, same, 'u2', true)).toBe('not_own');
    expect(ownRefusal(own, same, undefined, true)).toBe('not_own');
    expect(ownRefusal({ access: 'all', userId: 'u1' }, { currentStaffId: 'a', targetStaffId: 'b' }, 'u2', true)).toBeUndefined();
  });

  it('cancellation notice: open up to exactly the notice before the start, closed after', () => {
    const start = new Date('2031-01-10T10:00:00Z');
    expect(withinCancellationNotice(start, new Date('2031-01-09T10:00:00Z'), 24)).toBe(true);
    expect(withinCancellationNotice(start, new Date('2031-01-09T10:00:00.001Z'), 24)).toBe(false);
    expect(withinCancellationNotice(start, new Date('2031-01-10T09:59:00Z'), 0)).toBe(true);
  });

  it('open bookings: ended ones drop out; the limit counts those left', () => {
    const now = new Date('2031-01-10T10:00:00Z');
    const open = openBookings({ a: '2031-01-10T09:00:00Z', b: '2031-01-10T10:00:00Z', c: '2031-01-10T11:00:00Z' }, now);
    expect(open).toEqual([['c', '2031-01-10T11:00:00Z']]);
    expect(atOpenBookingsLimit(open.length, 1)).toBe(true);
    expect(atOpenBookingsLimit(open.length, 2)).toBe(false);
  });

  it('anyone: the fewest bookings that day first, ties in the order given', () => {
    const free = [
      { staffId: 'a', booked: 2 },
      { staffId: 'b', booked: 1 },
      { staffId: 'c', booked: 2 },
      { staffId: 'd', booked: 1 },
    ];
    expect(fewestBookedFirst(free).map((f) => f.staffId)).toEqual(['b', 'd', 'a', 'c']);
    expect(free.map((f) => f.staffId)).toEqual(['a', 'b', 'c', 'd']);
  });
});
