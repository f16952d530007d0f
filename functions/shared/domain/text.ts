/**
 * Names we print in emails (salon, client, staff, service names end up in Subject and From display
 * names) and on pages: one line of text. A CR or LF in one could add a header to a message; other C0/C1
 * controls and the Unicode line separators render as garbage or break lines. Refused at validation,
 * here once for every schema.
 */
import * as z from 'zod/mini';

/** C0 controls (CR, LF, TAB...), DEL, C1 controls, U+2028 and U+2029. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}

export const SINGLE_LINE_MESSAGE = 'Use one line of text: line breaks, tabs and other control characters are not allowed.';

/** The refinement itself, for any single-line string schema. */
export const singleLine = () => z.refine<string>((s) => !hasControlCharacter(s), SINGLE_LINE_MESSAGE);

/** A display name: one line, trimmed, 1 to `max` characters. Checked before trimming, so no control slips past at the ends. */
export const displayName = (max = 120) => z.string().check(singleLine(), z.trim(), z.minLength(1), z.maxLength(max));
