// Snapshot and restore of the exchange state machine as plain JSON (bigints as decimal strings).
//
// Books are not serialised byte for byte: the snapshot lists the resting orders in priority order (forEachOrder) and
// the pending stops in arrival order, and restore re-places them into fresh books. The last trade price is restored
// first with one self-contained cross between two reserved accounts, so stop triggers and the book hash match.
import { assert } from '../../kernel/index.js';
import { Ledger, type LedgerSnapshot } from '../ledger/index.js';
import type { Position } from './core/positions.js';
import { timesInWindow } from './core/risk.js';
import { placeCommand, type Side } from './core/types.js';
import { exchangeRulesVersion } from './rules-version.js';
import { defaultRiskLimits, ExchangeState } from './state.js';
import { type AlgoInternals, AlgoRecord, type AlgoSpecData, algoFromData, algoToData } from './state-algo.js';
import type {
  FillRecord,
  FundingRecord,
  OrderRecord,
  RiskLimitsSpec,
  SymbolRecord,
  TradeRecord,
} from './state-types.js';

type Jsonify<T> = { [K in keyof T]: T[K] extends bigint ? string : T[K] extends bigint | null ? string | null : T[K] };

/** The JSON image of an ExchangeState. */
export interface ExchangeSnapshot {
  version: 1;
  /** The rules the records after this snapshot were written under (see rules-version.ts); absent before 2. */
  rulesVersion?: number;
  counters: { nextOrderId: number; nextTradeId: number; nextAlgoId: number; commandsApplied: number };
  assetScales: [string, number][];
  symbols: Jsonify<SymbolRecord>[];
  /** Per symbol: resting orders in priority order, and pending stop ids in trigger order (absent before 2026-11-22's
   * stop amends, when that was id order). */
  books: { symbol: string; resting: [Side, number, number, number, number, number][]; stops?: number[] }[];
  ledger: LedgerSnapshot;
  orders: Jsonify<OrderRecord>[];
  live: number[];
  closedFifo: number[];
  accounts: [string, number][];
  positions: Jsonify<Position>[];
  rateTimes: [string, number[]][];
  recentTrades: Jsonify<TradeRecord>[];
  recentFills: Jsonify<FillRecord>[];
  /** Every user's deposits and withdrawals (absent before 2026-11-22: rebuilt from the ledger's idempotency keys). */
  funding?: Jsonify<FundingRecord>[];
  marketSeq: [string, number][];
  kill: { globalHalted: boolean; killedAccounts: string[] };
  /** Operator-set risk limits by user (absent in snapshots written before they existed). */
  riskOverrides?: [string, RiskLimitsSpec][];
  /** Retained finished algo parents, user by user, each user's first finished first (absent before rules version 5). */
  finishedAlgoIds?: number[];
  algos: {
    id: number;
    userId: string;
    clientOrderId: string;
    symbol: string;
    kind: 'twap' | 'vwap';
    fingerprint: string;
    createdAt: number;
    lastTickAt: number;
    childrenSent: number;
    children: [string, number][];
    spec: AlgoSpecData;
    internals: AlgoInternals;
  }[];
}

/** Converts every bigint field of a flat record to a string. */
function out<T extends object>(record: T): Jsonify<T> {
  // for-in rather than Object.entries, which allocates a pair per field: a snapshot copies every retained order
  // (up to 50,000), and this loop is most of the time the command that takes it waits.
  const o: Record<string, unknown> = {};
  const r = record as Record<string, unknown>;
  for (const k in r) {
    if (!Object.hasOwn(r, k)) continue;
    const v = r[k];
    o[k] = typeof v === 'bigint' ? v.toString() : v;
  }
  return o as Jsonify<T>;
}

/** Converts the named string fields back to bigint. */
function back<T>(data: object, fields: readonly string[]): T {
  const o: Record<string, unknown> = { ...data };
  for (const f of fields) if (typeof o[f] === 'string') o[f] = BigInt(o[f] as string);
  return o as T;
}

const symbolBig = ['tickSize', 'lotSize', 'minQuantity', 'maxQuantity', 'referencePrice', 'tickValue', 'lastPrice'];
const orderBig = ['price', 'stopPrice', 'quantity', 'filledQuantity', 'filledValue', 'displayQuantity', 'holdPrice'];
const fillBig = ['price', 'quantity', 'fee'];
const positionBig = ['qtyLots', 'costQuoteMinor', 'realisedPnlQuoteMinor', 'feesQuoteMinor', 'lastPriceTicks'];

/** Takes a JSON-safe image of the whole state. */
export function snapshotExchange(s: ExchangeState): ExchangeSnapshot {
  const books = [...s.symbols.keys()].map((symbol) => {
    const resting: [Side, number, number, number, number, number][] = [];
    const stops: number[] = [];
    const book = s.engine.book(symbol);
    book?.forEachOrder((side, price, id, account, visible, total) => {
      resting.push([side, price, id, account, visible, total]);
    });
    book?.forEachStop((id) => stops.push(id));
    return { symbol, resting, stops };
  });
  return {
    version: 1,
    rulesVersion: exchangeRulesVersion,
    counters: {
      nextOrderId: s.nextOrderId,
      nextTradeId: s.nextTradeId,
      nextAlgoId: s.nextAlgoId,
      commandsApplied: s.commandsApplied,
    },
    assetScales: [...s.assetScales],
    symbols: [...s.symbols.values()].map(out),
    books,
    ledger: s.ledger.snapshot(),
    orders: [...s.orders.values()].map(out),
    live: [...s.live],
    closedFifo: s.closedOrderIds(),
    accounts: [...s.accountNums],
    positions: [...s.positions.values()].map(out),
    rateTimes: [...s.rateTimes].map(([userId, times]) => [
      userId,
      timesInWindow(times, defaultRiskLimits.rateWindowMs),
    ]),
    recentTrades: [...s.recentTrades.values()].flat().map(out),
    recentFills: [...s.recentFills.values()].flat().map(out),
    funding: [...s.fundingHistory.values()].flat().map(out),
    marketSeq: [...s.marketSeq],
    kill: { globalHalted: s.kill.globalHalted, killedAccounts: [...s.kill.killedAccounts] },
    riskOverrides: [...s.riskOverrides],
    finishedAlgoIds: s.finishedAlgoIds(),
    algos: [...s.algos.values()].map((a) => ({
      id: a.id,
      userId: a.userId,
      clientOrderId: a.clientOrderId,
      symbol: a.symbol,
      kind: a.kind,
      fingerprint: a.fingerprint,
      createdAt: a.createdAt,
      lastTickAt: a.lastTickAt,
      childrenSent: a.childrenSent,
      children: [...a.children],
      ...algoToData(a.algo),
    })),
  };
}

/** Rebuilds a state from snapshotExchange output; its stateHash equals the original's. */
export function restoreExchange(snap: ExchangeSnapshot): ExchangeState {
  assert(snap.version === 1, 'unknown exchange snapshot version');
  const s = new ExchangeState();
  Object.assign(s, snap.counters);
  s.ledger = Ledger.restore(snap.ledger);
  for (const [a, scale] of snap.assetScales) s.assetScales.set(a, scale);
  for (const [u, n] of snap.accounts) {
    s.accountNums.set(u, n);
    s.accountUsers.set(n, u);
  }
  for (const o of snap.orders) {
    const order = back<OrderRecord>(o, orderBig);
    // Snapshots from before good-till-date orders (rules version 5) have no `expireAt`.
    order.expireAt ??= null;
    s.orders.set(order.id, order);
    s.clientIds.set(`${order.userId}\u0000${order.clientOrderId}`, order.id);
  }
  for (const id of snap.live) s.addLive(id);
  s.restoreExpiries();
  s.restoreClosedOrderIds(snap.closedFifo);
  for (const sd of snap.symbols) {
    const sym = back<SymbolRecord>(sd, symbolBig);
    // Snapshots from before symbol halts (rules version 4) have no `halted`.
    sym.halted ??= false;
    s.symbols.set(sym.symbol, sym);
    const added = s.engine.addSymbol({
      symbol: sym.symbol,
      tickSize: sym.tickSize,
      lotSize: sym.lotSize,
      minQty: sym.minQuantity,
      maxQty: sym.maxQuantity,
      ...(sym.referencePrice === null ? {} : { referencePrice: sym.referencePrice }),
    });
    assert(added.ok, 're-adding a listed symbol');
    const book = snap.books.find((b) => b.symbol === sym.symbol);
    rebuildBook(s, sym, book?.resting ?? [], book?.stops);
  }
  s.rebuildOpenLots();
  for (const p of snap.positions) {
    const pos = back<Position>(p, positionBig);
    s.positions.set(`${pos.account}\u0000${pos.symbol}`, pos);
  }
  for (const [u, times] of snap.rateTimes) s.rateTimes.set(u, [...times]);
  for (const t of snap.recentTrades) push(s.recentTrades, t.symbol, back<TradeRecord>(t, ['price', 'quantity']));
  for (const f of snap.recentFills) push(s.recentFills, f.userId, back<FillRecord>(f, fillBig));
  const funding = snap.funding ?? fundingFromLedger(snap.ledger);
  for (const f of funding) push(s.fundingHistory, f.userId, back<FundingRecord>(f, ['amount']));
  for (const [sym, seq] of snap.marketSeq) s.marketSeq.set(sym, seq);
  s.kill = { globalHalted: snap.kill.globalHalted, killedAccounts: new Set(snap.kill.killedAccounts) };
  for (const [userId, limits] of snap.riskOverrides ?? []) s.riskOverrides.set(userId, limits);
  for (const a of snap.algos) {
    const rec = new AlgoRecord(
      a.id,
      a.userId,
      a.clientOrderId,
      a.symbol,
      a.kind,
      a.fingerprint,
      a.createdAt,
      algoFromData(a),
    );
    rec.lastTickAt = a.lastTickAt;
    rec.childrenSent = a.childrenSent;
    for (const [c, id] of a.children) rec.children.set(c, id);
    s.algos.set(a.id, rec);
    s.algoClientIds.set(`${a.userId}\u0000${a.clientOrderId}`, a.id);
  }
  s.restoreAlgoIndexes(snap.finishedAlgoIds);
  return s;
}

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** Reserved ids for the one cross that restores the last trade price (never used by real orders or accounts). */
const reservedId = Number.MAX_SAFE_INTEGER;

/** Re-places resting orders in priority order and pending stops in trigger order into the symbol's fresh book. */
function rebuildBook(
  s: ExchangeState,
  sym: SymbolRecord,
  resting: ExchangeSnapshot['books'][number]['resting'],
  stopIds: readonly number[] | undefined,
): void {
  const book = s.engine.book(sym.symbol);
  assert(book !== undefined, 'book exists');
  const sink = {
    accepted() {},
    rejected(_id: number, code: string) {
      throw new Error(`snapshot restore: order refused (${code})`);
    },
    trade() {},
    reduced() {},
    cancelled() {},
    triggered() {},
    amended() {},
  };
  if (sym.lastPrice !== null) {
    const ticks = Number(sym.lastPrice / sym.tickSize);
    const base = { qtyLots: 1, priceTicks: ticks, timestamp: 0 };
    book.place(placeCommand({ ...base, orderId: reservedId, accountId: reservedId, side: 'sell' }), sink);
    book.place(placeCommand({ ...base, orderId: reservedId - 1, accountId: reservedId - 1, side: 'buy' }), sink);
  }
  for (const [side, priceTicks, orderId, accountId, visibleLots, totalLots] of resting) {
    const o = s.orders.get(orderId);
    assert(o !== undefined, `resting order ${orderId} has a record`);
    book.place(placeCommand({ orderId, accountId, side, priceTicks, qtyLots: totalLots, stp: o.stp }), sink);
    // An iceberg goes in as a plain order and gets its slice back as it was: partly taken, or larger than what is
    // left, neither of which a new order may be.
    if (o.displayQuantity !== null) {
      const display = Number(o.displayQuantity / sym.lotSize);
      assert(book.restoreIceberg(orderId, display, visibleLots), `iceberg ${orderId} slice restored`);
    }
  }
  // Older snapshots have no stop list: stops could not be amended then, so they triggered in id order.
  const stops = (
    stopIds ??
    [...s.live]
      .filter((id) => {
        const o = s.orders.get(id) as OrderRecord;
        return o.symbol === sym.symbol && o.status === 'pending_trigger';
      })
      .sort((a, b) => a - b)
  ).map((id) => s.orders.get(id) as OrderRecord);
  for (const o of stops) {
    const cmd = placeCommand({
      orderId: o.id,
      accountId: s.accountNums.get(o.userId) as number,
      side: o.side,
      type: o.type,
      timeInForce: o.timeInForce,
      priceTicks: Number((o.holdPrice as bigint) / sym.tickSize),
      stopPriceTicks: Number((o.stopPrice as bigint) / sym.tickSize),
      qtyLots: Number((o.quantity - o.filledQuantity) / sym.lotSize),
      stp: o.stp,
    });
    book.place(cmd, sink);
  }
}

/**
 * The funding history of a snapshot written before it had one, from the ledger's idempotency records: the state keys
 * each deposit and withdrawal `<kind>:<userId>:<idempotencyKey>` and the ledger keeps the transfer under it, but not
 * the command's time.
 */
function fundingFromLedger(ledger: LedgerSnapshot): Jsonify<FundingRecord>[] {
  const records: Jsonify<FundingRecord>[] = [];
  for (const entry of ledger.idempotency) {
    const match = /^(deposit|withdraw):([^:]+):(.+)$/s.exec(entry.key);
    const transfer = entry.transfers[0];
    if (!match || !transfer) continue;
    const [, kind, userId, idempotencyKey] = match as unknown as [string, 'deposit' | 'withdraw', string, string];
    records.push({
      id: transfer.id,
      userId,
      kind,
      asset: transfer.asset,
      amount: transfer.amountMinor,
      idempotencyKey,
      at: null,
    });
  }
  return records.sort((a, b) => a.id - b.id);
}
