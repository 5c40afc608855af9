// One recursion for every exponential smoothing method used here: level, optional (damped) trend, optional season.
import { assert } from '../../../../kernel/index.js';
import type { PointForecast } from '../types.js';

/** Which components a smoothing method has. */
export interface SmoothingSpec {
  readonly trend: 'none' | 'linear' | 'damped';
  readonly season: 'none' | 'additive' | 'multiplicative';
  /** Seasonal period in steps; ignored without a season. */
  readonly period: number;
  /**
   * Which level the seasonal update compares y with: 'forecast_level' (ℓ_{t−1} + φb_{t−1}, FPP2 §7.3 and the
   * ETS models; the default) or 'updated_level' (ℓ_t, Winters 1960 and R's stats::HoltWinters).
   */
  readonly seasonalUpdate?: 'forecast_level' | 'updated_level';
}

/** Smoothing weights in the component form of Hyndman and Athanasopoulos, FPP2 §7.1-7.4. */
export interface SmoothingParams {
  readonly alpha: number;
  /** β* of FPP2 (trend weight on the level change); 0 without a trend. */
  readonly beta: number;
  readonly gamma: number;
  /** Damping φ; 1 for an undamped trend. */
  readonly phi: number;
}

/** Initial states: level ℓ0, trend b0 and one seasonal state per position in the cycle. */
export interface SmoothingState {
  readonly level: number;
  readonly trend: number;
  /** season[j] is the state used for times t with t mod period = j (t counted from 0). */
  readonly season: Float64Array;
}

/** A completed pass: SSE, the one-step fitted values, and the state after the last observation. */
export interface SmoothingRun {
  readonly sse: number;
  readonly fitted: Float64Array;
  readonly final: SmoothingState;
}

/**
 * Runs the component-form recursion of FPP2 §7.2-7.4 (Holt 1957; Winters 1960; Gardner and McKenzie 1985
 * for damping). With pred = ℓ + φb:
 *   additive:       ŷ = pred + s,  ℓ' = α(y − s) + (1−α)pred,  s' = γ(y − pred) + (1−γ)s
 *   multiplicative: ŷ = pred · s,  ℓ' = α(y / s) + (1−α)pred,  s' = γ(y / pred) + (1−γ)s
 *   trend:          b' = β*(ℓ' − ℓ) + (1−β*)φb
 * With `seasonalUpdate: 'updated_level'` the seasonal update uses ℓ' in place of pred (Winters' original form).
 * Returns null when a multiplicative denominator leaves the positive reals (the method is undefined there).
 */
export function runSmoothing(
  y: Float64Array,
  spec: SmoothingSpec,
  params: SmoothingParams,
  init: SmoothingState,
): SmoothingRun | null {
  const { alpha, beta, gamma } = params;
  const hasTrend = spec.trend !== 'none';
  const phi = spec.trend === 'damped' ? params.phi : 1;
  const m = spec.season === 'none' ? 1 : spec.period;
  const season = Float64Array.from(init.season.length === 0 ? [spec.season === 'multiplicative' ? 1 : 0] : init.season);
  assert(spec.season === 'none' || season.length === m, 'runSmoothing: one seasonal state per period position');
  const winters = spec.seasonalUpdate === 'updated_level';
  const fitted = new Float64Array(y.length);
  let level = init.level;
  let trend = hasTrend ? init.trend : 0;
  let sse = 0;
  for (let t = 0; t < y.length; t++) {
    const yt = y[t] as number;
    const pred = level + phi * trend;
    const j = spec.season === 'none' ? 0 : t % m;
    const s = season[j] as number;
    let newLevel: number;
    if (spec.season === 'multiplicative') {
      if (!(pred > 0) || !(s > 0)) return null;
      fitted[t] = pred * s;
      newLevel = alpha * (yt / s) + (1 - alpha) * pred;
      const against = winters ? newLevel : pred;
      if (!(against > 0)) return null;
      season[j] = gamma * (yt / against) + (1 - gamma) * s;
    } else if (spec.season === 'additive') {
      fitted[t] = pred + s;
      newLevel = alpha * (yt - s) + (1 - alpha) * pred;
      season[j] = gamma * (yt - (winters ? newLevel : pred)) + (1 - gamma) * s;
    } else {
      fitted[t] = pred;
      newLevel = alpha * yt + (1 - alpha) * pred;
    }
    if (hasTrend) trend = beta * (newLevel - level) + (1 - beta) * phi * trend;
    level = newLevel;
    const e = yt - (fitted[t] as number);
    sse += e * e;
  }
  if (!Number.isFinite(sse)) return null;
  return { sse, fitted, final: { level, trend, season } };
}

/**
 * Forecasts h steps from the state after n observations: ŷ(n+h) = ℓ + φ_h b (+ or ×) s, φ_h = φ + … + φ^h.
 * Standard deviation per step uses the linear innovations state-space result
 *   σ_h² = σ² (1 + Σ_{j=1}^{h−1} c_j²),  c_j = α + αβ*(φ + … + φ^j) + γ·[j mod m = 0]
 * (Hyndman, Koehler, Ord and Snyder 2008, Forecasting with Exponential Smoothing, ch. 6, class 1 models;
 * FPP2 Table 7.8). It is exact for additive-error models; for multiplicative seasonality it is the usual
 * approximation that treats the seasonal factor as fixed, so those intervals are indicative.
 */
export function smoothingForecast(
  run: SmoothingRun,
  n: number,
  spec: SmoothingSpec,
  params: SmoothingParams,
  sigma: number,
  horizon: number,
): PointForecast {
  const phi = spec.trend === 'damped' ? params.phi : 1;
  const hasTrend = spec.trend !== 'none';
  const m = spec.season === 'none' ? 1 : spec.period;
  const { level, trend, season } = run.final;
  const mean = new Float64Array(horizon);
  const sd = new Float64Array(horizon);
  let phiSum = 0;
  let phiPow = 1;
  let cumulative = 0;
  for (let h = 1; h <= horizon; h++) {
    phiPow *= phi;
    phiSum += phiPow;
    const base = level + (hasTrend ? phiSum * trend : 0);
    const s = spec.season === 'none' ? 0 : (season[(n + h - 1) % m] as number);
    mean[h - 1] = spec.season === 'multiplicative' ? base * s : base + s;
    sd[h - 1] = sigma * Math.sqrt(1 + cumulative);
    // c_h enters the variance of step h + 1.
    // In Winters' form the seasonal state moves by γ(1 − α)e per step (FPP2 §7.3: γ = γ*(1 − α)).
    const gammaEffective = spec.seasonalUpdate === 'updated_level' ? params.gamma * (1 - params.alpha) : params.gamma;
    const seasonal = spec.season !== 'none' && h % m === 0 ? gammaEffective : 0;
    const c = params.alpha + (hasTrend ? params.alpha * params.beta * phiSum : 0) + seasonal;
    cumulative += c * c;
  }
  return { mean, sd };
}

/** Residual standard deviation with `k` estimated quantities: sqrt(SSE / (n − k)), never dividing by < 1. */
export function residualSigma(sse: number, n: number, k: number): number {
  return Math.sqrt(sse / Math.max(1, n - k));
}
