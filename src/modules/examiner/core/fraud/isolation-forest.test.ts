import { describe, expect, it } from 'vitest';
import { Prng, seedFromEnv } from '../../../../kernel/index.js';
import type { FeatureMatrix } from './features.js';
import {
  averagePathLength,
  fitIsolationForest,
  isolationScore,
  isolationScores,
  quantiseFeatures,
} from './isolation-forest.js';

const seed = seedFromEnv();

function cloud(prng: Prng, normal: number, outliers: number) {
  return quantiseFeatures(rawCloud(prng, normal, outliers));
}

function rawCloud(prng: Prng, normal: number, outliers: number): FeatureMatrix {
  const cols = 4;
  const rows = normal + outliers;
  const values = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < cols; c++) values[i * cols + c] = i < normal ? prng.normal() : prng.normal(7, 0.5);
  }
  return { rows, cols, values };
}

describe('isolation forest', () => {
  it('uses the path-length normaliser of Liu et al. (2008)', () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    expect(averagePathLength(256)).toBeCloseTo(10.2448, 3);
  });

  it('ranks injected outliers above normal points', () => {
    const prng = new Prng(seed);
    const m = cloud(prng, 2_000, 20);
    const scores = isolationScores(fitIsolationForest(m, { trees: 100, subsample: 256 }, prng.fork()), m);
    const order = Array.from(scores.keys()).sort((a, b) => (scores[b] as number) - (scores[a] as number));
    const top = new Set(order.slice(0, 20));
    let caught = 0;
    for (let i = 2_000; i < 2_020; i++) if (top.has(i)) caught++;
    expect(caught, `SEED=${seed}`).toBeGreaterThanOrEqual(19);
    for (let i = 2_000; i < 2_020; i++) expect(scores[i] as number, `SEED=${seed}`).toBeGreaterThan(0.6);
    for (const s of scores) expect(s > 0 && s < 1).toBe(true);
  });

  it('gives identical scores for the same seed and different ones for another', () => {
    const m = cloud(new Prng(seed), 500, 5);
    const a = isolationScores(fitIsolationForest(m, { trees: 50, subsample: 128 }, new Prng(seed)), m);
    const b = isolationScores(fitIsolationForest(m, { trees: 50, subsample: 128 }, new Prng(seed)), m);
    const c = isolationScores(fitIsolationForest(m, { trees: 50, subsample: 128 }, new Prng(seed + 1)), m);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
});

describe('batch and single-row scoring', () => {
  it('agree for every row, including a ragged tail', () => {
    const m = cloud(new Prng(seed), 203, 2);
    const model = fitIsolationForest(m, { trees: 37, subsample: 64 }, new Prng(seed));
    const batch = isolationScores(model, m);
    for (let i = 0; i < m.rows; i++)
      expect(batch[i], `SEED=${seed} row ${i}`).toBeCloseTo(isolationScore(model, m.values, i * m.cols), 12);
  });
});

// The pre-blocking scorer, one row and one tree at a time with path lengths summed in tree order.
function rowByRowScores(model: ReturnType<typeof fitIsolationForest>, m: ReturnType<typeof cloud>): number[] {
  const { feature, threshold, heightMax, internalPerTree: n, trees, pathAtBottom } = model;
  const k = -1 / (trees * model.normaliser);
  const out: number[] = [];
  for (let row = 0; row < m.rows - (m.rows % 4); row++) {
    let sum = 0;
    for (let t = 0; t < trees; t++) {
      let node = 0;
      for (let step = 0; step < heightMax; step++) {
        const at = t * n + node;
        node =
          (m.values[row * m.cols + (feature[at] as number)] as number) < (threshold[at] as number)
            ? 2 * node + 1
            : 2 * node + 2;
      }
      sum += pathAtBottom[t * (n + 1) + node - n] as number;
    }
    out.push(2 ** (sum * k));
  }
  for (let row = m.rows - (m.rows % 4); row < m.rows; row++) out.push(isolationScore(model, m.values, row * m.cols));
  return out;
}

describe('blocked scoring', () => {
  it('gives bit-identical scores to the row-by-row walk over several blocks and a ragged tail', () => {
    // 1,007 rows: blocks of 256, a last block ending in a group of four, and a ragged tail of three.
    const m = cloud(new Prng(seed), 1_004, 3);
    const model = fitIsolationForest(m, { trees: 100, subsample: 256 }, new Prng(seed));
    expect(Array.from(isolationScores(model, m)), `SEED=${seed}`).toEqual(rowByRowScores(model, m));
  });
});
