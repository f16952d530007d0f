/**
 * What the public booking routes answer about a booking. Listed field by field, so nothing internal
 * reaches an anonymous caller by default: above all no client id. Whether the email was already the
 * salon's client (and, from the id's ULID time, since when) must not show; the answer's shape is the
 * same either way.
 */
import type { Appointment } from '../../shared/repositories/appointments';

export interface PublicBooking {
  appointmentId: string;
  serviceId: string;
  staffId: string;
  start: string;
  end: string;
  status: Appointment['status'];
  /** A pending booking: when its hold ends unless confirmed (README, online booking). */
  holdExpiresAt?: string;
  notes?: string;
  price: Appointment['price'];
  source: Appointment['source'];
  createdAt: string;
  updatedAt: string;
}

export function publicBooking(a: Appointment): PublicBooking {
  return {
    appointmentId: a.appointmentId,
    serviceId: a.serviceId,
    staffId: a.staffId,
    start: a.start,
    end: a.end,
    status: a.status,
    ...(a.holdExpiresAt === undefined ? {} : { holdExpiresAt: a.holdExpiresAt }),
    ...(a.notes === undefined ? {} : { notes: a.notes }),
    price: a.price,
    source: a.source,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

/** The booking as its booker receives it once, with the token that manages it. */
export const publicNewBooking = (b: Appointment & { manageToken: string }) => ({
  ...publicBooking(b),
  manageToken: b.manageToken,
});
