// Forecast accuracy measures: MAE, sMAPE, MASE (Hyndman and Koehler 2006) and interval coverage.

/**
 * MASE scale: the in-sample mean absolute error of the seasonal naive forecast ŷ_t = y_{t−m} on the training
 * data, Q = (1/(n − m)) Σ_{t=m}^{n−1} |y_t − y_{t−m}| (Hyndman and Koehler 2006, "Another look at measures of
 * forecast accuracy", IJF 22(4), eq. for q_t; m = 1 gives the non-seasonal naive scaling). NaN when n ≤ m.
 */
export function maseScale(training: ArrayLike<number>, m: number): number {
  const n = training.length;
  if (n <= m) return Number.NaN;
  let sum = 0;
  for (let t = m; t < n; t++) sum += Math.abs((training[t] as number) - (training[t - m] as number));
  return sum / (n - m);
}

/** Running sums for one model's errors over all backtest points. */
export class AccuracyAccumulator {
  private absolute = 0;
  private symmetric = 0;
  private scaled = 0;
  private scaledCount = 0;
  private covered = 0;
  private count = 0;

  /** Adds one forecast point with its 95% interval and the MASE scale of its training window. */
  add(actual: number, forecast: number, lower: number, upper: number, scale: number): void {
    const e = Math.abs(actual - forecast);
    this.absolute += e;
    const denominator = Math.abs(actual) + Math.abs(forecast);
    // sMAPE term 200|e| / (|y| + |f|), the 0..200% form; 0/0 (both zero) is a perfect forecast, so 0.
    this.symmetric += denominator === 0 ? 0 : (200 * e) / denominator;
    if (Number.isFinite(scale) && scale > 0) {
      this.scaled += e / scale;
      this.scaledCount++;
    }
    if (actual >= lower && actual <= upper) this.covered++;
    this.count++;
  }

  /** The metrics so far; null fields where undefined (no points, or a zero MASE scale everywhere). */
  result(): AccuracyMetrics {
    const n = this.count;
    return {
      points: n,
      mae: n === 0 ? null : this.absolute / n,
      smapePercent: n === 0 ? null : this.symmetric / n,
      mase: this.scaledCount === 0 ? null : this.scaled / this.scaledCount,
      coverage95: n === 0 ? null : this.covered / n,
    };
  }
}

/** Backtest accuracy of one model or of the ensemble. */
export interface AccuracyMetrics {
  readonly points: number;
  readonly mae: number | null;
  /** Symmetric MAPE in percent, 0..200. */
  readonly smapePercent: number | null;
  /** Mean absolute scaled error: below 1 beats the in-sample (seasonal) naive forecast. */
  readonly mase: number | null;
  /** Share of actual values inside the nominal 95% interval; near 0.95 means honest intervals. */
  readonly coverage95: number | null;
}
