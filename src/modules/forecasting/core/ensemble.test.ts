// Ensemble interval: monotone width, the spread and error terms, and the single-model case.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertSeeded } from '../test-support.js';
import { combine, z95 } from './ensemble.js';
import type { PointForecast } from './types.js';

const forecastArbitrary = (horizon: number) =>
  fc.record({
    mean: fc
      .array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: horizon, maxLength: horizon })
      .map((a) => Float64Array.from(a)),
    sd: fc
      .array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: horizon, maxLength: horizon })
      .map((a) => Float64Array.from(a)),
  });

describe('combine', () => {
  it('interval width never decreases with the horizon and always contains the mean', () => {
    assertSeeded(
      fc.property(fc.array(forecastArbitrary(30), { minLength: 1, maxLength: 7 }), (forecasts: PointForecast[]) => {
        const e = combine(forecasts, 30);
        for (let h = 0; h < 30; h++) {
          const width = (e.upper[h] as number) - (e.lower[h] as number);
          if (h > 0 && width < (e.upper[h - 1] as number) - (e.lower[h - 1] as number) - 1e-6) return false;
          if (!((e.lower[h] as number) <= (e.mean[h] as number) && (e.mean[h] as number) <= (e.upper[h] as number)))
            return false;
        }
        return true;
      }),
      100,
    );
  });

  it('adds the between-model variance to the mean within-model variance', () => {
    const a = { mean: Float64Array.from([0, 0]), sd: Float64Array.from([3, 3]) };
    const b = { mean: Float64Array.from([2, 2]), sd: Float64Array.from([4, 4]) };
    const e = combine([a, b], 2);
    // within: (9 + 16) / 2 = 12.5; between: sample variance of {0, 2} = 2.
    expect(e.mean[0]).toBe(1);
    expect(e.sd[0]).toBeCloseTo(Math.sqrt(14.5), 12);
    expect(e.upper[0]).toBeCloseTo(1 + z95 * Math.sqrt(14.5), 12);
  });

  it('with one model whose sd grows, reproduces that model’s own interval', () => {
    const f = { mean: Float64Array.from([5, 6, 7]), sd: Float64Array.from([1, 2, 3]) };
    const e = combine([f], 3);
    expect(Array.from(e.lower)).toEqual([5 - z95, 6 - 2 * z95, 7 - 3 * z95]);
    expect(Array.from(e.sd)).toEqual([1, 2, 3]);
  });
});
