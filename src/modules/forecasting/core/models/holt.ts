// Holt's linear trend method and its damped variant (Holt 1957; Gardner and McKenzie 1985; FPP2 §7.2).
import type { FittedModel } from '../types.js';
import type { SmoothingState } from './exponential-smoothing.js';
import { type FixedParams, fitSmoothing } from './fit-smoothing.js';

/** Options for Holt's method; any given weight or initial state is used as is instead of being fitted. */
export interface HoltOptions {
  readonly damped?: boolean;
  readonly alpha?: number;
  readonly beta?: number;
  readonly phi?: number;
  readonly initialLevel?: number;
  readonly initialTrend?: number;
}

/** Points used by the default initial-trend estimate (half a year of weeks). */
const initWindow = 26;

/**
 * Default initial states: a least-squares line through the first points, so one noisy step does not set b0
 * (the b0 = y2 − y1 choice of many textbooks is very noisy on weekly data). ℓ0 sits one step before y1.
 */
export function holtInitialState(y: Float64Array): SmoothingState {
  const k = Math.min(initWindow, y.length);
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let t = 0; t < k; t++) {
    const v = y[t] as number;
    sx += t;
    sy += v;
    sxx += t * t;
    sxy += t * v;
  }
  const denominator = k * sxx - sx * sx;
  const slope = denominator === 0 ? 0 : (k * sxy - sx * sy) / denominator;
  const intercept = (sy - slope * sx) / k;
  return { level: intercept - slope, trend: slope, season: new Float64Array(0) };
}

/** Fits Holt's (optionally damped) linear trend method. */
export function fitHolt(y: Float64Array, options: HoltOptions = {}): FittedModel | null {
  const auto = holtInitialState(y);
  const init: SmoothingState = {
    level: options.initialLevel ?? auto.level,
    trend: options.initialTrend ?? auto.trend,
    season: auto.season,
  };
  const fixed: FixedParams = {};
  if (options.alpha !== undefined) fixed.alpha = options.alpha;
  if (options.beta !== undefined) fixed.beta = options.beta;
  if (options.phi !== undefined) fixed.phi = options.phi;
  const damped = options.damped === true;
  return fitSmoothing(
    damped ? 'holt_damped' : 'holt',
    y,
    { trend: damped ? 'damped' : 'linear', season: 'none', period: 1 },
    init,
    fixed,
  );
}
