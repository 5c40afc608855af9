// Fits smoothing weights by minimising the in-sample one-step SSE, then wraps the result as a FittedModel.
import { nelderMead } from '../nelder-mead.js';
import type { FittedModel, ModelName } from '../types.js';
import {
  residualSigma,
  runSmoothing,
  type SmoothingParams,
  type SmoothingSpec,
  type SmoothingState,
  smoothingForecast,
} from './exponential-smoothing.js';

/** Weights the caller may fix instead of fitting (used by the textbook reference checks). */
export type FixedParams = { -readonly [K in keyof SmoothingParams]?: number };

// Damping is restricted to [0.8, 0.98] as FPP2 §7.4 recommends: below 0.8 damping is too strong to matter,
// above 0.98 the damped and undamped methods cannot be told apart.
const phiMin = 0.8;
const phiMax = 0.98;
const weightMin = 1e-4;
const weightMax = 1 - 1e-4;

/** Parameters searched for a spec, in vector order. */
function freeNames(spec: SmoothingSpec, fixed: FixedParams): (keyof SmoothingParams)[] {
  const names: (keyof SmoothingParams)[] = ['alpha'];
  if (spec.trend !== 'none') names.push('beta');
  if (spec.season !== 'none') names.push('gamma');
  if (spec.trend === 'damped') names.push('phi');
  return names.filter((n) => fixed[n] === undefined);
}

const startValue: Record<keyof SmoothingParams, number> = { alpha: 0.3, beta: 0.1, gamma: 0.1, phi: 0.9 };

function assemble(names: (keyof SmoothingParams)[], x: Float64Array, fixed: FixedParams): SmoothingParams {
  const p: Record<keyof SmoothingParams, number> = { alpha: 0, beta: 0, gamma: 0, phi: 1, ...fixed };
  names.forEach((name, i) => {
    p[name] = x[i] as number;
  });
  return p;
}

function feasible(p: SmoothingParams, spec: SmoothingSpec): boolean {
  if (!(p.alpha >= weightMin && p.alpha <= weightMax)) return false;
  if (spec.trend !== 'none' && !(p.beta >= weightMin && p.beta <= weightMax)) return false;
  // FPP2 §7.3: 0 ≤ γ ≤ 1 − α keeps the seasonal update a weighted average.
  if (spec.season !== 'none' && !(p.gamma >= weightMin && p.gamma <= 1 - p.alpha)) return false;
  if (spec.trend === 'damped' && !(p.phi >= phiMin && p.phi <= phiMax)) return false;
  return true;
}

/**
 * Fits the free weights of `spec` to `y` from the given initial state (Nelder-Mead on SSE, deterministic),
 * returning null when no feasible weights give a defined recursion.
 */
export function fitSmoothing(
  name: ModelName,
  y: Float64Array,
  spec: SmoothingSpec,
  init: SmoothingState,
  fixed: FixedParams = {},
): FittedModel | null {
  const names = freeNames(spec, fixed);
  let params = assemble(names, new Float64Array(0), fixed);
  if (names.length > 0) {
    const objective = (x: Float64Array): number => {
      const p = assemble(names, x, fixed);
      if (!feasible(p, spec)) return Number.POSITIVE_INFINITY;
      return runSmoothing(y, spec, p, init)?.sse ?? Number.POSITIVE_INFINITY;
    };
    const best = nelderMead(
      objective,
      names.map((n) => startValue[n]),
      0.1,
    );
    if (!Number.isFinite(best.value)) return null;
    params = assemble(names, best.point, fixed);
  }
  const run = runSmoothing(y, spec, params, init);
  if (run === null) return null;
  const sigma = residualSigma(run.sse, y.length, names.length);
  const n = y.length;
  const shown: Record<string, number> = { alpha: params.alpha };
  if (spec.trend !== 'none') shown.beta = params.beta;
  if (spec.season !== 'none') {
    shown.gamma = params.gamma;
    shown.period = spec.period;
  }
  if (spec.trend === 'damped') shown.phi = params.phi;
  return {
    name,
    params: shown,
    sigma,
    sse: run.sse,
    fitted: run.fitted,
    forecast: (horizon) => smoothingForecast(run, n, spec, params, sigma, horizon),
  };
}
