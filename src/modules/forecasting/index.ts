// Public surface of the forecasting module: other modules and the service layer import only from here.
export type { AccuracyMetrics } from './core/accuracy.js';
export { maseScale } from './core/accuracy.js';
export type { BacktestReport } from './core/backtest.js';
export { backtest } from './core/backtest.js';
export type { EnsembleForecast } from './core/ensemble.js';
export { combine } from './core/ensemble.js';
export type { ForecastOptions, ForecastReport, ModelReport } from './core/forecast.js';
export { forecast } from './core/forecast.js';
export type { SampleForecastOptions, SampleForecastReport } from './core/forecast-samples.js';
export { forecastSamples } from './core/forecast-samples.js';
export type { HorizonName, Insight, InsightKind } from './core/insights.js';
export type { CagrPattern, CagrUndefinedCode, Patterns, TrendPattern, VolatilityPattern } from './core/patterns.js';
export { recognisePatterns } from './core/patterns.js';
export type { Aggregation, GapPolicy, Sample, WeeklySeries } from './core/resample.js';
export { resampleWeekly, weekMs, weekStartMs } from './core/resample.js';
export type { FittedModel, MetricPoint, ModelName, PointForecast } from './core/types.js';
export type { CsvParseResult, CsvPoint, CsvRejection } from './csv-upload.js';
export { parseMetricCsv } from './csv-upload.js';
export { forecastingLimits, forecastingServiceLimits, weeksPerYear } from './limits.js';
export { forecastingRoutes } from './routes.js';
export { metricSample } from './schema.js';
export type {
  CsvUploadSummary,
  ForecastRequest,
  ForecastResponse,
  IngestionStats,
  PointInput,
  PointMetadata,
  SeriesSummary,
  StoreSummary,
  WeeklyHistory,
} from './service.js';
export { ForecastingService, metricsSamplesTopic } from './service.js';
