// Summary figures of one run: final, extreme and mean N, settling time and overshoot against the reference.

import type { SimulationParams } from './params.js';
import type { SimulationSeries } from './simulate.js';

/** Summary of a run. `settlingTime` and `overshootPct` are null where they are undefined (see README.md). */
export interface SimulationMetrics {
  finalN: number;
  minN: number;
  maxN: number;
  /** Mean of N over the recorded points t_0 .. t_steps. */
  meanN: number;
  /** Reference N settles to: the PID setpoint, or the final N without PID. */
  reference: number;
  /** First t after which N stays within ±2% of |reference − N0| around the reference; null if it never does. */
  settlingTime: number | null;
  /** Largest excursion past the setpoint in % of |setpoint − N0|; null without PID or when setpoint = N0. */
  overshootPct: number | null;
  conservationViolationMax: number;
  /**
   * False when N left the floating-point range (e.g. a product of many large signals overflowed); the other
   * figures are then meaningless and a service should report the run as diverged rather than show them.
   */
  finite: boolean;
}

/** Fraction of the initial distance to the reference used as the settling band (the common 2% criterion). */
export const settlingBandFraction = 0.02;

/** Computes the summary of a finished run. */
export function computeMetrics(
  params: SimulationParams,
  series: SimulationSeries,
  violation: number,
): SimulationMetrics {
  const { N, t } = series;
  const last = N.length - 1;
  let minN = Number.POSITIVE_INFINITY;
  let maxN = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let k = 0; k <= last; k++) {
    const v = N[k] as number;
    if (v < minN) minN = v;
    if (v > maxN) maxN = v;
    sum += v;
  }
  const finalN = N[last] as number;
  const reference = params.pid ? params.pid.setpoint : finalN;
  const distance = Math.abs(reference - params.n0);
  const band = settlingBandFraction * distance;
  let settlingTime: number | null = null;
  if (distance > 0) {
    // Walk back from the end to the last point outside the band; settling starts at the point after it.
    let k = last;
    while (k >= 0 && Math.abs((N[k] as number) - reference) <= band) k--;
    settlingTime = k === last ? null : (t[k + 1] as number);
  } else if (Math.abs(finalN - reference) === 0) {
    settlingTime = 0;
  }
  let overshootPct: number | null = null;
  if (params.pid && distance > 0) {
    const past = reference > params.n0 ? maxN - reference : reference - minN;
    overshootPct = (100 * Math.max(0, past)) / distance;
  }
  const finite = Number.isFinite(sum) && Number.isFinite(violation);
  return {
    finite,
    finalN,
    minN,
    maxN,
    meanN: sum / (last + 1),
    reference,
    settlingTime,
    overshootPct,
    conservationViolationMax: violation,
  };
}
