import { describe, expect, it } from 'vitest';
import { formatLocale, initialLang } from '../../../web/src/book/i18n';

describe('booking page language (web/src/book/i18n.ts)', () => {
  it('takes ?lang= first, then the salon locale, then the browser', () => {
    expect(initialLang('?lang=fr', ['en-US'], 'en-US')).toBe('fr');
    expect(initialLang('', ['fr-FR'], 'en-US')).toBe('en');
    expect(initialLang('', ['en-GB'], 'fr-CA')).toBe('fr');
    // A salon locale the page does not speak: the browser decides.
    expect(initialLang('', ['en-GB'], 'de-DE')).toBe('en');
    expect(initialLang('?lang=de', ['fr-FR'], undefined)).toBe('fr');
  });

  it("writes dates and prices in the salon's own locale when it speaks the page's language", () => {
    expect(formatLocale('en', 'en-US')).toBe('en-US');
    expect(formatLocale('fr', 'fr-CA')).toBe('fr-CA');
    expect(formatLocale('en', 'fr-FR')).toBe('en-GB');
    expect(formatLocale('fr', 'en-US')).toBe('fr-FR');
  });
});
