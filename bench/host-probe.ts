// A quick reading of the machine a benchmark ran on, printed above its figures. This VM's speed depends on the host
// and its other tenants (docs/BENCHMARKS.md): the same code has read 12 M and 4 M operations per second on
// different days. Two readings say which kind of slow a run met: a dependent integer chain (the core's own speed)
// and the latency of dependent loads at random over a buffer that fits the 2 MB L2 and over one that needs L3 or
// memory (the caches shared with other tenants).
import { Prng } from '../src/kernel/index.js';
import { nowNs, round } from './report.js';

/** A 64-byte cache line, in Int32 elements. */
const lineInts = 16;

/** Nanoseconds per step of a dependent multiply-add chain (2,000,000 steps take a few milliseconds). */
export function computeNsPerStep(steps: number): number {
  let x = 1;
  const t0 = nowNs();
  for (let i = 0; i < steps; i++) x = (Math.imul(x, 1_103_515_245) + 12_345) | 0;
  const ns = nowNs() - t0;
  if (x === 0.5) console.log(x); // keeps the chain alive
  return ns / steps;
}

/** A cycle through every 64-byte line of `bytes` in random order: line order[i] points at line order[i + 1]. */
function chaseRing(bytes: number, prng: Prng): Int32Array {
  const lines = bytes / 64;
  const order = new Int32Array(lines);
  for (let i = 0; i < lines; i++) order[i] = i;
  for (let i = lines - 1; i > 0; i--) {
    const j = prng.int(0, i);
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  const next = new Int32Array(lines * lineInts);
  for (let i = 0; i < lines; i++) next[(order[i] as number) * lineInts] = (order[(i + 1) % lines] as number) * lineInts;
  return next;
}

/** Nanoseconds per load when each load's address comes from the previous one, following `ring` (warmed first). */
function chaseNsPerLoad(ring: Int32Array, steps: number): number {
  let p = 0;
  for (let i = 0; i < ring.length / lineInts; i++) p = ring[p] as number; // warm
  const t0 = nowNs();
  for (let i = 0; i < steps; i++) p = ring[p] as number;
  const ns = nowNs() - t0;
  if (p < 0) console.log(p);
  return ns / steps;
}

let l2Ring: Int32Array | undefined;

/**
 * A reading of a few milliseconds, for benchmarks that track the host during a run: ns per step of the multiply-add
 * chain and ns per dependent load over 256 KB. The two drift differently: on this VM the second has varied by half
 * while the first held still, as have our book's operations per second.
 */
export function quickReading(): { computeNs: number; l2Ns: number } {
  l2Ring ??= chaseRing(256 * 1024, new Prng(2));
  return { computeNs: computeNsPerStep(2_000_000), l2Ns: chaseNsPerLoad(l2Ring, 200_000) };
}

/**
 * Dependent-load latency over random working sets from 256 KB to 16 MB: where this VM's caches end for a program
 * that reads a structure at random (an order book's records), which decides how a large book compares with a small.
 */
export function cacheCurve(): string {
  const prng = new Prng(3);
  const cells = [256, 1024, 2048, 3072, 4096, 16_384].map((kb) => {
    const ns = chaseNsPerLoad(chaseRing(kb * 1024, prng), 1_000_000);
    return `${kb >= 1024 ? `${kb / 1024} MB` : `${kb} KB`} ${round(ns)} ns`;
  });
  return `dependent loads at random over ${cells.join(', ')}`;
}

/** One line describing the machine's speed now. */
export function hostReading(): string {
  const prng = new Prng(1);
  computeNsPerStep(1e6);
  const compute = computeNsPerStep(2e7);
  const l2 = chaseNsPerLoad(chaseRing(256 * 1024, prng), 2e6);
  const far = chaseNsPerLoad(chaseRing(16 * 1024 * 1024, prng), 1e6);
  return `host: multiply-add chain ${round(compute)} ns/step; dependent loads over 256 KB ${round(l2)} ns, over 16 MB ${round(far)} ns`;
}
