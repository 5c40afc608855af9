// Runs large Monte Carlo requests on worker threads: paths are split into contiguous ranges, one per core, and the
// workers stay alive between requests so a service pays their start-up once.

import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../platform/worker.js';
import { type MonteCarloRequest, type MonteCarloResult, runMonteCarlo, timeAxis } from './core/monte-carlo.js';
import { economyLimits } from './limits.js';
import type { MonteCarloWorkerJob, MonteCarloWorkerReply } from './monte-carlo-worker.js';

/** Options for one run. */
export interface MonteCarloRunOptions {
  /** Use workers even for small requests (tests use this to compare with the in-thread result). */
  forceWorkers?: boolean;
}

/** Options for runMonteCarloParallel; the defaults pick threads by size and core count. */
export interface MonteCarloParallelOptions extends MonteCarloRunOptions {
  /** Number of worker threads; defaults to os.availableParallelism(). */
  workers?: number;
}

interface PoolWorker {
  worker: Worker;
  pending: { resolve: (violation: number) => void; reject: (error: Error) => void } | null;
}

/**
 * A fixed set of Monte Carlo worker threads. Jobs run one at a time, each using every worker (fewer when there
 * are fewer paths than workers). Idle workers are unref'd so they never keep a process alive; call close() on
 * shutdown. If a worker dies, every worker is terminated, the job rejects, and the next job starts fresh ones.
 */
export class MonteCarloPool {
  private workers: PoolWorker[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly size = availableParallelism()) {}

  /**
   * Runs a validated request: on the workers when it holds at least monteCarloWorkerCellsMin cells and the pool
   * has more than one thread, else on the calling thread. Path p always uses realisation p, so the result is
   * bit-identical whichever way the paths are split.
   */
  run(request: MonteCarloRequest, options: MonteCarloRunOptions = {}): Promise<MonteCarloResult> {
    const points = request.params.steps + 1;
    const large = request.paths * points >= economyLimits.monteCarloWorkerCellsMin;
    if (!options.forceWorkers && (this.size < 2 || !large)) return Promise.resolve(runMonteCarlo(request));
    const next = this.queue.then(() => this.execute(request));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Terminates every worker. */
  async close(): Promise<void> {
    const all = this.workers;
    this.workers = [];
    await Promise.all(all.map((w) => w.worker.terminate()));
  }

  private async execute(request: MonteCarloRequest): Promise<MonteCarloResult> {
    const { params, paths } = request;
    const points = params.steps + 1;
    const share = Math.ceil(paths / Math.max(1, Math.min(this.size, paths)));
    const used = Math.ceil(paths / share);
    const stepShare = Math.ceil(points / used);
    const bands = new SharedArrayBuffer(4 * points * 8);
    const base = {
      params,
      paths,
      matrix: new SharedArrayBuffer(paths * points * 8),
      bands,
      barrier: new SharedArrayBuffer(4),
      workers: used,
    };
    while (this.workers.length < used) this.workers.push(this.spawn());
    const jobs = this.workers.slice(0, used).map((w, i) => {
      const fromStep = Math.min(points, i * stepShare);
      const job: MonteCarloWorkerJob = {
        ...base,
        firstPath: i * share,
        count: Math.min(share, paths - i * share),
        fromStep,
        toStep: Math.min(points, fromStep + stepShare),
      };
      return this.send(w, job);
    });
    const violations = await Promise.all(jobs).catch(async (error: unknown) => {
      await this.close();
      throw error;
    });
    const band = (i: number) => new Float64Array(bands, i * points * 8, points);
    return {
      paths,
      t: timeAxis(params),
      p05: band(0),
      p50: band(1),
      p95: band(2),
      mean: band(3),
      conservationViolationMax: Math.max(...violations),
    };
  }

  private send(entry: PoolWorker, job: MonteCarloWorkerJob): Promise<number> {
    return new Promise((resolve, reject) => {
      entry.pending = { resolve, reject };
      entry.worker.ref();
      entry.worker.postMessage(job);
    });
  }

  private spawn(): PoolWorker {
    const entry: PoolWorker = { worker: startWorker(), pending: null };
    const settle = (outcome: { violation: number } | { error: Error }) => {
      const pending = entry.pending;
      entry.pending = null;
      entry.worker.unref();
      if (pending === null) return;
      if ('error' in outcome) pending.reject(outcome.error);
      else pending.resolve(outcome.violation);
    };
    entry.worker.on('message', (reply: MonteCarloWorkerReply) =>
      settle('error' in reply ? { error: new Error(`Monte Carlo worker failed: ${reply.error}`) } : reply),
    );
    entry.worker.on('error', (error) => settle({ error }));
    entry.worker.on('exit', (code) => settle({ error: new Error(`Monte Carlo worker exited with code ${code}`) }));
    entry.worker.unref();
    return entry;
  }
}

/** One-shot convenience: runs a request on a fresh pool of `options.workers` threads and closes it. */
export async function runMonteCarloParallel(
  request: MonteCarloRequest,
  options: MonteCarloParallelOptions = {},
): Promise<MonteCarloResult> {
  const pool = new MonteCarloPool(options.workers ?? availableParallelism());
  try {
    return await pool.run(request, options);
  } finally {
    await pool.close();
  }
}

/** Starts one worker on monte-carlo-worker (.js when compiled, .ts from the sources). */
function startWorker(): Worker {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return startModuleWorker(new URL(`./monte-carlo-worker.${ext}`, import.meta.url).href);
}
