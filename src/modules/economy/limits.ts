// The economy module's limits: core's bounds re-exported, plus the bounds the HTTP service adds on top of them.

export { economyLimits } from './core/limits.js';

/** Bounds of the simulation service (API and storage); see README.md ("API") for why each value was chosen. */
export const simulationServiceLimits = {
  /**
   * Most steps of one run made through the API. The run executes on the request's thread; 200,000 RK4 steps
   * take about 85 ms on a shared 2-core machine, so the server never stalls much longer than that. The CLI is
   * bounded only by the core's simulationStepsMax.
   */
  apiStepsMax: 200_000,
  /** Monte Carlo requests with at least this many cells (paths × (steps + 1)) run on the worker pool. */
  apiInThreadCellsMax: 200_000,
  /** Points kept per stored series: 2,000 × 11 series ≈ 22,000 numbers (about 400 KB of JSON) per run. */
  storedPointsMax: 2_000,
  /** Fewest points a `resolution` query may ask for (first and last are always kept). */
  resolutionMin: 2,
  /** Points returned when `resolution` is not given. */
  resolutionDefault: 500,
  /** Largest page of the run list. */
  pageSizeMax: 100,
  /** Page size when `limit` is not given. */
  pageSizeDefault: 20,
  /** Most saved configurations per user. */
  configsPerUserMax: 500,
  /** Longest configuration name. */
  configNameLengthMax: 255,
} as const;
