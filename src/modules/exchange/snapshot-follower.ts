// The snapshot follower: a worker thread that keeps its own copy of the exchange state by applying the same journaled
// commands, and writes the snapshots, so the writer never stops to serialise its state. Replay is deterministic (the
// crash tests hold recovery to the same stateHash), so the follower's state at record n is the writer's state at n.
// It applies only records the writer reports durable, so a snapshot never holds a command nobody was answered for.
import { isMainThread, parentPort, type Worker, workerData } from 'node:worker_threads';
import { startModuleWorker } from '../../platform/worker.js';
import { writeSnapshotFile } from './journal/snapshot.js';
import { ExchangeState } from './state.js';
import type { ExchangeSnapshot } from './state-snapshot.js';
import type { ExchangeCommand } from './state-types.js';

const workerRole = 'nexus-exchange-snapshot-follower';

/** Where the follower starts: the state recovery began from, and the records it replayed after it. */
export interface FollowerStart {
  /** The journal directory, where snapshots go. */
  dir: string;
  /** Records between two snapshots. */
  every: number;
  /** Sequence number of the restored snapshot (0 for none) and its bytes. */
  snapshotSeq: number;
  snapshot: Uint8Array | null;
  /** The records replayed after the snapshot, in order. */
  replay: string[];
}

type ToFollower = { kind: 'records'; texts: string[]; durable: number } | { kind: 'ping'; id: number };
type FromFollower =
  | { kind: 'written'; seq: number }
  | { kind: 'pong'; id: number; applied: number }
  | { kind: 'failed'; message: string };

/** The writer's side: passes journaled records to the follower and learns which snapshots it wrote. */
export class SnapshotFollower {
  private texts: string[] = [];
  private durable = 0;
  private scheduled = false;
  private nextPing = 1;
  private readonly pings = new Map<number, (applied: number) => void>();
  /** Why the follower stopped, if it did; the writer then takes snapshots itself again. */
  failure: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    onWritten: (seq: number) => void,
  ) {
    worker.on('message', (m: FromFollower) => {
      if (m.kind === 'written') onWritten(m.seq);
      else if (m.kind === 'pong') {
        this.pings.get(m.id)?.(m.applied);
        this.pings.delete(m.id);
        if (this.pings.size === 0) worker.unref();
      } else this.fail(new Error(m.message));
    });
    worker.on('error', (e) => this.fail(e));
    // The follower must not keep the process alive; it is ref'd only while someone waits for it.
    worker.unref();
  }

  /** Starts the worker; `onWritten` runs on this thread after each snapshot file is complete. */
  static start(start: FollowerStart, onWritten: (seq: number) => void): SnapshotFollower {
    // The worker re-enters this file.
    const worker = startModuleWorker(import.meta.url, { workerData: { role: workerRole, start } });
    return new SnapshotFollower(worker, onWritten);
  }

  /** A record just appended to the journal (call in journal order, before it is durable). */
  record(text: string): void {
    if (this.failure) return;
    this.texts.push(text);
    this.schedule();
  }

  /** Every record up to `seq` is on disk. */
  durableThrough(seq: number): void {
    if (seq <= this.durable) return;
    this.durable = seq;
    this.schedule();
  }

  /**
   * Resolves, once the follower has handled everything passed to it so far, with the last record it applied (-1 if
   * it failed).
   */
  settled(): Promise<number> {
    this.flush();
    const id = this.nextPing++;
    return new Promise((resolve) => {
      if (this.failure) return resolve(-1);
      this.pings.set(id, resolve);
      this.worker.ref();
      this.post({ kind: 'ping', id });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // One message per turn of the event loop carries every record of the turn's group commits.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    if (this.failure || (this.texts.length === 0 && this.durable === 0)) return;
    const texts = this.texts;
    this.texts = [];
    this.post({ kind: 'records', texts, durable: this.durable });
  }

  private post(message: ToFollower): void {
    this.worker.postMessage(message);
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.texts = [];
    for (const resolve of this.pings.values()) resolve(-1);
    this.pings.clear();
    this.worker.unref();
  }
}

if (!isMainThread && parentPort !== null && (workerData as { role?: string } | null)?.role === workerRole) {
  const port = parentPort;
  const start = (workerData as { start: FollowerStart }).start;
  const parse = (text: string) => JSON.parse(text) as ExchangeCommand;
  let state: ExchangeState;
  let applied = start.snapshotSeq;
  let lastSnapshot = start.snapshotSeq;
  const waiting: string[] = [];
  let failed = false;
  try {
    state = start.snapshot
      ? ExchangeState.restore(JSON.parse(Buffer.from(start.snapshot).toString('utf8')) as ExchangeSnapshot)
      : new ExchangeState();
    for (const text of start.replay) {
      state.apply(parse(text));
      applied++;
    }
  } catch (e) {
    failed = true;
    port.postMessage({ kind: 'failed', message: `follower start: ${(e as Error).message}` } satisfies FromFollower);
  }
  port.on('message', (m: ToFollower) => {
    if (m.kind === 'ping') {
      port.postMessage({ kind: 'pong', id: m.id, applied } satisfies FromFollower);
      return;
    }
    if (failed) return;
    for (const text of m.texts) waiting.push(text);
    try {
      while (waiting.length > 0 && applied < m.durable) {
        state.apply(parse(waiting.shift() as string));
        applied++;
        if (applied - lastSnapshot >= start.every) {
          writeSnapshotFile(start.dir, applied, Buffer.from(JSON.stringify(state.snapshot())));
          lastSnapshot = applied;
          port.postMessage({ kind: 'written', seq: applied } satisfies FromFollower);
        }
      }
    } catch (e) {
      failed = true;
      port.postMessage({ kind: 'failed', message: (e as Error).message } satisfies FromFollower);
    }
  });
}
