import { describe, expect, it } from 'vitest';
import {
  APPOINTMENT_STATUSES,
  type AppointmentStatus,
  canReschedule,
  canTransition,
  isFinal,
  isOpen,
  occupiesTime,
} from '../../../functions/shared/domain/appointment-status';

describe('appointment status', () => {
  it('lists the six statuses in life-cycle order', () => {
    expect(APPOINTMENT_STATUSES).toEqual(['scheduled', 'confirmed', 'in_progress', 'completed', 'cancelled', 'no_show']);
  });

  // Row: from. Columns: to = scheduled, confirmed, in_progress, completed, cancelled, no_show.
  const matrix: Record<AppointmentStatus, [boolean, boolean, boolean, boolean, boolean, boolean]> = {
    scheduled: [false, true, true, false, true, true],
    confirmed: [false, false, true, false, true, true],
    in_progress: [false, false, false, true, false, false],
    completed: [false, false, false, false, false, false],
    cancelled: [false, false, false, false, false, false],
    no_show: [false, false, false, false, false, false],
  };
  const transitions = APPOINTMENT_STATUSES.flatMap((from) =>
    APPOINTMENT_STATUSES.map((to, column) => [from, to, matrix[from][column]] as const),
  );

  it('covers the full 6x6 matrix', () => {
    expect(transitions).toHaveLength(36);
  });

  it.each(transitions)('%s -> %s: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  const predicates: Array<[AppointmentStatus, { final: boolean; reschedule: boolean; occupies: boolean; open: boolean }]> = [
    ['scheduled', { final: false, reschedule: true, occupies: true, open: true }],
    ['confirmed', { final: false, reschedule: true, occupies: true, open: true }],
    ['in_progress', { final: false, reschedule: false, occupies: true, open: false }],
    ['completed', { final: true, reschedule: false, occupies: true, open: false }],
    ['cancelled', { final: true, reschedule: false, occupies: false, open: false }],
    ['no_show', { final: true, reschedule: false, occupies: true, open: false }],
  ];
  it.each(predicates)('%s: final / reschedulable / occupies time / open', (status, expected) => {
    expect({
      final: isFinal(status),
      reschedule: canReschedule(status),
      occupies: occupiesTime(status),
      open: isOpen(status),
    }).toEqual(expected);
  });
});
