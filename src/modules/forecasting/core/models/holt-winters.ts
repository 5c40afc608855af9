// Holt-Winters seasonal methods, additive and multiplicative (Winters 1960; FPP2 §7.3).
import type { FittedModel } from '../types.js';
import type { SmoothingState } from './exponential-smoothing.js';
import { type FixedParams, fitSmoothing } from './fit-smoothing.js';

/** Options for Holt-Winters; given weights or initial states are used as is. */
export interface HoltWintersOptions {
  readonly period: number;
  readonly seasonal: 'additive' | 'multiplicative';
  readonly alpha?: number;
  readonly beta?: number;
  readonly gamma?: number;
  readonly initialState?: SmoothingState;
  /** Seasonal update form; see SmoothingSpec.seasonalUpdate. */
  readonly seasonalUpdate?: 'forecast_level' | 'updated_level';
}

/**
 * Classical start values from the first two seasons, a simple heuristic of the kind Hyndman, Koehler, Ord and
 * Snyder (2008, Forecasting with Exponential Smoothing, §2.6) describe:
 * b0 = (mean of season 2 − mean of season 1) / m, ℓ0 such that ℓ0 + b0·(m + 1)/2 is the first season's
 * mean, and seasonal states as the first season's deviations from that line (ratios when multiplicative),
 * normalised to sum 0 (additive) or average 1 (multiplicative). Needs at least two full seasons.
 */
export function holtWintersInitialState(
  y: Float64Array,
  period: number,
  seasonal: 'additive' | 'multiplicative',
): SmoothingState {
  let first = 0;
  let second = 0;
  for (let t = 0; t < period; t++) {
    first += y[t] as number;
    second += y[t + period] as number;
  }
  first /= period;
  second /= period;
  const trend = (second - first) / period;
  const level = first - (trend * (period + 1)) / 2;
  const season = new Float64Array(period);
  let total = 0;
  for (let t = 0; t < period; t++) {
    const line = level + trend * (t + 1);
    const s = seasonal === 'additive' ? (y[t] as number) - line : (y[t] as number) / line;
    season[t] = s;
    total += s;
  }
  const mean = total / period;
  for (let t = 0; t < period; t++)
    season[t] = seasonal === 'additive' ? (season[t] as number) - mean : (season[t] as number) / mean;
  return { level, trend, season };
}

/** Fits Holt-Winters; null when the series is shorter than two seasons or multiplicative on non-positive data. */
export function fitHoltWinters(y: Float64Array, options: HoltWintersOptions): FittedModel | null {
  const { period, seasonal } = options;
  if (period < 2 || y.length < 2 * period) return null;
  if (seasonal === 'multiplicative' && y.some((v) => !(v > 0))) return null;
  const init = options.initialState ?? holtWintersInitialState(y, period, seasonal);
  const fixed: FixedParams = {};
  if (options.alpha !== undefined) fixed.alpha = options.alpha;
  if (options.beta !== undefined) fixed.beta = options.beta;
  if (options.gamma !== undefined) fixed.gamma = options.gamma;
  const name = seasonal === 'additive' ? 'holt_winters_additive' : 'holt_winters_multiplicative';
  const seasonalUpdate = options.seasonalUpdate ?? 'forecast_level';
  return fitSmoothing(name, y, { trend: 'linear', season: seasonal, period, seasonalUpdate }, init, fixed);
}
