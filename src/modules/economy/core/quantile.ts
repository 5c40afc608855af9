// Exact order statistics by selection (no full sort), for per-step percentile bands over many paths.

/**
 * Rearranges values[from .. to] (inclusive) so that values[k] holds the value a sort would put there, everything
 * left of k is ≤ it and everything right is ≥ it (Hoare's FIND / quickselect with a median-of-three pivot).
 */
export function selectInPlace(values: Float64Array, k: number, from = 0, to = values.length - 1): number {
  let lo = from;
  let hi = to;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const pivot = medianOfThree(values[lo] as number, values[mid] as number, values[hi] as number);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k] as number;
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : Math.max(a, c);
  return a < c ? a : Math.max(b, c);
}

/**
 * Quantile p ∈ [0, 1] of the values by linear interpolation between order statistics (Hyndman and Fan 1996,
 * definition 7, the default of R and NumPy): h = (n − 1)·p, Q = x_(⌊h⌋) + (h − ⌊h⌋)·(x_(⌊h⌋+1) − x_(⌊h⌋)).
 * Reorders `values` in place.
 */
export function quantileInPlace(values: Float64Array, p: number): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lower = Math.floor(h);
  const low = selectInPlace(values, lower);
  if (lower + 1 >= n || h === lower) return low;
  // After selection every element right of `lower` is ≥ x_(lower), so the next order statistic is their minimum.
  let next = Number.POSITIVE_INFINITY;
  for (let i = lower + 1; i < n; i++) if ((values[i] as number) < next) next = values[i] as number;
  return low + (h - lower) * (next - low);
}

/**
 * Several quantiles of the same values (probabilities ascending), each exactly as quantileInPlace. Each selection
 * only searches right of the previous one, since selection leaves larger order statistics to its right.
 */
export function quantilesInPlace(values: Float64Array, probabilities: readonly number[], out: Float64Array): void {
  const n = values.length;
  let from = 0;
  for (let q = 0; q < probabilities.length; q++) {
    const p = probabilities[q] as number;
    if (n === 0) {
      out[q] = Number.NaN;
      continue;
    }
    const h = (n - 1) * p;
    const lower = Math.floor(h);
    const low = selectInPlace(values, lower, Math.min(from, lower), n - 1);
    from = lower;
    if (lower + 1 >= n || h === lower) {
      out[q] = low;
      continue;
    }
    let next = Number.POSITIVE_INFINITY;
    for (let i = lower + 1; i < n; i++) if ((values[i] as number) < next) next = values[i] as number;
    out[q] = low + (h - lower) * (next - low);
  }
}
