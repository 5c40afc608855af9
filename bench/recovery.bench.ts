// Exchange recovery benchmark: how long ExchangeService.open takes after 10,000,000 journaled order commands, and
// how fast the state machine replays commands when there is no snapshot to start from.
//
// The journal is written as the service leaves it: each command applied to an ExchangeState and appended as the JSON
// text the service journals, a snapshot of the state every `snapshotEveryCommands`, and the segments a snapshot
// covers pruned. Writing goes straight to the state and the journal (batched appends, no fsync) so that the setup of
// 10 M commands takes minutes, not hours; the bytes on disk are the same. Only the two newest snapshots are taken:
// the journal keeps two (a fallback if the newest is corrupt) and deletes the segments the older one covers, so the
// service would have left exactly these. Recovery is the service's own open, timed, and its stateHash must equal the
// writer's.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Prng, systemClock } from '../src/kernel/index.js';
import { Journal } from '../src/modules/exchange/journal/journal.js';
import { exchangeLimits } from '../src/modules/exchange/limits.js';
import { ExchangeService } from '../src/modules/exchange/service.js';
import { ExchangeState } from '../src/modules/exchange/state.js';
import { btcUsd, u } from '../src/modules/exchange/state-fixtures.js';
import type { ExchangeCommand } from '../src/modules/exchange/state-types.js';
import { emit, nowNs, round } from './report.js';

const bench = 'recovery';
const seed = 20_261_122;
const traders = 100;
/** Commands per journal append batch while writing. */
const batch = 10_000;

/** The seeded order flow: 75% limit orders (a fifth IOC) within 5.00 of 100.00, 25% cancels of a live order. */
class OrderFlow {
  private readonly prng = new Prng(seed);
  private i = 0;

  next(state: ExchangeState): ExchangeCommand {
    const i = this.i++;
    // Ten commands per simulated millisecond: 10,000 a second across 100 traders, under each one's rate limit.
    const at = 1_000 + Math.floor(i / 10);
    const userId = `t${this.prng.int(0, traders - 1)}`;
    if (this.prng.next() < 0.25) {
      const own = state.liveOrdersOf(userId);
      if (own.size > 0) {
        // The oldest live order: deterministic, and it keeps each trader's book from growing without end.
        const orderId = own.values().next().value as number;
        return { kind: 'cancel', at, userId, orderId };
      }
    }
    const side = this.prng.int(0, 1) === 0 ? 'buy' : 'sell';
    const price = (95 + this.prng.int(0, 1_000) / 100).toFixed(2);
    const quantity = (this.prng.int(1, 100) / 10_000).toFixed(4);
    return {
      kind: 'place',
      at,
      userId,
      clientOrderId: `r${i}`,
      symbol: 'BTC-USD',
      side,
      type: 'limit',
      timeInForce: this.prng.next() < 0.2 ? 'ioc' : 'gtc',
      quantity: u(quantity),
      price: u(price),
    };
  }
}

/** A state with BTC-USD listed and every trader funded far beyond what the flow can hold. */
function fundedExchange(): { state: ExchangeState; setup: ExchangeCommand[] } {
  const state = new ExchangeState();
  const setup: ExchangeCommand[] = [btcUsd()];
  for (let t = 0; t < traders; t++) {
    for (const [asset, amount] of [
      ['USD', '1000000000'],
      ['BTC', '10000000'],
    ] as const) {
      setup.push({ kind: 'deposit', at: 0, userId: `t${t}`, asset, amount: u(amount), idempotencyKey: `${asset}${t}` });
    }
  }
  for (const c of setup) {
    const r = state.apply(c).result;
    if (!r.ok) throw new Error(`setup command failed: ${r.code}`);
  }
  return { state, setup };
}

interface Written {
  seconds: number;
  stateHash: string;
  snapshotSeq: number;
  accepted: number;
  rejected: number;
  live: number;
}

/**
 * Journals the setup and `total` flow commands under `dataDir` as the service would; with `snapshotEvery`, takes the
 * two newest snapshots the service would have taken (at the last two multiples), which prunes what they cover.
 */
async function writeJournal(dataDir: string, total: number, snapshotEvery: number | null): Promise<Written> {
  const journal = Journal.open(join(dataDir, 'exchange', 'journal'), { sync: 'none' });
  const { state, setup } = fundedExchange();
  const flow = new OrderFlow();
  const started = nowNs();
  await journal.appendBatch(setup.map((c) => JSON.stringify(c)));
  const last = snapshotEvery === null ? 0 : Math.floor((setup.length + total) / snapshotEvery) * snapshotEvery;
  const snapshotsAt = snapshotEvery === null ? [] : [last - snapshotEvery, last].filter((seq) => seq > setup.length);
  let snapshotSeq = 0;
  let accepted = 0;
  let rejected = 0;
  for (let done = 0; done < total; ) {
    const texts: string[] = [];
    for (let k = 0; k < batch && done < total; k++, done++) {
      const c = flow.next(state);
      if (state.apply(c).result.ok) accepted++;
      else rejected++;
      texts.push(JSON.stringify(c));
      if (snapshotsAt.includes(setup.length + done + 1)) {
        const seq = await journal.appendBatch(texts.splice(0));
        journal.writeSnapshot(seq, Buffer.from(JSON.stringify(state.snapshot())));
        snapshotSeq = seq;
      }
    }
    if (texts.length > 0) await journal.appendBatch(texts);
  }
  journal.pruneCoveredSegments();
  await journal.close();
  const seconds = (nowNs() - started) / 1e9;
  return { seconds, stateHash: state.stateHash(), snapshotSeq, accepted, rejected, live: state.live.size };
}

/** Opens the service on `dataDir` (the recovery is what is timed) and checks it reached the writer's state. */
async function recover(dataDir: string, expected: Written): Promise<ExchangeService['recovery']> {
  const service = ExchangeService.open({
    dataDir,
    clock: systemClock,
    scheduler: () => () => {},
    sync: 'none',
    snapshots: 'inline',
  });
  const { recovery } = service;
  const hash = service.current.stateHash();
  await service.close();
  if (hash !== expected.stateHash) throw new Error('recovered stateHash differs from the state that was journaled');
  return recovery;
}

function bytesUnder(dir: string): number {
  let sum = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) sum += statSync(join(entry.parentPath, entry.name)).size;
  }
  return sum;
}

/** N_RECOVERY overrides the 10 M commands (e.g. for a quick run); N_REPLAY the full-replay size (200,000). */
export async function run(): Promise<void> {
  const total = Number(process.env.N_RECOVERY ?? 10_000_000);
  const replayTotal = Number(process.env.N_REPLAY ?? 200_000);
  const every = exchangeLimits.snapshotEveryCommands;
  const root = mkdtempSync(join(tmpdir(), 'nexus-recovery-bench-'));
  try {
    // The worst case first: no snapshot, every command replayed through the state machine.
    const fullDir = join(root, 'full');
    const full = await writeJournal(fullDir, replayTotal, null);
    const replay = await recover(fullDir, full);
    const replayRate = replay.replayed / replay.seconds;
    console.log(
      `  full replay, no snapshot: ${replay.replayed} commands in ${round(replay.seconds)} s (${round(replayRate)} commands/s), stateHash equal`,
    );
    emit({ bench, figure: 'replay_commands_per_s', value: round(replayRate), unit: 'commands/s' });
    rmSync(fullDir, { recursive: true, force: true });

    const dir = join(root, 'long');
    const written = await writeJournal(dir, total, every);
    console.log(
      `  journaled ${total} commands (${written.accepted} accepted, ${written.rejected} refused, ${written.live} orders live at the end) in ${round(written.seconds)} s; newest snapshot at ${written.snapshotSeq}; ${round(bytesUnder(dir) / 1_048_576)} MiB on disk after pruning`,
    );
    const rec = await recover(dir, written);
    console.log(
      `  recovery: snapshot at ${rec.snapshotSeq} restored and ${rec.replayed} commands replayed in ${round(rec.seconds)} s, stateHash equal`,
    );
    const suffix = total === 10_000_000 ? '10m' : String(total);
    emit({ bench, figure: `exchange_recovery_seconds_${suffix}`, value: round(rec.seconds), unit: 's' });
    emit({ bench, figure: `exchange_recovery_replayed_${suffix}`, value: rec.replayed, unit: 'commands' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
