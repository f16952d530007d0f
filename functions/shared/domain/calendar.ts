/** Calendar arithmetic in a tenant's timezone (IANA), with no dependency. */

/** `YYYY-MM` of an instant in the tenant's timezone: monthly counters reset at the salon's midnight. */
export function monthIn(timezone: string, at: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  const year = parts.find((p) => p.type === 'year')?.value;
  const month = parts.find((p) => p.type === 'month')?.value;
  return `${year}-${month}`;
}
