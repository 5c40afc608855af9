// Isolation forest (Liu, Ting and Zhou 2008, "Isolation Forest", ICDM): anomalies are isolated by fewer random splits.

import { assert, type Prng } from '../../../../kernel/index.js';
import type { FeatureMatrix } from './features.js';

const eulerGamma = 0.5772156649015329;

/**
 * Average path length of an unsuccessful binary-search-tree search over n points, c(n) = 2H(n−1) − 2(n−1)/n
 * with the harmonic number H(i) ≈ ln(i) + γ (Liu et al. 2008, eq. 1); c(2) = 1 and c(n ≤ 1) = 0.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + eulerGamma) - (2 * (n - 1)) / n;
}

// Features are quantised to fixed point with 18 fractional bits inside the forest so a split is an integer
// comparison whose sign bit picks the child: no data-dependent branch, which on random splits would be
// mispredicted half the time. Values stay below 2^28 and the leaf threshold is 2^29, so every difference fits
// in a small integer (|x − t| < 2^30) and V8 never falls back to floating point in the hot loop.
const fixedScale = 2 ** 18;
const featureAbsMax = 1_000;
const leafThreshold = 2 ** 29;

/** A feature matrix in the forest's fixed point. */
export interface QuantisedFeatures {
  readonly rows: number;
  readonly cols: number;
  readonly values: Int32Array;
}

/** Quantises a feature matrix to the forest's fixed point, clamping each value to ±1,000 (NaN becomes 0). */
export function quantiseFeatures(m: FeatureMatrix): QuantisedFeatures {
  const out = new Int32Array(m.values.length);
  for (let i = 0; i < out.length; i++) {
    const v = m.values[i] as number;
    const c = Number.isNaN(v) ? 0 : Math.min(featureAbsMax, Math.max(-featureAbsMax, v));
    out[i] = (c * fixedScale) | 0; // |c| · 2^18 < 2^28: truncation to int32 is exact in range
  }
  return { rows: m.rows, cols: m.cols, values: out };
}

/**
 * A trained forest in flat arrays. Each tree is a complete binary tree in heap order (children of node k are
 * 2k + 1 and 2k + 2) of height `heightMax`, so no child pointers are stored. A leaf above the bottom gets
 * the threshold 2^29, above every quantised feature, which always sends a point left, and its path length is stored at its leftmost bottom slot;
 * scoring therefore walks exactly `heightMax` steps per tree without asking "is this a leaf?".
 */
export interface IsolationForestModel {
  readonly trees: number;
  readonly subsample: number;
  readonly cols: number;
  readonly heightMax: number;
  /** Internal nodes per tree, 2^heightMax − 1. */
  readonly internalPerTree: number;
  readonly feature: Int16Array;
  /** Quantised split values: a point goes left when its quantised feature is below. */
  readonly threshold: Int32Array;
  /** Per bottom slot (2^heightMax per tree): the reached leaf's depth plus c(size), the expected unsplit remainder. */
  readonly pathAtBottom: Float64Array;
  /** c(subsample), the normaliser of the anomaly score. */
  readonly normaliser: number;
}

/** Training options: number of trees t and subsample size ψ (the paper's defaults are 100 and 256). */
export interface IsolationForestOptions {
  readonly trees: number;
  readonly subsample: number;
}

/** Fits a forest on quantised features; every random choice comes from `prng`, so the same seed gives the same forest. */
export function fitIsolationForest(
  m: QuantisedFeatures,
  options: IsolationForestOptions,
  prng: Prng,
): IsolationForestModel {
  assert(m.rows > 0 && options.trees > 0 && options.subsample > 1, 'isolation forest needs rows, trees and ψ > 1');
  const psi = Math.min(options.subsample, m.rows);
  // Height limit ceil(log2 ψ): deeper nodes only separate normal points (Liu et al. 2008, section 4).
  const heightMax = Math.max(1, Math.ceil(Math.log2(psi)));
  const internalPerTree = 2 ** heightMax - 1;
  const model: IsolationForestModel = {
    trees: options.trees,
    subsample: psi,
    cols: m.cols,
    heightMax,
    internalPerTree,
    feature: new Int16Array(options.trees * internalPerTree),
    threshold: new Int32Array(options.trees * internalPerTree).fill(leafThreshold),
    pathAtBottom: new Float64Array(options.trees * (internalPerTree + 1)),
    normaliser: averagePathLength(psi),
  };
  const pool = Int32Array.from({ length: m.rows }, (_, i) => i);
  for (let t = 0; t < options.trees; t++) {
    // Partial Fisher–Yates: the first ψ entries of `pool` become a sample without replacement.
    for (let k = 0; k < psi; k++) {
      const j = k + Math.floor(prng.next() * (m.rows - k));
      const tmp = pool[k] as number;
      pool[k] = pool[j] as number;
      pool[j] = tmp;
    }
    growNode(m.values, model, t, pool.slice(0, psi), 0, psi, 0, 0, prng);
  }
  return model;
}

function makeLeaf(model: IsolationForestModel, tree: number, node: number, depth: number, size: number): void {
  // Following the left child (heightMax − depth) times from heap index k lands on (k + 1)·2^(H − d) − 1.
  const slot = (node + 1) * 2 ** (model.heightMax - depth) - 1 - model.internalPerTree;
  model.pathAtBottom[tree * (model.internalPerTree + 1) + slot] = depth + averagePathLength(size);
}

function growNode(
  values: Int32Array,
  model: IsolationForestModel,
  tree: number,
  idx: Int32Array,
  from: number,
  to: number,
  node: number,
  depth: number,
  prng: Prng,
): void {
  if (to - from <= 1 || depth >= model.heightMax) {
    makeLeaf(model, tree, node, depth, to - from);
    return;
  }
  // Pick a random feature among those that still vary here; with none the node stays a leaf.
  const cols = model.cols;
  const start = Math.floor(prng.next() * cols);
  for (let tries = 0; tries < cols; tries++) {
    const q = (start + tries) % cols;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let k = from; k < to; k++) {
      const v = values[(idx[k] as number) * cols + q] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!(hi > lo)) continue;
    // A uniform split in (lo, hi]: points below it go left, so both sides are non-empty.
    const split = lo + 1 + Math.floor(prng.next() * (hi - lo));
    const mid = partitionBelow(values, cols, idx, from, to, q, split);
    const at = tree * model.internalPerTree + node;
    model.feature[at] = q;
    model.threshold[at] = split;
    growNode(values, model, tree, idx, from, mid, 2 * node + 1, depth + 1, prng);
    growNode(values, model, tree, idx, mid, to, 2 * node + 2, depth + 1, prng);
    return;
  }
  makeLeaf(model, tree, node, depth, to - from);
}

function partitionBelow(
  values: Int32Array,
  cols: number,
  idx: Int32Array,
  from: number,
  to: number,
  q: number,
  p: number,
): number {
  let mid = from;
  for (let k = from; k < to; k++) {
    const row = idx[k] as number;
    if ((values[row * cols + q] as number) < p) {
      idx[k] = idx[mid] as number;
      idx[mid++] = row;
    }
  }
  return mid;
}

/** Sum over trees t0..t0+3 of path lengths, walked side by side so their independent load chains overlap. */
function fourPaths(model: IsolationForestModel, values: Int32Array, offset: number, t0: number): number {
  const { feature: f, threshold: th, heightMax, internalPerTree: n } = model;
  const b0 = t0 * n;
  const b1 = b0 + n;
  const b2 = b1 + n;
  const b3 = b2 + n;
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  // (x − threshold) >>> 31 is 1 when x is below the threshold: left child 2k + 1, else right child 2k + 2.
  for (let step = 0; step < heightMax; step++) {
    a = 2 * a + 2 - (((values[offset + (f[b0 + a] as number)] as number) - (th[b0 + a] as number)) >>> 31);
    b = 2 * b + 2 - (((values[offset + (f[b1 + b] as number)] as number) - (th[b1 + b] as number)) >>> 31);
    c = 2 * c + 2 - (((values[offset + (f[b2 + c] as number)] as number) - (th[b2 + c] as number)) >>> 31);
    d = 2 * d + 2 - (((values[offset + (f[b3 + d] as number)] as number) - (th[b3 + d] as number)) >>> 31);
  }
  const p = model.pathAtBottom;
  const w = n + 1;
  return (
    (p[t0 * w + a - n] as number) +
    (p[(t0 + 1) * w + b - n] as number) +
    (p[(t0 + 2) * w + c - n] as number) +
    (p[(t0 + 3) * w + d - n] as number)
  );
}

/**
 * Anomaly score s(x, ψ) = 2^(−E(h(x)) / c(ψ)) of the quantised row at `offset` (Liu et al. 2008, eq. 2): near 1
 * anomalous, at or below 0.5 normal.
 */
export function isolationScore(model: IsolationForestModel, values: Int32Array, offset: number): number {
  const { feature: f, threshold: th, heightMax, internalPerTree: n, trees } = model;
  let sum = 0;
  let t = 0;
  for (; t + 4 <= trees; t += 4) sum += fourPaths(model, values, offset, t);
  for (; t < trees; t++) {
    const base = t * n;
    let a = 0;
    for (let step = 0; step < heightMax; step++) {
      a = 2 * a + 2 - (((values[offset + (f[base + a] as number)] as number) - (th[base + a] as number)) >>> 31);
    }
    sum += model.pathAtBottom[t * (n + 1) + a - n] as number;
  }
  return 2 ** (-(sum / trees) / model.normaliser);
}

// Rows per block of tree-major scoring: a block's quantised rows (256 · cols · 4 bytes) and one tree (about 4 KB)
// both stay in L1 cache, where walking all trees per row would stream the whole forest (about 350 KB) each time.
const scoreBlockRows = 256;

/**
 * Anomaly scores of every row. Rows go in blocks through one tree at a time, so the tree and the block stay in
 * L1 cache; within a block eight rows walk side by side so their independent load chains overlap. Each row's path
 * lengths are summed tree by tree in tree order, exactly as before blocking. Equals `isolationScore` row by row.
 */
export function isolationScores(model: IsolationForestModel, m: QuantisedFeatures): Float64Array {
  assert(m.cols === model.cols, 'feature matrix does not match the forest');
  const out = new Float64Array(m.rows);
  const blocked = m.rows - (m.rows % 4);
  const sums = new Float64Array(scoreBlockRows);
  const k = -1 / (model.trees * model.normaliser);
  for (let from = 0; from < blocked; from += scoreBlockRows) {
    const to = Math.min(blocked, from + scoreBlockRows);
    sums.fill(0);
    for (let t = 0; t < model.trees; t++) scoreBlockOnTree(model, m.values, m.cols, t, from, to, sums);
    for (let i = from; i < to; i++) out[i] = 2 ** ((sums[i - from] as number) * k);
  }
  for (let i = blocked; i < m.rows; i++) out[i] = isolationScore(model, m.values, i * m.cols);
  return out;
}

/**
 * Adds tree t's path length of rows from..to (a multiple of four apart) to `sums`, eight rows at a time: eight
 * independent load chains keep the core busy while each waits on its loads. A last group of four goes to
 * `scoreFourGroups`.
 */
function scoreBlockOnTree(
  model: IsolationForestModel,
  values: Int32Array,
  cols: number,
  t: number,
  from: number,
  to: number,
  sums: Float64Array,
): void {
  const { feature: f, threshold: th, heightMax, internalPerTree: n, pathAtBottom } = model;
  const base = t * n;
  const bottom = base + t - n;
  let row = from;
  for (; row + 8 <= to; row += 8) {
    const o0 = row * cols;
    const o1 = o0 + cols;
    const o2 = o1 + cols;
    const o3 = o2 + cols;
    const o4 = o3 + cols;
    const o5 = o4 + cols;
    const o6 = o5 + cols;
    const o7 = o6 + cols;
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    let e = 0;
    let g = 0;
    let h = 0;
    let k = 0;
    for (let step = 0; step < heightMax; step++) {
      a =
        (((a << 1) + 2) | 0) -
        ((((values[o0 + (f[base + a] as number)] as number) - (th[base + a] as number)) | 0) >>> 31);
      b =
        (((b << 1) + 2) | 0) -
        ((((values[o1 + (f[base + b] as number)] as number) - (th[base + b] as number)) | 0) >>> 31);
      c =
        (((c << 1) + 2) | 0) -
        ((((values[o2 + (f[base + c] as number)] as number) - (th[base + c] as number)) | 0) >>> 31);
      d =
        (((d << 1) + 2) | 0) -
        ((((values[o3 + (f[base + d] as number)] as number) - (th[base + d] as number)) | 0) >>> 31);
      e =
        (((e << 1) + 2) | 0) -
        ((((values[o4 + (f[base + e] as number)] as number) - (th[base + e] as number)) | 0) >>> 31);
      g =
        (((g << 1) + 2) | 0) -
        ((((values[o5 + (f[base + g] as number)] as number) - (th[base + g] as number)) | 0) >>> 31);
      h =
        (((h << 1) + 2) | 0) -
        ((((values[o6 + (f[base + h] as number)] as number) - (th[base + h] as number)) | 0) >>> 31);
      k =
        (((k << 1) + 2) | 0) -
        ((((values[o7 + (f[base + k] as number)] as number) - (th[base + k] as number)) | 0) >>> 31);
    }
    const s = row - from;
    sums[s + 0] = (sums[s + 0] as number) + (pathAtBottom[bottom + a] as number);
    sums[s + 1] = (sums[s + 1] as number) + (pathAtBottom[bottom + b] as number);
    sums[s + 2] = (sums[s + 2] as number) + (pathAtBottom[bottom + c] as number);
    sums[s + 3] = (sums[s + 3] as number) + (pathAtBottom[bottom + d] as number);
    sums[s + 4] = (sums[s + 4] as number) + (pathAtBottom[bottom + e] as number);
    sums[s + 5] = (sums[s + 5] as number) + (pathAtBottom[bottom + g] as number);
    sums[s + 6] = (sums[s + 6] as number) + (pathAtBottom[bottom + h] as number);
    sums[s + 7] = (sums[s + 7] as number) + (pathAtBottom[bottom + k] as number);
  }
  if (row < to) scoreFourGroups(model, values, cols, t, row, to, sums, row - from);
}

/** Adds tree t's path length of rows from..to (a multiple of four apart) to `sums` from `sumsAt`, four at a time. */
function scoreFourGroups(
  model: IsolationForestModel,
  values: Int32Array,
  cols: number,
  t: number,
  from: number,
  to: number,
  sums: Float64Array,
  sumsAt: number,
): void {
  const { feature: f, threshold: th, heightMax, internalPerTree: n, pathAtBottom } = model;
  const base = t * n;
  const bottom = base + t - n;
  for (let row = from; row < to; row += 4) {
    const o0 = row * cols;
    const o1 = o0 + cols;
    const o2 = o1 + cols;
    const o3 = o2 + cols;
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    // Explicit int32 arithmetic keeps V8 from widening the node indices to doubles.
    for (let step = 0; step < heightMax; step++) {
      a =
        (((a << 1) + 2) | 0) -
        ((((values[o0 + (f[base + a] as number)] as number) - (th[base + a] as number)) | 0) >>> 31);
      b =
        (((b << 1) + 2) | 0) -
        ((((values[o1 + (f[base + b] as number)] as number) - (th[base + b] as number)) | 0) >>> 31);
      c =
        (((c << 1) + 2) | 0) -
        ((((values[o2 + (f[base + c] as number)] as number) - (th[base + c] as number)) | 0) >>> 31);
      d =
        (((d << 1) + 2) | 0) -
        ((((values[o3 + (f[base + d] as number)] as number) - (th[base + d] as number)) | 0) >>> 31);
    }
    const s = sumsAt + row - from;
    sums[s] = (sums[s] as number) + (pathAtBottom[bottom + a] as number);
    sums[s + 1] = (sums[s + 1] as number) + (pathAtBottom[bottom + b] as number);
    sums[s + 2] = (sums[s + 2] as number) + (pathAtBottom[bottom + c] as number);
    sums[s + 3] = (sums[s + 3] as number) + (pathAtBottom[bottom + d] as number);
  }
}
