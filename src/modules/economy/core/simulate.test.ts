import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SignalSpec, SimulationParams } from './params.js';
import { PidController } from './pid.js';
import { runSimulation } from './run.js';
import { sampleSignal } from './signals.js';
import { allocateSeries, conservationViolation, type SimulationSeries, seriesNames } from './simulate.js';
import { assertProperty, baseInput, mustValidate } from './test-helpers.js';

/** N(t) = N* + (N0 − N*)·e^(−δt), N* = (αC + βD + γE)/δ, for constant inputs and no PID. */
function analytic(p: SimulationParams, t: number): number {
  const value = (s: SignalSpec) => (s.type === 'constant' ? s.value : Number.NaN);
  const source = p.alpha * value(p.signals.C) + p.beta * value(p.signals.D) + p.gamma * value(p.signals.E);
  const steady = source / p.delta;
  return steady + (p.n0 - steady) * Math.exp(-p.delta * t);
}

function finalError(integrator: 'euler' | 'rk4', steps: number, horizon = 2): { h: number; error: number } {
  const p = mustValidate(baseInput({ integrator, steps, dt: horizon / steps, delta: 1 }));
  const run = runSimulation(p);
  return { h: p.dt, error: Math.abs((run.series.N[steps] as number) - analytic(p, horizon)) };
}

/** Least-squares slope of log(error) against log(h): the observed order of convergence. */
function observedOrder(points: { h: number; error: number }[]): number {
  const xs = points.map((p) => Math.log(p.h));
  const ys = points.map((p) => Math.log(p.error));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  return num / den;
}

describe('simulate against the analytic solution', () => {
  it('matches N* + (N0 − N*)e^(−δt) with both integrators', () => {
    for (const integrator of ['euler', 'rk4'] as const) {
      const p = mustValidate(baseInput({ integrator, steps: 1000, dt: 0.01 }));
      const run = runSimulation(p);
      const tolerance = integrator === 'euler' ? 5e-2 : 1e-9;
      for (let k = 0; k <= p.steps; k += 50) {
        expect(Math.abs((run.series.N[k] as number) - analytic(p, k * p.dt)), `${integrator} k=${k}`).toBeLessThan(
          tolerance,
        );
      }
    }
  });

  it('shows Euler converging like h and RK4 like h^4', () => {
    const euler = observedOrder([50, 100, 200, 400, 800].map((n) => finalError('euler', n)));
    const rk4 = observedOrder([10, 20, 40, 80].map((n) => finalError('rk4', n)));
    expect(euler).toBeGreaterThan(0.95);
    expect(euler).toBeLessThan(1.05);
    expect(rk4).toBeGreaterThan(3.9);
    expect(rk4).toBeLessThan(4.1);
  });
});

/** Per-step Euler with the controller class, recording every series as simulate.ts documents them. */
function referenceControlledEuler(p: SimulationParams): SimulationSeries {
  const points = p.steps + 1;
  const out: SimulationSeries = {
    ...allocateSeries(points),
    C: sampleSignal(p.signals.C, p.dt, p.steps),
    D: sampleSignal(p.signals.D, p.dt, p.steps),
    E: sampleSignal(p.signals.E, p.dt, p.steps),
  };
  const control = new PidController(p.pid!, p.dt);
  let n = p.n0;
  let inflow = 0;
  let outflow = 0;
  for (let k = 0; k <= p.steps; k++) {
    out.t[k] = k * p.dt;
    out.N[k] = n;
    out.I[k] = inflow;
    out.B[k] = outflow;
    const u = control.update(n);
    out.P[k] = control.p;
    out.I_term[k] = control.integralUsed;
    out.D_term[k] = control.d;
    out.u[k] = u;
    const s = p.alpha * out.C[k]! + p.beta * out.D[k]! + p.gamma * out.E[k]! + Math.max(u, 0);
    const q = p.delta * n + (u < 0 ? -u : 0);
    inflow += p.dt * s;
    outflow += p.dt * q;
    n += p.dt * (s - q);
  }
  return out;
}

/** Obviously correct Euler without PID: evaluates everything per step from sampled signals. */
function referenceEuler(p: SimulationParams): Float64Array {
  const c = sampleSignal(p.signals.C, p.dt, p.steps);
  const d = sampleSignal(p.signals.D, p.dt, p.steps);
  const e = sampleSignal(p.signals.E, p.dt, p.steps);
  const n = new Float64Array(p.steps + 1);
  n[0] = p.n0;
  for (let k = 0; k < p.steps; k++) {
    const rate = p.alpha * c[k]! + p.beta * d[k]! + p.gamma * e[k]! - p.delta * n[k]!;
    n[k + 1] = n[k]! + p.dt * rate;
  }
  return n;
}

const leaf: fc.Arbitrary<SignalSpec> = fc.oneof(
  fc.record({ type: fc.constant('constant' as const), value: fc.double({ min: -10, max: 10, noNaN: true }) }),
  fc.record({
    type: fc.constant('sine' as const),
    amplitude: fc.double({ min: 0, max: 5, noNaN: true }),
    periodT: fc.double({ min: 0.1, max: 10, noNaN: true }),
    phase: fc.double({ min: 0, max: 6, noNaN: true }),
    offset: fc.double({ min: -5, max: 5, noNaN: true }),
  }),
  fc.record({
    type: fc.constant('random_walk' as const),
    seed: fc.nat(),
    sigma: fc.double({ min: 0, max: 3, noNaN: true }),
    start: fc.double({ min: -5, max: 5, noNaN: true }),
  }),
  fc.record({
    type: fc.constant('gaussian_noise' as const),
    seed: fc.nat(),
    mean: fc.double({ min: -5, max: 5, noNaN: true }),
    sd: fc.double({ min: 0, max: 3, noNaN: true }),
  }),
);
const signal: fc.Arbitrary<SignalSpec> = fc.oneof(
  leaf,
  fc.record({ type: fc.constant('sum' as const), terms: fc.array(leaf, { minLength: 1, maxLength: 3 }) }),
  fc.record({ type: fc.constant('product' as const), factors: fc.array(leaf, { minLength: 1, maxLength: 2 }) }),
);
const pid = fc.record({
  kp: fc.double({ min: 0, max: 5, noNaN: true }),
  ki: fc.double({ min: 0, max: 2, noNaN: true }),
  kd: fc.double({ min: 0, max: 0.5, noNaN: true }),
  setpoint: fc.double({ min: -50, max: 50, noNaN: true }),
  outMin: fc.double({ min: -20, max: 0, noNaN: true }),
  outMax: fc.double({ min: 0, max: 20, noNaN: true }),
  antiWindup: fc.constantFrom('clamp' as const, 'back-calculation' as const),
});
const params = fc.record({
  alpha: fc.double({ min: -3, max: 3, noNaN: true }),
  beta: fc.double({ min: -3, max: 3, noNaN: true }),
  gamma: fc.double({ min: -3, max: 3, noNaN: true }),
  delta: fc.double({ min: 0, max: 2, noNaN: true }),
  n0: fc.double({ min: -100, max: 100, noNaN: true }),
  dt: fc.double({ min: 0.001, max: 0.5, noNaN: true }),
  steps: fc.integer({ min: 1, max: 3000 }),
  integrator: fc.constantFrom('euler' as const, 'rk4' as const),
  pid: fc.option(pid, { nil: undefined }),
  signals: fc.record({ C: signal, D: signal, E: signal }),
});

describe('simulate invariants', () => {
  it('keeps N = N0 + I − B up to rounding for any valid parameters and either integrator', () => {
    assertProperty(
      fc.property(params, (raw) => {
        const p = mustValidate(JSON.parse(JSON.stringify(raw)));
        const run = runSimulation(p);
        let scale = Math.abs(p.n0) + 1;
        for (let k = 0; k <= p.steps; k++)
          scale = Math.max(scale, Math.abs(run.series.I[k]!), Math.abs(run.series.B[k]!));
        expect(run.conservationViolationMax).toBeLessThanOrEqual(1e-12 * scale * (p.steps + 1));
        expect(run.metrics.conservationViolationMax).toBe(run.conservationViolationMax);
        // The figure tracked inside the loops equals a separate pass over the recorded series.
        expect(run.conservationViolationMax).toBe(conservationViolation(run.series, p.n0));
      }),
      60,
    );
  });

  it('agrees with a per-step reference Euler across chunk boundaries', () => {
    assertProperty(
      fc.property(params, fc.integer({ min: 8000, max: 20000 }), (raw, steps) => {
        const p = mustValidate(JSON.parse(JSON.stringify({ ...raw, pid: undefined, integrator: 'euler', steps })));
        const fast = runSimulation(p).series.N;
        const reference = referenceEuler(p);
        let worst = 0;
        for (let k = 0; k <= steps; k++)
          worst = Math.max(worst, Math.abs(fast[k]! - reference[k]!) / (1 + Math.abs(reference[k]!)));
        expect(worst).toBeLessThanOrEqual(1e-9);
      }),
      8,
    );
  });

  it('records the same bits as a per-step Euler that calls PidController.update', () => {
    // The Euler loop inlines the controller; this holds the copy to the class across chunk boundaries.
    assertProperty(
      fc.property(params, pid, fc.integer({ min: 1, max: 20000 }), (raw, control, steps) => {
        const input = { ...raw, pid: control, integrator: 'euler', steps };
        const p = mustValidate(JSON.parse(JSON.stringify(input)));
        const fast = runSimulation(p).series;
        const slow = referenceControlledEuler(p);
        for (const name of seriesNames) expect(Array.from(fast[name]), name).toEqual(Array.from(slow[name]));
      }),
      12,
    );
  });

  it('replays random signals from their seeds and shares one path between integrators', () => {
    const signals = {
      C: { type: 'random_walk', seed: 7, sigma: 1, start: 1 },
      D: { type: 'gaussian_noise', seed: 8, mean: 0, sd: 1 },
      E: { type: 'constant', value: 0 },
    };
    const a = runSimulation(mustValidate(baseInput({ signals, steps: 500 })));
    const b = runSimulation(mustValidate(baseInput({ signals, steps: 500 })));
    const rk4 = runSimulation(mustValidate(baseInput({ signals, steps: 500, integrator: 'rk4' })));
    expect(Array.from(a.series.N)).toEqual(Array.from(b.series.N));
    expect(Array.from(rk4.series.C)).toEqual(Array.from(a.series.C));
    const other = runSimulation(
      mustValidate(baseInput({ signals: { ...signals, C: { ...signals.C, seed: 9 } }, steps: 500 })),
    );
    expect(Array.from(other.series.C)).not.toEqual(Array.from(a.series.C));
  });
});

describe('PID control', () => {
  const controlled = (antiWindup: string, extra: Record<string, unknown> = {}) =>
    baseInput({
      delta: 0.1,
      dt: 0.05,
      steps: 8000,
      signals: {
        C: { type: 'constant', value: 1 },
        D: { type: 'constant', value: 0 },
        E: { type: 'constant', value: 0 },
      },
      pid: { kp: 2, ki: 0.5, kd: 0.1, setpoint: 50, outMin: -100, outMax: 100, antiWindup, ...extra },
    });

  it('drives N to the setpoint with both integrators and reports settling and overshoot', () => {
    for (const integrator of ['euler', 'rk4'] as const) {
      const run = runSimulation(mustValidate({ ...controlled('clamp'), integrator }));
      expect(Math.abs(run.metrics.finalN - 50)).toBeLessThan(1e-3);
      expect(run.metrics.settlingTime).not.toBeNull();
      expect(run.metrics.settlingTime!).toBeLessThan(400);
      expect(run.metrics.overshootPct).not.toBeNull();
      // Open loop would settle at αC/δ = 10: the controller supplies the rest through u.
      expect(run.series.u[8000]!).toBeCloseTo(0.1 * 50 - 1, 3);
    }
  });

  it('keeps the integral within the output limits with clamping', () => {
    // outMax = 1 cannot lift N above αC/δ + 1/δ = 20, so the setpoint 50 is unreachable and the error persists.
    const run = runSimulation(mustValidate(controlled('clamp', { outMax: 1 })));
    let maxIntegral = Number.NEGATIVE_INFINITY;
    for (const v of run.series.I_term) maxIntegral = Math.max(maxIntegral, v);
    expect(maxIntegral).toBeLessThanOrEqual(1);
    expect(Math.max(...run.series.u)).toBeLessThanOrEqual(1);
    expect(run.metrics.finalN).toBeLessThan(20 + 1e-6);
  });

  it('stops integral growth with back-calculation where a plain integrator would wind up', () => {
    const run = runSimulation(mustValidate(controlled('back-calculation', { outMax: 1 })));
    const last = run.series.I_term[8000]!;
    const threeQuarters = run.series.I_term[6000]!;
    // The error stays near 30 for 400 time units, so a plain integral would reach ki·30·400 = 6000.
    expect(Math.abs(last)).toBeLessThan(100);
    expect(Math.abs(last - threeQuarters)).toBeLessThan(1e-6);
  });
});
