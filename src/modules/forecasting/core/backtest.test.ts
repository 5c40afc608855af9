// Rolling-origin backtest: design, no look-ahead, and metrics for every model and the ensemble.
import { describe, expect, it } from 'vitest';
import { Prng, seedFromEnv } from '../../../kernel/index.js';
import { backtest, backtestDesign } from './backtest.js';

describe('backtest', () => {
  it('places origins so that each scores a distinct, in-range window and keeps half the data for training', () => {
    expect(backtestDesign(520, { period: 52 })).toEqual({ origins: [312, 364, 416, 468], horizon: 52 });
    const short = backtestDesign(20, { period: 52, folds: 4 });
    expect(short.horizon).toBe(2);
    expect(short.origins[0]).toBeGreaterThanOrEqual(10);
    expect((short.origins.at(-1) as number) + short.horizon).toBe(20);
  });

  it('never sees the values it scores: a level shift after the last origin is missed by every model', () => {
    const y = Float64Array.from({ length: 120 }, (_, t) => (t < 100 ? 10 : 1000));
    const report = backtest(y, { period: 52, folds: 1, horizon: 20 });
    expect(report.origins).toEqual([100]);
    for (const [name, metrics] of Object.entries(report.models)) expect(metrics?.mae, name).toBeGreaterThan(900);
  });

  const seed = seedFromEnv();
  it(`reports MAE, sMAPE, MASE and coverage for every model and the ensemble (SEED=${seed})`, () => {
    const rng = new Prng(seed);
    const y = Float64Array.from(
      { length: 260 },
      (_, t) => 200 + 0.3 * t + 8 * Math.sin((2 * Math.PI * t) / 52) + rng.normal(0, 2),
    );
    const report = backtest(y, { period: 52 });
    const names = Object.keys(report.models);
    expect(names, `SEED=${seed}`).toEqual(
      expect.arrayContaining(['moving_average', 'ses', 'holt', 'holt_damped', 'polynomial']),
    );
    for (const metrics of [...Object.values(report.models), report.ensemble]) {
      expect(metrics?.points, `SEED=${seed}`).toBeGreaterThan(0);
      for (const key of ['mae', 'smapePercent', 'mase', 'coverage95'] as const)
        expect(Number.isFinite(metrics?.[key] as number), `SEED=${seed} ${key}`).toBe(true);
      expect(metrics?.coverage95 as number).toBeLessThanOrEqual(1);
    }
  });

  it('scores a noiseless line almost perfectly with the trend models', () => {
    const y = Float64Array.from({ length: 120 }, (_, t) => 5 + 0.5 * t);
    const report = backtest(y, { period: 52 });
    expect(report.models.polynomial?.mae).toBeLessThan(1e-6);
    expect(report.models.holt?.mae).toBeLessThan(1e-3);
  });
});
