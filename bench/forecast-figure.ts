// The `forecast_seconds` figure: ten years of weekly history forecast 100 years ahead with every model and the backtest.
import { Prng } from '../src/kernel/index.js';
import { forecast, forecastingLimits } from '../src/modules/forecasting/index.js';
import { emit, nowNs, percentile, round } from './report.js';

/** Fixed seed so every run times the same workload. */
const workloadSeed = 20_260_101;
const historyWeeks = 520;
const runs = 7;

/** Trend + yearly seasonality + Gaussian noise, 520 weekly points, from the kernel Prng. */
export function benchmarkSeries(seed = workloadSeed): number[] {
  const rng = new Prng(seed);
  return Array.from(
    { length: historyWeeks },
    (_, t) => 1_000 + 1.5 * t + 80 * Math.sin((2 * Math.PI * t) / 52) + rng.normal(0, 25),
  );
}

/**
 * Times `forecast` on the seeded series to the 5,218-step (100-year) horizon, backtest included, and emits
 * the median of `runs` timed runs after one warm-up as {bench:'economy', figure:'forecast_seconds'}.
 */
export async function runForecastFigure(): Promise<void> {
  const values = benchmarkSeries();
  const options = { horizonSteps: forecastingLimits.horizonStepsMax };
  const warm = forecast(values, options);
  if (!warm.ok) throw new Error(`forecast failed: ${warm.code} ${warm.detail ?? ''}`);
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = nowNs();
    const result = forecast(values, options);
    seconds.push((nowNs() - start) / 1e9);
    if (!result.ok) throw new Error(`forecast failed: ${result.code}`);
  }
  const median = percentile(seconds, 50);
  const report = warm.value;
  console.log(
    `forecast: ${historyWeeks} weekly points -> ${options.horizonSteps} steps, ${report.models.length} models + ensemble, backtest origins ${report.backtest.origins.join(',')} x ${report.backtest.horizon} steps`,
  );
  console.log(
    `  median ${round(median)} s, min ${round(Math.min(...seconds))} s, max ${round(Math.max(...seconds))} s over ${runs} runs (ceiling 1 s)`,
  );
  console.log(
    `  ensemble backtest: MASE ${round(report.ensemble.backtest.mase ?? Number.NaN)}, coverage95 ${round(report.ensemble.backtest.coverage95 ?? Number.NaN)}`,
  );
  emit({ bench: 'economy', figure: 'forecast_seconds', value: round(median), unit: 's' });
}
