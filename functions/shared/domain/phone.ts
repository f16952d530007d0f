/**
 * Phone numbers to E.164 (`+<country code><national number>`, at most 15 digits), which SMS providers
 * require. Small and dependency-free on purpose (libphonenumber is ~150 KB per function): it knows the
 * countries below by calling code, national trunk prefix and number length, which catches impossible
 * numbers (wrong length, no country) but not every unassigned range. A number in national format is read
 * in the salon's country (the region of its locale, `fr-FR` -> FR); without one, `+` is required.
 */

import { ValidationError } from '../errors';

interface Country {
  code: string;
  /** Dialled before national numbers at home, dropped internationally ("0" in France, "1" in the US). */
  trunk?: string;
  /** Length range of the national significant number. */
  min: number;
  max: number;
  /** First digit of the national significant number, when the plan fixes it (NANP area codes: 2-9). */
  first?: RegExp;
}

const NANP: Country = { code: '1', trunk: '1', min: 10, max: 10, first: /^[2-9]/ };

const COUNTRIES: Readonly<Record<string, Country>> = {
  FR: { code: '33', trunk: '0', min: 9, max: 9, first: /^[1-9]/ },
  BE: { code: '32', trunk: '0', min: 8, max: 9 },
  CH: { code: '41', trunk: '0', min: 9, max: 9 },
  LU: { code: '352', min: 4, max: 11 },
  MC: { code: '377', min: 8, max: 9 },
  DE: { code: '49', trunk: '0', min: 6, max: 13 },
  AT: { code: '43', trunk: '0', min: 4, max: 13 },
  NL: { code: '31', trunk: '0', min: 9, max: 9 },
  ES: { code: '34', min: 9, max: 9 },
  PT: { code: '351', min: 9, max: 9 },
  IT: { code: '39', min: 6, max: 11 },
  GB: { code: '44', trunk: '0', min: 7, max: 10 },
  IE: { code: '353', trunk: '0', min: 7, max: 9 },
  US: NANP,
  CA: NANP,
  MA: { code: '212', trunk: '0', min: 9, max: 9 },
  DZ: { code: '213', trunk: '0', min: 8, max: 9 },
  TN: { code: '216', min: 8, max: 8 },
  SN: { code: '221', min: 9, max: 9 },
  CI: { code: '225', min: 10, max: 10 },
};

const BY_CODE = new Map(Object.values(COUNTRIES).map((c) => [c.code, c]));

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: 'impossible' | 'needs-country' };

/** The salon's country from its locale (`fr-FR` -> `FR`), if it is one this module can dial from. */
export function regionOfLocale(locale: string | undefined): string | undefined {
  const region = /^[a-z]{2,3}[-_]([A-Za-z]{2})\b/.exec(locale ?? '')?.[1]?.toUpperCase();
  return region && region in COUNTRIES ? region : undefined;
}

function possible(country: Country, national: string): boolean {
  return national.length >= country.min && national.length <= country.max && (!country.first || country.first.test(national));
}

export function normalizePhone(raw: string, region?: string): PhoneResult {
  const compact = raw.trim().replace(/[\s().-]/g, '');
  if (!/^(\+|00)?\d+$/.test(compact)) return { ok: false, reason: 'impossible' };
  const international = compact.startsWith('+') ? compact.slice(1) : compact.startsWith('00') ? compact.slice(2) : undefined;
  if (international !== undefined) {
    if (!/^[1-9]\d{6,14}$/.test(international)) return { ok: false, reason: 'impossible' };
    const code = [1, 2, 3].map((n) => international.slice(0, n)).find((c) => BY_CODE.has(c));
    const country = code ? BY_CODE.get(code) : undefined;
    if (!code || !country) return { ok: true, e164: `+${international}` };
    let national = international.slice(code.length);
    // "+33 (0)6 …": the trunk prefix written in an international number.
    if (country.trunk === '0' && national.startsWith('0')) national = national.slice(1);
    return possible(country, national) ? { ok: true, e164: `+${code}${national}` } : { ok: false, reason: 'impossible' };
  }
  const country = region ? COUNTRIES[region] : undefined;
  if (!country) return { ok: false, reason: 'needs-country' };
  let national = compact;
  if (country.trunk && national.startsWith(country.trunk) && !possible(country, national)) {
    national = national.slice(country.trunk.length);
  }
  if (!possible(country, national) || `${country.code}${national}`.length > 15) return { ok: false, reason: 'impossible' };
  return { ok: true, e164: `+${country.code}${national}` };
}

/** E.164 already (what SMS is sent to); a stored number from before normalization may not be. */
export const isE164 = (phone: string) => /^\+[1-9]\d{6,14}$/.test(phone);

/** The number in E.164, or 400 naming the field: impossible, or national with no country to read it in. */
export function phoneOrThrow(raw: string, region: string | undefined, path = 'phone'): string {
  const result = normalizePhone(raw, region);
  if (result.ok) return result.e164;
  const message =
    result.reason === 'impossible'
      ? 'Not a possible phone number (check its length and country code).'
      : 'Write the number in international format, e.g. +33 6 12 34 56 78: the salon has no country to read a national number in.';
  throw new ValidationError(message, [
    { in: 'body', path, message: result.reason === 'impossible' ? 'Impossible number' : 'Needs +country code' },
  ]);
}

/** Where to send an SMS: the stored phone in E.164 (one stored before normalization is read in the salon's country), or none. */
export function smsNumber(phone: string | undefined, salonLocale: string | undefined): string | undefined {
  if (!phone) return undefined;
  const result = normalizePhone(phone, regionOfLocale(salonLocale));
  return result.ok ? result.e164 : undefined;
}
