// Deterministic Nelder-Mead minimiser used to fit smoothing parameters by minimising the in-sample SSE.
import { forecastingLimits } from './limits.js';

/** Result of a minimisation: best point and its objective value. */
export interface Minimum {
  readonly point: Float64Array;
  readonly value: number;
  readonly evaluations: number;
}

/**
 * Minimises `f` from `start` with the Nelder-Mead simplex (Nelder and Mead 1965, standard coefficients
 * reflection 1, expansion 2, contraction 0.5, shrink 0.5). Constraints are expressed by `f` returning
 * Infinity outside the feasible region. The initial simplex steps by `step` along each axis, so the
 * search is fully deterministic.
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  start: ArrayLike<number>,
  step: number,
  evaluationsMax: number = forecastingLimits.nelderMeadEvaluationsMax,
  tolerance = 1e-10,
): Minimum {
  const d = start.length;
  const simplex: Float64Array[] = [];
  const values: number[] = [];
  let evaluations = 0;
  const evaluate = (x: Float64Array): number => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };
  for (let i = 0; i <= d; i++) {
    const x = Float64Array.from(start);
    if (i > 0) x[i - 1] = (x[i - 1] as number) + step;
    simplex.push(x);
    values.push(evaluate(x));
  }
  const order = Array.from({ length: d + 1 }, (_, i) => i);
  while (evaluations < evaluationsMax) {
    order.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
    const best = order[0] as number;
    const worst = order[d] as number;
    const second = order[d - 1] as number;
    const spread = Math.abs((values[worst] as number) - (values[best] as number));
    if (Number.isFinite(values[worst] as number) && spread <= tolerance * (Math.abs(values[best] as number) + 1e-30)) {
      break;
    }
    const centroid = new Float64Array(d);
    for (const i of order.slice(0, d))
      for (let k = 0; k < d; k++) centroid[k] = (centroid[k] as number) + (simplex[i]![k] as number) / d;
    const along = (t: number): Float64Array => {
      const x = new Float64Array(d);
      for (let k = 0; k < d; k++)
        x[k] = (centroid[k] as number) + t * ((simplex[worst]![k] as number) - (centroid[k] as number));
      return x;
    };
    const reflected = along(-1);
    const fr = evaluate(reflected);
    if (fr < (values[best] as number)) {
      const expanded = along(-2);
      const fe = evaluate(expanded);
      if (fe < fr) replace(simplex, values, worst, expanded, fe);
      else replace(simplex, values, worst, reflected, fr);
    } else if (fr < (values[second] as number)) {
      replace(simplex, values, worst, reflected, fr);
    } else {
      const contracted = fr < (values[worst] as number) ? along(-0.5) : along(0.5);
      const fc = evaluate(contracted);
      if (fc < Math.min(fr, values[worst] as number)) {
        replace(simplex, values, worst, contracted, fc);
      } else {
        for (const i of order.slice(1)) {
          const x = simplex[i]!;
          for (let k = 0; k < d; k++)
            x[k] = (simplex[best]![k] as number) + 0.5 * ((x[k] as number) - (simplex[best]![k] as number));
          values[i] = evaluate(x);
        }
      }
    }
  }
  let bestIndex = 0;
  for (let i = 1; i <= d; i++) if ((values[i] as number) < (values[bestIndex] as number)) bestIndex = i;
  return { point: simplex[bestIndex]!, value: values[bestIndex] as number, evaluations };
}

function replace(simplex: Float64Array[], values: number[], i: number, x: Float64Array, v: number): void {
  simplex[i] = x;
  values[i] = v;
}
