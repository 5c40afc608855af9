// Accuracy measures: MASE of the naive forecast on its own scaling is 1, sMAPE edge cases, coverage.
import { describe, expect, it } from 'vitest';
import { Prng, seedFromEnv } from '../../../kernel/index.js';
import { AccuracyAccumulator, maseScale } from './accuracy.js';

describe('accuracy', () => {
  const seed = seedFromEnv();
  it(`the in-sample seasonal naive forecast has MASE exactly 1 on its own scaling (SEED=${seed})`, () => {
    const rng = new Prng(seed);
    for (const m of [1, 4, 52]) {
      const y = Float64Array.from({ length: 300 }, () => 100 + 10 * rng.normal());
      const scale = maseScale(y, m);
      const acc = new AccuracyAccumulator();
      for (let t = m; t < y.length; t++) acc.add(y[t] as number, y[t - m] as number, 0, 0, scale);
      expect(acc.result().mase, `SEED=${seed} m=${m}`).toBeCloseTo(1, 12);
    }
  });

  it('scores a perfect forecast as zero error with full coverage, 0/0 in sMAPE as zero', () => {
    const acc = new AccuracyAccumulator();
    acc.add(0, 0, -1, 1, 2);
    acc.add(5, 5, 4, 6, 2);
    expect(acc.result()).toEqual({ points: 2, mae: 0, smapePercent: 0, mase: 0, coverage95: 1 });
  });

  it('sMAPE is bounded by 200% and coverage counts only values inside the interval', () => {
    const acc = new AccuracyAccumulator();
    acc.add(10, -10, -20, -5, 1);
    acc.add(10, 0, -1, 1, 1);
    const r = acc.result();
    expect(r.smapePercent).toBe(200);
    expect(r.coverage95).toBe(0);
    expect(r.mae).toBe(15);
  });

  it('leaves MASE undefined (null) when the training data has no naive error to scale by', () => {
    expect(maseScale([3, 3, 3], 1)).toBe(0);
    expect(Number.isNaN(maseScale([3], 1))).toBe(true);
    const acc = new AccuracyAccumulator();
    acc.add(1, 2, 0, 3, 0);
    expect(acc.result().mase).toBeNull();
    expect(new AccuracyAccumulator().result()).toEqual({
      points: 0,
      mae: null,
      smapePercent: null,
      mase: null,
      coverage95: null,
    });
  });
});
