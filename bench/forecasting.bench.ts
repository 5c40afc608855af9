// Forecasting benchmark entry for `npx tsx bench/run.ts forecasting`: the forecast_seconds figure.
import { runForecastFigure } from './forecast-figure.js';

/** Runs the forecasting figures. */
export async function run(): Promise<void> {
  await runForecastFigure();
}
