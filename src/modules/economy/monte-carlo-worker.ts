// Worker-thread entry: for each job, simulates one range of Monte Carlo paths into a shared matrix, waits until
// every worker of the job has finished simulating, then computes the percentile bands for its range of steps.

import { parentPort } from 'node:worker_threads';
import { type BandArrays, fillBands, simulatePathsInto } from './core/monte-carlo.js';
import type { SimulationParams } from './core/params.js';

/** One job for one worker; all buffers are shared, so nothing large is copied. */
export interface MonteCarloWorkerJob {
  params: SimulationParams;
  paths: number;
  firstPath: number;
  count: number;
  /** Path-major N matrix, paths × (steps + 1) doubles. */
  matrix: SharedArrayBuffer;
  /** p05, p50, p95 and mean, each steps + 1 doubles, back to back. */
  bands: SharedArrayBuffer;
  /** Int32 counter of workers that finished simulating: the barrier before bands are computed. */
  barrier: SharedArrayBuffer;
  workers: number;
  fromStep: number;
  toStep: number;
}

/** A worker's answer: the largest conservation violation of its paths, or why the job failed. */
export type MonteCarloWorkerReply = { violation: number } | { error: string };

function runJob(job: MonteCarloWorkerJob): number {
  const points = job.params.steps + 1;
  const view = new Float64Array(job.matrix, job.firstPath * points * 8, job.count * points);
  const done = new Int32Array(job.barrier);
  let violation = 0;
  try {
    violation = simulatePathsInto(job.params, job.firstPath, job.count, view);
  } finally {
    // Count this worker as arrived even when it failed, so no sibling waits forever; the pool then rejects.
    Atomics.add(done, 0, 1);
    Atomics.notify(done, 0);
  }
  // Every path must be in the matrix before any column's percentiles are taken.
  for (let seen = Atomics.load(done, 0); seen < job.workers; seen = Atomics.load(done, 0)) Atomics.wait(done, 0, seen);
  const band = (i: number) => new Float64Array(job.bands, i * points * 8, points);
  const out: BandArrays = { p05: band(0), p50: band(1), p95: band(2), mean: band(3) };
  fillBands(new Float64Array(job.matrix), job.paths, points, job.fromStep, job.toStep, out);
  return violation;
}

parentPort?.on('message', (job: MonteCarloWorkerJob) => {
  let reply: MonteCarloWorkerReply;
  try {
    reply = { violation: runJob(job) };
  } catch (error) {
    reply = { error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
