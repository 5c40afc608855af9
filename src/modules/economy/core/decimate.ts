// Thins recorded series for charts and JSON responses, keeping the first and last points.

import { assert } from '../../../kernel/index.js';
import { type SimulationSeries, seriesNames } from './simulate.js';

/**
 * Returns at most `pointsMax` evenly spaced samples of every series (indices round(i·(n − 1)/(pointsMax − 1))),
 * always including t_0 and t_steps. Sampling, not averaging: each kept point is an exact recorded state, so the
 * conservation identity still holds at every kept point. Returns `series` itself when it is already short enough.
 */
export function decimateSeries(series: SimulationSeries, pointsMax: number): SimulationSeries {
  assert(Number.isInteger(pointsMax) && pointsMax >= 2, 'pointsMax must be an integer >= 2');
  const n = series.t.length;
  if (n <= pointsMax) return series;
  const pick = new Int32Array(pointsMax);
  for (let i = 0; i < pointsMax; i++) pick[i] = Math.round((i * (n - 1)) / (pointsMax - 1));
  const out = {} as SimulationSeries;
  for (const name of seriesNames) {
    const source = series[name];
    const thinned = new Float64Array(pointsMax);
    for (let i = 0; i < pointsMax; i++) thinned[i] = source[pick[i] as number] as number;
    out[name] = thinned;
  }
  return out;
}
