// Input checks shared by the forecasting entry points; each failure names the offending field.
import { err, ok, type Result } from '../../../kernel/index.js';
import { forecastingLimits } from './limits.js';

/** Checks that a weekly series is finite and within the length limits. */
export function validateSeries(values: ArrayLike<number>, field = 'values'): Result<Float64Array> {
  if (values.length < forecastingLimits.seriesLengthMin) {
    return err(
      'series_too_short',
      `needs at least ${forecastingLimits.seriesLengthMin} points, got ${values.length}`,
      field,
    );
  }
  if (values.length > forecastingLimits.seriesLengthMax) {
    return err('series_too_long', `at most ${forecastingLimits.seriesLengthMax} points, got ${values.length}`, field);
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      return err('series_value_not_finite', `value ${String(v)} is not a finite number`, `${field}[${i}]`);
    }
    out[i] = v;
  }
  return ok(out);
}

/** Checks a forecast horizon in steps. */
export function validateHorizon(horizonSteps: number, field = 'horizonSteps'): Result<number> {
  if (!Number.isInteger(horizonSteps) || horizonSteps < 1) {
    return err('horizon_steps_not_positive_integer', `got ${String(horizonSteps)}`, field);
  }
  if (horizonSteps > forecastingLimits.horizonStepsMax) {
    return err(
      'horizon_steps_above_max',
      `at most ${forecastingLimits.horizonStepsMax} steps (100 years of weeks), got ${horizonSteps}`,
      field,
    );
  }
  return ok(horizonSteps);
}
