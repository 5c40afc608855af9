// Compiles a signal JSON tree into a stream that fills Float64Array chunks of per-step samples.
//
// Sampling convention. Step k covers [t_k, t_k + h) with t_k = k·h. Deterministic signals are evaluated at the
// exact time a stage needs (t_k, t_k + h/2, t_k + h). Random signals (random_walk, gaussian_noise) are piecewise
// constant over each step: one draw per step, used by every stage of that step, so a seed yields the same path
// for Euler and RK4 and the RK4 half steps never consume extra draws. The value recorded at t_k is that draw.

import { assert, Prng } from '../../../kernel/index.js';
import type { SignalSpec } from './params.js';

/** Where inside step k a sample is taken: 0 → t_k, 1 → t_k + h/2, 2 → t_k + h. */
export type Stage = 0 | 1 | 2;

/** A compiled signal. Calls must walk steps forward: a chunk at stage 0 first, then the same chunk at 1 and 2. */
export interface SignalStream {
  /** Writes samples for steps [firstStep, firstStep + count) at `stage` into out[offset ..]. */
  fill(out: Float64Array, offset: number, firstStep: number, count: number, stage: Stage): void;
}

/**
 * Seed of realisation `path` for a random leaf seeded with `seed`. Path 0 uses the seed itself, so a single run
 * equals Monte Carlo path 0; other paths hash (seed, path) with the splitmix32 finaliser.
 */
export function deriveSeed(seed: number, path: number): number {
  if (path === 0) return seed >>> 0;
  let z = (seed ^ Math.imul(path, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** True when the tree holds a random leaf, i.e. Monte Carlo paths differ. */
export function hasRandomSignal(spec: SignalSpec): boolean {
  switch (spec.type) {
    case 'random_walk':
    case 'gaussian_noise':
      return true;
    case 'sum':
      return spec.terms.some(hasRandomSignal);
    case 'product':
      return spec.factors.some(hasRandomSignal);
    default:
      return false;
  }
}

/** Compiles a validated signal tree for step size `dt` and Monte Carlo realisation `path` (0 for a single run). */
export function compileSignal(spec: SignalSpec, dt: number, path = 0): SignalStream {
  switch (spec.type) {
    case 'constant': {
      const v = spec.value;
      return { fill: (out, offset, _first, count) => out.fill(v, offset, offset + count) };
    }
    case 'sine': {
      const { amplitude, offset: base, phase } = spec;
      const omega = (2 * Math.PI) / spec.periodT;
      return timeSignal(dt, (t) => base + amplitude * Math.sin(omega * t + phase));
    }
    case 'square': {
      const { amplitude, offset: base, periodT, duty = 0.5 } = spec;
      const shift = spec.phase / (2 * Math.PI);
      return timeSignal(dt, (t) => {
        const cycle = t / periodT + shift;
        return cycle - Math.floor(cycle) < duty ? base + amplitude : base - amplitude;
      });
    }
    case 'step': {
      const { at, before, after } = spec;
      return timeSignal(dt, (t) => (t >= at ? after : before));
    }
    case 'ramp': {
      const { startT, start, slope } = spec;
      return timeSignal(dt, (t) => (t < startT ? start : start + slope * (t - startT)));
    }
    case 'pulse': {
      const { base, amplitude, startT, width, periodT } = spec;
      return timeSignal(dt, (t) => {
        if (t < startT) return base;
        const rel = periodT === undefined ? t - startT : (t - startT) % periodT;
        return rel < width ? base + amplitude : base;
      });
    }
    case 'series':
      return seriesSignal(spec.values ?? [0], spec.dtSeries, spec.interpolation, dt);
    case 'random_walk':
      return randomWalk(deriveSeed(spec.seed, path), spec.sigma * Math.sqrt(dt), spec.start);
    case 'gaussian_noise':
      return gaussianNoise(deriveSeed(spec.seed, path), spec.mean, spec.sd);
    case 'sum':
      return combine(
        spec.terms.map((s) => compileSignal(s, dt, path)),
        false,
      );
    case 'product':
      return combine(
        spec.factors.map((s) => compileSignal(s, dt, path)),
        true,
      );
  }
}

/** Samples a signal at t_k = k·dt for k = 0 .. steps (the values a run records), for charts and tests. */
export function sampleSignal(spec: SignalSpec, dt: number, steps: number, path = 0): Float64Array {
  const out = new Float64Array(steps + 1);
  compileSignal(spec, dt, path).fill(out, 0, 0, steps + 1, 0);
  return out;
}

function timeSignal(dt: number, at: (t: number) => number): SignalStream {
  return {
    fill(out, offset, first, count, stage) {
      const shift = first + stage * 0.5;
      for (let i = 0; i < count; i++) out[offset + i] = at((shift + i) * dt);
    },
  };
}

function seriesSignal(values: number[], dtSeries: number, interpolation: 'hold' | 'linear', dt: number): SignalStream {
  const samples = Float64Array.from(values);
  const last = samples.length - 1;
  // A relative tolerance keeps t = k·dt from landing just below sample k when dt = dtSeries (k·dt/dt = k − ε).
  const nudge = 1e-9;
  if (interpolation === 'hold') {
    return timeSignal(dt, (t) => samples[Math.min(last, Math.max(0, Math.floor(t / dtSeries + nudge)))] as number);
  }
  return timeSignal(dt, (t) => {
    const x = t / dtSeries;
    if (x <= 0) return samples[0] as number;
    const i = Math.floor(x + nudge);
    if (i >= last) return samples[last] as number;
    const frac = Math.max(0, x - i);
    const a = samples[i] as number;
    const b = samples[i + 1] as number;
    return a + (b - a) * frac;
  });
}

/** Shared mechanics of random leaves: `generate` writes the next `count` draws in step order into a buffer. */
function randomLeaf(generate: (into: Float64Array, count: number) => void): SignalStream {
  let buffer = new Float64Array(0);
  let bufferStart = 0;
  let bufferLength = 0;
  return {
    fill(out, offset, first, count) {
      const inBuffer = first >= bufferStart && first + count <= bufferStart + bufferLength;
      if (!inBuffer) {
        assert(first === bufferStart + bufferLength, `random signal sampled out of order at step ${first}`);
        if (buffer.length < count) buffer = new Float64Array(count);
        generate(buffer, count);
        bufferStart = first;
        bufferLength = count;
      }
      if (first === bufferStart && count === bufferLength)
        out.set(count === buffer.length ? buffer : buffer.subarray(0, count), offset);
      else out.set(buffer.subarray(first - bufferStart, first - bufferStart + count), offset);
    },
  };
}

function randomWalk(seed: number, stepSd: number, start: number): SignalStream {
  const prng = new Prng(seed);
  let current = start;
  let started = false;
  return randomLeaf((into, count) => {
    let x = current;
    let i = 0;
    if (!started) {
      into[0] = x;
      started = true;
      i = 1;
    }
    for (; i < count; i++) {
      x += stepSd * prng.normal();
      into[i] = x;
    }
    current = x;
  });
}

function gaussianNoise(seed: number, mean: number, sd: number): SignalStream {
  const prng = new Prng(seed);
  return randomLeaf((into, count) => {
    for (let i = 0; i < count; i++) into[i] = mean + sd * prng.normal();
  });
}

function combine(children: SignalStream[], multiply: boolean): SignalStream {
  assert(children.length > 0, 'combinator needs children');
  let scratch = new Float64Array(0);
  const [head, ...rest] = children as [SignalStream, ...SignalStream[]];
  return {
    fill(out, offset, first, count, stage) {
      head.fill(out, offset, first, count, stage);
      if (scratch.length < count) scratch = new Float64Array(count);
      for (const child of rest) {
        child.fill(scratch, 0, first, count, stage);
        if (multiply)
          for (let i = 0; i < count; i++) out[offset + i] = (out[offset + i] as number) * (scratch[i] as number);
        else for (let i = 0; i < count; i++) out[offset + i] = (out[offset + i] as number) + (scratch[i] as number);
      }
    },
  };
}
