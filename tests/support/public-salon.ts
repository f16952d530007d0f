/**
 * A new salon's public profile (`GET /v1/public/{slug}`), written out: the defaults a salon starts with,
 * as the booking page receives them. Shared by the codec's unit test and the HTTP test.
 */
export const newSalonProfile = (salon: { slug: string; name: string; timezone: string; locale: string; currency: string }) => ({
  ...salon,
  weekStartsOn: 1,
  address: null,
  branding: { primaryColor: '#4F46E5', secondaryColor: '#0EA5E9', logoUrl: null },
  booking: {
    minimumNoticeMinutes: 60,
    bookingHorizonDays: 60,
    cancellationNoticeHours: 24,
    maxOpenBookingsPerEmail: 3,
    confirmation: 'required',
    pendingHoldMinutes: 30,
  },
});
