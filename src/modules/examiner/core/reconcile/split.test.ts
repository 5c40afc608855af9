import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconcileLimits } from './limits.js';
import { bestSubset } from './split.js';

describe('bestSubset', () => {
  it('finds an exact sum when one exists and always stays within tolerance', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 2, maxLength: 10 }),
        fc.integer({ min: 0, max: 2 ** 20 }),
        fc.integer({ min: 0, max: 50 }),
        (values, pick, tol) => {
          const chosen = values.map((_, i) => i).filter((i) => (pick >> i) & 1);
          const target =
            chosen.length >= 2 && chosen.length <= reconcileLimits.splitPartsMax
              ? chosen.reduce((a, i) => a + (values[i] as number), 0)
              : 1e9;
          const best = bestSubset(values, target, tol);
          if (target !== 1e9) expect(best?.diff).toBe(0);
          if (best !== null) {
            const sum = best.subset.reduce((a, i) => a + (values[i] as number), 0);
            expect(Math.abs(sum - target)).toBeLessThanOrEqual(tol);
            expect(best.subset.length).toBeGreaterThanOrEqual(2);
            expect(best.subset.length).toBeLessThanOrEqual(reconcileLimits.splitPartsMax);
          }
        },
      ),
    );
  });

  it('counts genuinely different subsets as ties but not twins', () => {
    expect(bestSubset([100, 200, 100], 300, 0)?.ties).toBe(1);
    expect(bestSubset([100, 200, 150, 150], 300, 0)?.ties).toBe(2);
  });
});
