// Simple exponential smoothing (Brown 1959; FPP2 §7.1): a flat forecast at the smoothed level.
import type { FittedModel } from '../types.js';
import type { SmoothingState } from './exponential-smoothing.js';
import { type FixedParams, fitSmoothing } from './fit-smoothing.js';

/** Options for SES; `alpha` and `initialLevel` fix what would otherwise be fitted or estimated. */
export interface SesOptions {
  readonly alpha?: number;
  /** ℓ0; by default the first observation (FPP2 §7.1 mentions this simple choice). */
  readonly initialLevel?: number;
}

/** Fits simple exponential smoothing; null only if the recursion cannot be evaluated. */
export function fitSes(y: Float64Array, options: SesOptions = {}): FittedModel | null {
  const init: SmoothingState = {
    level: options.initialLevel ?? (y[0] as number),
    trend: 0,
    season: new Float64Array(0),
  };
  const fixed: FixedParams = options.alpha === undefined ? {} : { alpha: options.alpha };
  return fitSmoothing('ses', y, { trend: 'none', season: 'none', period: 1 }, init, fixed);
}
