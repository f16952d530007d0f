/** An appointment's life cycle: the statuses and the one table of moves between them. */
export const APPOINTMENT_STATUSES = ['scheduled', 'confirmed', 'in_progress', 'completed', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

const NEXT: Record<AppointmentStatus, ReadonlyArray<AppointmentStatus>> = {
  scheduled: ['confirmed', 'in_progress', 'cancelled', 'no_show'],
  confirmed: ['in_progress', 'cancelled', 'no_show'],
  in_progress: ['completed'],
  completed: [],
  cancelled: [],
  no_show: [],
};

export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return NEXT[from].includes(to);
}

/** No move leaves a final status. */
export function isFinal(status: AppointmentStatus): boolean {
  return NEXT[status].length === 0;
}

/** Still ahead of the client: may be confirmed, moved or cancelled. */
export function isOpen(status: AppointmentStatus): boolean {
  return status === 'scheduled' || status === 'confirmed';
}

/** Once the client is in the chair (or the visit is over), the time can no longer move. */
export function canReschedule(status: AppointmentStatus): boolean {
  return isOpen(status);
}

/** Whether the appointment blocks its staff member's time: a no-show still consumed the slot. */
export function occupiesTime(status: AppointmentStatus): boolean {
  return status !== 'cancelled';
}
