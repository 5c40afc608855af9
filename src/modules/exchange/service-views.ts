// How the exchange's records look in the API: decimal strings in asset units, ISO times, string ids (see the contract).
import { divRound, formatMinor } from '../../kernel/index.js';
import type { TransferView } from '../ledger/index.js';
import { averagePriceTicks, markedPnl, type Position } from './core/positions.js';
import type { RiskUnits } from './core/risk.js';
import { exchangeLimits } from './limits.js';
import type { AlgoView } from './state-algo.js';
import { formatAmount, unitOfDecimals } from './state-amounts.js';
import type { FillRecord, FundingRecord, OrderRecord, SymbolRecord, TradeRecord } from './state-types.js';

/** Decimals of a step such as a tick or lot size (0.01 -> 2), the minimum shown for values of that kind. */
export function decimalsOf(step: bigint): number {
  const text = formatMinor(step, exchangeLimits.internalScale).replace(/0+$/, '');
  const dot = text.indexOf('.');
  return dot < 0 || dot === text.length - 1 ? 0 : text.length - dot - 1;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Formats a symbol's prices, quantities and quote amounts with the decimals its tick, lot and quote scale give. */
export interface Formatters {
  price(v: bigint): string;
  qty(v: bigint): string;
  quote(v: bigint): string;
  /**
   * An average price (total value over total quantity, which need not be a whole tick): rounded half-even to
   * `averagePriceDecimals`, or the tick's decimals where they are more, instead of the 18 internal digits.
   */
  average(value: bigint, quantity: bigint): string;
  /**
   * A derived quote amount that no account holds (profit and loss): rounded half-even to the quote's scale, where
   * `quote` shows a balance exactly.
   */
  quoteRounded(v: bigint): string;
}

/** Decimals of an average fill price, as exchanges commonly report it (at least the tick's own). */
const averagePriceDecimals = 8;

/** `value / quantity` (internal units) rounded half-even to `decimals`, shown with at least `shown` decimals. */
function roundedQuotient(value: bigint, quantity: bigint, decimals: number, shown: number): string {
  const step = unitOfDecimals(decimals);
  return formatAmount(divRound(value, quantity * step, 'half-even') * step, shown);
}

/**
 * Formatters per symbol record, with the precision they were built for. Every order, fill and trade view needs
 * them, and building them (two decimal renderings and a regular expression, three closures) cost more than the
 * views themselves: a fifth of the exchange service's time per order.
 */
const formatterCache = new WeakMap<SymbolRecord, { tick: bigint; lot: bigint; quoteScale: number; f: Formatters }>();

/** Formatters bound to one symbol's precision (rebuilt if the symbol's tick, lot or quote scale changed). */
export function formatters(sym: SymbolRecord): Formatters {
  const hit = formatterCache.get(sym);
  if (hit && hit.tick === sym.tickSize && hit.lot === sym.lotSize && hit.quoteScale === sym.quoteScale) return hit.f;
  const pd = decimalsOf(sym.tickSize);
  const qd = decimalsOf(sym.lotSize);
  const sd = Math.min(sym.quoteScale, exchangeLimits.internalScale);
  const f: Formatters = {
    price: (v) => formatAmount(v, pd),
    qty: (v) => formatAmount(v, qd),
    quote: (v) => formatAmount(v, sd),
    quoteRounded: (v) => roundedQuotient(v, 1n, sd, sd),
    average: (value, quantity) => roundedQuotient(value, quantity, Math.max(averagePriceDecimals, pd), pd),
  };
  formatterCache.set(sym, { tick: sym.tickSize, lot: sym.lotSize, quoteScale: sym.quoteScale, f });
  return f;
}

const unitsCache = new WeakMap<Formatters, RiskUnits>();

/** The symbol's units for risk refusal details: prices and quantities as the API writes them, amounts with their asset. */
export function riskUnits(sym: SymbolRecord): RiskUnits {
  const f = formatters(sym);
  let units = unitsCache.get(f);
  if (units === undefined) {
    units = {
      price: (ticks) => f.price(ticks * sym.tickSize),
      quantity: (lots) => f.qty(lots * sym.lotSize),
      amount: (asset, minor) =>
        asset === 'quote' ? `${f.quote(minor)} ${sym.quoteAsset}` : `${f.qty(minor)} ${sym.baseAsset}`,
    };
    unitsCache.set(f, units);
  }
  return units;
}

/** Symbol as the contract shows it. */
export function symbolView(sym: SymbolRecord) {
  const f = formatters(sym);
  return {
    symbol: sym.symbol,
    baseAsset: sym.baseAsset,
    quoteAsset: sym.quoteAsset,
    baseScale: sym.baseScale,
    quoteScale: sym.quoteScale,
    tickSize: f.price(sym.tickSize),
    lotSize: f.qty(sym.lotSize),
    minQuantity: f.qty(sym.minQuantity),
    maxQuantity: f.qty(sym.maxQuantity),
    priceBandPercent: sym.priceBandPercent,
    referencePrice: sym.referencePrice === null ? null : f.price(sym.referencePrice),
    makerFeeBps: sym.makerFeeBps,
    takerFeeBps: sym.takerFeeBps,
    lastPrice: sym.lastPrice === null ? null : f.price(sym.lastPrice),
    halted: sym.halted,
  };
}

/** Order as the contract shows it. */
export function orderView(o: OrderRecord, sym: SymbolRecord) {
  const f = formatters(sym);
  return {
    id: String(o.id),
    clientOrderId: o.clientOrderId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    status: o.status,
    price: o.price === null ? null : f.price(o.price),
    stopPrice: o.stopPrice === null ? null : f.price(o.stopPrice),
    quantity: f.qty(o.quantity),
    filledQuantity: f.qty(o.filledQuantity),
    averageFillPrice: o.filledQuantity > 0n ? f.average(o.filledValue, o.filledQuantity) : null,
    timeInForce: o.timeInForce,
    postOnly: o.postOnly,
    // An iceberg's visible part per refill; null for an order shown in full.
    displayQuantity: o.displayQuantity === null ? null : f.qty(o.displayQuantity),
    // Snapshots from before the field have no reason for their cancelled orders.
    cancelReason: o.status === 'cancelled' ? (o.cancelReason ?? null) : null,
    // When a good-till-date order expires; null for one that works until filled or cancelled.
    expireAt: o.expireAt === null ? null : iso(o.expireAt),
    createdAt: iso(o.createdAt),
    updatedAt: iso(o.updatedAt),
  };
}

/** Fill as the contract shows it. */
export function fillView(fl: FillRecord, sym: SymbolRecord) {
  const f = formatters(sym);
  return {
    id: fl.id,
    orderId: String(fl.orderId),
    symbol: fl.symbol,
    side: fl.side,
    price: f.price(fl.price),
    quantity: f.qty(fl.quantity),
    fee: f.quote(fl.fee),
    feeAsset: fl.feeAsset,
    liquidity: fl.liquidity,
    at: iso(fl.at),
  };
}

/** A deposit or withdrawal in its owner's history; `scale` is the asset's declared decimals. */
export function transferView(t: FundingRecord, scale: number): TransferView {
  return {
    id: String(t.id),
    kind: t.kind === 'deposit' ? 'deposit' : 'withdrawal',
    asset: t.asset,
    amount: formatAmount(t.amount, scale),
    idempotencyKey: t.idempotencyKey,
    at: t.at === null ? null : iso(t.at),
  };
}

/** Public trade as the contract shows it. */
export function tradeView(t: TradeRecord, sym: SymbolRecord) {
  const f = formatters(sym);
  return {
    id: String(t.id),
    price: f.price(t.price),
    quantity: f.qty(t.quantity),
    takerSide: t.takerSide,
    at: iso(t.at),
  };
}

/** Position as the contract shows it, marked at the last trade (or the reference price). */
export function positionView(p: Position, sym: SymbolRecord, suppliedMarkTicks?: bigint) {
  const f = formatters(sym);
  const listed = sym.lastPrice ?? sym.referencePrice ?? null;
  const markTicks = suppliedMarkTicks ?? (listed === null ? undefined : listed / sym.tickSize);
  const avg = averagePriceTicks(p, sym.tickValue);
  return {
    symbol: p.symbol,
    quantity: f.qty(p.qtyLots * sym.lotSize),
    averagePrice: avg === null ? null : f.price(avg * sym.tickSize),
    realisedPnl: f.quoteRounded(p.realisedPnlQuoteMinor),
    unrealisedPnl: f.quoteRounded(markedPnl(p, sym.tickValue, markTicks)),
    /** Fees paid on this symbol's fills, exactly as the fills charged them; the PnL figures are before them. */
    fees: f.quote(p.feesQuoteMinor),
    /** Realised PnL less the fees paid. */
    netRealisedPnl: f.quoteRounded(p.realisedPnlQuoteMinor - p.feesQuoteMinor),
    markPrice: markTicks === undefined ? null : f.price(markTicks * sym.tickSize),
  };
}

/** Algo order as the contract shows it. */
export function algoOrderView(a: AlgoView, sym: SymbolRecord) {
  const f = formatters(sym);
  return {
    id: String(a.id),
    symbol: a.symbol,
    side: a.side,
    kind: a.kind,
    status: a.status,
    quantity: f.qty(a.quantity),
    filledQuantity: f.qty(a.filledQuantity),
    averagePrice: a.averagePrice === null ? null : f.average(a.averagePrice, 1n),
    benchmarkPrice: a.benchmarkPrice === null ? null : f.price(a.benchmarkPrice),
    slippageBps: a.slippageBps,
    intervalVwapPrice: a.intervalVwapPrice === null ? null : f.average(a.intervalVwapPrice, 1n),
    intervalSlippageBps: a.intervalSlippageBps,
    slicesDone: a.slicesDone,
    slicesTotal: a.slicesTotal,
    startAt: iso(a.startAt),
    endAt: iso(a.endAt),
  };
}
