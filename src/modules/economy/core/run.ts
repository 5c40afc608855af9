// One simulation from validated parameters: allocate series, integrate, summarise.

import { computeMetrics, type SimulationMetrics } from './metrics.js';
import type { SimulationParams } from './params.js';
import { allocateSeries, type SimulationSeries, simulateInto } from './simulate.js';

/** Everything one run produces; `conservationViolationMax` is also inside `metrics`. */
export interface SimulationResult {
  series: SimulationSeries;
  metrics: SimulationMetrics;
  conservationViolationMax: number;
}

/** Runs validated parameters (from validateSimulationParams) for realisation `path` of the random signals. */
export function runSimulation(params: SimulationParams, path = 0): SimulationResult {
  const series = allocateSeries(params.steps + 1);
  const violation = simulateInto(params, series, path, true);
  return { series, metrics: computeMetrics(params, series, violation), conservationViolationMax: violation };
}
