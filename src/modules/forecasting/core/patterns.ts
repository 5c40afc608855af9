// Pattern recognition on a weekly series: scale-normalised trend, coefficient-of-variation volatility, CAGR.
import { err, ok, type Result } from '../../../kernel/index.js';
import { forecastingLimits, weeksPerYear } from './limits.js';

/** Linear trend of the series, normalised by its scale so series in any unit compare. */
export interface TrendPattern {
  /** Least-squares slope, in series units per week. */
  readonly slopePerWeek: number;
  /** slope × weeks per year ÷ mean |y|: the trend as a fraction of the typical level per year. */
  readonly relativeSlopePerYear: number;
  /** Share of variance the line explains (0 for a constant series). */
  readonly rSquared: number;
  readonly direction: 'rising' | 'falling' | 'flat';
}

/** Dispersion of the series relative to its mean. */
export interface VolatilityPattern {
  /** Sample standard deviation ÷ |mean|. */
  readonly coefficientOfVariation: number;
  readonly level: 'low' | 'moderate' | 'high';
}

/** Compound annual growth rate between the first and last observation. */
export interface CagrPattern {
  /** (end / start)^(1 / years) − 1, as a fraction (0.05 is 5% a year). */
  readonly rate: number;
  readonly years: number;
  readonly start: number;
  readonly end: number;
}

/** Reasons CAGR is undefined; returned instead of NaN or Infinity. */
export type CagrUndefinedCode =
  | 'cagr_history_too_short'
  | 'cagr_start_zero'
  | 'cagr_start_negative'
  | 'cagr_end_negative';

/** All patterns of one series; each either a value or a typed reason it is undefined. */
export interface Patterns {
  readonly trend: Result<TrendPattern, 'trend_scale_zero'>;
  readonly volatility: Result<VolatilityPattern, 'volatility_mean_zero'>;
  readonly cagr: Result<CagrPattern, CagrUndefinedCode>;
}

/**
 * Ordinary least-squares line y = a + b t over t = 0..n−1 (weeks). The slope is divided by mean |y|, which is
 * the "scale-normalised linear regression" of the seed: a slope of 2 units/week means little on a level of
 * 10,000 and a lot on a level of 10. Undefined only when every value is zero.
 */
export function trendPattern(y: Float64Array): Result<TrendPattern, 'trend_scale_zero'> {
  const n = y.length;
  const meanT = (n - 1) / 2;
  let meanY = 0;
  let meanAbs = 0;
  for (let t = 0; t < n; t++) {
    meanY += y[t] as number;
    meanAbs += Math.abs(y[t] as number);
  }
  meanY /= n;
  meanAbs /= n;
  if (meanAbs === 0) return err('trend_scale_zero', 'every value is zero, so no scale to normalise by', 'values');
  let sty = 0;
  let stt = 0;
  let syy = 0;
  for (let t = 0; t < n; t++) {
    const dy = (y[t] as number) - meanY;
    sty += (t - meanT) * dy;
    stt += (t - meanT) ** 2;
    syy += dy * dy;
  }
  const slope = stt === 0 ? 0 : sty / stt;
  const rSquared = syy === 0 || stt === 0 ? 0 : (sty * sty) / (stt * syy);
  const relativeSlopePerYear = (slope * weeksPerYear) / meanAbs;
  const flat = Math.abs(relativeSlopePerYear) < forecastingLimits.trendFlatRelativePerYearMax;
  const direction = flat ? 'flat' : relativeSlopePerYear > 0 ? 'rising' : 'falling';
  return ok({ slopePerWeek: slope, relativeSlopePerYear, rSquared, direction });
}

/** Coefficient of variation s / |x̄| with the sample (n − 1) standard deviation; undefined when the mean is 0. */
export function volatilityPattern(y: Float64Array): Result<VolatilityPattern, 'volatility_mean_zero'> {
  const n = y.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += y[t] as number;
  mean /= n;
  if (mean === 0)
    return err('volatility_mean_zero', 'the mean is zero, so variation relative to it is undefined', 'values');
  let ss = 0;
  for (let t = 0; t < n; t++) ss += ((y[t] as number) - mean) ** 2;
  const cv = Math.sqrt(ss / Math.max(1, n - 1)) / Math.abs(mean);
  const level =
    cv <= forecastingLimits.volatilityLowCvMax
      ? 'low'
      : cv <= forecastingLimits.volatilityModerateCvMax
        ? 'moderate'
        : 'high';
  return ok({ coefficientOfVariation: cv, level });
}

/**
 * CAGR = (end / start)^(1 / years) − 1 with years = (n − 1) / weeksPerYear. Edge cases return a reason:
 * fewer than `cagrWeeksMin` intervals (annualising a few weeks would extrapolate noise), a zero start
 * (growth from nothing is infinite), a negative start or a negative end (a real root of a negative ratio
 * does not exist). An end of exactly zero is defined: −100% a year.
 */
export function cagrPattern(y: Float64Array): Result<CagrPattern, CagrUndefinedCode> {
  const n = y.length;
  if (n - 1 < forecastingLimits.cagrWeeksMin) {
    return err(
      'cagr_history_too_short',
      `needs ${forecastingLimits.cagrWeeksMin} weeks between first and last value, got ${Math.max(0, n - 1)}`,
      'values',
    );
  }
  const start = y[0] as number;
  const end = y[n - 1] as number;
  if (start === 0) return err('cagr_start_zero', 'growth from a zero start is unbounded', 'values[0]');
  if (start < 0) return err('cagr_start_negative', `start value ${start} is negative`, 'values[0]');
  if (end < 0) return err('cagr_end_negative', `end value ${end} is negative`, `values[${n - 1}]`);
  const years = (n - 1) / weeksPerYear;
  return ok({ rate: (end / start) ** (1 / years) - 1, years, start, end });
}

/** Every pattern of the series at once. */
export function recognisePatterns(y: Float64Array): Patterns {
  return { trend: trendPattern(y), volatility: volatilityPattern(y), cagr: cagrPattern(y) };
}
