// The forecast entry point: typed errors naming fields, and end-to-end properties of the report.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Prng, seedFromEnv } from '../../../kernel/index.js';
import { assertSeeded } from '../test-support.js';
import { forecast } from './forecast.js';
import { forecastingLimits } from './limits.js';

const series = (n: number, seed: number) => {
  const rng = new Prng(seed);
  return Array.from({ length: n }, (_, t) => 100 + 0.1 * t + 10 * Math.sin((2 * Math.PI * t) / 52) + rng.normal(0, 2));
};

describe('forecast rejects bad input with a typed error naming the field', () => {
  const good = series(60, 1);
  it.each([
    [
      'NaN value',
      [...good.slice(0, 3), Number.NaN, ...good.slice(4)],
      { horizonSteps: 10 },
      'series_value_not_finite',
      'values[3]',
    ],
    [
      'Infinity value',
      [...good.slice(0, 59), Number.POSITIVE_INFINITY],
      { horizonSteps: 10 },
      'series_value_not_finite',
      'values[59]',
    ],
    [
      'too short',
      good.slice(0, forecastingLimits.seriesLengthMin - 1),
      { horizonSteps: 10 },
      'series_too_short',
      'values',
    ],
    [
      'too long',
      new Array(forecastingLimits.seriesLengthMax + 1).fill(1),
      { horizonSteps: 10 },
      'series_too_long',
      'values',
    ],
    [
      'horizon above max',
      good,
      { horizonSteps: forecastingLimits.horizonStepsMax + 1 },
      'horizon_steps_above_max',
      'horizonSteps',
    ],
    ['horizon zero', good, { horizonSteps: 0 }, 'horizon_steps_not_positive_integer', 'horizonSteps'],
    ['horizon fractional', good, { horizonSteps: 2.5 }, 'horizon_steps_not_positive_integer', 'horizonSteps'],
    [
      'seasonal period 1',
      good,
      { horizonSteps: 10, seasonalPeriod: 1 },
      'seasonal_period_out_of_range',
      'seasonalPeriod',
    ],
    ['folds 0', good, { horizonSteps: 10, backtestFolds: 0 }, 'backtest_folds_out_of_range', 'backtestFolds'],
    [
      'backtest horizon too long',
      good,
      { horizonSteps: 10, backtestHorizon: 53 },
      'backtest_horizon_out_of_range',
      'backtestHorizon',
    ],
  ] as const)('%s', (_name, values, options, code, field) => {
    expect(forecast(values, options)).toMatchObject({ ok: false, code, field });
  });
});

describe('forecast report', () => {
  const seed = seedFromEnv();
  it(`ten years of weekly history to a 100-year horizon: finite, widening, with backtest metrics everywhere (SEED=${seed})`, () => {
    const result = forecast(series(520, seed), { horizonSteps: forecastingLimits.horizonStepsMax });
    expect(result.ok, `SEED=${seed}`).toBe(true);
    if (!result.ok) return;
    const r = result.value;
    expect(r.seasonality.detected, `SEED=${seed}`).toBe(true);
    expect(r.models.map((m) => m.name)).toEqual(
      expect.arrayContaining(['moving_average', 'ses', 'holt', 'holt_damped', 'polynomial']),
    );
    expect(r.models.some((m) => m.name.startsWith('holt_winters'))).toBe(true);
    for (const m of r.models) {
      expect(m.mean).toHaveLength(5218);
      expect(m.backtest?.points, m.name).toBeGreaterThan(0);
      expect([...m.mean, ...m.lower, ...m.upper].every(Number.isFinite), m.name).toBe(true);
    }
    const { lower, upper, mean } = r.ensemble;
    for (let h = 1; h < 5218; h++) {
      expect((upper[h] as number) - (lower[h] as number)).toBeGreaterThanOrEqual(
        (upper[h - 1] as number) - (lower[h - 1] as number) - 1e-9,
      );
    }
    expect(mean.every(Number.isFinite)).toBe(true);
    expect(r.ensemble.backtest.mase).not.toBeNull();
    expect(r.backtest.origins.length).toBe(forecastingLimits.backtestFoldsDefault);
    expect(r.insights.some((i) => i.horizon === 'long' && i.code === 'treat_as_scenario_not_prediction')).toBe(true);
    // JSON-safe: the report survives serialisation unchanged in its arrays.
    expect(JSON.parse(JSON.stringify(r.ensemble.mean))).toEqual(r.ensemble.mean);
  });

  it('a constant series forecasts the constant with a zero-width interval', () => {
    const result = forecast(new Array(80).fill(7.25), { horizonSteps: 300 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    for (const value of [
      ...result.value.ensemble.mean,
      ...result.value.ensemble.lower,
      ...result.value.ensemble.upper,
    ]) {
      expect(value).toBeCloseTo(7.25, 6);
    }
    expect(result.value.ensemble.backtest.mae).toBeCloseTo(0, 9);
  });

  it('any finite series of admissible length gives finite forecasts and a never-narrowing interval', () => {
    assertSeeded(
      fc.property(
        fc.integer({ min: forecastingLimits.seriesLengthMin, max: 160 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.double({ min: -1e5, max: 1e5, noNaN: true }),
        fc.double({ min: 0, max: 1e3, noNaN: true }),
        (n, seed, level, noise) => {
          const rng = new Prng(seed);
          const values = Array.from({ length: n }, () => level + noise * rng.normal());
          const result = forecast(values, { horizonSteps: 200 });
          if (!result.ok) return false;
          const { mean, lower, upper } = result.value.ensemble;
          for (let h = 0; h < 200; h++) {
            if (![mean[h], lower[h], upper[h]].every((v) => Number.isFinite(v as number))) return false;
            if (
              h > 0 &&
              (upper[h] as number) - (lower[h] as number) <
                (upper[h - 1] as number) - (lower[h - 1] as number) - 1e-9 * Math.abs(level + 1)
            )
              return false;
          }
          return true;
        },
      ),
      15,
    );
  });
});
