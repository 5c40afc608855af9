// The plain-JSON parameter schema of one economic simulation run (what the API accepts and stores).

/** Numerical integrator used for every step of a run. */
export type Integrator = 'euler' | 'rk4';

/** How the PID controller keeps its integral term from winding up while the output is saturated. */
export type AntiWindup = 'clamp' | 'back-calculation';

/** PID controller acting on N; its output u enters dN/dt directly. */
export interface PidParams {
  kp: number;
  ki: number;
  kd: number;
  /** Target value for N. */
  setpoint: number;
  /** Lower output limit for u. */
  outMin: number;
  /** Upper output limit for u. */
  outMax: number;
  antiWindup: AntiWindup;
  /**
   * Tracking time constant Tt for back-calculation (Åström and Hägglund, "Advanced PID Control", 2006, §3.5).
   * Defaults to the integral time Ti = kp / ki, or to dt when kp is zero.
   */
  trackingTime?: number;
}

/** A constant input: value at every t. */
export interface ConstantSignal {
  type: 'constant';
  value: number;
}

/** offset + amplitude · sin(2π t / periodT + phase). */
export interface SineSignal {
  type: 'sine';
  amplitude: number;
  periodT: number;
  phase: number;
  offset: number;
}

/** offset ± amplitude: +amplitude for the first `duty` fraction of each period (shifted by phase radians). */
export interface SquareSignal {
  type: 'square';
  amplitude: number;
  periodT: number;
  phase: number;
  offset: number;
  /** Fraction of the period spent high, in (0, 1); defaults to 0.5. */
  duty?: number;
}

/** `before` for t < at, `after` from t = at on. */
export interface StepSignal {
  type: 'step';
  at: number;
  before: number;
  after: number;
}

/** start for t < startT, then start + slope · (t − startT). */
export interface RampSignal {
  type: 'ramp';
  startT: number;
  start: number;
  slope: number;
}

/** base, plus amplitude during [startT + k·periodT, startT + k·periodT + width); one pulse when periodT is absent. */
export interface PulseSignal {
  type: 'pulse';
  base: number;
  amplitude: number;
  startT: number;
  width: number;
  periodT?: number;
}

/** Seeded Gaussian random walk: x0 = start, x(k+1) = x(k) + sigma · √dt · Z(k). sigma is per √time unit. */
export interface RandomWalkSignal {
  type: 'random_walk';
  seed: number;
  sigma: number;
  start: number;
}

/** Seeded white noise: mean + sd · Z(k), one independent draw per step. */
export interface GaussianNoiseSignal {
  type: 'gaussian_noise';
  seed: number;
  mean: number;
  sd: number;
}

/** Sum of its terms at each t. */
export interface SumSignal {
  type: 'sum';
  terms: SignalSpec[];
}

/** Product of its factors at each t. */
export interface ProductSignal {
  type: 'product';
  factors: SignalSpec[];
}

/**
 * A sampled series: sample k holds at t = k · dtSeries; between samples it is held or linearly interpolated,
 * and after the last sample the last value holds. Give either `values` or `csv` (parsed by csv-series.ts).
 */
export interface SeriesSignal {
  type: 'series';
  values?: number[];
  csv?: string;
  dtSeries: number;
  interpolation: 'hold' | 'linear';
}

/** Any input signal: a JSON tree of these nodes. */
export type SignalSpec =
  | ConstantSignal
  | SineSignal
  | SquareSignal
  | StepSignal
  | RampSignal
  | PulseSignal
  | RandomWalkSignal
  | GaussianNoiseSignal
  | SumSignal
  | ProductSignal
  | SeriesSignal;

/** Every signal type name, for validation and docs. */
export const signalTypes = [
  'constant',
  'sine',
  'square',
  'step',
  'ramp',
  'pulse',
  'random_walk',
  'gaussian_noise',
  'sum',
  'product',
  'series',
] as const satisfies readonly SignalSpec['type'][];

/** The three external inputs of the model. */
export interface SignalSet {
  C: SignalSpec;
  D: SignalSpec;
  E: SignalSpec;
}

/** One run: dN/dt = alpha·C + beta·D + gamma·E − delta·N + u_PID, from t = 0 with N(0) = n0, `steps` steps of `dt`. */
export interface SimulationParams {
  alpha: number;
  beta: number;
  gamma: number;
  delta: number;
  n0: number;
  dt: number;
  steps: number;
  integrator: Integrator;
  pid?: PidParams;
  signals: SignalSet;
}
