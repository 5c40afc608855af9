import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAdjacentTransposition, jaroWinkler, tokenSetSimilarity } from './similarity.js';

describe('similarity', () => {
  it('matches the published Jaro-Winkler examples (Winkler 1990)', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('is symmetric, bounded and 1 on equal strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const s = jaroWinkler(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1 + 1e-12);
        expect(jaroWinkler(b, a)).toBeCloseTo(s, 12);
        expect(jaroWinkler(a, a)).toBe(1);
      }),
    );
  });

  it('finds vendor tokens in noisy bank text and weighs rare tokens more', () => {
    expect(tokenSetSimilarity(['northwind', 'traders'], ['northwin', 'trad'])).toBeGreaterThan(0.9);
    expect(tokenSetSimilarity(['northwind', 'traders'], ['northwindtraders'])).toBeGreaterThan(0.95);
    const idf = (t: string): number => (t === 'logistics' ? 0.1 : 3);
    expect(tokenSetSimilarity(['pexly', 'logistics'], ['trika', 'logistics'], idf)).toBeLessThan(
      tokenSetSimilarity(['pexly', 'logistics'], ['trika', 'logistics']),
    );
  });

  it('detects a single adjacent transposition only', () => {
    expect(isAdjacentTransposition('12345', '12354')).toBe(true);
    expect(isAdjacentTransposition('12345', '21345')).toBe(true);
    expect(isAdjacentTransposition('12345', '12345')).toBe(false);
    expect(isAdjacentTransposition('12345', '13245x')).toBe(false);
    expect(isAdjacentTransposition('12345', '15342')).toBe(false);
  });
});
