// Robust location and scale (median, MAD), modified z-scores and per-vendor velocity.

/** Median, median absolute deviation and mean absolute deviation around the median of a sample. */
export interface RobustStats {
  readonly n: number;
  readonly median: number;
  readonly mad: number;
  readonly meanAbsDeviation: number;
}

function medianOfSorted(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median of a sample (copies before sorting). */
export function median(values: ArrayLike<number>): number {
  return medianOfSorted(Float64Array.from(values).sort());
}

/** k-th smallest element (0-based) of `a`, reordering `a` in place: Hoare's quickselect, expected O(n). */
export function selectInPlace(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    // Median of three as pivot keeps sorted and reverse-sorted inputs linear.
    const mid = (lo + hi) >> 1;
    const x = a[lo] as number;
    const y = a[mid] as number;
    const z = a[hi] as number;
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i++] = a[j] as number;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

// Median of a scratch array (reordered in place), averaging the two middle values for even n.
function medianInPlace(a: Float64Array): number {
  const n = a.length;
  if (n === 0) return Number.NaN;
  const upper = selectInPlace(a, n >> 1);
  if (n % 2 === 1) return upper;
  // After selection every element left of n/2 is ≤ upper; the lower middle is their maximum.
  let lower = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n >> 1; i++) if ((a[i] as number) > lower) lower = a[i] as number;
  return (lower + upper) / 2;
}

/** Median, MAD and mean absolute deviation of a sample, in expected linear time. */
export function robustStats(values: ArrayLike<number>): RobustStats {
  const scratch = Float64Array.from(values);
  const n = scratch.length;
  const med = medianInPlace(scratch);
  let sumAbs = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs((scratch[i] as number) - med);
    scratch[i] = d;
    sumAbs += d;
  }
  return { n, median: med, mad: medianInPlace(scratch), meanAbsDeviation: n ? sumAbs / n : 0 };
}

/**
 * Modified z-score M = 0.6745 (x − median) / MAD (Iglewicz and Hoaglin 1993, "How to Detect and Handle
 * Outliers"); 0.6745 is the 0.75 quantile of the standard normal, making MAD consistent with σ.
 * When MAD is 0 (more than half the sample identical) the mean absolute deviation scaled by 1.253314
 * (≈ √(π/2), its consistency constant for σ) stands in, as IBM SPSS Modeler documents; when both are 0
 * every value equals the median and the score is 0 for it and ±Infinity for anything else.
 */
export function modifiedZ(x: number, s: RobustStats): number {
  const diff = x - s.median;
  if (s.mad > 0) return (0.6745 * diff) / s.mad;
  if (s.meanAbsDeviation > 0) return diff / (1.253314 * s.meanAbsDeviation);
  return diff === 0 ? 0 : diff > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

/**
 * Velocity: for each element of `days` (day numbers of one vendor's payments, sorted ascending), how many
 * payments fall in the trailing window (day − windowDays, day], itself included.
 */
export function trailingWindowCounts(days: ArrayLike<number>, windowDays: number): Int32Array {
  const out = new Int32Array(days.length);
  let start = 0;
  let end = -1;
  for (let i = 0; i < days.length; i++) {
    const d = days[i] as number;
    while ((days[start] as number) <= d - windowDays) start++;
    // Payments later on the same day belong to this window too; `end` only moves forward, keeping this linear.
    if (end < i) end = i;
    while (end + 1 < days.length && days[end + 1] === d) end++;
    out[i] = end - start + 1;
  }
  return out;
}
