// Shared types of the forecasting core: stored observations, model names and model outputs.

/** One stored observation, as the historical-data repository keeps it (storage belongs to the service). */
export interface MetricPoint {
  readonly source: string;
  readonly metric: string;
  /** Observation time, milliseconds since the Unix epoch (UTC). */
  readonly timeMs: number;
  readonly value: number;
  readonly metadata?: Readonly<Record<string, string | number | boolean>>;
}

/** The forecasting models the engine fits. */
export type ModelName =
  | 'moving_average'
  | 'ses'
  | 'holt'
  | 'holt_damped'
  | 'holt_winters_additive'
  | 'holt_winters_multiplicative'
  | 'polynomial';

/** Point forecast and its standard deviation per step (index 0 is one step ahead). */
export interface PointForecast {
  readonly mean: Float64Array;
  readonly sd: Float64Array;
}

/** A model fitted to a series, able to forecast any horizon. */
export interface FittedModel {
  readonly name: ModelName;
  /** Parameters as fitted (smoothing weights, degree, window...). */
  readonly params: Readonly<Record<string, number>>;
  /** Standard deviation of the in-sample one-step residuals (regression residuals for the polynomial). */
  readonly sigma: number;
  /** Sum of squared in-sample residuals, the fitting objective. */
  readonly sse: number;
  /** In-sample fitted values: one-step-ahead predictions for the smoothing models, the fitted curve otherwise. */
  readonly fitted: Float64Array;
  /** Forecast `horizon` steps past the end of the fitted series. */
  forecast(horizon: number): PointForecast;
}
