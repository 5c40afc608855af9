// Classical additive seasonal adjustment, so non-seasonal models can forecast seasonal series.
import type { FittedModel } from '../types.js';

/** Seasonal indices by position in the cycle (sum zero) and the series with them removed. */
export interface SeasonalAdjustment {
  readonly indices: Float64Array;
  readonly adjusted: Float64Array;
}

/**
 * Classical additive decomposition (FPP2 §6.3): a centred moving average of order m (2×m when m is even)
 * estimates the trend-cycle, the mean of y − trend per cycle position estimates the seasonal index, and the
 * indices are shifted to sum to zero. Needs at least two full cycles (callers check via seasonality detection).
 */
export function seasonallyAdjust(y: Float64Array, period: number): SeasonalAdjustment {
  const n = y.length;
  const half = Math.floor(period / 2);
  const even = period % 2 === 0;
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  let window = 0;
  for (let k = 0; k < Math.min(n, period + 1); k++) window += y[k] as number;
  for (let t = half; t + half < n; t++) {
    // Sum of y[t−half .. t+half]: maintained incrementally.
    if (t > half) window += (y[t + half] as number) - (y[t - half - 1] as number);
    else {
      window = 0;
      for (let k = t - half; k <= t + half; k++) window += y[k] as number;
    }
    const trend = even
      ? (window - 0.5 * (y[t - half] as number) - 0.5 * (y[t + half] as number)) / period
      : window / period;
    const j = t % period;
    sums[j] = (sums[j] as number) + (y[t] as number) - trend;
    counts[j] = (counts[j] as number) + 1;
  }
  const indices = new Float64Array(period);
  let total = 0;
  for (let j = 0; j < period; j++) {
    indices[j] = (counts[j] as number) > 0 ? (sums[j] as number) / (counts[j] as number) : 0;
    total += indices[j] as number;
  }
  for (let j = 0; j < period; j++) indices[j] = (indices[j] as number) - total / period;
  const adjusted = new Float64Array(n);
  for (let t = 0; t < n; t++) adjusted[t] = (y[t] as number) - (indices[t % period] as number);
  return { indices, adjusted };
}

/**
 * Wraps a model fitted on the adjusted series so its fitted values and forecasts carry the seasonal indices
 * again (FPP2 §6.8, forecasting with decomposition). The indices are treated as known: their estimation
 * error is not added to the interval, which is the usual simplification of that method.
 */
export function reseasonalise(model: FittedModel, adjustment: SeasonalAdjustment, n: number): FittedModel {
  const { indices } = adjustment;
  const m = indices.length;
  const fitted = Float64Array.from(model.fitted, (v, t) => v + (indices[t % m] as number));
  return {
    name: model.name,
    params: { ...model.params, seasonallyAdjustedPeriod: m },
    sigma: model.sigma,
    sse: model.sse,
    fitted,
    forecast(horizon) {
      const f = model.forecast(horizon);
      const mean = Float64Array.from(f.mean, (v, i) => v + (indices[(n + i) % m] as number));
      return { mean, sd: f.sd };
    },
  };
}
