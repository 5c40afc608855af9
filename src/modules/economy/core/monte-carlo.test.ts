import { describe, expect, it } from 'vitest';
import { economyLimits } from './limits.js';
import { runMonteCarlo, validateMonteCarloRequest } from './monte-carlo.js';
import { runSimulation } from './run.js';
import { baseInput, mustValidate } from './test-helpers.js';

const noisy = baseInput({
  steps: 50,
  signals: {
    C: { type: 'gaussian_noise', seed: 4, mean: 1, sd: 2 },
    D: { type: 'constant', value: 0 },
    E: { type: 'constant', value: 0 },
  },
});

describe('Monte Carlo core', () => {
  it('uses the single-run path as path 0 and matches per-path runs', () => {
    const checked = validateMonteCarloRequest({ params: noisy, paths: 5 });
    if (!checked.ok) throw new Error(checked.detail);
    const result = runMonteCarlo(checked.value);
    const finals = [0, 1, 2, 3, 4]
      .map((p) => runSimulation(checked.value.params, p).series.N[50]!)
      .sort((a, b) => a - b);
    expect(result.p50[50]).toBe(finals[2]);
    // Type-7 quantile at 0.95 over 5 values: h = 3.8, between the 4th and 5th order statistics.
    expect(result.p95[50]).toBeCloseTo(finals[3]! + 0.8 * (finals[4]! - finals[3]!), 12);
    expect(result.mean[50]).toBeCloseTo(finals.reduce((a, b) => a + b, 0) / 5, 12);
  });

  it('collapses to one curve when no signal is random', () => {
    const params = mustValidate(baseInput({ steps: 20 }));
    const result = runMonteCarlo({ params, paths: 7 });
    expect(Array.from(result.p05)).toEqual(Array.from(result.p95));
  });

  it('validates paths and the cell budget, prefixing parameter fields', () => {
    const bad = validateMonteCarloRequest({ params: { ...noisy, dt: -1 }, paths: 0 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => i.field)).toEqual(['params.dt', 'paths']);
    const huge = validateMonteCarloRequest({
      params: { ...noisy, steps: 1000 },
      paths: economyLimits.monteCarloPathsMax,
    });
    expect(huge.ok).toBe(false);
    if (!huge.ok) expect(huge.issues[0]!.code).toBe('monte_carlo_cells_above_max');
  });
});
