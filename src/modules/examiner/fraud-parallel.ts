// Fraud analysis on two threads: the main thread and one worker each score half of the rows through the isolation forest.

import { isMainThread, parentPort, type Worker, workerData } from 'node:worker_threads';
import type { Prng, Result } from '../../kernel/index.js';
import { startModuleWorker } from '../../platform/worker.js';
import {
  type FraudAnalysis,
  type FraudConfig,
  type FraudTransaction,
  finishFraudAnalysis,
  prepareFraudAnalysis,
} from './core/fraud/index.js';
import { type IsolationForestModel, isolationScores } from './core/fraud/isolation-forest.js';

// Below this many rows the hand-off to the worker costs more than the half it saves.
const parallelRowsMin = 20_000;
const workerRole = 'examiner-fraud-forest';

interface ScoreRequest {
  readonly id: number;
  readonly model: IsolationForestModel;
  readonly rows: number;
  readonly cols: number;
  readonly values: Int32Array;
}

interface ScoreReply {
  readonly id: number;
  readonly scores: Float64Array;
}

/**
 * Runs `analyseTransactions` with the forest scoring split over the calling thread and one worker thread. Scores
 * are bit-identical to the single-threaded analysis: each row's path lengths are summed in the same tree order
 * whichever thread walks it, and the split falls on a multiple of four rows so the ragged tail stays the same.
 */
export class FraudParallelRunner {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (s: Float64Array) => void; reject: (e: unknown) => void }>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: ScoreReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      waiting?.resolve(reply.scores);
    });
    worker.on('error', (e) => {
      for (const waiting of this.pending.values()) waiting.reject(e);
      this.pending.clear();
    });
    // An idle worker must not keep the process alive; it is ref'd only while a request is out.
    worker.unref();
  }

  /** Starts the worker (about 0.2 s, once); keep the runner for the life of the service and `close` it on shutdown. */
  static async start(): Promise<FraudParallelRunner> {
    // The worker re-enters this file.
    const worker = startModuleWorker(import.meta.url, { workerData: { role: workerRole } });
    await new Promise<void>((resolve, reject) => {
      worker.once('online', () => resolve());
      worker.once('error', reject);
    });
    return new FraudParallelRunner(worker);
  }

  /** Same result as `analyseTransactions(txs, config, prng)`, with the forest scored on two threads. */
  async analyse(txs: readonly FraudTransaction[], config: FraudConfig, prng: Prng): Promise<Result<FraudAnalysis>> {
    const prepared = prepareFraudAnalysis(txs, config, prng);
    if (!prepared.ok) return prepared;
    const { ctx, model, features } = prepared.value;
    if (model === null || features === null) return { ok: true, value: finishFraudAnalysis(txs, config, ctx, null) };
    if (features.rows < parallelRowsMin) {
      return { ok: true, value: finishFraudAnalysis(txs, config, ctx, isolationScores(model, features)) };
    }
    // The worker takes rows [mid, rows): mid is a multiple of four, so its blocks and tail match the whole batch's.
    const mid = Math.floor(features.rows / 8) * 4;
    const cols = features.cols;
    const theirs = this.request(model, features.rows - mid, cols, features.values.slice(mid * cols));
    const mine = isolationScores(model, { rows: mid, cols, values: features.values.subarray(0, mid * cols) });
    const forest = new Float64Array(features.rows);
    forest.set(mine, 0);
    forest.set(await theirs, mid);
    return { ok: true, value: finishFraudAnalysis(txs, config, ctx, forest) };
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private request(model: IsolationForestModel, rows: number, cols: number, values: Int32Array): Promise<Float64Array> {
    const id = this.nextId++;
    const request: ScoreRequest = { id, model, rows, cols, values };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage(request, [values.buffer as ArrayBuffer]);
    });
  }
}

if (!isMainThread && parentPort !== null && (workerData as { role?: string } | null)?.role === workerRole) {
  const port = parentPort;
  port.on('message', (r: ScoreRequest) => {
    const scores = isolationScores(r.model, { rows: r.rows, cols: r.cols, values: r.values });
    const reply: ScoreReply = { id: r.id, scores };
    port.postMessage(reply, [scores.buffer as ArrayBuffer]);
  });
}
