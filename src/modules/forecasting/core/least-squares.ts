// Linear least squares by Householder QR, with the leverage term needed for regression prediction intervals.
import { assert } from '../../../kernel/index.js';

/** A solved least-squares problem: coefficients plus the triangular factor R (row-major, p x p). */
export interface LeastSquaresFit {
  readonly coefficients: Float64Array;
  readonly r: Float64Array;
  readonly p: number;
  /** Sum of squared residuals. */
  readonly sse: number;
}

/**
 * Solves min ||X b - y||² for X given row-major (n x p), n >= p, by Householder QR
 * (Golub and Van Loan, Matrix Computations, 4th ed., §5.3). QR avoids squaring the condition
 * number as the normal equations would. Returns null when X is rank deficient.
 */
export function leastSquares(x: Float64Array, y: Float64Array, n: number, p: number): LeastSquaresFit | null {
  assert(x.length === n * p && y.length === n && n >= p, 'leastSquares: shape mismatch');
  const a = Float64Array.from(x);
  const b = Float64Array.from(y);
  for (let k = 0; k < p; k++) {
    let norm = 0;
    for (let i = k; i < n; i++) norm += (a[i * p + k] as number) ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) return null;
    const akk = a[k * p + k] as number;
    const alpha = akk > 0 ? -norm : norm;
    // Householder vector v = x - alpha e1, stored in column k below the diagonal.
    a[k * p + k] = akk - alpha;
    let vnorm2 = 0;
    for (let i = k; i < n; i++) vnorm2 += (a[i * p + k] as number) ** 2;
    if (vnorm2 === 0) return null;
    for (let j = k + 1; j < p; j++)
      reflect(
        a,
        n,
        p,
        k,
        vnorm2,
        (i) => a[i * p + j] as number,
        (i, v) => (a[i * p + j] = v),
      );
    reflect(
      a,
      n,
      p,
      k,
      vnorm2,
      (i) => b[i] as number,
      (i, v) => (b[i] = v),
    );
    a[k * p + k] = alpha;
    for (let i = k + 1; i < n; i++) a[i * p + k] = 0;
  }
  const r = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = i; j < p; j++) r[i * p + j] = a[i * p + j] as number;
  const scale = Math.abs(r[0] as number);
  for (let i = 0; i < p; i++) if (Math.abs(r[i * p + i] as number) <= 1e-12 * scale) return null;
  const coefficients = backSubstitute(r, b.subarray(0, p), p);
  let sse = 0;
  for (let i = p; i < n; i++) sse += (b[i] as number) ** 2;
  return { coefficients, r, p, sse };
}

function reflect(
  a: Float64Array,
  n: number,
  p: number,
  k: number,
  vnorm2: number,
  get: (i: number) => number,
  set: (i: number, v: number) => void,
): void {
  let dot = 0;
  for (let i = k; i < n; i++) dot += (a[i * p + k] as number) * get(i);
  const f = (2 * dot) / vnorm2;
  for (let i = k; i < n; i++) set(i, get(i) - f * (a[i * p + k] as number));
}

function backSubstitute(r: Float64Array, rhs: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = rhs[i] as number;
    for (let j = i + 1; j < p; j++) s -= (r[i * p + j] as number) * (out[j] as number);
    out[i] = s / (r[i * p + i] as number);
  }
  return out;
}

/** x0ᵀ (XᵀX)⁻¹ x0 = ||R⁻ᵀ x0||², the leverage of a new design row (forward substitution on Rᵀ). */
export function leverage(fit: LeastSquaresFit, row: Float64Array): number {
  const { r, p } = fit;
  const z = new Float64Array(p);
  let sum = 0;
  for (let i = 0; i < p; i++) {
    let s = row[i] as number;
    for (let j = 0; j < i; j++) s -= (r[j * p + i] as number) * (z[j] as number);
    const zi = s / (r[i * p + i] as number);
    z[i] = zi;
    sum += zi * zi;
  }
  return sum;
}
