/**
 * Booking rules as pure functions (no AWS types): who may be booked for what, when an appointment ends,
 * who may change it, until when an online booking may be cancelled, and how many open bookings an email
 * may hold. Repositories read, ask these, and commit; the availability engine (availability.ts) decides
 * whether a time is free.
 */

/** Why this staff member cannot be booked for this service; undefined when they can. */
export type Ineligible = 'service_inactive' | 'staff_does_not_offer_service';

export function eligibility(
  service: { readonly serviceId: string; readonly active: boolean },
  staff: { readonly serviceIds: ReadonlyArray<string> },
): Ineligible | undefined {
  if (!service.active) return 'service_inactive';
  if (!staff.serviceIds.includes(service.serviceId)) return 'staff_does_not_offer_service';
  return undefined;
}

/** An appointment ends its duration after its start (elapsed time, buffers not included). */
export const appointmentEnd = (start: Date, durationMinutes: number): Date =>
  new Date(start.getTime() + durationMinutes * 60_000);

/** The price an appointment is booked at: the service's, as it is when booking (later changes do not follow). */
export const bookedPrice = <M extends { readonly amount: number; readonly currency: string }>(service: {
  readonly price: M;
}): M => ({
  ...service.price,
});

/**
 * Whether an actor limited to their own appointments (`:own`) may make this change: never hand one to
 * another staff member, and only change those of the staff record linked to them.
 */
export type OwnRefusal = 'hand_over' | 'not_own';

export function ownRefusal(
  actor: { readonly access: 'all' | 'own'; readonly userId: string },
  change: { readonly currentStaffId: string; readonly targetStaffId: string },
  /** The user linked to the appointment's staff record, once read; undefined: not read yet, or nobody. */
  ownerUserId?: string | undefined,
  ownerRead = false,
): OwnRefusal | undefined {
  if (actor.access !== 'own') return undefined;
  if (change.targetStaffId !== change.currentStaffId) return 'hand_over';
  if (ownerRead && ownerUserId !== actor.userId) return 'not_own';
  return undefined;
}

/** Online cancellation is open until `noticeHours` before the start. */
export const withinCancellationNotice = (start: Date, now: Date, noticeHours: number): boolean =>
  start.getTime() - now.getTime() >= noticeHours * 3_600_000;

/** The booker's open bookings (appointment id -> end) that have not ended by `now`. */
export function openBookings(open: Readonly<Record<string, string>>, now: Date): Array<[string, string]> {
  return Object.entries(open).filter(([, end]) => Date.parse(end) > now.getTime());
}

/** One more open booking would go past the salon's limit. */
export const atOpenBookingsLimit = (open: number, max: number): boolean => open >= max;

/**
 * Whom a booking for "anyone" goes to among the staff free then: the fewest appointments that day first
 * (spreading the work), ties in the order given (the catalog's: staff ids, so the order staff were added).
 */
export const fewestBookedFirst = <T extends { readonly booked: number }>(free: ReadonlyArray<T>): T[] =>
  [...free].sort((a, b) => a.booked - b.booked);
