import { describe, expect, it } from 'vitest';
import { displayName, hasControlCharacter } from '../../../functions/shared/domain/text';

describe('one-line names', () => {
  it.each([
    ['CR LF', 'Evil\r\nBcc: x@example.test'],
    ['LF', 'a\nb'],
    ['CR', 'a\rb'],
    ['TAB', 'a\tb'],
    ['NUL', 'a\u0000b'],
    ['ESC', 'a\u001bb'],
    ['DEL', 'a\u007fb'],
    ['C1 NEL', 'a\u0085b'],
    ['C1 CSI', 'a\u009bb'],
    ['U+2028', 'a\u2028b'],
    ['U+2029', 'a\u2029b'],
    ['a trailing CR LF (not trimmed away first)', 'Name\r\n'],
  ])('refuses %s', (_name, value) => {
    expect(hasControlCharacter(value)).toBe(true);
    expect(displayName().safeParse(value).success).toBe(false);
  });

  it.each(['Zoë', "O'Brien-Laurent", 'Salon Élégance & Co.', '美容室 さくら', 'Ça va 😀', '\u00a0Non-breaking\u00a0'])(
    'takes %s',
    (value) => {
      expect(hasControlCharacter(value)).toBe(false);
      expect(displayName().safeParse(value).success).toBe(true);
    },
  );

  it('trims, and still bounds the length', () => {
    expect(displayName().parse('  Ana  ')).toBe('Ana');
    expect(displayName().safeParse('   ').success).toBe(false);
    expect(displayName().safeParse('x'.repeat(121)).success).toBe(false);
  });
});
