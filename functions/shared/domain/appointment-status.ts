/** An appointment's life cycle: the statuses and the one table of moves between them. */
export const APPOINTMENT_STATUSES = [
  'pending',
  'scheduled',
  'confirmed',
  'in_progress',
  'completed',
  'cancelled',
  'no_show',
  'expired',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/**
 * `pending` (an online booking held until the booker confirms from the emailed link) leaves this table
 * only by cancellation: becoming `scheduled` or `expired` is the confirm route's own move
 * (repositories/public-booking.ts), which also turns the held span into a lasting one.
 */
const NEXT: Record<AppointmentStatus, ReadonlyArray<AppointmentStatus>> = {
  pending: ['cancelled'],
  scheduled: ['confirmed', 'in_progress', 'cancelled', 'no_show'],
  confirmed: ['in_progress', 'cancelled', 'no_show'],
  in_progress: ['completed'],
  completed: [],
  cancelled: [],
  no_show: [],
  expired: [],
};

export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return NEXT[from].includes(to);
}

/** No move leaves a final status. */
export function isFinal(status: AppointmentStatus): boolean {
  return NEXT[status].length === 0;
}

/** Still ahead of the client: may be confirmed, moved or cancelled. A pending hold is not open yet. */
export function isOpen(status: AppointmentStatus): boolean {
  return status === 'scheduled' || status === 'confirmed';
}

/** Whether the appointment still holds its staff member (deleting them waits for it): on the open timeline, GSI4. */
export function holdsStaff(status: AppointmentStatus): boolean {
  return status === 'scheduled' || status === 'confirmed' || status === 'in_progress';
}

/** Once the client is in the chair (or the visit is over), the time can no longer move; nor can a hold. */
export function canReschedule(status: AppointmentStatus): boolean {
  return isOpen(status);
}

/** Whether the appointment blocks its staff member's time: a no-show still consumed the slot; a hold does until it expires. */
export function occupiesTime(status: AppointmentStatus): boolean {
  return status !== 'cancelled' && status !== 'expired';
}

/** A pending hold whose time has passed counts as expired, whether or not it was written so yet. */
export function effectiveStatus(status: AppointmentStatus, holdExpiresAt: string | undefined, now: number): AppointmentStatus {
  return status === 'pending' && holdExpiresAt !== undefined && Date.parse(holdExpiresAt) <= now ? 'expired' : status;
}
