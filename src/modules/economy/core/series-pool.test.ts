import { describe, expect, it } from 'vitest';
import { runSimulation } from './run.js';
import { copySeries, SeriesPool } from './series-pool.js';
import { seriesNames } from './simulate.js';
import { baseInput, mustValidate } from './test-helpers.js';

const controlled = { kp: 1.5, ki: 0.2, kd: 0.05, setpoint: 60, outMin: -20, outMax: 20, antiWindup: 'clamp' };

describe('SeriesPool', () => {
  it('gives pooled runs the same series as fresh ones, also after a longer run and a run with PID', () => {
    const pool = new SeriesPool(5_001);
    const withPid = mustValidate(baseInput({ steps: 5_000, pid: controlled }));
    const shorter = mustValidate(baseInput({ steps: 1_200 }));
    // The PID run leaves non-zero P, I_term, D_term and u behind; the run without PID must not inherit them.
    for (const p of [withPid, shorter, withPid]) {
      const pooled = runSimulation(p, 0, pool);
      const fresh = runSimulation(p);
      for (const name of seriesNames)
        expect(Array.from(pooled.series[name]), name).toEqual(Array.from(fresh.series[name]));
      expect(pooled.metrics).toEqual(fresh.metrics);
      pool.release(pooled.series);
    }
    expect(pool.heldBytes).toBe(5_001 * 8 * seriesNames.length);
  });

  it('hands out fresh series while its arena is lent and for runs above its bound', () => {
    const pool = new SeriesPool(1_001);
    const p = mustValidate(baseInput({ steps: 1_000 }));
    const first = runSimulation(p, 0, pool);
    const kept = copySeries(first.series);
    const second = runSimulation(mustValidate(baseInput({ steps: 1_000, n0: 99 })), 0, pool);
    expect(second.series.N.buffer).not.toBe(first.series.N.buffer);
    expect(Array.from(first.series.N)).toEqual(Array.from(kept.N));
    pool.release(first.series);
    const big = runSimulation(mustValidate(baseInput({ steps: 2_000 })), 0, pool);
    expect(big.series.N.buffer).not.toBe(first.series.N.buffer);
    expect(pool.heldBytes).toBe(1_001 * 8 * seriesNames.length);
  });
});
