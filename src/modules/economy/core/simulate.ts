// Integrates dN/dt = α·C + β·D + γ·E − δ·N + u with explicit Euler or classical RK4 and records every series.
//
// Flows. The right-hand side splits into a source s = α·C + β·D + γ·E + max(u, 0) and a sink
// q = δ·N + max(−u, 0), so dN/dt = s − q. Cumulative inflow I and outflow B integrate s and q with exactly the
// stage weights the integrator uses for N, hence N(t) = N(0) + I(t) − B(t) holds up to float rounding, and the
// largest deviation is reported with every result. Signals with negative values make I decrease: I is the
// integral of the source term, not a count of positive transfers.

import { assert } from '../../../kernel/index.js';
import { economyLimits } from './limits.js';
import type { SimulationParams } from './params.js';
import { PidController } from './pid.js';
import { compileSignal, type SignalStream } from './signals.js';

/** Per-point series of one run, each of length steps + 1 (index k ↔ t_k = k·dt). */
export interface SimulationSeries {
  t: Float64Array;
  N: Float64Array;
  C: Float64Array;
  D: Float64Array;
  E: Float64Array;
  /** PID proportional term used over step k (0 without PID). */
  P: Float64Array;
  /** PID integral term used over step k. */
  I_term: Float64Array;
  /** PID derivative term used over step k. */
  D_term: Float64Array;
  /** Controller output u (after output limits) held over step k. */
  u: Float64Array;
  /** Cumulative inflow ∫ (α·C + β·D + γ·E + max(u, 0)) dt up to t_k. */
  I: Float64Array;
  /** Cumulative outflow ∫ (δ·N + max(−u, 0)) dt up to t_k. */
  B: Float64Array;
}

/** Names of the recorded series, in a stable order for serialisation. */
export const seriesNames = ['t', 'N', 'C', 'D', 'E', 'P', 'I_term', 'D_term', 'u', 'I', 'B'] as const;

/** Allocates zeroed series for `points` samples. */
export function allocateSeries(points: number): SimulationSeries {
  assert(Number.isInteger(points) && points > 0, 'points must be a positive integer');
  const make = () => new Float64Array(points);
  return {
    t: make(),
    N: make(),
    C: make(),
    D: make(),
    E: make(),
    P: make(),
    I_term: make(),
    D_term: make(),
    u: make(),
    I: make(),
    B: make(),
  };
}

/** Running state carried from one chunk to the next. */
interface State {
  n: number;
  inflow: number;
  outflow: number;
  /** Largest |N_k − (N_0 + I_k − B_k)| so far, tracked inside the loops to avoid a second pass over the series. */
  worst: number;
}

/** The larger of `worst` and |gap|, with NaN (a run that blew up) counted as an infinite violation. */
function worse(worst: number, gap: number): number {
  const size = Math.abs(gap);
  if (size > worst) return size;
  return Number.isNaN(size) ? Number.POSITIVE_INFINITY : worst;
}

/** Stage-1 and stage-2 signal samples for one chunk (RK4 only). */
interface Scratch {
  cMid: Float64Array;
  dMid: Float64Array;
  eMid: Float64Array;
  cEnd: Float64Array;
  dEnd: Float64Array;
  eEnd: Float64Array;
}

/**
 * Runs validated parameters into `series` (reused across Monte Carlo paths) for realisation `path` of the random
 * signals, and returns the largest conservation violation max_k |N_k − (N_0 + I_k − B_k)|. Pass
 * `pidSeriesZeroed` when P, I_term, D_term and u are known to be zero (fresh allocation) to skip clearing them
 * in runs without PID: at a million steps that saves 32 MB of writes.
 */
export function simulateInto(
  params: SimulationParams,
  series: SimulationSeries,
  path = 0,
  pidSeriesZeroed = false,
): number {
  const { steps, dt } = params;
  assert(series.N.length === steps + 1, 'series length must be steps + 1');
  const streams = [params.signals.C, params.signals.D, params.signals.E].map((s) => compileSignal(s, dt, path)) as [
    SignalStream,
    SignalStream,
    SignalStream,
  ];
  const pid = params.pid ? new PidController(params.pid, dt) : null;
  const chunk = economyLimits.signalChunkSteps;
  const rk4 = params.integrator === 'rk4';
  const scratch = rk4 ? allocateScratch(Math.min(chunk, steps)) : null;
  const state: State = { n: params.n0, inflow: 0, outflow: 0, worst: 0 };
  for (let a = 0; a < steps; a += chunk) {
    const count = Math.min(chunk, steps - a);
    streams[0].fill(series.C, a, a, count, 0);
    streams[1].fill(series.D, a, a, count, 0);
    streams[2].fill(series.E, a, a, count, 0);
    if (scratch) {
      streams[0].fill(scratch.cMid, 0, a, count, 1);
      streams[1].fill(scratch.dMid, 0, a, count, 1);
      streams[2].fill(scratch.eMid, 0, a, count, 1);
      streams[0].fill(scratch.cEnd, 0, a, count, 2);
      streams[1].fill(scratch.dEnd, 0, a, count, 2);
      streams[2].fill(scratch.eEnd, 0, a, count, 2);
      rk4Chunk(params, series, scratch, a, a + count, state, pid);
    } else {
      eulerChunk(params, series, a, a + count, state, pid);
    }
    if (pid === null && !pidSeriesZeroed) clearPidRange(series, a, a + count);
  }
  recordFinalPoint(params, series, streams, state, pid);
  // Euler writes t inside its loop; RK4 and the final point take it here.
  const tFrom = rk4 ? 0 : steps;
  for (let k = tFrom; k <= steps; k++) series.t[k] = k * dt;
  return state.worst;
}

function allocateScratch(size: number): Scratch {
  const make = () => new Float64Array(size);
  return { cMid: make(), dMid: make(), eMid: make(), cEnd: make(), dEnd: make(), eEnd: make() };
}

function recordFinalPoint(
  params: SimulationParams,
  series: SimulationSeries,
  streams: [SignalStream, SignalStream, SignalStream],
  state: State,
  pid: PidController | null,
): void {
  const k = params.steps;
  streams[0].fill(series.C, k, k, 1, 0);
  streams[1].fill(series.D, k, k, 1, 0);
  streams[2].fill(series.E, k, k, 1, 0);
  series.N[k] = state.n;
  series.I[k] = state.inflow;
  series.B[k] = state.outflow;
  state.worst = worse(state.worst, state.n - (params.n0 + state.inflow - state.outflow));
  // The controller terms at the last point are what it would apply next; they are recorded, not integrated.
  if (pid) recordPid(series, k, pid, state.n);
  else clearPid(series, k);
}

function recordPid(series: SimulationSeries, k: number, pid: PidController, n: number): number {
  const u = pid.update(n);
  series.P[k] = pid.p;
  series.I_term[k] = pid.integralUsed;
  series.D_term[k] = pid.d;
  series.u[k] = u;
  return u;
}

function clearPidRange(series: SimulationSeries, a: number, b: number): void {
  series.P.fill(0, a, b);
  series.I_term.fill(0, a, b);
  series.D_term.fill(0, a, b);
  series.u.fill(0, a, b);
}

function clearPid(series: SimulationSeries, k: number): void {
  series.P[k] = 0;
  series.I_term[k] = 0;
  series.D_term[k] = 0;
  series.u[k] = 0;
}

/**
 * Explicit Euler over steps [a, b): N_{k+1} = N_k + h·(s_k − q_k); I and B advance by h·s_k and h·q_k. Also writes
 * t_k. With a controller, PidController.update is inlined on local copies of its state (written back at the end of
 * the chunk): the per-step method call and its field stores were more than half of a controlled run's time.
 */
function eulerChunk(
  params: SimulationParams,
  series: SimulationSeries,
  a: number,
  b: number,
  state: State,
  pid: PidController | null,
): void {
  const { alpha, beta, gamma, delta, dt: h } = params;
  const { t: T, C, D, E, N, I, B } = series;
  const n0 = params.n0;
  let n = state.n;
  let inflow = state.inflow;
  let outflow = state.outflow;
  let worst = state.worst;
  if (pid === null) {
    for (let k = a; k < b; k++) {
      T[k] = k * h;
      N[k] = n;
      I[k] = inflow;
      B[k] = outflow;
      worst = worse(worst, n - (n0 + inflow - outflow));
      const s = alpha * (C[k] as number) + beta * (D[k] as number) + gamma * (E[k] as number);
      const q = delta * n;
      inflow += h * s;
      outflow += h * q;
      n += h * (s - q);
    }
  } else {
    const { P, I_term: Iterm, D_term: Dterm, u: U } = series;
    const { kp, ki, setpoint, outMin, outMax } = pid.config;
    const kdOverH = pid.kdOverH;
    const backCalculation = pid.backCalculation;
    const trackingGain = pid.trackingGain;
    const hp = pid.h;
    let integral = pid.integral;
    let previousN = pid.previousN;
    let hasPrevious = pid.hasPrevious;
    let p = pid.p;
    let d = pid.d;
    let u = pid.u;
    let integralUsed = pid.integralUsed;
    for (let k = a; k < b; k++) {
      T[k] = k * h;
      N[k] = n;
      I[k] = inflow;
      B[k] = outflow;
      worst = worse(worst, n - (n0 + inflow - outflow));
      // PidController.update, step for step.
      const e = setpoint - n;
      p = kp * e;
      d = hasPrevious ? -kdOverH * (n - previousN) : 0;
      previousN = n;
      hasPrevious = true;
      const v = p + integral + d;
      u = v < outMin ? outMin : Math.min(v, outMax);
      let next: number;
      if (backCalculation) {
        next = integral + hp * (ki * e + (u - v) * trackingGain);
      } else {
        next = integral + ki * e * hp;
        next = next < outMin ? outMin : Math.min(next, outMax);
      }
      integralUsed = integral;
      integral = next;
      P[k] = p;
      Iterm[k] = integralUsed;
      Dterm[k] = d;
      U[k] = u;
      const s = alpha * (C[k] as number) + beta * (D[k] as number) + gamma * (E[k] as number) + Math.max(u, 0);
      const q = delta * n + (u < 0 ? -u : 0);
      inflow += h * s;
      outflow += h * q;
      n += h * (s - q);
    }
    pid.integral = integral;
    pid.previousN = previousN;
    pid.hasPrevious = hasPrevious;
    pid.p = p;
    pid.d = d;
    pid.u = u;
    pid.integralUsed = integralUsed;
  }
  state.n = n;
  state.inflow = inflow;
  state.outflow = outflow;
  state.worst = worst;
}

/**
 * Classical RK4 over steps [a, b) with u held over the step (Butcher tableau weights 1/6, 1/3, 1/3, 1/6).
 * Stage sources s_j and sinks q_j are accumulated with the same weights into I and B.
 */
function rk4Chunk(
  params: SimulationParams,
  series: SimulationSeries,
  scratch: Scratch,
  a: number,
  b: number,
  state: State,
  pid: PidController | null,
): void {
  const { alpha, beta, gamma, delta, dt: h } = params;
  const { C, D, E, N, I, B } = series;
  const { cMid, dMid, eMid, cEnd, dEnd, eEnd } = scratch;
  const half = h / 2;
  const sixth = h / 6;
  const n0 = params.n0;
  let n = state.n;
  let inflow = state.inflow;
  let outflow = state.outflow;
  let worst = state.worst;
  for (let k = a; k < b; k++) {
    const j = k - a;
    N[k] = n;
    I[k] = inflow;
    B[k] = outflow;
    worst = worse(worst, n - (n0 + inflow - outflow));
    let uPlus = 0;
    let uMinus = 0;
    if (pid !== null) {
      const u = recordPid(series, k, pid, n);
      uPlus = Math.max(u, 0);
      uMinus = u < 0 ? -u : 0;
    }
    const s1 = alpha * (C[k] as number) + beta * (D[k] as number) + gamma * (E[k] as number) + uPlus;
    const q1 = delta * n + uMinus;
    const s2 = alpha * (cMid[j] as number) + beta * (dMid[j] as number) + gamma * (eMid[j] as number) + uPlus;
    const q2 = delta * (n + half * (s1 - q1)) + uMinus;
    const q3 = delta * (n + half * (s2 - q2)) + uMinus;
    const s4 = alpha * (cEnd[j] as number) + beta * (dEnd[j] as number) + gamma * (eEnd[j] as number) + uPlus;
    const q4 = delta * (n + h * (s2 - q3)) + uMinus;
    // Stage 3 shares stage 2's source: both sample the midpoint with the same held u.
    const s = s1 + 4 * s2 + s4;
    const q = q1 + 2 * q2 + 2 * q3 + q4;
    inflow += sixth * s;
    outflow += sixth * q;
    n += sixth * (s - q);
  }
  state.n = n;
  state.inflow = inflow;
  state.outflow = outflow;
  state.worst = worst;
}

/** Largest |N_k − (N_0 + I_k − B_k)| over the run: zero in exact arithmetic, float rounding in practice. */
export function conservationViolation(series: SimulationSeries, n0: number): number {
  const { N, I, B } = series;
  let worst = 0;
  for (let k = 0; k < N.length; k++) {
    const gap = Math.abs((N[k] as number) - (n0 + (I[k] as number) - (B[k] as number)));
    if (gap > worst || Number.isNaN(gap)) worst = Number.isNaN(gap) ? Number.POSITIVE_INFINITY : gap;
  }
  return worst;
}
