// Seasonality detection: autocorrelation of the linearly detrended series at the seasonal lag.
import { forecastingLimits } from '../limits.js';

/** Outcome of the seasonality test, with the statistic it rests on. */
export interface Seasonality {
  readonly period: number;
  readonly detected: boolean;
  /** Sample autocorrelation r_m of the detrended series at lag m; NaN when the series is under two seasons. */
  readonly autocorrelation: number;
}

/**
 * Declares seasonality when r_m, the lag-m sample autocorrelation (Box and Jenkins 1976, Time Series Analysis, ch. 2) of the
 * residuals from a least-squares line, exceeds both `seasonalAutocorrelationMin` and the 95% white-noise
 * bound 1.96/√n. Detrending first matters: a trend alone makes r_m large at every lag.
 */
export function detectSeasonality(y: Float64Array, period: number): Seasonality {
  const n = y.length;
  if (period < 2 || n < 2 * period) return { period, detected: false, autocorrelation: Number.NaN };
  const meanT = (n - 1) / 2;
  let meanY = 0;
  for (let t = 0; t < n; t++) meanY += y[t] as number;
  meanY /= n;
  let sty = 0;
  let stt = 0;
  for (let t = 0; t < n; t++) {
    sty += (t - meanT) * ((y[t] as number) - meanY);
    stt += (t - meanT) ** 2;
  }
  const slope = sty / stt;
  const residual = new Float64Array(n);
  for (let t = 0; t < n; t++) residual[t] = (y[t] as number) - meanY - slope * (t - meanT);
  let denominator = 0;
  for (let t = 0; t < n; t++) denominator += (residual[t] as number) ** 2;
  if (denominator === 0) return { period, detected: false, autocorrelation: 0 };
  let numerator = 0;
  for (let t = period; t < n; t++) numerator += (residual[t] as number) * (residual[t - period] as number);
  const r = numerator / denominator;
  const bound = Math.max(forecastingLimits.seasonalAutocorrelationMin, 1.96 / Math.sqrt(n));
  return { period, detected: r > bound, autocorrelation: r };
}
