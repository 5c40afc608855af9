// Trailing moving average: the forecast is the mean of the last k observations, flat over the horizon.
import { forecastingLimits } from '../limits.js';
import type { FittedModel } from '../types.js';
import { residualSigma } from './exponential-smoothing.js';

/**
 * Fits a k-point trailing moving average (k defaults to `movingAverageWindow`, at most half the series).
 * Fitted values are the means of the k preceding points, so residuals are honest one-step errors.
 *
 * Interval assumption: a k-point average has the same average age of data as SES with α = 2/(k + 1)
 * (Brown 1963), so we borrow the SES variance σ_h² = σ²(1 + (h − 1)α²). That makes the interval grow
 * with the horizon as the level is allowed to drift; an i.i.d. model would give a constant width.
 */
export function fitMovingAverage(y: Float64Array, window: number = forecastingLimits.movingAverageWindow): FittedModel {
  const n = y.length;
  const k = Math.max(1, Math.min(window, Math.floor(n / 2)));
  const fitted = new Float64Array(n);
  let running = 0;
  let sse = 0;
  fitted[0] = y[0] as number;
  for (let t = 1; t < n; t++) {
    running += y[t - 1] as number;
    if (t > k) running -= y[t - 1 - k] as number;
    fitted[t] = running / Math.min(t, k);
    if (t >= k) sse += ((y[t] as number) - (fitted[t] as number)) ** 2;
  }
  let last = 0;
  for (let t = n - k; t < n; t++) last += y[t] as number;
  last /= k;
  const sigma = residualSigma(sse, n - k, 0);
  const alphaEquivalent = 2 / (k + 1);
  return {
    name: 'moving_average',
    params: { window: k },
    sigma,
    sse,
    fitted,
    forecast(horizon) {
      const mean = new Float64Array(horizon).fill(last);
      const sd = new Float64Array(horizon);
      for (let h = 1; h <= horizon; h++) sd[h - 1] = sigma * Math.sqrt(1 + (h - 1) * alphaEquivalent ** 2);
      return { mean, sd };
    },
  };
}
