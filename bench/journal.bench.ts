// Journal benchmark: group-commit throughput with fsync on, and recovery time of 10 million journaled commands.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal, journalFileName } from '../src/modules/exchange/journal/journal.js';
import { emit, nowNs, round } from './report.js';

const bench = 'journal';
const accounts = 1_000;

/** A small binary command (24 bytes): credit `amount` to `account`, as a toy state machine applies it. */
function command(i: number): Buffer {
  const b = Buffer.allocUnsafe(24);
  b.writeUInt32LE(i % accounts, 0);
  b.writeUInt32LE((i * 2_654_435_761) >>> 12, 4); // deterministic pseudo-random amount
  b.writeDoubleLE(i, 8);
  b.writeDoubleLE(0, 16);
  return b;
}

/** Applies commands to balances; the checksum proves replay reproduced the state. */
class ToyBalances {
  readonly balances = new Float64Array(accounts);
  apply(payload: Buffer): void {
    const a = payload.readUInt32LE(0);
    this.balances[a] = (this.balances[a] as number) + payload.readUInt32LE(4);
  }
  checksum(): number {
    let s = 0;
    for (let i = 0; i < accounts; i++) s = (s * 31 + (this.balances[i] as number)) % 1_000_000_007;
    return s;
  }
}

/** `clients` concurrent clients each append `perClient` commands one after the other (await each ack). */
async function throughput(
  dir: string,
  clients: number,
  perClient: number,
): Promise<{ rate: number; perFlush: number }> {
  const journal = Journal.open(dir);
  const start = nowNs();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let k = 0; k < perClient; k++) await journal.append(command(c * perClient + k));
    }),
  );
  const seconds = (nowNs() - start) / 1e9;
  const { flushes, records } = journal.stats;
  await journal.close();
  return { rate: (clients * perClient) / seconds, perFlush: records / flushes };
}

async function writeMany(dir: string, total: number, batch: number): Promise<{ seconds: number; checksum: number }> {
  const journal = Journal.open(dir);
  const state = new ToyBalances();
  const start = nowNs();
  for (let i = 0; i < total; ) {
    const records: Buffer[] = [];
    for (let k = 0; k < batch && i < total; k++, i++) {
      const c = command(i);
      records.push(c);
      state.apply(c);
    }
    await journal.appendBatch(records);
  }
  const seconds = (nowNs() - start) / 1e9;
  await journal.close();
  return { seconds, checksum: state.checksum() };
}

function recover(dir: string): { seconds: number; replayed: number; checksum: number } {
  const start = nowNs();
  const state = new ToyBalances();
  // One pass: validate, truncate any torn tail and apply (no snapshot: the worst case, a full replay).
  const { journal, report } = Journal.openAndRecover(dir, { apply: (_seq, payload) => state.apply(payload) });
  const seconds = (nowNs() - start) / 1e9;
  void journal.close();
  return { seconds, replayed: report.replayed, checksum: state.checksum() };
}

/** Runs the journal benchmarks; N_RECOVERY overrides the 10 M recovery size (e.g. for a quick run). */
export async function run(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'nexus-journal-bench-'));
  try {
    const single = await throughput(join(root, 'single'), 1, 2_000);
    console.log(`  1 client, fsync per command:      ${round(single.rate)} commands/s`);
    emit({ bench, figure: 'journal_sequential_commands_per_s', value: round(single.rate), unit: 'commands/s' });
    const group = await throughput(join(root, 'group'), 256, 400);
    console.log(
      `  256 clients, group commit:         ${round(group.rate)} commands/s, ${round(group.perFlush)} commands per fsync`,
    );
    emit({ bench, figure: 'journal_commands_per_s', value: round(group.rate), unit: 'commands/s' });
    emit({ bench, figure: 'journal_commands_per_fsync', value: round(group.perFlush), unit: 'commands' });

    const total = Number(process.env.N_RECOVERY ?? 10_000_000);
    const dir = join(root, 'recovery');
    // Written with appendBatch of 100k commands (8 MiB group-commit writes, one fsync each) to keep setup short.
    const written = await writeMany(dir, total, 100_000);
    const bytes = statSync(join(dir, journalFileName)).size;
    console.log(`  wrote ${total} commands (${round(bytes / 1_048_576)} MiB) in ${round(written.seconds)} s`);
    const rec = recover(dir);
    if (rec.replayed !== total || rec.checksum !== written.checksum) {
      throw new Error(
        `recovery mismatch: replayed ${rec.replayed}/${total}, checksum ${rec.checksum} vs ${written.checksum}`,
      );
    }
    console.log(
      `  recovered ${rec.replayed} commands in ${round(rec.seconds)} s (${round(rec.replayed / rec.seconds)} /s), state checksum equal`,
    );
    // A toy state machine: the journal's own scan speed. The exchange's recovery is the recovery bench's figure.
    const figure = total === 10_000_000 ? 'journal_scan_seconds_10m' : `journal_scan_seconds_${total}`;
    emit({ bench, figure, value: round(rec.seconds), unit: 's' });
    emit({
      bench,
      figure: total === 10_000_000 ? 'journal_bytes_10m' : `journal_bytes_${total}`,
      value: bytes,
      unit: 'bytes',
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
