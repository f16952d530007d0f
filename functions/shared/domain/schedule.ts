/**
 * The shapes a salon's schedule is made of, shared by staff input, availability and booking.
 * Working hours are wall-clock times in the salon's timezone; time off and appointments are instants.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:MM` wall-clock times of one day, `start` before `end` (`24:00` allowed as an end). */
export interface TimeRange {
  start: string;
  end: string;
}

/** Per weekday, the ranges a staff member works; a missing or empty day is a day off. */
export type WorkingHours = Partial<Record<Weekday, TimeRange[]>>;

/** ISO 8601 instants with an offset, `start` before `end`. */
export interface TimeOff {
  start: string;
  end: string;
}

export interface Staff {
  staffId: string;
  name: string;
  serviceIds: string[];
  workingHours: WorkingHours;
  timeOff: TimeOff[];
  /** The member this staff record is, when linked: what `appointments:update:own` checks. */
  userId?: string;
  createdAt: string;
  updatedAt: string;
}

/** What a service takes of a staff member's time. */
export interface ServiceTiming {
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
}

/** The salon settings availability and booking obey. */
export interface BookingRules {
  timezone: string;
  slotStepMinutes: number;
  minimumNoticeMinutes: number;
  bookingHorizonDays: number;
}
