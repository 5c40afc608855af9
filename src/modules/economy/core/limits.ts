// Every bound the economic simulation enforces, named once so validation, docs and tests agree (kept in core so
// core code imports only kernel and core; ../limits.ts re-exports it for the rest of the module).

/** Limits for economic simulation input; see README.md for why each value was chosen. */
export const economyLimits = {
  /**
   * Largest number of integration steps in one run. A full-resolution run keeps 11 Float64 series,
   * so 2,000,000 steps is about 176 MB of output: the ceiling one API request may allocate.
   */
  simulationStepsMax: 2_000_000,
  /** Largest absolute value accepted for any numeric parameter, so sums of them stay far from overflow. */
  parameterAbsMax: 1e12,
  /** Deepest nesting of sum/product signal trees (a leaf alone has depth 1). */
  signalDepthMax: 16,
  /** Most nodes in one signal tree, counting leaves and combinators. */
  signalNodesMax: 256,
  /** Most samples in one `series` signal, whether given inline or as CSV. */
  seriesValuesMax: 1_000_000,
  /** Longest CSV text accepted for a `series` signal. */
  csvCharsMax: 32 * 1_048_576,
  /** Most realisations in one Monte Carlo request. */
  monteCarloPathsMax: 100_000,
  /** Most stored N values (paths × (steps + 1)) in one Monte Carlo request: 20M doubles = 160 MB. */
  monteCarloCellsMax: 20_000_000,
  /** Below this many cells a Monte Carlo run stays on the calling thread: starting workers costs more. */
  monteCarloWorkerCellsMin: 2_000_000,
  /** Steps processed per chunk when sampling signals, which bounds scratch memory per signal node. */
  signalChunkSteps: 8_192,
} as const;
