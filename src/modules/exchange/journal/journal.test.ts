// Tests of the journal: durability order, group commit, torn tails, corruption, snapshots and deterministic replay.
import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Prng, seedFromEnv } from '../../../kernel/index.js';
import { crc32, crc32Software, encodeFrame } from './frame.js';
import { Journal, type JournalOptions, journalFileName } from './journal.js';
import { listSnapshots } from './snapshot.js';
import { type ToyCommand, ToyOrders } from './toy-orders.js';

const seed = seedFromEnv();
const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'nexus-journal-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function recoverToy(
  dir: string,
  options: JournalOptions = {},
): { journal: Journal; state: ToyOrders; report: ReturnType<Journal['recover']> } {
  const journal = Journal.open(dir, options);
  const state = new ToyOrders();
  const report = journal.recover({ restore: (_s, b) => state.restore(b), apply: (s, p) => state.apply(s, p) });
  return { journal, state, report };
}

function randomCommands(prng: Prng, n: number): ToyCommand[] {
  const out: ToyCommand[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && prng.chance(0.2)) out.push({ op: 'cancel', id: `o${prng.int(0, i - 1)}` });
    else out.push({ op: 'new', id: `o${i}`, qty: prng.int(1, 1000) });
  }
  return out;
}

/**
 * Appends commands in concurrent groups of 50 (one group commit each, keeping the suite fast on slow disks) and
 * applies each in sequence order once durable; `after` runs after each apply.
 */
async function appendInGroups(
  journal: Journal,
  state: ToyOrders,
  cmds: ToyCommand[],
  after: (seq: number) => void,
): Promise<void> {
  for (let i = 0; i < cmds.length; i += 50) {
    const texts = cmds.slice(i, i + 50).map((c) => JSON.stringify(c));
    const seqs = await Promise.all(texts.map((t) => journal.append(t)));
    for (const [k, seq] of seqs.entries()) {
      state.apply(seq, texts[k] as string);
      after(seq);
    }
  }
}

describe('Journal', () => {
  it('computes the same CRC-32 in software and natively', () => {
    const data = Buffer.from('The quick brown fox jumps over the lazy dog');
    expect(crc32Software(data)).toBe(0x414fa339);
    expect(crc32(data)).toBe(0x414fa339);
  });

  it('assigns monotonic sequence numbers and shares fsyncs between concurrent appends', async () => {
    const dir = tempDir();
    const j = Journal.open(dir);
    const seqs = await Promise.all(Array.from({ length: 500 }, (_, i) => j.append(`r${i}`)));
    expect(seqs).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(await j.appendBatch(['a', 'b', 'c'])).toBe(503);
    expect(j.lastDurableSeq).toBe(503);
    await expect(j.append('')).rejects.toThrow(/record_size_invalid/);
    await j.close();
    // 503 records of 16-byte headers plus payloads: the file holds exactly them.
    const payload = Array.from({ length: 500 }, (_, i) => `r${i}`.length).reduce((a, b) => a + b, 0) + 3;
    expect(statSync(join(dir, journalFileName)).size).toBe(503 * 16 + payload);
  });

  it('close waits for appends in flight, and later appends are refused', async () => {
    const dir = tempDir();
    const j = Journal.open(dir);
    const pending = [j.append('a'), j.appendBatch(['b', 'c'])];
    await j.close();
    expect(await Promise.all(pending)).toEqual([1, 3]);
    await expect(j.append('d')).rejects.toThrow(/journal_closed/);
    const again = Journal.open(dir);
    expect(again.lastSeq).toBe(3);
    await again.close();
  });

  it('replays deterministically: the recovered stateHash equals the original', async () => {
    const dir = tempDir();
    const prng = new Prng(seed);
    const { journal, state } = recoverToy(dir);
    await appendInGroups(journal, state, randomCommands(prng, 2_000), () => undefined);
    const hash = state.stateHash();
    await journal.close();
    const again = recoverToy(dir);
    expect(again.state.stateHash(), `SEED=${seed}`).toBe(hash);
    expect(again.report).toEqual({ snapshotSeq: 0, replayed: 2_000, lastSeq: 2_000 });
    await again.journal.close();
    // The one-pass path gives the same state and report.
    const onePass = new ToyOrders();
    const r = Journal.openAndRecover(dir, {
      restore: (_s, b) => onePass.restore(b),
      apply: (q, p) => onePass.apply(q, p),
    });
    expect(onePass.stateHash()).toBe(hash);
    expect(r.report).toEqual(again.report);
    expect(await r.journal.append('{"op":"cancel","id":"o1"}')).toBe(2_001);
    await r.journal.close();
  });

  it('recovers from the newest snapshot plus the records after it, falling back past a corrupt snapshot', async () => {
    const dir = tempDir();
    const prng = new Prng(seed ^ 0x5eed);
    const { journal, state } = recoverToy(dir);
    await appendInGroups(journal, state, randomCommands(prng, 900), (seq) => {
      if (seq % 300 === 0) journal.writeSnapshot(state.lastSeq, state.snapshot());
    });
    const hash = state.stateHash();
    await journal.close();
    expect(listSnapshots(dir)).toEqual([900, 600]);
    writeFileSync(join(dir, 'snapshot-0000000000001000.snap.tmp'), 'torn'); // a crash mid-snapshot leaves this
    let r = recoverToy(dir);
    expect(r.report).toMatchObject({ snapshotSeq: 900, replayed: 0 });
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(false);
    expect(r.state.stateHash()).toBe(hash);
    await r.journal.close();
    // Corrupt the newest snapshot: recovery uses the older one and replays 300 records.
    const newest = join(dir, 'snapshot-0000000000000900.snap');
    const bytes = readFileSync(newest);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0xff;
    writeFileSync(newest, bytes);
    r = recoverToy(dir);
    expect(r.report).toMatchObject({ snapshotSeq: 600, replayed: 300 });
    expect(r.state.stateHash(), `SEED=${seed}`).toBe(hash);
    await r.journal.close();
  });

  it('truncates a torn tail at any byte and keeps appending after it', async () => {
    const dir = tempDir();
    const j = Journal.open(dir);
    for (let i = 0; i < 20; i++) await j.append(JSON.stringify({ op: 'new', id: `o${i}`, qty: i + 1 }));
    await j.close();
    const path = join(dir, journalFileName);
    const full = statSync(path).size;
    const prng = new Prng(seed);
    for (let round = 0; round < 20; round++) {
      const cut = prng.int(full - 200, full - 1);
      const copy = tempDir();
      writeFileSync(join(copy, journalFileName), readFileSync(path).subarray(0, cut));
      const r = recoverToy(copy);
      expect(r.report.lastSeq, `SEED=${seed} cut=${cut}`).toBeLessThan(20);
      expect(await r.journal.append(JSON.stringify({ op: 'new', id: 'after', qty: 1 }))).toBe(r.report.lastSeq + 1);
      await r.journal.close();
      const again = recoverToy(copy);
      expect(again.state.orders.has('after')).toBe(true);
      await again.journal.close();
    }
    // Garbage (a zero-filled block, as a filesystem may leave) after the last record is also a torn tail.
    appendFileSync(path, Buffer.alloc(4096));
    const r = recoverToy(dir);
    expect(r.report.lastSeq).toBe(20);
    await r.journal.close();
    expect(statSync(path).size).toBe(full);
  });

  it('refuses to open a journal corrupted far before its end', async () => {
    const dir = tempDir();
    const path = join(dir, journalFileName);
    const frames: Buffer[] = [];
    for (let seq = 1; seq <= 700; seq++) frames.push(encodeFrame(seq, Buffer.alloc(16_000, seq % 251)));
    writeFileSync(path, Buffer.concat(frames));
    const bytes = readFileSync(path);
    bytes[100] = (bytes[100] as number) ^ 0xff; // inside record 1, more than groupCommitBytesMax from the end
    writeFileSync(path, bytes);
    expect(() => Journal.open(dir)).toThrow(/journal_corrupt/);
    truncateSync(path, 0);
    const j = Journal.open(dir);
    expect(j.lastSeq).toBe(0);
    await j.close();
  });

  it('rotates into segment files, replays across them, and deletes only what both kept snapshots cover', async () => {
    const dir = tempDir();
    const options = { segmentBytes: 4096 };
    const prng = new Prng(seed ^ 0x5e6);
    const wals = () =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.wal'))
        .sort();
    let r = recoverToy(dir, options);
    await appendInGroups(r.journal, r.state, randomCommands(prng, 1_500), () => undefined);
    expect(r.journal.stats.segments).toBeGreaterThan(5);
    expect(wals()).toHaveLength(r.journal.stats.segments);
    const firstHash = r.state.stateHash();
    await r.journal.close();
    r = recoverToy(dir, options);
    expect(r.report).toEqual({ snapshotSeq: 0, replayed: 1_500, lastSeq: 1_500 });
    expect(r.state.stateHash(), `SEED=${seed}`).toBe(firstHash);

    // One snapshot deletes nothing (it would have no fallback); the second deletes what the first covers.
    const { journal, state } = r;
    await appendInGroups(journal, state, randomCommands(prng, 500), (seq) => {
      if (seq === 1_600 || seq === 1_900) {
        const before = wals().length;
        journal.writeSnapshot(seq, state.snapshot());
        if (seq === 1_600) expect(wals()).toHaveLength(before);
        else expect(wals().length).toBeLessThan(before);
      }
    });
    const hash = state.stateHash();
    await journal.close();
    expect(wals()).not.toContain(journalFileName);
    const oldest = Number((wals()[0] as string).slice('journal-'.length, -'.wal'.length));
    expect(oldest).toBeLessThanOrEqual(1_601);

    r = recoverToy(dir, options);
    expect(r.report).toMatchObject({ snapshotSeq: 1_900, replayed: 100, lastSeq: 2_000 });
    expect(r.state.stateHash(), `SEED=${seed}`).toBe(hash);
    await r.journal.close();
    // A damaged newest snapshot falls back to the older one, whose later records are still there.
    const newest = join(dir, 'snapshot-0000000000001900.snap');
    const bytes = readFileSync(newest);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0xff;
    writeFileSync(newest, bytes);
    r = recoverToy(dir, options);
    expect(r.report).toMatchObject({ snapshotSeq: 1_600, replayed: 400, lastSeq: 2_000 });
    expect(r.state.stateHash(), `SEED=${seed}`).toBe(hash);
    await r.journal.close();
    // Without any snapshot the compacted records cannot be rebuilt: recovery says so instead of starting half empty.
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.snap'))) rmSync(join(dir, f));
    expect(() => recoverToy(dir, options)).toThrow(/journal_gap/);
    expect(() => Journal.openAndRecover(dir, { restore: () => undefined, apply: () => undefined }, options)).toThrow(
      /journal_gap/,
    );
  });

  it('truncates a torn tail in the newest segment after a rotation', async () => {
    const dir = tempDir();
    const options = { segmentBytes: 2048 };
    const j = Journal.open(dir, options);
    for (let i = 0; i < 200; i++) await j.append(JSON.stringify({ op: 'new', id: `o${i}`, qty: i + 1 }));
    await j.close();
    // In record order (journal.wal holds records from 1 but sorts after the numbered names).
    const segments = () => [
      journalFileName,
      ...readdirSync(dir)
        .filter((f) => /^journal-\d+\.wal$/.test(f))
        .sort(),
    ];
    const last = segments().pop() as string;
    const path = join(dir, last);
    truncateSync(path, statSync(path).size - 3);
    const r = recoverToy(dir, options);
    expect(r.report.lastSeq).toBe(199);
    expect(await r.journal.append(JSON.stringify({ op: 'new', id: 'after', qty: 1 }))).toBe(200);
    await r.journal.close();
    // A sealed segment is never a torn tail: damage there is corruption.
    const sealed = segments()[1] as string;
    const bytes = readFileSync(join(dir, sealed));
    bytes[20] = (bytes[20] as number) ^ 0xff;
    writeFileSync(join(dir, sealed), bytes);
    expect(() => Journal.open(dir, options)).toThrow(/journal_corrupt/);
  });
});
