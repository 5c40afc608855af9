// Public surface of the economy module: what services, routes and other modules may import.

export { type CsvRowError, type CsvSeriesResult, parseCsvSeries } from './core/csv-series.js';
export { decimateSeries } from './core/decimate.js';
export { computeMetrics, type SimulationMetrics, settlingBandFraction } from './core/metrics.js';
export {
  type BandArrays,
  bandProbabilities,
  fillBands,
  type MonteCarloRequest,
  type MonteCarloResult,
  percentileBands,
  runMonteCarlo,
  simulatePathsInto,
  validateMonteCarloRequest,
} from './core/monte-carlo.js';
export type * from './core/params.js';
export { signalTypes } from './core/params.js';
export { runSimulation, type SimulationResult } from './core/run.js';
export {
  compileSignal,
  deriveSeed,
  hasRandomSignal,
  type SignalStream,
  type Stage,
  sampleSignal,
} from './core/signals.js';
export {
  allocateSeries,
  conservationViolation,
  type SimulationSeries,
  seriesNames,
  simulateInto,
} from './core/simulate.js';
export {
  type ParamsInvalid,
  type ParamsResult,
  type ValidationIssue,
  validateSimulationParams,
} from './core/validate.js';
export { economyLimits, simulationServiceLimits } from './limits.js';
export { type MonteCarloParallelOptions, MonteCarloPool, runMonteCarloParallel } from './monte-carlo-workers.js';
export { economyRoutes } from './routes.js';
export {
  type Actor,
  type ChannelPublisher,
  type ConfigView,
  type CreateRunInput,
  metricsTopic,
  publishedMetrics,
  type RunSummary,
  type RunView,
  SimulationService,
  type SimulationServiceDeps,
  simulationChannel,
} from './service.js';
