import { describe, expect, it } from 'vitest';
import { Prng, seedFromEnv } from './prng.js';

describe('Prng', () => {
  it('replays the same sequence from the same seed', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    for (let i = 0; i < 1000; i++) expect(a.nextU32()).toBe(b.nextU32());
  });

  it('gives different sequences for different seeds', () => {
    expect(new Prng(1).nextU32()).not.toBe(new Prng(2).nextU32());
  });

  it('stays in range and is roughly uniform', () => {
    const p = new Prng(7);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const x = p.int(0, 9);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(9);
      counts[x] = (counts[x] ?? 0) + 1;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('draws normals with the right moments', () => {
    const p = new Prng(3);
    let sum = 0;
    let sumSq = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const x = p.normal();
      sum += x;
      sumSq += x * x;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.02);
  });

  it('reads SEED from the environment', () => {
    expect(seedFromEnv({ SEED: '123' })).toBe(123);
  });
});
