// One simulation from validated parameters: allocate series, integrate, summarise.

import { computeMetrics, type SimulationMetrics } from './metrics.js';
import type { SimulationParams } from './params.js';
import type { SeriesPool } from './series-pool.js';
import { allocateSeries, type SimulationSeries, simulateInto } from './simulate.js';

/** Everything one run produces; `conservationViolationMax` is also inside `metrics`. */
export interface SimulationResult {
  series: SimulationSeries;
  metrics: SimulationMetrics;
  conservationViolationMax: number;
}

/**
 * Runs validated parameters (from validateSimulationParams) for realisation `path` of the random signals. With a
 * pool the series are the pool's: give them back with `pool.release(result.series)` once they are stored.
 */
export function runSimulation(params: SimulationParams, path = 0, pool?: SeriesPool): SimulationResult {
  const series = pool ? pool.acquire(params.steps + 1) : allocateSeries(params.steps + 1);
  // Fresh series are zeroed; pooled ones hold the previous run, so a run without PID must clear its terms.
  const violation = simulateInto(params, series, path, pool === undefined);
  return { series, metrics: computeMetrics(params, series, violation), conservationViolationMax: violation };
}
