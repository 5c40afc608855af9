import { describe, expect, it } from 'vitest';
import { runSimulation } from './run.js';
import { baseInput, mustValidate } from './test-helpers.js';

describe('computeMetrics', () => {
  it('finds the 2% settling time of an exponential decay: ln(50)/δ', () => {
    // N* = (2 + 0.5 + 1)/0.5 = 7 from N0 = 10; |N − N*| = 3e^(−δt) ≤ 0.02·3 once t ≥ ln(50)/δ.
    const run = runSimulation(mustValidate(baseInput({ integrator: 'rk4', dt: 0.001, steps: 40_000 })));
    expect(run.metrics.settlingTime!).toBeCloseTo(Math.log(50) / 0.5, 2);
    expect(run.metrics.overshootPct).toBeNull();
    expect(run.metrics.maxN).toBe(10);
    expect(run.metrics.minN).toBe(run.metrics.finalN);
    expect(run.metrics.finalN).toBeCloseTo(7 + 3 * Math.exp(-20), 9);
    // Mean of 7 + 3e^(−t/2) over [0, 40] ≈ 7 + 6/40 (the trapezoid sum differs by O(dt)).
    expect(run.metrics.meanN).toBeCloseTo(7 + 6 / 40, 3);
  });

  it('reports overshoot past the setpoint as a share of the initial distance', () => {
    // An aggressive PI loop on a slow plant overshoots before settling.
    const run = runSimulation(
      mustValidate(
        baseInput({
          delta: 0.05,
          dt: 0.01,
          steps: 20_000,
          n0: 0,
          signals: {
            C: { type: 'constant', value: 0 },
            D: { type: 'constant', value: 0 },
            E: { type: 'constant', value: 0 },
          },
          pid: { kp: 0.5, ki: 0.5, kd: 0, setpoint: 10, outMin: -100, outMax: 100, antiWindup: 'clamp' },
        }),
      ),
    );
    let peak = 0;
    for (const v of run.series.N) peak = Math.max(peak, v);
    expect(peak).toBeGreaterThan(10);
    expect(run.metrics.overshootPct!).toBeCloseTo(((peak - 10) / 10) * 100, 9);
    expect(Math.abs(run.metrics.finalN - 10)).toBeLessThan(1e-3);
  });

  it('flags a run whose inputs overflow the float range', () => {
    const huge = { type: 'constant', value: 1e12 };
    const run = runSimulation(
      mustValidate(
        baseInput({ steps: 5, signals: { C: { type: 'product', factors: Array(30).fill(huge) }, D: huge, E: huge } }),
      ),
    );
    expect(run.metrics.finite).toBe(false);
    expect(run.conservationViolationMax).toBe(Number.POSITIVE_INFINITY);
    const fine = runSimulation(mustValidate(baseInput({})));
    expect(fine.metrics.finite).toBe(true);
  });
});
