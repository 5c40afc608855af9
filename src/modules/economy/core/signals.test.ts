import { describe, expect, it } from 'vitest';
import { Prng } from '../../../kernel/index.js';
import type { SignalSpec } from './params.js';
import { compileSignal, deriveSeed, hasRandomSignal, sampleSignal } from './signals.js';

const at = (spec: SignalSpec, dt: number, steps: number) => Array.from(sampleSignal(spec, dt, steps));

describe('signals', () => {
  it('evaluates deterministic shapes at t_k = k·dt', () => {
    expect(at({ type: 'step', at: 0.2, before: 1, after: 3 }, 0.1, 3)).toEqual([1, 1, 3, 3]);
    expect(at({ type: 'ramp', startT: 1, start: 2, slope: 4 }, 0.5, 4)).toEqual([2, 2, 2, 4, 6]);
    expect(at({ type: 'pulse', base: 0, amplitude: 5, startT: 1, width: 1, periodT: 3 }, 1, 5)).toEqual([
      0, 5, 0, 0, 5, 0,
    ]);
    expect(at({ type: 'square', amplitude: 1, periodT: 4, phase: 0, offset: 10, duty: 0.5 }, 1, 4)).toEqual([
      11, 11, 9, 9, 11,
    ]);
    const sine = at({ type: 'sine', amplitude: 2, periodT: 4, phase: 0, offset: 1 }, 1, 2);
    expect(sine[1]).toBeCloseTo(3, 12);
    expect(sine[2]).toBeCloseTo(1, 12);
  });

  it('holds or interpolates a series and holds its last value', () => {
    const values = [0, 10, 20];
    expect(at({ type: 'series', values, dtSeries: 1, interpolation: 'hold' }, 0.5, 6)).toEqual([
      0, 0, 10, 10, 20, 20, 20,
    ]);
    expect(at({ type: 'series', values, dtSeries: 1, interpolation: 'linear' }, 0.5, 6)).toEqual([
      0, 5, 10, 15, 20, 20, 20,
    ]);
  });

  it('combines sums and products', () => {
    const two: SignalSpec = { type: 'constant', value: 2 };
    const ramp: SignalSpec = { type: 'ramp', startT: 0, start: 0, slope: 1 };
    expect(at({ type: 'sum', terms: [two, ramp] }, 1, 2)).toEqual([2, 3, 4]);
    expect(at({ type: 'product', factors: [two, ramp] }, 1, 2)).toEqual([0, 2, 4]);
  });

  it('builds a random walk from the seeded Prng with √dt scaling', () => {
    const dt = 0.25;
    const walk = at({ type: 'random_walk', seed: 5, sigma: 2, start: 1 }, dt, 3);
    const prng = new Prng(5);
    const expected = [1];
    for (let k = 0; k < 3; k++) expected.push(expected[k]! + 2 * Math.sqrt(dt) * prng.normal());
    expect(walk).toEqual(expected);
  });

  it('keeps random signals constant across the stages of one step', () => {
    const stream = compileSignal({ type: 'gaussian_noise', seed: 3, mean: 0, sd: 1 }, 0.1);
    const start = new Float64Array(4);
    const mid = new Float64Array(4);
    const end = new Float64Array(4);
    stream.fill(start, 0, 0, 4, 0);
    stream.fill(mid, 0, 0, 4, 1);
    stream.fill(end, 0, 0, 4, 2);
    expect(Array.from(mid)).toEqual(Array.from(start));
    expect(Array.from(end)).toEqual(Array.from(start));
    expect(() => stream.fill(start, 0, 10, 1, 0)).toThrow(/out of order/);
  });

  it('derives distinct per-path seeds and keeps path 0 equal to the seed', () => {
    expect(deriveSeed(123, 0)).toBe(123);
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => deriveSeed(123, i)));
    expect(seeds.size).toBe(1000);
    expect(
      hasRandomSignal({
        type: 'sum',
        terms: [
          { type: 'constant', value: 1 },
          { type: 'gaussian_noise', seed: 1, mean: 0, sd: 1 },
        ],
      }),
    ).toBe(true);
    expect(hasRandomSignal({ type: 'constant', value: 1 })).toBe(false);
  });
});
