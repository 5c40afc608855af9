// Discrete PID controller on N, evaluated once per step and held over the step (zero-order hold).

import type { PidParams } from './params.js';

/**
 * Positional PID with derivative on measurement (no derivative kick when the setpoint jumps):
 *   e_k = setpoint − N_k,  P_k = kp·e_k,  D_k = −kd·(N_k − N_{k−1})/h  (0 at k = 0),
 *   v_k = P_k + I_k + D_k,  u_k = clamp(v_k, outMin, outMax).
 * The integral term I (already multiplied by ki) advances after the output is formed:
 *   clamp:             I_{k+1} = clamp(I_k + ki·e_k·h, outMin, outMax)  (integrator clamping)
 *   back-calculation:  I_{k+1} = I_k + h·(ki·e_k + (u_k − v_k)/Tt)     (Åström and Hägglund 2006, §3.5)
 * Tt is raised to at least h so the explicit back-calculation update cannot overshoot.
 */
export class PidController {
  /** Terms of the most recent update, read by the integrator to record them. */
  p = 0;
  integral = 0;
  d = 0;
  u = 0;
  /** Integral term that formed the most recent u (the advanced one is used from the next step on). */
  integralUsed = 0;
  /** N at the previous update, for the derivative; read and written by the inlined Euler loop in simulate.ts. */
  previousN = 0;
  hasPrevious = false;
  readonly backCalculation: boolean;
  /** 1/Tt of the back-calculation update. */
  readonly trackingGain: number;
  /**
   * kd/h, so the derivative is one multiplication: a division on the loop-carried path N → u → N cost about a
   * quarter of a controlled Euler run.
   */
  readonly kdOverH: number;

  constructor(
    readonly config: PidParams,
    readonly h: number,
  ) {
    this.backCalculation = config.antiWindup === 'back-calculation';
    const defaultTt = config.kp > 0 && config.ki > 0 ? config.kp / config.ki : h;
    this.trackingGain = 1 / Math.max(config.trackingTime ?? defaultTt, h);
    this.kdOverH = config.kd / h;
  }

  /**
   * Computes u for the step that starts with N = n, records the terms, and advances the integral. The Euler loop in
   * simulate.ts inlines these same operations in the same order (a test holds the two bit-identical).
   */
  update(n: number): number {
    const c = this.config;
    const h = this.h;
    const e = c.setpoint - n;
    this.p = c.kp * e;
    this.d = this.hasPrevious ? -this.kdOverH * (n - this.previousN) : 0;
    this.previousN = n;
    this.hasPrevious = true;
    const v = this.p + this.integral + this.d;
    const u = v < c.outMin ? c.outMin : Math.min(v, c.outMax);
    this.u = u;
    let next: number;
    if (this.backCalculation) {
      next = this.integral + h * (c.ki * e + (u - v) * this.trackingGain);
    } else {
      next = this.integral + c.ki * e * h;
      next = next < c.outMin ? c.outMin : Math.min(next, c.outMax);
    }
    this.integralUsed = this.integral;
    this.integral = next;
    return u;
  }
}
