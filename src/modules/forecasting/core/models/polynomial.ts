// Polynomial trend by least squares, its degree chosen by rolling-origin cross-validation.

import { type LeastSquaresFit, leastSquares, leverage } from '../least-squares.js';
import { forecastingLimits } from '../limits.js';
import type { FittedModel } from '../types.js';

interface PolynomialFit {
  readonly degree: number;
  readonly fit: LeastSquaresFit;
  readonly centre: number;
  readonly halfRange: number;
}

// Time is mapped to u = (t − centre) / halfRange ∈ [−1, 1] so the design matrix stays well conditioned.
function designRow(t: number, p: PolynomialFit | { centre: number; halfRange: number; degree: number }): Float64Array {
  const u = (t - p.centre) / p.halfRange;
  const row = new Float64Array(p.degree + 1);
  let power = 1;
  for (let d = 0; d <= p.degree; d++) {
    row[d] = power;
    power *= u;
  }
  return row;
}

function fitDegree(y: Float64Array, n: number, degree: number): PolynomialFit | null {
  const p = degree + 1;
  if (n < p + 1) return null;
  const scale = { centre: (n - 1) / 2, halfRange: Math.max(1, (n - 1) / 2), degree };
  const x = new Float64Array(n * p);
  for (let t = 0; t < n; t++) x.set(designRow(t, scale), t * p);
  const fit = leastSquares(x, y.subarray(0, n), n, p);
  return fit === null ? null : { ...scale, fit };
}

function evaluate(p: PolynomialFit, t: number): number {
  const row = designRow(t, p);
  let v = 0;
  for (let d = 0; d <= p.degree; d++) v += (row[d] as number) * (p.fit.coefficients[d] as number);
  return v;
}

/**
 * Picks the degree 0..`polynomialDegreeMax` with the lowest mean squared error over rolling origins
 * (Hyndman and Athanasopoulos, FPP2 §3.4 "time series cross-validation"): each fold fits on the data
 * before its origin and scores the next `testLength` points, so the choice rewards extrapolation, not fit.
 * Ties (within rounding) go to the lower degree.
 */
export function chooseDegree(y: Float64Array, folds: number = forecastingLimits.backtestFoldsDefault): number {
  const n = y.length;
  const testLength = Math.max(1, Math.min(forecastingLimits.backtestHorizonMax, Math.floor(n / (2 * folds))));
  let meanSquare = 0;
  for (let t = 0; t < n; t++) meanSquare += (y[t] as number) ** 2 / n;
  let bestDegree = 0;
  let bestError = Number.POSITIVE_INFINITY;
  for (let degree = 0; degree <= forecastingLimits.polynomialDegreeMax; degree++) {
    let squared = 0;
    let count = 0;
    for (let f = folds; f >= 1; f--) {
      const origin = n - f * testLength;
      const fit = fitDegree(y, origin, degree);
      if (fit === null) continue;
      for (let t = origin; t < Math.min(n, origin + testLength); t++) {
        squared += ((y[t] as number) - evaluate(fit, t)) ** 2;
        count++;
      }
    }
    const error = count === 0 ? Number.POSITIVE_INFINITY : squared / count;
    // A higher degree must win by more than rounding noise (relative to the data's scale): ties go to the simpler fit.
    if (!Number.isFinite(bestError) ? error < bestError : error < bestError - 1e-9 * (bestError + meanSquare)) {
      bestError = error;
      bestDegree = degree;
    }
  }
  return bestDegree;
}

/**
 * Fits the polynomial trend (degree from `chooseDegree` unless given). Prediction standard deviation is the
 * classical regression result σ·√(1 + x0ᵀ(XᵀX)⁻¹x0) (e.g. Montgomery, Peck and Vining, Introduction to
 * Linear Regression Analysis, ch. 3); beyond the data the leverage grows with the distance, so does the width.
 */
export function fitPolynomial(y: Float64Array, degree?: number): FittedModel | null {
  const n = y.length;
  const chosen = degree ?? chooseDegree(y);
  const poly = fitDegree(y, n, chosen);
  if (poly === null) return null;
  const p = chosen + 1;
  const sigma = Math.sqrt(poly.fit.sse / Math.max(1, n - p));
  const fitted = new Float64Array(n);
  for (let t = 0; t < n; t++) fitted[t] = evaluate(poly, t);
  return {
    name: 'polynomial',
    params: { degree: chosen },
    sigma,
    sse: poly.fit.sse,
    fitted,
    forecast(horizon) {
      const mean = new Float64Array(horizon);
      const sd = new Float64Array(horizon);
      for (let h = 1; h <= horizon; h++) {
        const t = n - 1 + h;
        mean[h - 1] = evaluate(poly, t);
        sd[h - 1] = sigma * Math.sqrt(1 + leverage(poly.fit, designRow(t, poly)));
      }
      return { mean, sd };
    },
  };
}
