// Tests for the theme catalogue: the four seed-003 themes exist and really differ from one another.
import { describe, expect, it } from 'vitest';
import { defaultThemeId, isThemeId, themeById, themes } from './themes.js';

describe('themes', () => {
  it('offers exactly the four themes of seed 003', () => {
    expect(themes.map((theme) => [theme.id, theme.label])).toEqual([
      ['financial-professional', 'Financial Professional'],
      ['modern-financial', 'Modern Financial'],
      ['executive-dashboard', 'Executive Dashboard'],
      ['compliance-audit', 'Compliance & Audit'],
    ]);
  });

  it('gives each theme its own primary colour and font, and both light and dark schemes exist', () => {
    const distinct = (values: unknown[]) => new Set(values.map((value) => JSON.stringify(value))).size;
    expect(distinct(themes.map((theme) => theme.mantine.primaryColor))).toBe(themes.length);
    expect(distinct(themes.map((theme) => theme.mantine.fontFamily))).toBe(themes.length);
    expect(distinct(themes.map((theme) => theme.mantine.defaultRadius))).toBeGreaterThanOrEqual(3);
    expect(new Set(themes.map((theme) => theme.colorScheme))).toEqual(new Set(['light', 'dark']));
    expect(new Set(themes.map((theme) => theme.density))).toEqual(new Set(['compact', 'comfortable']));
  });

  it('resolves ids, falling back to the default theme for unknown ones', () => {
    expect(themeById('compliance-audit').label).toBe('Compliance & Audit');
    expect(themeById('neon').id).toBe(defaultThemeId);
    expect(themeById(null).id).toBe(defaultThemeId);
    expect(isThemeId('executive-dashboard')).toBe(true);
    expect(isThemeId('Executive Dashboard')).toBe(false);
  });
});
