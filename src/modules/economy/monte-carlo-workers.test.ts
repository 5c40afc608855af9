import { describe, expect, it } from 'vitest';
import { runMonteCarlo, validateMonteCarloRequest } from './core/monte-carlo.js';
import { MonteCarloPool, runMonteCarloParallel } from './monte-carlo-workers.js';

const request = {
  paths: 64,
  params: {
    alpha: 1,
    beta: 1,
    gamma: 0,
    delta: 0.2,
    n0: 5,
    dt: 0.05,
    steps: 200,
    integrator: 'rk4',
    signals: {
      C: { type: 'random_walk', seed: 11, sigma: 0.5, start: 1 },
      D: {
        type: 'sum',
        terms: [
          { type: 'sine', amplitude: 1, periodT: 5, phase: 0, offset: 0 },
          { type: 'gaussian_noise', seed: 12, mean: 0, sd: 0.3 },
        ],
      },
      E: { type: 'constant', value: 0 },
    },
  },
};

describe('runMonteCarloParallel', () => {
  it('gives bit-identical bands with and without worker threads', async () => {
    const checked = validateMonteCarloRequest(request);
    if (!checked.ok) throw new Error(checked.detail);
    const inThread = runMonteCarlo(checked.value);
    const threaded = await runMonteCarloParallel(checked.value, { workers: 3, forceWorkers: true });
    for (const key of ['p05', 'p50', 'p95', 'mean'] as const)
      expect(Array.from(threaded[key])).toEqual(Array.from(inThread[key]));
    expect(threaded.conservationViolationMax).toBe(inThread.conservationViolationMax);
    // The bands are ordered and spread out because the signals are random.
    for (let k = 0; k <= 200; k++) {
      expect(inThread.p05[k]!).toBeLessThanOrEqual(inThread.p50[k]!);
      expect(inThread.p50[k]!).toBeLessThanOrEqual(inThread.p95[k]!);
    }
    expect(inThread.p95[200]! - inThread.p05[200]!).toBeGreaterThan(0.1);
  });

  it('reuses pooled workers across jobs and splits unevenly without changing a bit', async () => {
    const checked = validateMonteCarloRequest({ ...request, paths: 5 });
    if (!checked.ok) throw new Error(checked.detail);
    const inThread = runMonteCarlo(checked.value);
    const pool = new MonteCarloPool(2);
    try {
      for (let round = 0; round < 2; round++) {
        const pooled = await pool.run(checked.value, { forceWorkers: true });
        expect(Array.from(pooled.p50)).toEqual(Array.from(inThread.p50));
        expect(Array.from(pooled.p95)).toEqual(Array.from(inThread.p95));
      }
    } finally {
      await pool.close();
    }
  });

  it('rejects instead of hanging when a worker fails, and recovers for the next job', async () => {
    const checked = validateMonteCarloRequest(request);
    if (!checked.ok) throw new Error(checked.detail);
    // Bypass validation to make path simulation throw inside the workers.
    const broken = {
      ...checked.value,
      params: { ...checked.value.params, signals: { ...checked.value.params.signals, C: { type: 'nope' } } },
    };
    const pool = new MonteCarloPool(2);
    try {
      await expect(pool.run(broken as typeof checked.value, { forceWorkers: true })).rejects.toThrow(
        /Monte Carlo worker failed/,
      );
      const after = await pool.run(checked.value, { forceWorkers: true });
      expect(Array.from(after.p50)).toEqual(Array.from(runMonteCarlo(checked.value).p50));
    } finally {
      await pool.close();
    }
  });
});
