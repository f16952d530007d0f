/**
 * What a salon shows the public on its booking page (`GET /v1/public/{slug}`). Its own type, so a
 * field added to the tenant never reaches visitors by accident: each one here was chosen.
 */
import type { OnlineBookingConfirmation } from './tenant';

export interface PublicSalon {
  slug: string;
  name: string;
  /** Every time the page shows is in this zone, and "today" is this zone's date. */
  timezone: string;
  /** The page's default language (a visitor may switch). */
  locale: string;
  currency: string;
  weekStartsOn: 0 | 1;
  address: string | null;
  /**
   * `logoUrl`: where the page loads the salon's logo, relative to the API's base URL (a public route
   * that redirects to a short-lived presigned download); null without a ready logo.
   */
  branding: { primaryColor: string; secondaryColor: string; logoUrl: string | null };
  booking: {
    minimumNoticeMinutes: number;
    bookingHorizonDays: number;
    /** Online cancellation closes this many hours before the start. */
    cancellationNoticeHours: number;
    maxOpenBookingsPerEmail: number;
    /** `required`: the booking waits, `pending`, for the emailed link for `pendingHoldMinutes`. */
    confirmation: OnlineBookingConfirmation;
    pendingHoldMinutes: number;
  };
}
