// Algo parent orders inside the exchange state: the record around a core AlgoOrder, its view, and its snapshot form.
import { AlgoOrder, type AlgoStatus } from './core/algo.js';
import type { SlicePlanEntry } from './core/algo-plan.js';
import type { Side } from './core/types.js';
import type { SymbolRecord } from './state-types.js';

/** A parent order with its owner and the engine order ids of its children. */
export class AlgoRecord {
  /** Child id (from the core) -> engine order id. */
  readonly children = new Map<string, number>();
  childrenSent = 0;
  lastTickAt: number;

  constructor(
    readonly id: number,
    readonly userId: string,
    readonly clientOrderId: string,
    readonly symbol: string,
    readonly kind: 'twap' | 'vwap',
    readonly fingerprint: string,
    readonly createdAt: number,
    readonly algo: AlgoOrder,
  ) {
    this.lastTickAt = createdAt;
  }
}

/** An algo order as the API shows it (internal minor units; the service formats them). */
export interface AlgoView {
  id: number;
  userId: string;
  symbol: string;
  side: Side;
  kind: 'twap' | 'vwap';
  status: AlgoStatus;
  quantity: bigint;
  filledQuantity: bigint;
  /** Average fill price in quote minor units, rounded down to a whole unit; null before the first fill. */
  averagePrice: bigint | null;
  /** The arrival price (the implementation-shortfall benchmark). */
  benchmarkPrice: bigint | null;
  /** Against the arrival price, in basis points; positive is cost. */
  slippageBps: number | null;
  /** The market's VWAP while the parent worked (every trade of its symbol, its own children's included). */
  intervalVwapPrice: bigint | null;
  /** Against the interval VWAP, in basis points; positive is cost. */
  intervalSlippageBps: number | null;
  slicesDone: number;
  slicesTotal: number;
  startAt: number;
  endAt: number;
}

/** Basis points to two decimals, as the view shows them. */
const bps = (value: number | null): number | null => (value === null ? null : Math.round(value * 100) / 100);

/** The view of a parent order. */
export function algoView(a: AlgoRecord, sym: SymbolRecord): AlgoView {
  const r = a.algo.report();
  const spec = a.algo.spec;
  const internals = algoInternals(a.algo);
  const t = a.lastTickAt - internals.shiftMs;
  return {
    id: a.id,
    userId: a.userId,
    symbol: a.symbol,
    side: spec.side,
    kind: a.kind,
    status: r.status,
    quantity: spec.totalLots * sym.lotSize,
    filledQuantity: r.filledLots * sym.lotSize,
    averagePrice: r.filledLots > 0n ? (r.filledTickLots * sym.tickSize) / r.filledLots : null,
    benchmarkPrice: spec.arrivalPriceTicks === undefined ? null : spec.arrivalPriceTicks * sym.tickSize,
    slippageBps: bps(r.slippageVsArrivalBps),
    intervalVwapPrice: r.marketLots === 0n ? null : (r.marketTickLots * sym.tickSize) / r.marketLots,
    intervalSlippageBps: bps(r.slippageVsIntervalVwapBps),
    slicesDone: spec.plan.filter((e) => e.atMs <= t).length,
    slicesTotal: spec.plan.length,
    startAt: a.createdAt,
    endAt: spec.endMs + internals.shiftMs,
  };
}

/** The private fields of a core AlgoOrder, JSON-safe (the core has no snapshot API of its own). */
export interface AlgoInternals {
  status: AlgoStatus;
  children: [string, { qtyLots: string; filledLots: string; sliceTimeMs: number; cancelling: boolean }][];
  childCount: number;
  filledLots: string;
  filledTickLots: string;
  pausedAtMs: number | null;
  shiftMs: number;
  marketTickLots: string;
  marketLots: string;
  /** Absent in snapshots from before rules version 3 (read as null). */
  sentForSliceMs?: number | null;
}

type Raw = {
  status: AlgoStatus;
  children: Map<string, { qtyLots: bigint; filledLots: bigint; sliceTimeMs: number; cancelling: boolean }>;
  childCount: number;
  filledLots: bigint;
  filledTickLots: bigint;
  pausedAtMs: number | null;
  shiftMs: number;
  marketTickLots: bigint;
  marketLots: bigint;
  sentForSliceMs: number | null;
};

/** Reads a core AlgoOrder's private state for snapshots (kept here so the core stays free of serialisation). */
export function algoInternals(algo: AlgoOrder): AlgoInternals {
  const r = algo as unknown as Raw;
  return {
    status: r.status,
    children: [...r.children].map(([id, c]) => [
      id,
      {
        qtyLots: String(c.qtyLots),
        filledLots: String(c.filledLots),
        sliceTimeMs: c.sliceTimeMs,
        cancelling: c.cancelling,
      },
    ]),
    childCount: r.childCount,
    filledLots: String(r.filledLots),
    filledTickLots: String(r.filledTickLots),
    pausedAtMs: r.pausedAtMs,
    shiftMs: r.shiftMs,
    marketTickLots: String(r.marketTickLots),
    marketLots: String(r.marketLots),
    sentForSliceMs: r.sentForSliceMs,
  };
}

/** JSON-safe form of a parent order's specification. */
export interface AlgoSpecData {
  parentId: string;
  side: Side;
  totalLots: string;
  plan: { atMs: number; qtyLots: string }[];
  endMs: number;
  limitPriceTicks?: string;
  arrivalPriceTicks?: string;
}

/** Serialises a core AlgoOrder (spec and private state). */
export function algoToData(algo: AlgoOrder): { spec: AlgoSpecData; internals: AlgoInternals } {
  const s = algo.spec;
  return {
    spec: {
      parentId: s.parentId,
      side: s.side,
      totalLots: String(s.totalLots),
      plan: s.plan.map((e) => ({ atMs: e.atMs, qtyLots: String(e.qtyLots) })),
      endMs: s.endMs,
      ...(s.limitPriceTicks === undefined ? {} : { limitPriceTicks: String(s.limitPriceTicks) }),
      ...(s.arrivalPriceTicks === undefined ? {} : { arrivalPriceTicks: String(s.arrivalPriceTicks) }),
    },
    internals: algoInternals(algo),
  };
}

/** Rebuilds a core AlgoOrder from algoToData output. */
export function algoFromData(data: { spec: AlgoSpecData; internals: AlgoInternals }): AlgoOrder {
  const s = data.spec;
  const plan: SlicePlanEntry[] = s.plan.map((e) => ({ atMs: e.atMs, qtyLots: BigInt(e.qtyLots) }));
  const algo = new AlgoOrder({
    parentId: s.parentId,
    side: s.side,
    totalLots: BigInt(s.totalLots),
    plan,
    endMs: s.endMs,
    ...(s.limitPriceTicks === undefined ? {} : { limitPriceTicks: BigInt(s.limitPriceTicks) }),
    ...(s.arrivalPriceTicks === undefined ? {} : { arrivalPriceTicks: BigInt(s.arrivalPriceTicks) }),
  });
  const i = data.internals;
  const raw: Raw = {
    status: i.status,
    children: new Map(
      i.children.map(([id, c]) => [
        id,
        {
          qtyLots: BigInt(c.qtyLots),
          filledLots: BigInt(c.filledLots),
          sliceTimeMs: c.sliceTimeMs,
          cancelling: c.cancelling,
        },
      ]),
    ),
    childCount: i.childCount,
    filledLots: BigInt(i.filledLots),
    filledTickLots: BigInt(i.filledTickLots),
    pausedAtMs: i.pausedAtMs,
    shiftMs: i.shiftMs,
    marketTickLots: BigInt(i.marketTickLots),
    marketLots: BigInt(i.marketLots),
    sentForSliceMs: i.sentForSliceMs ?? null,
  };
  Object.assign(algo, raw);
  return algo;
}
