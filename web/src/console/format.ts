/** Pure helpers of the console screens (no DOM, no Preact): money, weeks, error messages. */
import { WEEKDAYS } from '../../../functions/shared/domain/schedule';
import { weekdayOf } from '../../../functions/shared/domain/zoned-time';
import { addDays } from '../shared/time';

export const LOCALE = 'en-GB';

/** Digits after the decimal point of a currency's minor unit (EUR 2, JPY 0, BHD 3). */
export function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export interface Money {
  amount: number;
  currency: string;
}

export function formatMoney({ amount, currency }: Money, locale = LOCALE): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount / 10 ** fractionDigits(currency));
  } catch {
    return `${amount} ${currency} (minor units)`;
  }
}

/** "25", "25.5" or "25,50" in major units to integer minor units; undefined when it is not such a number. */
export function toMinorUnits(text: string, currency: string): number | undefined {
  const digits = fractionDigits(currency);
  const match = /^(\d{1,9})(?:[.,](\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, whole = '0', fraction = ''] = match;
  if (fraction.length > digits) return undefined;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

export function fromMinorUnits({ amount, currency }: Money): string {
  const digits = fractionDigits(currency);
  return (amount / 10 ** digits).toFixed(digits);
}

/** The API's error message, followed by what each invalid field was told (a 400's `details`). */
export function explain(error: { error: { message: string; details?: unknown } } | undefined, fallback: string): string {
  if (!error) return fallback;
  const details = Array.isArray(error.error.details) ? (error.error.details as Array<{ path?: unknown; message?: unknown }>) : [];
  const fields = details
    .filter((d) => typeof d?.message === 'string')
    .map((d) => (typeof d.path === 'string' && d.path ? `${d.path}: ${String(d.message)}` : String(d.message)));
  return [error.error.message, ...fields].join(' ');
}

/** The first day of the week holding `date` (weekStartsOn: 1 Monday, 0 Sunday). */
export function weekStart(date: string, weekStartsOn: 0 | 1): string {
  const mondayBased = WEEKDAYS.indexOf(weekdayOf(date));
  return addDays(date, -(weekStartsOn === 1 ? mondayBased : (mondayBased + 1) % 7));
}
