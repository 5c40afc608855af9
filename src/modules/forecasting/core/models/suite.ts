// Fits the whole model set the engine uses on one series: the unit both the forecast and the backtest run.
import type { FittedModel } from '../types.js';
import { fitHolt } from './holt.js';
import { fitHoltWinters } from './holt-winters.js';
import { fitMovingAverage } from './moving-average.js';
import { fitPolynomial } from './polynomial.js';
import { reseasonalise, seasonallyAdjust } from './seasonal-adjustment.js';
import { detectSeasonality, type Seasonality } from './seasonality.js';
import { fitSes } from './ses.js';

/** The fitted models and the seasonality decision they were fitted under. */
export interface Suite {
  readonly models: FittedModel[];
  readonly seasonality: Seasonality;
}

function fitNonSeasonal(y: Float64Array): (FittedModel | null)[] {
  return [fitMovingAverage(y), fitSes(y), fitHolt(y), fitHolt(y, { damped: true }), fitPolynomial(y)];
}

/**
 * Fits moving average, SES, Holt, damped Holt and the polynomial trend. When the series is seasonal at
 * `period` those five are fitted on the seasonally adjusted series and re-seasonalised (otherwise their trends
 * chase the seasonal swings), and additive Holt-Winters plus, on strictly positive data, multiplicative
 * Holt-Winters are fitted on the raw series, keeping whichever has the lower SSE (same number of weights).
 */
export function fitSuite(y: Float64Array, period: number): Suite {
  const seasonality = detectSeasonality(y, period);
  if (!seasonality.detected) return { models: usable(fitNonSeasonal(y)), seasonality };
  const adjustment = seasonallyAdjust(y, period);
  const candidates = fitNonSeasonal(adjustment.adjusted).map((m) =>
    m === null ? null : reseasonalise(m, adjustment, y.length),
  );
  {
    const additive = fitHoltWinters(y, { period, seasonal: 'additive' });
    const multiplicative = fitHoltWinters(y, { period, seasonal: 'multiplicative' });
    const better =
      additive !== null && multiplicative !== null && multiplicative.sse < additive.sse
        ? multiplicative
        : (additive ?? multiplicative);
    candidates.push(better);
  }
  return { models: usable(candidates), seasonality };
}

function usable(candidates: (FittedModel | null)[]): FittedModel[] {
  return candidates.filter((m): m is FittedModel => m !== null && Number.isFinite(m.sigma));
}
