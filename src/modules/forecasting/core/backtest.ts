// Rolling-origin backtest: refit every model at several origins and score its out-of-sample forecasts.

import { AccuracyAccumulator, type AccuracyMetrics, maseScale } from './accuracy.js';
import { combine, z95 } from './ensemble.js';
import { forecastingLimits } from './limits.js';
import { fitSuite } from './models/suite.js';
import type { ModelName, PointForecast } from './types.js';

/** Backtest results per model and for the ensemble, with the design that produced them. */
export interface BacktestReport {
  /** Training lengths at which models were refitted (the forecast origins). */
  readonly origins: number[];
  /** Steps forecast from each origin. */
  readonly horizon: number;
  readonly models: Partial<Record<ModelName, AccuracyMetrics>>;
  readonly ensemble: AccuracyMetrics;
}

/** Backtest design: number of origins and steps scored after each. */
export interface BacktestOptions {
  readonly folds?: number;
  readonly horizon?: number;
  readonly period: number;
}

/** The design actually used for a series of length n (horizon shrinks on short series). */
export function backtestDesign(n: number, options: BacktestOptions): { origins: number[]; horizon: number } {
  const folds = options.folds ?? forecastingLimits.backtestFoldsDefault;
  const wanted = options.horizon ?? forecastingLimits.backtestHorizonMax;
  // Keep at least half the series as training data at the earliest origin.
  const horizon = Math.max(1, Math.min(wanted, Math.floor(n / (2 * folds))));
  const origins: number[] = [];
  for (let k = folds; k >= 1; k--) origins.push(n - k * horizon);
  return { origins, horizon };
}

/**
 * Rolling-origin evaluation (Tashman 2000, "Out-of-sample tests of forecasting accuracy", IJF 16(4)): for each
 * origin o the whole suite, including the seasonality decision, is refitted on y[0..o), so no future data
 * leaks in; the next `horizon` values are forecast and scored. MASE is scaled per origin by the seasonal
 * naive error of that origin's training data (m = period when seasonality is detected there, else 1).
 */
export function backtest(y: Float64Array, options: BacktestOptions): BacktestReport {
  const { origins, horizon } = backtestDesign(y.length, options);
  const perModel = new Map<ModelName, AccuracyAccumulator>();
  const ensemble = new AccuracyAccumulator();
  for (const origin of origins) {
    const training = y.subarray(0, origin);
    const suite = fitSuite(training, options.period);
    const m = suite.seasonality.detected ? options.period : 1;
    const scale = maseScale(training, m);
    const steps = Math.min(horizon, y.length - origin);
    const forecasts: PointForecast[] = [];
    for (const model of suite.models) {
      const f = model.forecast(steps);
      forecasts.push(f);
      let acc = perModel.get(model.name);
      if (acc === undefined) {
        acc = new AccuracyAccumulator();
        perModel.set(model.name, acc);
      }
      for (let h = 0; h < steps; h++) {
        const mean = f.mean[h] as number;
        const half = z95 * (f.sd[h] as number);
        acc.add(y[origin + h] as number, mean, mean - half, mean + half, scale);
      }
    }
    const combined = combine(forecasts, steps);
    for (let h = 0; h < steps; h++) {
      ensemble.add(
        y[origin + h] as number,
        combined.mean[h] as number,
        combined.lower[h] as number,
        combined.upper[h] as number,
        scale,
      );
    }
  }
  const models: Partial<Record<ModelName, AccuracyMetrics>> = {};
  for (const [name, acc] of perModel) models[name] = acc.result();
  return { origins, horizon, models, ensemble: ensemble.result() };
}
