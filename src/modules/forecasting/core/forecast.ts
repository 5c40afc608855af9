// The forecasting entry point: validate, fit every model, combine, backtest, recognise patterns, derive insights.
import { err, ok, type Result } from '../../../kernel/index.js';
import type { AccuracyMetrics } from './accuracy.js';
import { type BacktestReport, backtest } from './backtest.js';
import { combine, z95 } from './ensemble.js';
import { generateInsights, type Insight } from './insights.js';
import { forecastingLimits } from './limits.js';
import type { Seasonality } from './models/seasonality.js';
import { fitSuite } from './models/suite.js';
import { type Patterns, recognisePatterns } from './patterns.js';
import type { ModelName } from './types.js';
import { validateHorizon, validateSeries } from './validate.js';

/** Options of one forecast. Only `horizonSteps` is required. */
export interface ForecastOptions {
  /** Weekly steps to forecast, 1..horizonStepsMax (5,218 = 100 years). */
  readonly horizonSteps: number;
  /** Seasonal period in steps; 52 for weekly data. */
  readonly seasonalPeriod?: number;
  /** Rolling-origin folds of the backtest. */
  readonly backtestFolds?: number;
  /** Steps scored after each backtest origin. */
  readonly backtestHorizon?: number;
}

/** One model's forecast with its 95% interval and its own backtest accuracy. */
export interface ModelReport {
  readonly name: ModelName;
  readonly params: Readonly<Record<string, number>>;
  /** In-sample residual standard deviation. */
  readonly sigma: number;
  readonly mean: number[];
  readonly lower: number[];
  readonly upper: number[];
  /** Null when the model could not be fitted at any backtest origin (e.g. too short for Holt-Winters there). */
  readonly backtest: AccuracyMetrics | null;
}

/** Everything a forecast response carries. */
export interface ForecastReport {
  readonly horizonSteps: number;
  readonly historyLength: number;
  readonly seasonality: Seasonality;
  readonly models: ModelReport[];
  readonly ensemble: {
    readonly mean: number[];
    readonly lower: number[];
    readonly upper: number[];
    readonly sd: number[];
    readonly backtest: AccuracyMetrics;
  };
  readonly backtest: { readonly origins: number[]; readonly horizon: number };
  readonly patterns: Patterns;
  readonly insights: Insight[];
}

function validateOptions(options: ForecastOptions): Result<Required<ForecastOptions>> {
  const horizon = validateHorizon(options.horizonSteps);
  if (!horizon.ok) return horizon;
  const period = options.seasonalPeriod ?? forecastingLimits.seasonalPeriodDefault;
  if (!Number.isInteger(period) || period < 2 || period > forecastingLimits.seasonalPeriodMax) {
    return err(
      'seasonal_period_out_of_range',
      `an integer in 2..${forecastingLimits.seasonalPeriodMax}, got ${String(period)}`,
      'seasonalPeriod',
    );
  }
  const folds = options.backtestFolds ?? forecastingLimits.backtestFoldsDefault;
  if (!Number.isInteger(folds) || folds < 1 || folds > forecastingLimits.backtestFoldsMax) {
    return err(
      'backtest_folds_out_of_range',
      `an integer in 1..${forecastingLimits.backtestFoldsMax}, got ${String(folds)}`,
      'backtestFolds',
    );
  }
  const steps = options.backtestHorizon ?? forecastingLimits.backtestHorizonMax;
  if (!Number.isInteger(steps) || steps < 1 || steps > forecastingLimits.backtestHorizonMax) {
    return err(
      'backtest_horizon_out_of_range',
      `an integer in 1..${forecastingLimits.backtestHorizonMax}, got ${String(steps)}`,
      'backtestHorizon',
    );
  }
  return ok({ horizonSteps: horizon.value, seasonalPeriod: period, backtestFolds: folds, backtestHorizon: steps });
}

/**
 * Forecasts a weekly series (use `resampleWeekly` first for irregular samples). Every model is fitted on the
 * whole history and forecast `horizonSteps` ahead; the ensemble is their mean with the interval of
 * `combine`; the rolling-origin backtest refits everything at earlier origins and reports MAE, sMAPE, MASE
 * and 95% coverage per model and for the ensemble. Expected failures return a typed error naming the field.
 */
export function forecast(values: ArrayLike<number>, options: ForecastOptions): Result<ForecastReport> {
  const checked = validateOptions(options);
  if (!checked.ok) return checked;
  const series = validateSeries(values);
  if (!series.ok) return series;
  const y = series.value;
  const { horizonSteps, seasonalPeriod, backtestFolds, backtestHorizon } = checked.value;
  const suite = fitSuite(y, seasonalPeriod);
  const report: BacktestReport = backtest(y, {
    period: seasonalPeriod,
    folds: backtestFolds,
    horizon: backtestHorizon,
  });
  const forecasts = suite.models.map((model) => model.forecast(horizonSteps));
  const ensemble = combine(forecasts, horizonSteps);
  const models: ModelReport[] = suite.models.map((model, i) => {
    const f = forecasts[i]!;
    const lower = new Array<number>(horizonSteps);
    const upper = new Array<number>(horizonSteps);
    for (let h = 0; h < horizonSteps; h++) {
      lower[h] = (f.mean[h] as number) - z95 * (f.sd[h] as number);
      upper[h] = (f.mean[h] as number) + z95 * (f.sd[h] as number);
    }
    return {
      name: model.name,
      params: model.params,
      sigma: model.sigma,
      mean: Array.from(f.mean),
      lower,
      upper,
      backtest: report.models[model.name] ?? null,
    };
  });
  const patterns = recognisePatterns(y);
  const insights = generateInsights({ history: y, ensemble, horizonSteps, patterns, backtest: report.ensemble });
  return ok({
    horizonSteps,
    historyLength: y.length,
    seasonality: suite.seasonality,
    models,
    ensemble: {
      mean: Array.from(ensemble.mean),
      lower: Array.from(ensemble.lower),
      upper: Array.from(ensemble.upper),
      sd: Array.from(ensemble.sd),
      backtest: report.ensemble,
    },
    backtest: { origins: report.origins, horizon: report.horizon },
    patterns,
    insights,
  });
}
