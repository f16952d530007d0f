import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneOrThrow, regionOfLocale, smsNumber } from '../../../functions/shared/domain/phone';

describe('phone numbers to E.164', () => {
  it.each([
    ['+33 6 12 34 56 78', undefined, '+33612345678'],
    ['0033 6 12 34 56 78', undefined, '+33612345678'],
    ['+33 (0)6 12 34 56 78', undefined, '+33612345678'],
    ['06.12.34.56.78', 'FR', '+33612345678'],
    ['(212) 555-0123', 'US', '+12125550123'],
    ['1 212 555 0123', 'US', '+12125550123'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['06 123 45678', 'IT', '+390612345678'], // Italy keeps the leading 0
    ['+39 06 1234 5678', undefined, '+390612345678'],
    ['+81 3 1234 5678', undefined, '+81312345678'],
  ] as const)('%s (region %s) is %s', (raw, region, e164) => {
    expect(normalizePhone(raw, region)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['+33 6 12 34', undefined],
    ['+33 6 12 34 56 78 90', undefined],
    ['+1 012 555 0123', undefined],
    ['+0 612345678', undefined],
    ['+123456789012345678', undefined],
    ['06 12 34', 'FR'],
    ['12#34', 'FR'],
  ] as const)('%s (region %s) is impossible', (raw, region) => {
    expect(normalizePhone(raw, region)).toEqual({ ok: false, reason: 'impossible' });
  });

  it('needs a + without a country to read a national number in', () => {
    expect(normalizePhone('06 12 34 56 78')).toEqual({ ok: false, reason: 'needs-country' });
    expect(normalizePhone('06 12 34 56 78', 'ZZ')).toEqual({ ok: false, reason: 'needs-country' });
  });

  it('takes the region from the salon locale', () => {
    expect(regionOfLocale('fr-FR')).toBe('FR');
    expect(regionOfLocale('en_US')).toBe('US');
    expect(regionOfLocale('en')).toBeUndefined();
    expect(regionOfLocale('fr-XX')).toBeUndefined();
    expect(smsNumber('06 12 34 56 78', 'fr-FR')).toBe('+33612345678');
    expect(smsNumber('06 12 34 56 78', 'en')).toBeUndefined();
    expect(smsNumber(undefined, 'fr-FR')).toBeUndefined();
  });

  it('answers 400 naming the field', () => {
    expect(() => phoneOrThrow('+33 6 12', 'FR')).toThrow(
      expect.objectContaining({ status: 400, details: [expect.objectContaining({ path: 'phone' })] }),
    );
    expect(() => phoneOrThrow('0612345678', undefined, 'client.phone')).toThrow(
      expect.objectContaining({
        status: 400,
        details: [expect.objectContaining({ path: 'client.phone', message: 'Needs +country code' })],
      }),
    );
  });
});
