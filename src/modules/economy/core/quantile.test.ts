import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantileInPlace, quantilesInPlace, selectInPlace } from './quantile.js';
import { assertProperty } from './test-helpers.js';

function sortedQuantile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lower = Math.floor(h);
  const low = sorted[lower]!;
  return lower + 1 < sorted.length ? low + (h - lower) * (sorted[lower + 1]! - low) : low;
}

describe('quantile', () => {
  it('selects the same order statistic as a full sort', () => {
    assertProperty(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 300 }),
        fc.nat(),
        (values, pick) => {
          const k = pick % values.length;
          const sorted = [...values].sort((a, b) => a - b);
          // As numbers: the sort and the selection may pick different zeros when -0 and 0 are both present.
          const selected = selectInPlace(Float64Array.from(values), k);
          expect(selected === sorted[k], `${selected} and ${sorted[k]}`).toBe(true);
        },
      ),
    );
  });

  it('matches interpolated sorted quantiles, ties included', () => {
    assertProperty(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 200 }),
        fc.constantFrom(0, 0.05, 0.5, 0.95, 1),
        (values, p) => {
          expect(quantileInPlace(Float64Array.from(values), p)).toBeCloseTo(sortedQuantile(values, p), 12);
        },
      ),
    );
    expect(quantileInPlace(new Float64Array(0), 0.5)).toBeNaN();
    expect(quantileInPlace(Float64Array.from([1, 2, 3, 4]), 0.5)).toBe(2.5);
  });
});

describe('quantilesInPlace', () => {
  it('gives the same figures as separate quantile calls', () => {
    assertProperty(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), {
          minLength: 1,
          maxLength: 300,
        }),
        (values) => {
          const out = new Float64Array(3);
          quantilesInPlace(Float64Array.from(values), [0.05, 0.5, 0.95], out);
          // Equal as numbers: with -0 and 0 both in the sample the two may pick different zeros (fast-check seed 32
          // found [-0, 0, -5e-324]), which toBe (Object.is) would call a difference.
          for (const [i, p] of [0.05, 0.5, 0.95].entries()) {
            const single = quantileInPlace(Float64Array.from(values), p);
            expect(out[i] === single, `${out[i]} and ${single} at p=${p}`).toBe(true);
          }
        },
      ),
    );
  });
});
