/** Small pieces the clients, services, staff and week screens share: the salon's settings, money, paging. */
import { useEffect, useState } from 'preact/hooks';
import type { Answer, Api } from '../shared/api';

export const LOCALE = 'en-GB';
export type Settings = Answer<'getTenant'>['settings'];

/** The salon's settings (timezone, currency, week start), read once per screen. */
export function useSettings(api: Api, tenantId: string): Settings | undefined {
  const [settings, setSettings] = useState<Settings | undefined>();
  useEffect(() => {
    void api.GET('/v1/tenants/{tenantId}', { params: { path: { tenantId } } }).then(({ data }) => setSettings(data?.settings));
  }, [tenantId]);
  return settings;
}

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

/** Every page of a paged list, up to `maxPages` (a page is at most 100 items). */
export async function allPages<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null } | undefined>,
  maxPages = 10,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const answer = await page(cursor);
    if (!answer) break;
    items.push(...answer.items);
    if (!answer.nextCursor) break;
    cursor = answer.nextCursor;
  }
  return items;
}

/** The value of a named field of a submitted form, trimmed. */
export function field(form: FormData, name: string): string {
  return String(form.get(name) ?? '').trim();
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
