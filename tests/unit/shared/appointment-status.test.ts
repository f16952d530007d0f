import { describe, expect, it } from 'vitest';
import {
  APPOINTMENT_STATUSES,
  type AppointmentStatus,
  canReschedule,
  canTransition,
  effectiveStatus,
  isFinal,
  isOpen,
  occupiesTime,
} from '../../../functions/shared/domain/appointment-status';

describe('appointment status', () => {
  it('lists the eight statuses in life-cycle order', () => {
    expect(APPOINTMENT_STATUSES).toEqual([
      'pending',
      'scheduled',
      'confirmed',
      'in_progress',
      'completed',
      'cancelled',
      'no_show',
      'expired',
    ]);
  });

  type Row = [boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean];
  // Row: from. Columns: to = pending, scheduled, confirmed, in_progress, completed, cancelled, no_show, expired.
  // A hold becomes scheduled or expired only through the confirm route, never through this table.
  const matrix: Record<AppointmentStatus, Row> = {
    pending: [false, false, false, false, false, true, false, false],
    scheduled: [false, false, true, true, false, true, true, false],
    confirmed: [false, false, false, true, false, true, true, false],
    in_progress: [false, false, false, false, true, false, false, false],
    completed: [false, false, false, false, false, false, false, false],
    cancelled: [false, false, false, false, false, false, false, false],
    no_show: [false, false, false, false, false, false, false, false],
    expired: [false, false, false, false, false, false, false, false],
  };
  const transitions = APPOINTMENT_STATUSES.flatMap((from) =>
    APPOINTMENT_STATUSES.map((to, column) => [from, to, matrix[from][column]] as const),
  );

  it('covers the full 8x8 matrix', () => {
    expect(transitions).toHaveLength(64);
  });

  it.each(transitions)('%s -> %s: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  const predicates: Array<[AppointmentStatus, { final: boolean; reschedule: boolean; occupies: boolean; open: boolean }]> = [
    ['pending', { final: false, reschedule: false, occupies: true, open: false }],
    ['scheduled', { final: false, reschedule: true, occupies: true, open: true }],
    ['confirmed', { final: false, reschedule: true, occupies: true, open: true }],
    ['in_progress', { final: false, reschedule: false, occupies: true, open: false }],
    ['completed', { final: true, reschedule: false, occupies: true, open: false }],
    ['cancelled', { final: true, reschedule: false, occupies: false, open: false }],
    ['no_show', { final: true, reschedule: false, occupies: true, open: false }],
    ['expired', { final: true, reschedule: false, occupies: false, open: false }],
  ];
  it.each(predicates)('%s: final / reschedulable / occupies time / open', (status, expected) => {
    expect({
      final: isFinal(status),
      reschedule: canReschedule(status),
      occupies: occupiesTime(status),
      open: isOpen(status),
    }).toEqual(expected);
  });

  it('reads a pending hold past its expiry as expired, and nothing else', () => {
    const at = Date.parse('2031-01-01T10:00:00Z');
    expect(effectiveStatus('pending', '2031-01-01T10:00:01Z', at)).toBe('pending');
    expect(effectiveStatus('pending', '2031-01-01T10:00:00Z', at)).toBe('expired');
    expect(effectiveStatus('scheduled', '2031-01-01T09:00:00Z', at)).toBe('scheduled');
    expect(effectiveStatus('pending', undefined, at)).toBe('pending');
  });
});
