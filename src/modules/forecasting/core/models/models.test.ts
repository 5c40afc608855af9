// Properties and edge cases of every forecasting model, the QR solver, Nelder-Mead and seasonality detection.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Prng, seedFromEnv } from '../../../../kernel/index.js';
import { assertSeeded } from '../../test-support.js';
import { leastSquares, leverage } from '../least-squares.js';
import { nelderMead } from '../nelder-mead.js';
import type { FittedModel } from '../types.js';
import { fitHolt } from './holt.js';
import { fitHoltWinters } from './holt-winters.js';
import { fitMovingAverage } from './moving-average.js';
import { chooseDegree, fitPolynomial } from './polynomial.js';
import { detectSeasonality } from './seasonality.js';
import { fitSes } from './ses.js';
import { fitSuite } from './suite.js';

function allModels(y: Float64Array): FittedModel[] {
  return [
    fitMovingAverage(y),
    fitSes(y),
    fitHolt(y),
    fitHolt(y, { damped: true }),
    fitPolynomial(y),
    fitHoltWinters(y, { period: 4, seasonal: 'additive' }),
    fitHoltWinters(y, { period: 4, seasonal: 'multiplicative' }),
  ].filter((m): m is FittedModel => m !== null);
}

const seriesArbitrary = fc
  .tuple(
    fc.integer({ min: 16, max: 120 }),
    fc.integer({ min: 0, max: 2 ** 31 }),
    fc.double({ min: 1, max: 1e6, noNaN: true }),
  )
  .map(([n, seed, level]) => {
    const rng = new Prng(seed);
    return Float64Array.from(
      { length: n },
      (_, t) => level * (1 + 0.002 * t + 0.05 * Math.sin(t / 2) + 0.05 * rng.normal()),
    );
  });

describe('every model', () => {
  it('forecasts finite values whose standard deviation never shrinks with the horizon', () => {
    assertSeeded(
      fc.property(seriesArbitrary, (y) => {
        for (const model of allModels(y)) {
          const f = model.forecast(400);
          for (let h = 0; h < 400; h++) {
            if (!Number.isFinite(f.mean[h] as number) || !Number.isFinite(f.sd[h] as number)) return false;
            if (h > 0 && (f.sd[h] as number) < (f.sd[h - 1] as number) * (1 - 1e-12)) return false;
          }
        }
        return true;
      }),
      20,
    );
  });

  it('forecasts a constant series as that constant with zero error', () => {
    const y = new Float64Array(60).fill(42.5);
    const models = allModels(y);
    expect(models.map((m) => m.name).sort()).toEqual(
      [
        'holt',
        'holt_damped',
        'holt_winters_additive',
        'holt_winters_multiplicative',
        'moving_average',
        'polynomial',
        'ses',
      ].sort(),
    );
    for (const model of models) {
      const f = model.forecast(100);
      for (let h = 0; h < 100; h++) expect(f.mean[h], `${model.name} step ${h}`).toBeCloseTo(42.5, 8);
      expect(model.sigma, model.name).toBeLessThan(1e-8);
    }
  });
});

describe('damped Holt', () => {
  it('converges: the forecast increments shrink geometrically by φ', () => {
    const y = Float64Array.from({ length: 80 }, (_, t) => 10 + 0.5 * t + Math.sin(t));
    const model = fitHolt(y, { damped: true, alpha: 0.5, beta: 0.2, phi: 0.9 })!;
    const f = model.forecast(50).mean;
    for (let h = 2; h < 50; h++) {
      const ratio = ((f[h] as number) - (f[h - 1] as number)) / ((f[h - 1] as number) - (f[h - 2] as number));
      expect(ratio).toBeCloseTo(0.9, 9);
    }
  });
});

describe('Holt-Winters', () => {
  it('needs two full seasons and strictly positive data for the multiplicative form', () => {
    const short = Float64Array.from({ length: 7 }, (_, t) => 5 + t);
    expect(fitHoltWinters(short, { period: 4, seasonal: 'additive' })).toBeNull();
    const withZero = Float64Array.from({ length: 16 }, (_, t) => t % 4);
    expect(fitHoltWinters(withZero, { period: 4, seasonal: 'multiplicative' })).toBeNull();
    expect(fitHoltWinters(withZero, { period: 4, seasonal: 'additive' })).not.toBeNull();
  });

  it('learns an exact additive season and repeats it', () => {
    const pattern = [3, -1, -4, 2];
    const y = Float64Array.from({ length: 40 }, (_, t) => 100 + 0.5 * t + (pattern[t % 4] as number));
    const model = fitHoltWinters(y, { period: 4, seasonal: 'additive' })!;
    const f = model.forecast(8).mean;
    for (let h = 1; h <= 8; h++)
      expect(f[h - 1]).toBeCloseTo(100 + 0.5 * (39 + h) + (pattern[(39 + h) % 4] as number), 3);
  });
});

describe('polynomial trend', () => {
  it('least squares recovers exact cubic coefficients and leverage grows beyond the data', () => {
    const n = 30;
    const p = 4;
    const x = new Float64Array(n * p);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = i / 10 - 1;
      for (let d = 0; d < p; d++) x[i * p + d] = u ** d;
      y[i] = 2 - 3 * u + 0.5 * u * u + 0.25 * u ** 3;
    }
    const fit = leastSquares(x, y, n, p)!;
    [2, -3, 0.5, 0.25].forEach((c, d) => {
      expect(fit.coefficients[d]).toBeCloseTo(c, 10);
    });
    expect(fit.sse).toBeLessThan(1e-20);
    let previous = 0;
    for (let u = 2; u < 20; u += 0.5) {
      const value = leverage(fit, Float64Array.from([1, u, u * u, u ** 3]));
      expect(value).toBeGreaterThan(previous);
      previous = value;
    }
  });

  it('least squares reports a rank-deficient design instead of dividing by zero', () => {
    const x = Float64Array.from([1, 2, 1, 2, 1, 2]);
    expect(leastSquares(x, Float64Array.from([1, 2, 3]), 3, 2)).toBeNull();
  });

  it('cross-validation picks degree 1 for an exact line and 2 for an exact parabola', () => {
    expect(chooseDegree(Float64Array.from({ length: 80 }, (_, t) => 3 + 2 * t))).toBe(1);
    expect(chooseDegree(Float64Array.from({ length: 80 }, (_, t) => 3 + 2 * t - 0.05 * t * t))).toBe(2);
  });
});

describe('Nelder-Mead', () => {
  it('finds the minimum of a shifted quadratic bowl', () => {
    const best = nelderMead(
      (x) => ((x[0] as number) - 0.3) ** 2 + 2 * ((x[1] as number) + 0.7) ** 2 + ((x[2] as number) - 0.1) ** 2,
      [0, 0, 0],
      0.1,
      2000,
      1e-14,
    );
    expect(best.point[0]).toBeCloseTo(0.3, 4);
    expect(best.point[1]).toBeCloseTo(-0.7, 4);
    expect(best.point[2]).toBeCloseTo(0.1, 4);
  });

  it('respects constraints expressed as an infinite objective', () => {
    const best = nelderMead(
      (x) => ((x[0] as number) < 0.5 ? Number.POSITIVE_INFINITY : (x[0] as number) ** 2),
      [0.9],
      0.1,
      500,
    );
    expect(best.point[0]).toBeGreaterThanOrEqual(0.5);
    expect(best.point[0]).toBeCloseTo(0.5, 3);
  });
});

describe('seasonality detection', () => {
  const seed = seedFromEnv();
  it(`finds a yearly cycle in weekly data and none in noise or a pure trend (SEED=${seed})`, () => {
    const rng = new Prng(seed);
    const seasonal = Float64Array.from(
      { length: 520 },
      (_, t) => 50 + 0.05 * t + 5 * Math.sin((2 * Math.PI * t) / 52) + rng.normal(),
    );
    const noise = Float64Array.from({ length: 520 }, () => 50 + rng.normal());
    const trend = Float64Array.from({ length: 520 }, (_, t) => 50 + 0.2 * t + 0.1 * rng.normal());
    expect(detectSeasonality(seasonal, 52).detected, `SEED=${seed}`).toBe(true);
    expect(detectSeasonality(noise, 52).detected, `SEED=${seed}`).toBe(false);
    expect(detectSeasonality(trend, 52).detected, `SEED=${seed}`).toBe(false);
    expect(Number.isNaN(detectSeasonality(seasonal.subarray(0, 100), 52).autocorrelation)).toBe(true);
  });

  it('the suite adds a Holt-Winters model only when the series is seasonal', () => {
    const rng = new Prng(seed);
    const seasonal = Float64Array.from(
      { length: 260 },
      (_, t) => 50 + 5 * Math.sin((2 * Math.PI * t) / 52) + 0.5 * rng.normal(),
    );
    const flat = Float64Array.from({ length: 260 }, () => 50 + rng.normal());
    expect(
      fitSuite(seasonal, 52).models.some((m) => m.name.startsWith('holt_winters')),
      `SEED=${seed}`,
    ).toBe(true);
    expect(
      fitSuite(flat, 52).models.some((m) => m.name.startsWith('holt_winters')),
      `SEED=${seed}`,
    ).toBe(false);
  });
});
