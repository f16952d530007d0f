/** Calendar arithmetic in a tenant's timezone (IANA), with no dependency. */

// Building a formatter costs ~30x using one (88 us vs 3 us), and metering asks for thousands of months.
// Bounded, since zone names come from tenant settings: past the bound the oldest is dropped.
const MAX_FORMATTERS = 64;
const monthFormatters = new Map<string, Intl.DateTimeFormat>();

function monthFormatter(timezone: string): Intl.DateTimeFormat {
  let f = monthFormatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit' });
    if (monthFormatters.size >= MAX_FORMATTERS) monthFormatters.delete(monthFormatters.keys().next().value as string);
    monthFormatters.set(timezone, f);
  }
  return f;
}

/** `YYYY-MM` of an instant in the tenant's timezone: monthly counters reset at the salon's midnight. */
export function monthIn(timezone: string, at: Date = new Date()): string {
  const parts = monthFormatter(timezone).formatToParts(at);
  const year = parts.find((p) => p.type === 'year')?.value;
  const month = parts.find((p) => p.type === 'month')?.value;
  return `${year}-${month}`;
}
