// Matching-engine benchmark: our FastBook and the npm package nodejs-order-book on the same seeded workload.
//
// Workload (pre-generated into typed arrays, so generation is not timed): after a warm-up, 1,000,000 operations on a
// book held near `restingTarget` orders on about 100 price levels: 70% GTC limits (they rest while the book is
// below target and cross the spread once it is full), 10% market orders, 20% cancels of random resting orders.
// The default variant holds ~1,000 orders (~10 per level), the deep one ~20,000 (~160 per level), and deep-1k
// ~1,000 orders placed within 2 ticks of the opposite best price (~200 per level on ~5 levels). The run prints each
// workload's measured shape.
//
// Method: each book gets its commands in its own API's form, built before the timed chunk (input building is not a
// book's work); two books at a time replay the stream in lock-step chunks, so a ratio taken within a round compares
// books that met the same machine. The pairs: ours and the peer on the default book (the ratio to the peer), ours on
// the default and the deep book (deep/default; likewise deep-1k), ours and the peer on the deep book. Figures: best and median round
// for ops/s, median of per-round ratios, median of three sampled runs for latency.
import v8 from 'node:v8';
import vm from 'node:vm';
import { OrderBook as PeerBook, Side as PeerSide } from 'nodejs-order-book';
import { Prng } from '../src/kernel/index.js';
import { EventTape, tapeKinds, tapeStride } from '../src/modules/exchange/core/event-sinks.js';
import { FastBook } from '../src/modules/exchange/core/fast-book.js';
import type { CancelCommand, PlaceCommand } from '../src/modules/exchange/core/types.js';
import { cacheCurve, quickReading } from './host-probe.js';
import { emit, nowNs, percentile, round } from './report.js';

const warmupOps = 200_000;
const measuredOps = 1_000_000;
/** How far from the opposite best price a resting limit may be placed, in ticks (so about the levels per side). */
const levelsPerSide = 50;
const startMid = 100_000;
const seed = 20_261_121;
/** Throughput rounds; in each, every book replays the measured stream in lock-step chunks (see lockStepRound). */
const rounds = 7;
/** Operations per timed chunk of a round. */
const chunkOps = 25_000;
/** The peer is much slower on the deep book, so there it replays a shorter measured prefix. */
const peerDeepMeasuredOps = 50_000;
/** Sampled runs per case for the latency percentiles (their median is reported). */
const latencyRuns = 3;
/** Every Nth measured operation is timed on its own for the latency distribution. */
const latencyStride = 8;

const LIMIT = 0;
const MARKET = 1;
const CANCEL = 2;

/** A pre-generated operation stream. */
interface Workload {
  name: string;
  kind: Uint8Array;
  /** 0 buy, 1 sell. */
  side: Uint8Array;
  // Int32 arrays: every value is a small integer, so commands built from them carry small integers (V8 Smis), as
  // commands parsed from JSON do.
  price: Int32Array;
  qty: Int32Array;
  /** New order id for limits and markets; the target for cancels. */
  id: Int32Array;
  /** The same ids as strings, for the peer. */
  idText: string[];
  /** The book's shape during the measured part, sampled every `shapeEvery` operations while generating. */
  shape: { orders: number; levels: number; ordersPerLevel: number; fullestLevel: number };
}

/** Operations between two samples of a workload's shape. */
const shapeEvery = 10_000;

/** Tracks which orders rest, so cancels can target a random resting order. */
class LiveSet {
  private readonly ids: number[] = [];
  private readonly index = new Map<number, number>();
  get size(): number {
    return this.ids.length;
  }
  add(id: number): void {
    if (this.index.has(id)) return;
    this.index.set(id, this.ids.length);
    this.ids.push(id);
  }
  remove(id: number): void {
    const i = this.index.get(id);
    if (i === undefined) return;
    const last = this.ids.pop() as number;
    if (last !== id) {
      this.ids[i] = last;
      this.index.set(last, i);
    }
    this.index.delete(id);
  }
  pick(prng: Prng): number {
    return this.ids[prng.int(0, this.ids.length - 1)] as number;
  }
}

/** Generates the stream by running it through a FastBook, so cancels always name an order that is resting. */
export function generate(name: string, restingTarget: number, spread = levelsPerSide): Workload {
  const n = warmupOps + measuredOps;
  const w: Workload = {
    name,
    kind: new Uint8Array(n),
    side: new Uint8Array(n),
    price: new Int32Array(n),
    qty: new Int32Array(n),
    id: new Int32Array(n),
    idText: new Array<string>(n),
    shape: { orders: 0, levels: 0, ordersPerLevel: 0, fullestLevel: 0 },
  };
  let samples = 0;
  const prng = new Prng(seed);
  const oracle = new FastBook();
  const live = new LiveSet();
  const tape = new EventTape();
  const cancel: CancelCommand = { orderId: 0, accountId: 1, timestamp: 0 };
  let nextId = 1;
  for (let i = 0; i < n; i++) {
    const roll = prng.next();
    tape.clear();
    if (roll < 0.2 && live.size > 0) {
      const target = live.pick(prng);
      w.kind[i] = CANCEL;
      w.id[i] = target;
      cancel.orderId = target;
      cancel.accountId = target;
      oracle.cancel(cancel, tape);
      live.remove(target);
    } else {
      shapeOrder(w, i, roll < 0.3 ? MARKET : LIMIT, oracle, live.size >= restingTarget, spread, prng);
      w.id[i] = nextId++;
      const place = placeCommandAt(w, i);
      oracle.place(place, tape);
      if (oracle.openQtyLots(place.orderId) > 0) live.add(place.orderId);
      forgetFilledMakers(tape, oracle, live);
    }
    w.idText[i] = String(w.id[i]);
    if (i >= warmupOps && (i - warmupOps) % shapeEvery === 0) {
      sampleShape(w, oracle);
      samples++;
    }
  }
  w.shape.ordersPerLevel = w.shape.orders / w.shape.levels;
  w.shape.orders /= samples;
  w.shape.levels /= samples;
  return w;
}

/** Adds the oracle's resting orders and levels to the workload's shape sums and tracks its fullest level. */
function sampleShape(w: Workload, book: FastBook): void {
  const { bids, asks } = book.depth(Number.MAX_SAFE_INTEGER);
  w.shape.orders += book.restingOrderCount();
  w.shape.levels += bids.length + asks.length;
  for (const level of [...bids, ...asks]) w.shape.fullestLevel = Math.max(w.shape.fullestLevel, level.orderCount);
}

function shapeOrder(
  w: Workload,
  i: number,
  kind: number,
  book: FastBook,
  full: boolean,
  spread: number,
  prng: Prng,
): void {
  const side = prng.int(0, 1);
  w.kind[i] = kind;
  w.side[i] = side;
  w.qty[i] = prng.int(1, 100);
  if (kind === MARKET) return;
  const bid = book.bestBid() ?? startMid - 1;
  const ask = book.bestAsk() ?? startMid + 1;
  if (full) {
    // A full book: the limit crosses, taking the best opposite level (any remainder rests).
    w.price[i] = side === 0 ? ask : bid;
  } else {
    w.price[i] = side === 0 ? ask - prng.int(1, spread) : bid + prng.int(1, spread);
  }
}

function forgetFilledMakers(tape: EventTape, book: FastBook, live: LiveSet): void {
  for (let r = 0; r < tape.length; r++) {
    if (tape.data[r * tapeStride] !== tapeKinds.trade) continue;
    const maker = tape.data[r * tapeStride + 1] as number;
    if (book.openQtyLots(maker) === 0) live.remove(maker);
  }
}

/** Operation i as our place command. Each order has its own account (account = order id), so self-trade
 * prevention never fires, as in the peer. */
function placeCommandAt(w: Workload, i: number): PlaceCommand {
  const id = w.id[i] as number;
  const market = w.kind[i] === MARKET;
  return {
    orderId: id,
    clientOrderId: '',
    accountId: id,
    side: w.side[i] === 0 ? 'buy' : 'sell',
    type: market ? 'market' : 'limit',
    timeInForce: market ? 'ioc' : 'gtc',
    priceTicks: market ? 0 : (w.price[i] as number),
    stopPriceTicks: 0,
    qtyLots: w.qty[i] as number,
    postOnly: false,
    displayQtyLots: 0,
    stp: 'cancel_newest',
    timestamp: i,
  };
}

/**
 * A book with its command input. `prepare` builds the commands for operations from..to of a workload in the form
 * the book's API takes (not timed: building input is not the book's work, for either book); `replay` feeds them
 * to the book (timed); `sample` does the same, timing every `stride`th operation on its own.
 */
interface Runner {
  label: string;
  reset(): void;
  prepare(w: Workload, from: number, to: number): void;
  replay(): void;
  sample(stride: number, out: number[]): void;
}

/** Prepares and replays operations from..to, in pieces so the prepared input stays small. */
export function runUntimed(r: Runner, w: Workload, from: number, to: number): void {
  for (let start = from; start < to; start += chunkOps) {
    r.prepare(w, start, Math.min(start + chunkOps, to));
    r.replay();
  }
}

/** The part of our book's API the runner drives, so the harness can also drive a book that does nothing. */
interface PlaceCancelBook {
  place(cmd: PlaceCommand, sink: EventTape): unknown;
  cancel(cmd: CancelCommand, sink: EventTape): unknown;
}

/**
 * Does no matching: reads the command's id and returns. Replayed like our book, it measures what the harness itself
 * costs per operation (reading a prepared command, the call, clearing the tape), which every figure of ours includes.
 */
class NullBook implements PlaceCancelBook {
  seen = 0;
  place(cmd: PlaceCommand): unknown {
    this.seen = cmd.orderId;
    return null;
  }
  cancel(cmd: CancelCommand): unknown {
    this.seen = cmd.orderId;
    return null;
  }
}

export function oursRunner(label = 'nexus FastBook', makeBook: () => PlaceCancelBook = () => new FastBook()): Runner {
  let book = makeBook();
  const tape = new EventTape();
  let places: PlaceCommand[] = [];
  let cancels: CancelCommand[] = [];
  let isCancel = new Uint8Array(0);
  const noCancel: CancelCommand = { orderId: 0, accountId: 0, timestamp: 0 };
  // Replayed input is dropped at once, so a collection during another book's chunk finds none of it alive.
  const release = (): void => {
    places = [];
    cancels = [];
    isCancel = new Uint8Array(0);
  };
  return {
    label,
    reset: () => {
      book = makeBook();
    },
    prepare: (w, from, to) => {
      const n = to - from;
      places = new Array<PlaceCommand>(n);
      cancels = new Array<CancelCommand>(n);
      isCancel = new Uint8Array(n);
      const noPlace = placeCommandAt(w, from);
      for (let k = 0; k < n; k++) {
        const i = from + k;
        if (w.kind[i] === CANCEL) {
          const id = w.id[i] as number;
          isCancel[k] = 1;
          cancels[k] = { orderId: id, accountId: id, timestamp: i };
          places[k] = noPlace;
        } else {
          places[k] = placeCommandAt(w, i);
          cancels[k] = noCancel;
        }
      }
    },
    replay: () => {
      // Locals, not the closure's variables: the loop is the harness's whole cost per operation (see NullBook).
      const b = book;
      const t = tape;
      const p = places;
      const c = cancels;
      const kinds = isCancel;
      for (let k = 0; k < kinds.length; k++) {
        t.clear();
        if (kinds[k] === 1) b.cancel(c[k] as CancelCommand, t);
        else b.place(p[k] as PlaceCommand, t);
      }
      release();
    },
    sample: (stride, out) => {
      const b = book;
      sampleLoop(
        (k) => {
          tape.clear();
          if (isCancel[k] === 1) b.cancel(cancels[k] as CancelCommand, tape);
          else b.place(places[k] as PlaceCommand, tape);
        },
        isCancel.length,
        stride,
        out,
      );
      release();
    },
  };
}

type PeerInput =
  | { id: string; side: PeerSide; size: number; price: number }
  | { side: PeerSide; size: number }
  | string;

function peerRunner(): Runner {
  let book = new PeerBook();
  let kinds = new Uint8Array(0);
  let inputs: PeerInput[] = [];
  const release = (): void => {
    kinds = new Uint8Array(0);
    inputs = [];
  };
  const one = (k: number): void => {
    const kind = kinds[k];
    const input = inputs[k];
    if (kind === CANCEL) book.cancel(input as string);
    else if (kind === MARKET) book.market(input as { side: PeerSide; size: number });
    else book.limit(input as { id: string; side: PeerSide; size: number; price: number });
  };
  return {
    label: 'nodejs-order-book',
    reset: () => {
      book = new PeerBook();
    },
    prepare: (w, from, to) => {
      kinds = w.kind.slice(from, to);
      inputs = new Array<PeerInput>(to - from);
      for (let i = from; i < to; i++) {
        const kind = w.kind[i];
        const side = w.side[i] === 0 ? PeerSide.BUY : PeerSide.SELL;
        if (kind === CANCEL) inputs[i - from] = w.idText[i] as string;
        else if (kind === MARKET) inputs[i - from] = { side, size: w.qty[i] as number };
        else
          inputs[i - from] = { id: w.idText[i] as string, side, size: w.qty[i] as number, price: w.price[i] as number };
      }
    },
    replay: () => {
      const b = book;
      const ks = kinds;
      const ins = inputs;
      for (let k = 0; k < ks.length; k++) {
        const kind = ks[k];
        const input = ins[k];
        if (kind === CANCEL) b.cancel(input as string);
        else if (kind === MARKET) b.market(input as { side: PeerSide; size: number });
        else b.limit(input as { id: string; side: PeerSide; size: number; price: number });
      }
      release();
    },
    sample: (stride, out) => {
      sampleLoop(one, kinds.length, stride, out);
      release();
    },
  };
}

function sampleLoop(one: (k: number) => void, n: number, stride: number, out: number[]): void {
  for (let k = 0; k < n; k++) {
    if (k % stride !== 0) {
      one(k);
      continue;
    }
    const t0 = process.hrtime.bigint();
    one(k);
    out.push(Number(process.hrtime.bigint() - t0));
  }
}

interface Measured {
  /** Best wall-clock ops/s over the rounds. */
  opsPerS: number;
  /** Median wall-clock ops/s over the rounds. */
  medianOpsPerS: number;
  /** Operations per second of CPU time used by this process (best round). */
  opsPerCpuS: number;
  p50Us: number;
  p99Us: number;
  p999Us: number;
}

/** One book on one workload: how many operations a round replays. Each case has a runner (a book) of its own. */
interface Case {
  runner: Runner;
  w: Workload;
  opsCount: number;
}

/** A full collection before every round, so no book pays for garbage another one left (V8's gc, enabled here). */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/**
 * One throughput round: every case gets a fresh book and the warm-up, then the measured stream is replayed in
 * chunks of `chunkOps`, the cases taking turns chunk by chunk (who goes first rotates). This VM's speed changes
 * within seconds (other tenants share the host), and running one book for a second and then the other gave them
 * different machines: in lock-step every book meets the same slow and fast periods, so the ratio of two books
 * in one round compares like with like. A case with fewer operations (the peer on the deep book) stops early.
 * Returns [wall ops/s, CPU ops/s] per case.
 */
function lockStepRound(cases: Case[], r: number): [number, number][] {
  for (const c of cases) {
    c.runner.reset();
    runUntimed(c.runner, c.w, 0, warmupOps);
  }
  collectGarbage();
  const wallNs = cases.map(() => 0);
  const cpuUs = cases.map(() => 0);
  const longest = Math.max(...cases.map((c) => c.opsCount));
  for (let start = 0, k = 0; start < longest; start += chunkOps, k++) {
    for (let j = 0; j < cases.length; j++) {
      const i = (j + k + r) % cases.length;
      const c = cases[i] as Case;
      if (start >= c.opsCount) continue;
      const end = Math.min(start + chunkOps, c.opsCount);
      c.runner.prepare(c.w, warmupOps + start, warmupOps + end);
      const cpu0 = process.cpuUsage();
      const t0 = nowNs();
      c.runner.replay();
      wallNs[i] = (wallNs[i] as number) + nowNs() - t0;
      const cpu = process.cpuUsage(cpu0);
      cpuUs[i] = (cpuUs[i] as number) + cpu.user + cpu.system;
    }
  }
  return cases.map((c, i) => [c.opsCount / ((wallNs[i] as number) / 1e9), c.opsCount / ((cpuUs[i] as number) / 1e6)]);
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** One sampled run of a case on a fresh book: [p50, p99, p99.9] in µs. */
function sampledPercentiles(c: Case): number[] {
  c.runner.reset();
  runUntimed(c.runner, c.w, 0, warmupOps);
  collectGarbage();
  const samples: number[] = [];
  for (let start = 0; start < c.opsCount; start += chunkOps) {
    c.runner.prepare(c.w, warmupOps + start, warmupOps + Math.min(start + chunkOps, c.opsCount));
    c.runner.sample(latencyStride, samples);
  }
  return [50, 99, 99.9].map((p) => percentile(samples, p) / 1000);
}

/** Two cases that replay in lock-step. */
interface Pair {
  a: Case;
  b: Case;
}

/** Quick readings of the host (see quickReading), one per round. */
interface HostReadings {
  computeNs: number[];
  l2Ns: number[];
}

/** Per round, the wall-clock and CPU ops/s of a pair's two cases. */
interface PairRounds {
  wall: [number, number][];
  cpu: [number, number][];
}

/**
 * `rounds` lock-step rounds of each pair (pairs take turns within a round). Before each round a quick reading of the
 * host goes into `host`: this VM's speed drifts within a run.
 */
function measurePairs(pairs: Pair[], rounds: number, host: HostReadings): PairRounds[] {
  const out = pairs.map((): PairRounds => ({ wall: [], cpu: [] }));
  for (let r = 0; r < rounds; r++) {
    const { computeNs, l2Ns } = quickReading();
    host.computeNs.push(computeNs);
    host.l2Ns.push(l2Ns);
    pairs.forEach((pair, p) => {
      const [[wallA, cpuA], [wallB, cpuB]] = lockStepRound([pair.a, pair.b], r) as [[number, number], [number, number]];
      const rec = out[p] as PairRounds;
      rec.wall.push([wallA, wallB]);
      rec.cpu.push([cpuA, cpuB]);
    });
  }
  return out;
}

/**
 * One case's figures: throughput from side `side` (0 = a, 1 = b) of a pair's rounds, latency from `latencyRuns`
 * sampled runs (the median of each percentile, so one disturbed run, as this VM sometimes stalls a core, does not
 * decide the tail figures).
 */
function figures(c: Case, rounds: PairRounds, side: 0 | 1): Measured {
  const runs: number[][] = [];
  for (let run = 0; run < latencyRuns; run++) runs.push(sampledPercentiles(c));
  const walls = rounds.wall.map((w) => w[side]);
  return {
    opsPerS: Math.max(...walls),
    medianOpsPerS: median(walls),
    opsPerCpuS: Math.max(...rounds.cpu.map((w) => w[side])),
    p50Us: median(runs.map((r) => r[0] as number)),
    p99Us: median(runs.map((r) => r[1] as number)),
    p999Us: median(runs.map((r) => r[2] as number)),
  };
}

/** Per-round ratios a/b of a pair. */
const pairRatios = (rounds: PairRounds): number[] => rounds.wall.map(([a, b]) => a / b);

function row(label: string, variant: string, m: Measured): string {
  const cells = [label.padEnd(20), variant.padEnd(8), `${round(m.opsPerS)}`.padStart(12)];
  cells.push(`${round(m.medianOpsPerS)}`.padStart(12), `${round(m.opsPerCpuS)}`.padStart(12));
  cells.push(...[m.p50Us, m.p99Us, m.p999Us].map((x) => `${round(x)}`.padStart(9)));
  return cells.join(' ');
}

/** Runs both books on the default and deep workloads and prints the table and the JSON figures. */
export async function run(): Promise<void> {
  // The deep book of the workload, read two ways: ~200 orders per level on the default's ~100 levels
  // (20,000 orders), and ~200 per level on the default's 1,000 orders (5 levels). The second isolates queue depth;
  // the first also makes the book 20 times larger.
  const [wDefault, wDeep, wDeep1k] = [
    generate('default', 1_000),
    generate('deep', 20_000),
    generate('deep-1k', 1_000, 2),
  ];
  for (const w of [wDefault, wDeep, wDeep1k]) {
    const { orders, levels, ordersPerLevel, fullestLevel } = w.shape;
    console.log(
      `workload ${w.name}: ${round(orders)} resting orders on ${round(levels)} levels, ${round(ordersPerLevel)} per level (fullest ${fullestLevel})`,
    );
  }
  console.log(`host: ${cacheCurve()}`);
  console.log(
    `${'book'.padEnd(20)} ${'variant'.padEnd(8)} ${'best ops/s'.padStart(12)} ${'median'.padStart(12)} ${'ops/cpu-s'.padStart(12)}   p50 µs    p99 µs  p99.9 µs`,
  );
  const ours: Case = { runner: oursRunner(), w: wDefault, opsCount: measuredOps };
  const oursDeep: Case = { runner: oursRunner(), w: wDeep, opsCount: measuredOps };
  const oursDeep1k: Case = { runner: oursRunner(), w: wDeep1k, opsCount: measuredOps };
  const peer: Case = { runner: peerRunner(), w: wDefault, opsCount: measuredOps };
  const peerDeep: Case = { runner: peerRunner(), w: wDeep, opsCount: peerDeepMeasuredOps };
  const harness: Case = {
    runner: oursRunner('harness only', () => new NullBook()),
    w: wDefault,
    opsCount: measuredOps,
  };
  // Against the peer's deep book, ours replays the same shorter prefix.
  const oursDeepShort: Case = { runner: oursDeep.runner, w: wDeep, opsCount: peerDeepMeasuredOps };
  // Deep/default compares our book with itself, so those two run beside each other: in a round with the peer, a
  // chunk of ours follows up to 40 ms of the peer's allocation, which leaves the caches cold, and the deep book
  // (about 4 MB of order records, id map and levels against 100 KB) pays far more to reload them. So that figure is
  // also printed beside the peer: our deep book in lock-step with the peer's default book, over our default book
  // in lock-step with the same.
  const host: HostReadings = { computeNs: [], l2Ns: [] };
  const [vsPeer, deepVsDefault, deepVsPeer, deepBesidePeer, deep1kVsDefault, harnessVsOurs] = measurePairs(
    [
      { a: ours, b: peer },
      { a: oursDeep, b: ours },
      { a: oursDeepShort, b: peerDeep },
      { a: oursDeep, b: peer },
      { a: oursDeep1k, b: ours },
      { a: harness, b: ours },
    ],
    rounds,
    host,
  ) as [PairRounds, PairRounds, PairRounds, PairRounds, PairRounds, PairRounds];
  const m = {
    ours: figures(ours, vsPeer, 0),
    peer: figures(peer, vsPeer, 1),
    oursDeep: figures(oursDeep, deepVsDefault, 0),
    oursDeep1k: figures(oursDeep1k, deep1kVsDefault, 0),
    peerDeep: figures(peerDeep, deepVsPeer, 1),
    harness: figures(harness, harnessVsOurs, 0),
  };
  console.log(row('nexus FastBook', 'default', m.ours));
  console.log(row('nexus FastBook', 'deep', m.oursDeep));
  console.log(row('nexus FastBook', 'deep-1k', m.oursDeep1k));
  console.log(row('nodejs-order-book', 'default', m.peer));
  console.log(`${row('nodejs-order-book', 'deep', m.peerDeep)}  (first ${peerDeepMeasuredOps} ops)`);
  console.log(`${row('harness only', 'default', m.harness)}  (a book that does nothing)`);
  const peerRatios = pairRatios(vsPeer);
  const deepRatios = pairRatios(deepVsDefault);
  const deep1kRatios = pairRatios(deep1kVsDefault);
  const besidePeer = deepBesidePeer.wall.map(([deep], r) => deep / ((vsPeer.wall[r] as [number, number])[0] as number));
  const show = (xs: number[]): string => `${xs.map((x) => round(x)).join(', ')}; median ${round(median(xs))}`;
  console.log(`ours/peer per round: ${show(peerRatios)}`);
  console.log(`deep/default per round: ${show(deepRatios)}`);
  console.log(`deep/default beside the peer per round: ${show(besidePeer)}`);
  console.log(`deep-1k/default per round: ${show(deep1kRatios)}`);
  // ns per operation of the harness alone and of our book with it, per round, from the rounds they shared.
  const harnessNs = harnessVsOurs.wall.map(([h]) => 1e9 / h);
  const oursNs = harnessVsOurs.wall.map(([, o]) => 1e9 / o);
  console.log(`harness ns/op per round: ${show(harnessNs)} (ours with it: ${show(oursNs)})`);
  console.log(`host before each round, multiply-add ns/step: ${show(host.computeNs)}`);
  console.log(`host before each round, loads over 256 KB ns: ${show(host.l2Ns)}`);
  emit({
    bench: 'exchange',
    figure: 'ops_per_s',
    value: round(m.ours.opsPerS),
    unit: 'ops/s',
    peer: round(m.peer.opsPerS),
    ratio: round(median(peerRatios)),
  });
  emit({ bench: 'exchange', figure: 'ops_per_s_median', value: round(m.ours.medianOpsPerS), unit: 'ops/s' });
  emit({
    bench: 'exchange',
    figure: 'ops_per_s_deep',
    value: round(m.oursDeep.opsPerS),
    unit: 'ops/s',
    peer: round(m.peerDeep.opsPerS),
    ratio: round(median(pairRatios(deepVsPeer))),
  });
  emit({ bench: 'exchange', figure: 'deep_over_default', value: round(median(deepRatios)), unit: 'ratio' });
  emit({ bench: 'exchange', figure: 'ops_per_s_deep_1k', value: round(m.oursDeep1k.opsPerS), unit: 'ops/s' });
  emit({ bench: 'exchange', figure: 'deep_1k_over_default', value: round(median(deep1kRatios)), unit: 'ratio' });
  emit({
    bench: 'exchange',
    figure: 'deep_over_default_beside_peer',
    value: round(median(besidePeer)),
    unit: 'ratio',
  });
  emit({
    bench: 'exchange',
    figure: 'ops_per_cpu_s',
    value: round(m.ours.opsPerCpuS),
    unit: 'ops/cpu-s',
    peer: round(m.peer.opsPerCpuS),
  });
  emit({ bench: 'exchange', figure: 'ops_per_cpu_s_deep', value: round(m.oursDeep.opsPerCpuS), unit: 'ops/cpu-s' });
  emit({ bench: 'exchange', figure: 'p50_us', value: round(m.ours.p50Us), unit: 'µs' });
  emit({
    bench: 'exchange',
    figure: 'p99_us',
    value: round(m.ours.p99Us),
    unit: 'µs',
    peer: round(m.peer.p99Us),
    ratio: round(m.peer.p99Us / m.ours.p99Us),
  });
  emit({ bench: 'exchange', figure: 'p999_us', value: round(m.ours.p999Us), unit: 'µs' });
  emit({ bench: 'exchange', figure: 'harness_ns_per_op', value: round(median(harnessNs)), unit: 'ns' });
  emit({ bench: 'exchange', figure: 'host_l2_load_ns_min', value: round(Math.min(...host.l2Ns)), unit: 'ns' });
  emit({ bench: 'exchange', figure: 'host_l2_load_ns_max', value: round(Math.max(...host.l2Ns)), unit: 'ns' });
}
