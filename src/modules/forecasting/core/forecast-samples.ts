// Convenience entry for stored observations: resample to weeks, then forecast, keeping the calendar.
import { ok, type Result } from '../../../kernel/index.js';
import { type ForecastOptions, type ForecastReport, forecast } from './forecast.js';
import { type Aggregation, type GapPolicy, resampleWeekly, type Sample, weekMs } from './resample.js';

/** Forecast options plus the resampling rule for raw samples. */
export interface SampleForecastOptions extends ForecastOptions {
  readonly aggregation: Aggregation;
  readonly gapPolicy: GapPolicy;
}

/** A forecast report with the weekly calendar it refers to. */
export interface SampleForecastReport extends ForecastReport {
  readonly resampling: {
    /** Monday 00:00 UTC of the first history week. */
    readonly historyStartMs: number;
    /** Monday 00:00 UTC of the week forecast by step 1; step h is h − 1 weeks later. */
    readonly forecastStartMs: number;
    readonly weeks: number;
    /** Weeks that had no samples and were filled by `gapPolicy`. */
    readonly gapCount: number;
    readonly aggregation: Aggregation;
    readonly gapPolicy: GapPolicy;
  };
}

/** Resamples raw samples (e.g. MetricPoint rows) to ISO weeks and forecasts them; errors name the field. */
export function forecastSamples(
  samples: readonly Sample[],
  options: SampleForecastOptions,
): Result<SampleForecastReport> {
  const weekly = resampleWeekly(samples, options.aggregation, options.gapPolicy);
  if (!weekly.ok) return weekly;
  const { aggregation: _aggregation, gapPolicy: _gapPolicy, ...forecastOptions } = options;
  const report = forecast(weekly.value.values, forecastOptions);
  if (!report.ok) return report;
  const { startMs, values, gapCount } = weekly.value;
  return ok({
    ...report.value,
    resampling: {
      historyStartMs: startMs,
      forecastStartMs: startMs + values.length * weekMs,
      weeks: values.length,
      gapCount,
      aggregation: options.aggregation,
      gapPolicy: options.gapPolicy,
    },
  });
}
