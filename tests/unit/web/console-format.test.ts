import { describe, expect, it } from 'vitest';
import { explain, formatMoney, fractionDigits, fromMinorUnits, toMinorUnits, weekStart } from '../../../web/src/console/format';

describe('console money (web/src/console/format.ts)', () => {
  it("reads a price in major units into the currency's own minor units", () => {
    expect(toMinorUnits('25', 'EUR')).toBe(2500);
    expect(toMinorUnits('32,5', 'EUR')).toBe(3250);
    expect(toMinorUnits(' 0.07 ', 'EUR')).toBe(7);
    expect(toMinorUnits('1500', 'JPY')).toBe(1500);
    expect(toMinorUnits('1.234', 'BHD')).toBe(1234);
  });

  it('refuses what is not such a price rather than rounding it', () => {
    for (const text of ['', 'abc', '-5', '1.234', '1e3', '12.', '1 000']) expect(toMinorUnits(text, 'EUR'), text).toBeUndefined();
    expect(toMinorUnits('15.5', 'JPY')).toBeUndefined();
  });

  it('shows minor units formatted, and back in the form as major units', () => {
    expect(fractionDigits('EUR')).toBe(2);
    expect(fractionDigits('JPY')).toBe(0);
    expect(formatMoney({ amount: 3250, currency: 'EUR' })).toBe('€32.50');
    expect(formatMoney({ amount: 1500, currency: 'JPY' })).toBe('JP¥1,500');
    expect(fromMinorUnits({ amount: 3250, currency: 'EUR' })).toBe('32.50');
    expect(fromMinorUnits({ amount: 1500, currency: 'JPY' })).toBe('1500');
  });
});

describe('weekStart', () => {
  it('finds the Monday or the Sunday of the week a date is in', () => {
    // 2026-12-16 is a Wednesday.
    expect(weekStart('2026-12-16', 1)).toBe('2026-12-14');
    expect(weekStart('2026-12-16', 0)).toBe('2026-12-13');
    expect(weekStart('2026-12-14', 1)).toBe('2026-12-14');
    expect(weekStart('2026-12-20', 1)).toBe('2026-12-14');
    expect(weekStart('2026-12-20', 0)).toBe('2026-12-20');
    expect(weekStart('2027-01-01', 1)).toBe('2026-12-28');
  });
});

describe('explain', () => {
  it("adds each invalid field's message to the API's own", () => {
    const error = {
      error: {
        message: 'The request body is invalid.',
        details: [{ in: 'body', path: 'price.currency', message: 'Use an ISO 4217 currency code such as EUR.' }],
      },
    };
    expect(explain(error, 'x')).toBe('The request body is invalid. price.currency: Use an ISO 4217 currency code such as EUR.');
    expect(explain(undefined, 'Nothing answered.')).toBe('Nothing answered.');
  });
});
