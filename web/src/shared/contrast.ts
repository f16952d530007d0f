/**
 * A salon's branding colours made safe to use: WCAG 2 contrast, so whatever colour a salon picks the
 * pages keep text readable (and axe-core's colour-contrast rule green). Pure, shared by the booking page
 * (which applies them) and the settings screen (which warns before saving).
 */

const HEX = /^#([0-9a-f]{6})$/i;

function rgb(hex: string): [number, number, number] | undefined {
  const m = HEX.exec(hex);
  if (!m?.[1]) return undefined;
  const n = Number.parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two `#rrggbb` colours (1 to 21); 1 when either is not such a colour. */
export function contrastRatio(a: string, b: string): number {
  const x = rgb(a);
  const y = rgb(b);
  if (!x || !y) return 1;
  const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const toHex = (c: [number, number, number]) => `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

/**
 * The colour itself when it reaches `min` against `against`, else the same hue darkened (mixed toward
 * black) just enough. A colour that is not `#rrggbb` gives `fallback`.
 */
export function withContrast(color: string, against = '#ffffff', min = 4.5, fallback = '#4f46e5'): string {
  const c = rgb(color);
  if (!c) return fallback;
  for (let k = 0; k <= 1.0001; k += 0.02) {
    const mixed = toHex([c[0] * (1 - k), c[1] * (1 - k), c[2] * (1 - k)]);
    if (contrastRatio(mixed, against) >= min) return mixed;
  }
  return '#000000';
}

/** The salon's colours as the pages' custom properties (web/src/shared/base.css). */
export function brandingProperties(branding: { primaryColor: string; secondaryColor: string }): Record<string, string> {
  // --primary is both text on white (links) and the background of white text (buttons, the bar).
  return {
    '--primary': withContrast(branding.primaryColor.toLowerCase()),
    '--on-primary': '#ffffff',
    '--accent': branding.secondaryColor,
  };
}
