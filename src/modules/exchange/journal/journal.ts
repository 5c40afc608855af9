// Append-only journal with group commit: every record is fsynced before its append resolves; snapshots bound replay.
import {
  closeSync,
  fdatasync,
  fstatSync,
  fsync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  write,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { assert } from '../../../kernel/index.js';
import { encodeFrame } from './frame.js';
import { journalLimits } from './limits.js';
import { scanFrames } from './scan.js';
import { fsyncDir, listSnapshots, readSnapshotFile, removeSnapshotTemps, writeSnapshotFile } from './snapshot.js';

/** How records reach the disk before an append resolves. */
export interface JournalOptions {
  /** 'datasync' (default) uses fdatasync; 'full' uses fsync; 'none' skips syncing (tests and benchmarks of the CPU path only). */
  readonly sync?: 'datasync' | 'full' | 'none';
  /** Bytes after which the journal moves on to a new segment file (default journalLimits.segmentBytes). */
  readonly segmentBytes?: number;
}

/** Receives the state during recovery: first the newest valid snapshot (if any), then every later record in order. */
export interface RecoveryHandler {
  restore?(snapshotSeq: number, bytes: Buffer): void;
  apply(seq: number, payload: Buffer): void;
}

/** What recovery did. */
export interface RecoveryReport {
  readonly snapshotSeq: number;
  readonly replayed: number;
  readonly lastSeq: number;
}

interface Waiter {
  readonly lastSeq: number;
  readonly resolve: (seq: number) => void;
  readonly reject: (e: Error) => void;
}

/** File name of the journal's first segment (records from 1) inside its directory. */
export const journalFileName = 'journal.wal';

/** File name of the segment whose first record is `firstSeq` (the first segment keeps journalFileName). */
export function segmentFileName(firstSeq: number): string {
  return firstSeq === 1 ? journalFileName : `journal-${String(firstSeq).padStart(16, '0')}.wal`;
}

/** Lock file that keeps a second process from writing the same journal. */
export const journalLockName = 'journal.lock';

/**
 * Takes the journal's lock file (holding our pid). A lock left by a process that no longer runs, or by an earlier
 * open in this process that was never closed (tests simulate crashes that way), is taken over; a live other
 * process's lock refuses with journal_locked, because two writers would interleave records.
 */
function acquireLock(dir: string): void {
  const path = join(dir, journalLockName);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isSafeInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
        throw new Error(
          `journal_locked: ${dir} is in use by process ${holder}; stop it first (or delete ${path} if that process is not Nexus)`,
        );
      }
      unlinkSync(path);
    }
  }
  throw new Error(`journal_locked: could not take ${path}`);
}

/** Runs `work` holding the journal's lock; the lock is given back if `work` throws. */
function underLock<T>(dir: string, work: () => T): T {
  acquireLock(dir);
  try {
    return work();
  } catch (e) {
    releaseLock(dir);
    throw e;
  }
}

function releaseLock(dir: string): void {
  try {
    unlinkSync(join(dir, journalLockName));
  } catch {
    // Already gone: nothing to release.
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A finished segment: fully written and synced before the journal moved on. */
interface SealedSegment {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly bytes: number;
}

/** The journal's segment files in record order, by their first sequence number. */
function listSegments(dir: string): number[] {
  const seqs: number[] = [];
  for (const name of readdirSync(dir)) {
    if (name === journalFileName) seqs.push(1);
    const m = /^journal-(\d{16})\.wal$/.exec(name);
    if (m) seqs.push(Number(m[1]));
  }
  return seqs.sort((a, b) => a - b);
}

/**
 * A single-writer append-only journal. `append` assigns the next sequence number synchronously (so records are
 * ordered as appended) and resolves only after the write and fsync that cover it. Appends made while a flush is in
 * flight share the next flush: one fsync for many commands (group commit). A failed write or fsync fails every
 * waiting append and the journal stops (fail-stop: after a failed fsync the page cache state is unknown).
 */
export class Journal {
  private nextSeq: number;
  /** Bytes in the active (last) segment. */
  private fileBytes: number;
  private frames: Buffer[] = [];
  private frameSeqs: number[] = [];
  private waiters: Waiter[] = [];
  private flushing = false;
  private failed: Error | null = null;
  private closed = false;
  private durableSeq: number;
  private flushCount = 0;
  private recordCount = 0;

  private constructor(
    readonly dir: string,
    private fd: number,
    /** First sequence number of the active segment. */
    private segmentFirstSeq: number,
    private readonly sealed: SealedSegment[],
    validBytes: number,
    lastSeq: number,
    private readonly options: JournalOptions,
  ) {
    this.fileBytes = validBytes;
    this.nextSeq = lastSeq + 1;
    this.durableSeq = lastSeq;
  }

  /**
   * Opens (creating if needed) the journal in `dir`, scans it, and truncates a torn tail left by a crash. A bad frame
   * further than one group-commit write from the end is corruption of acknowledged data and throws instead.
   */
  static open(dir: string, options: JournalOptions = {}): Journal {
    mkdirSync(dir, { recursive: true });
    return underLock(dir, () => Journal.openLocked(dir, options, null).journal);
  }

  /**
   * Opens the journal and recovers in one pass over the file (half the I/O of open + recover): loads the newest valid
   * snapshot, then validates and applies every later record. If the journal turns out corrupt this throws after
   * having applied a prefix, so the caller must discard the state it was building.
   */
  static openAndRecover(
    dir: string,
    handler: RecoveryHandler,
    options: JournalOptions = {},
  ): { journal: Journal; report: RecoveryReport } {
    mkdirSync(dir, { recursive: true });
    return underLock(dir, () => {
      const snapshotSeq = loadSnapshot(dir, handler);
      let replayed = 0;
      const { journal, lastSeq } = Journal.openLocked(dir, options, {
        afterSeq: snapshotSeq,
        apply: (seq, payload) => {
          handler.apply(seq, payload);
          replayed++;
        },
      });
      assert(lastSeq >= snapshotSeq, 'snapshot is newer than the journal');
      return { journal, report: { snapshotSeq, replayed, lastSeq } };
    });
  }

  private static openLocked(
    dir: string,
    options: JournalOptions,
    replay: { afterSeq: number; apply: (seq: number, payload: Buffer) => void } | null,
  ): { journal: Journal; lastSeq: number } {
    const segments = listSegments(dir);
    if (segments.length === 0) {
      closeSync(openSync(join(dir, journalFileName), 'a'));
      segments.push(1);
    }
    const afterSeq = replay?.afterSeq ?? Number.MAX_SAFE_INTEGER;
    const apply = replay?.apply ?? null;
    const first = segments[0] as number;
    if (replay !== null) checkNoGap(first, replay.afterSeq);
    const sealed: SealedSegment[] = [];
    let expected = first;
    for (const firstSeq of segments.slice(0, -1)) {
      if (firstSeq !== expected) {
        throw new Error(`journal_corrupt: ${segmentFileName(firstSeq)} starts at ${firstSeq}, expected ${expected}`);
      }
      const segment = scanSealed(dir, firstSeq, afterSeq, apply);
      sealed.push(segment);
      expected = segment.lastSeq + 1;
    }
    const activeFirst = segments[segments.length - 1] as number;
    const path = join(dir, segmentFileName(activeFirst));
    if (activeFirst !== expected)
      throw new Error(`journal_corrupt: ${path} starts at ${activeFirst}, expected ${expected}`);
    const fd = openSync(path, 'r+');
    const size = fstatSync(fd).size;
    let scan: ReturnType<typeof scanFrames>;
    try {
      scan = scanFrames(fd, size, activeFirst, afterSeq, apply);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
    if (scan.validBytes < size) {
      if (size - scan.validBytes > journalLimits.groupCommitBytesMax) {
        closeSync(fd);
        throw new Error(`journal_corrupt: ${scan.stopReason} at byte ${scan.validBytes} of ${size} in ${path}`);
      }
      ftruncateSync(fd, scan.validBytes);
      fsyncSync(fd);
    }
    removeSnapshotTemps(dir);
    fsyncDir(dir);
    const journal = new Journal(dir, fd, activeFirst, sealed, scan.validBytes, scan.lastSeq, options);
    return { journal, lastSeq: scan.lastSeq };
  }

  /** Sequence number of the last record appended (durable or not). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Sequence number of the last record known to be on disk. */
  get lastDurableSeq(): number {
    return this.durableSeq;
  }

  /**
   * Counters since open: fsync'ed writes and records written (records / flushes = group-commit factor); bytes and
   * segment files kept on disk now.
   */
  get stats(): { flushes: number; records: number; bytes: number; segments: number } {
    const sealedBytes = this.sealed.reduce((sum, g) => sum + g.bytes, 0);
    return {
      flushes: this.flushCount,
      records: this.recordCount,
      bytes: sealedBytes + this.fileBytes,
      segments: this.sealed.length + 1,
    };
  }

  /** Appends one record; resolves with its sequence number once it is durable. */
  append(record: Uint8Array | string): Promise<number> {
    return this.appendBatch([record]);
  }

  /** Appends records in order; resolves with the last one's sequence number once all are durable. */
  appendBatch(records: readonly (Uint8Array | string)[]): Promise<number> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.closed) return Promise.reject(new Error('journal_closed'));
    assert(
      records.length > 0 && records.length <= journalLimits.batchRecordsMax,
      'appendBatch needs 1..batchRecordsMax records',
    );
    for (const r of records) {
      const length = typeof r === 'string' ? Buffer.byteLength(r) : r.length;
      if (length === 0 || length > journalLimits.recordBytesMax) {
        return Promise.reject(new RangeError(`record_size_invalid: ${length} bytes`));
      }
    }
    for (const r of records) {
      const seq = this.nextSeq++;
      this.frames.push(encodeFrame(seq, r));
      this.frameSeqs.push(seq);
    }
    const lastSeq = this.nextSeq - 1;
    const done = new Promise<number>((resolve, reject) => this.waiters.push({ lastSeq, resolve, reject }));
    if (!this.flushing) {
      this.flushing = true;
      // setImmediate lets every append made in this turn of the event loop join the same write and fsync.
      setImmediate(() => void this.flushLoop());
    }
    return done;
  }

  /**
   * Writes a snapshot of the state after applying record `seq` (which must already be durable), then, once the
   * kept snapshots are all there, deletes the finished segments that the oldest of them already covers (recovery
   * falls back to it when the newest is damaged, so the records after it stay).
   */
  writeSnapshot(seq: number, bytes: Uint8Array): void {
    assert(seq <= this.durableSeq, 'snapshot of a state that includes records not yet durable');
    writeSnapshotFile(this.dir, seq, bytes);
    this.pruneCoveredSegments();
  }

  /** The directory holding segments and snapshots (a snapshot writer in another thread writes there). */
  get directory(): string {
    return this.dir;
  }

  /**
   * Deletes the finished segments that the oldest kept snapshot covers, once the kept snapshots are all there; call
   * after a snapshot was written (by `writeSnapshot`, or by another thread with `writeSnapshotFile`).
   */
  pruneCoveredSegments(): void {
    // Until two snapshots exist a corrupt one would have no fallback, so nothing is deleted before that.
    const kept = listSnapshots(this.dir);
    if (kept.length < journalLimits.snapshotsKept) return;
    const covered = Math.min(...kept);
    let removed = 0;
    while (this.sealed.length > 0 && (this.sealed[0] as SealedSegment).lastSeq <= covered) {
      const segment = this.sealed.shift() as SealedSegment;
      unlinkSync(join(this.dir, segmentFileName(segment.firstSeq)));
      removed++;
    }
    if (removed > 0) fsyncDir(this.dir);
  }

  /** Loads the newest valid snapshot and replays every record after it, in order. */
  recover(handler: RecoveryHandler): RecoveryReport {
    assert(this.frames.length === 0 && this.durableSeq === this.lastSeq, 'recover before appending');
    const snapshotSeq = loadSnapshot(this.dir, handler);
    checkNoGap(this.sealed.length > 0 ? (this.sealed[0] as SealedSegment).firstSeq : this.segmentFirstSeq, snapshotSeq);
    let replayed = 0;
    const apply = (seq: number, payload: Buffer) => {
      handler.apply(seq, payload);
      replayed++;
    };
    for (const segment of this.sealed) {
      if (segment.lastSeq <= snapshotSeq) continue;
      const again = scanSealed(this.dir, segment.firstSeq, snapshotSeq, apply);
      assert(again.bytes === segment.bytes, 'journal segment changed under recovery');
    }
    const scan = scanFrames(this.fd, this.fileBytes, this.segmentFirstSeq, snapshotSeq, apply);
    assert(scan.validBytes === this.fileBytes, 'journal changed under recovery');
    assert(scan.lastSeq >= snapshotSeq, 'snapshot is newer than the journal');
    return { snapshotSeq, replayed, lastSeq: this.lastSeq };
  }

  /** Resolves with the last record's seq once every append so far is durable; rejects if the journal failed. */
  async settled(): Promise<number> {
    if (this.failed) throw this.failed;
    if (this.lastSeq > this.durableSeq) await this.pendingFor(this.lastSeq);
    return this.durableSeq;
  }

  /** Waits for pending appends, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    // The new waiter has the highest seq, so the waiter list stays ordered by seq.
    // A failed journal never flushes again, so there is nothing to wait for.
    if (this.failed === null && this.lastSeq > this.durableSeq)
      await this.pendingFor(this.lastSeq).catch(() => undefined);
    this.closed = true;
    closeSync(this.fd);
    releaseLock(this.dir);
  }

  /** Resolves once `seq` is durable (used by close). */
  private pendingFor(seq: number): Promise<number> {
    return new Promise((resolve, reject) => this.waiters.push({ lastSeq: seq, resolve, reject }));
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.frames.length > 0) {
        const { buffer, count } = this.takeChunk();
        const lastSeq = this.frameSeqs[count - 1] as number;
        this.frameSeqs.splice(0, count);
        await writeAt(this.fd, buffer, this.fileBytes);
        this.fileBytes += buffer.length;
        if (this.options.sync !== 'none') await syncFd(this.fd, this.options.sync === 'full');
        this.durableSeq = lastSeq;
        this.flushCount++;
        this.recordCount += count;
        this.resolveUpTo(lastSeq);
        if (this.fileBytes >= (this.options.segmentBytes ?? journalLimits.segmentBytes)) this.rotate();
      }
    } catch (e) {
      this.failed = e instanceof Error ? e : new Error(String(e));
      for (const w of this.waiters.splice(0)) w.reject(this.failed);
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Seals the active segment (everything in it is durable) and continues in a new file that starts at the next
   * record. The directory is synced before any record is written there, so the new file cannot vanish in a crash.
   */
  private rotate(): void {
    const firstSeq = this.durableSeq + 1;
    const fd = openSync(join(this.dir, segmentFileName(firstSeq)), 'wx');
    try {
      fsyncDir(this.dir);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
    closeSync(this.fd);
    this.sealed.push({ firstSeq: this.segmentFirstSeq, lastSeq: this.durableSeq, bytes: this.fileBytes });
    this.fd = fd;
    this.segmentFirstSeq = firstSeq;
    this.fileBytes = 0;
  }

  /** Takes frames from the queue up to groupCommitBytesMax (at least one) as one buffer. */
  private takeChunk(): { buffer: Buffer; count: number } {
    let bytes = 0;
    let count = 0;
    while (count < this.frames.length) {
      const size = (this.frames[count] as Buffer).length;
      if (count > 0 && bytes + size > journalLimits.groupCommitBytesMax) break;
      bytes += size;
      count++;
    }
    const taken = this.frames.splice(0, count);
    return { buffer: count === 1 ? (taken[0] as Buffer) : Buffer.concat(taken, bytes), count };
  }

  private resolveUpTo(seq: number): void {
    let i = 0;
    while (i < this.waiters.length && (this.waiters[i] as Waiter).lastSeq <= seq) i++;
    for (const w of this.waiters.splice(0, i)) w.resolve(w.lastSeq);
  }
}

/** Records before the first segment were compacted away: only a snapshot at or after them can stand in. */
function checkNoGap(firstSeq: number, snapshotSeq: number): void {
  if (snapshotSeq < firstSeq - 1) {
    throw new Error(`journal_gap: records before ${firstSeq} are gone and the newest snapshot is at ${snapshotSeq}`);
  }
}

/**
 * Scans a finished segment, applying records after `afterSeq`. It was synced whole before the next one started, so
 * any bad byte in it is corruption, never a torn tail.
 */
function scanSealed(
  dir: string,
  firstSeq: number,
  afterSeq: number,
  apply: ((seq: number, payload: Buffer) => void) | null,
): SealedSegment {
  const path = join(dir, segmentFileName(firstSeq));
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const scan = scanFrames(fd, size, firstSeq, afterSeq, apply);
    if (scan.validBytes < size) {
      throw new Error(`journal_corrupt: ${scan.stopReason} at byte ${scan.validBytes} of ${size} in ${path}`);
    }
    return { firstSeq, lastSeq: scan.lastSeq, bytes: size };
  } finally {
    closeSync(fd);
  }
}

/** Restores the newest snapshot whose CRC verifies (older ones are the fallback); returns its seq, or 0 for none. */
function loadSnapshot(dir: string, handler: RecoveryHandler): number {
  for (const seq of listSnapshots(dir)) {
    const bytes = readSnapshotFile(dir, seq);
    if (bytes === null) continue;
    assert(handler.restore !== undefined, 'journal has snapshots: the handler must restore them');
    handler.restore(seq, bytes);
    return seq;
  }
  return 0;
}

function writeAt(fd: number, buf: Buffer, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = 0;
    const step = (): void => {
      write(fd, buf, done, buf.length - done, position + done, (e, n) => {
        if (e) return reject(e);
        done += n;
        if (done < buf.length) step();
        else resolve();
      });
    };
    step();
  });
}

function syncFd(fd: number, full: boolean): Promise<void> {
  return new Promise((resolve, reject) => (full ? fsync : fdatasync)(fd, (e) => (e ? reject(e) : resolve())));
}
