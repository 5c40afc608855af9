// Equal-weight ensemble of model forecasts with a 95% interval that combines model spread and model error.
import { assert } from '../../../kernel/index.js';
import type { PointForecast } from './types.js';

/** Two-sided 95% standard normal quantile. */
export const z95 = 1.959963984540054;

/** Ensemble mean, its standard deviation and the 95% interval per step. */
export interface EnsembleForecast {
  readonly mean: Float64Array;
  readonly sd: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/**
 * Combines M model forecasts step by step:
 *   mean_h   = (1/M) Σ_m f_{m,h}
 *   σ_h²     = (1/M) Σ_m σ_{m,h}²  +  (1/(M−1)) Σ_m (f_{m,h} − mean_h)²
 *   interval = mean_h ± 1.96 σ_h, with σ_h replaced by max(σ_1..σ_h).
 * The first term is the average within-model error variance (each model's σ_{m,h} already grows with h, see
 * the model files); the second is the between-model variance, which stands for model uncertainty. Adding
 * them is the law of total variance for a forecast drawn from a uniformly chosen model (we use the sample
 * variance, denominator M − 1, for the between term, which is slightly conservative), assuming each model's
 * error is normal with mean zero; the interval then treats the mixture as normal. The running maximum encodes the assumption that uncertainty never
 * shrinks with lead time: models that cross would otherwise pinch the interval where they happen to agree.
 * With M = 1 the spread term is zero.
 */
export function combine(forecasts: readonly PointForecast[], horizon: number): EnsembleForecast {
  assert(forecasts.length > 0, 'combine: needs at least one model');
  const m = forecasts.length;
  const mean = new Float64Array(horizon);
  const sd = new Float64Array(horizon);
  const lower = new Float64Array(horizon);
  const upper = new Float64Array(horizon);
  let sdMax = 0;
  for (let h = 0; h < horizon; h++) {
    let sum = 0;
    let within = 0;
    for (const f of forecasts) {
      sum += f.mean[h] as number;
      within += (f.sd[h] as number) ** 2;
    }
    const mu = sum / m;
    let between = 0;
    if (m > 1) {
      for (const f of forecasts) between += ((f.mean[h] as number) - mu) ** 2;
      between /= m - 1;
    }
    sdMax = Math.max(sdMax, Math.sqrt(within / m + between));
    mean[h] = mu;
    sd[h] = sdMax;
    lower[h] = mu - z95 * sdMax;
    upper[h] = mu + z95 * sdMax;
  }
  return { mean, sd, lower, upper };
}
