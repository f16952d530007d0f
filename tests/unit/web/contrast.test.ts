import { describe, expect, it } from 'vitest';
import { brandingProperties, contrastRatio, withContrast } from '../../../web/src/shared/contrast';

describe('branding contrast (web/src/shared/contrast.ts)', () => {
  it('measures WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    // #767676 is the classic lightest grey with 4.5:1 on white.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('nope', '#ffffff')).toBe(1);
  });

  it('keeps a colour that already reads on white, and darkens a light one just enough', () => {
    expect(withContrast('#4f46e5')).toBe('#4f46e5');
    const yellow = withContrast('#facc15');
    expect(yellow).not.toBe('#facc15');
    expect(contrastRatio(yellow, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    // Not darker than needed: one step lighter would fail.
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(yellow.slice(i, i + 2), 16)) as [number, number, number];
    const lighter = `#${[r, g, b]
      .map((v) =>
        Math.min(255, Math.round(v * 1.04))
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')}`;
    expect(contrastRatio(lighter, '#ffffff')).toBeLessThan(4.6);
    expect(withContrast('#ffffff')).toMatch(/^#[0-9a-f]{6}$/);
    expect(contrastRatio(withContrast('#ffffff'), '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(withContrast('red')).toBe('#4f46e5');
  });

  it('gives the pages a primary that carries white text and reads as text on white', () => {
    const props = brandingProperties({ primaryColor: '#A7F3D0', secondaryColor: '#0EA5E9' });
    expect(contrastRatio(props['--primary'] as string, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(props['--on-primary']).toBe('#ffffff');
    expect(props['--accent']).toBe('#0EA5E9');
  });
});
