// The multi-symbol matching engine: one book per symbol, with each symbol's rules checked before the book sees a command.
import { assert, err, ok, type Result } from '../../../kernel/index.js';
import type { OrderBook } from './book.js';
import { EventCollector } from './event-sinks.js';
import { FastBook } from './fast-book.js';
import { matchingLimits } from './matching-limits.js';
import { type SymbolSpec, validateSymbolSpec } from './symbol-spec.js';
import type {
  AmendCommand,
  BookEvent,
  CommandCode,
  OrderType,
  PlaceCommand,
  RejectCode,
  Side,
  StpMode,
  TimeInForce,
} from './types.js';

/** A new order in the units of the outside world: bigint minor units, converted to ticks and lots here. */
export interface EnginePlaceCommand {
  symbol: string;
  orderId: number;
  clientOrderId?: string;
  accountId: number;
  side: Side;
  type: OrderType;
  timeInForce?: TimeInForce;
  /** Limit price (limit, stop_limit) or optional protection price (market, stop_market), quote minor units. */
  price?: bigint;
  /** Trigger price of a stop order, quote minor units. */
  stopPrice?: bigint;
  /** Base minor units. */
  quantity: bigint;
  postOnly?: boolean;
  /** Iceberg visible size, base minor units. */
  displayQuantity?: bigint;
  stp?: StpMode;
  timestamp: number;
}

/** Cancels an order of the account on the symbol. */
export interface EngineCancelCommand {
  symbol: string;
  orderId: number;
  accountId: number;
  timestamp: number;
}

/** Changes a resting order's price and open quantity (minor units). */
export interface EngineAmendCommand {
  symbol: string;
  orderId: number;
  accountId: number;
  /** The new limit price, or a waiting stop-market order's protection price. */
  price: bigint;
  quantity: bigint;
  /** A waiting stop order's new trigger price (absent: unchanged). */
  stopPrice?: bigint;
  timestamp: number;
}

/** What a command did: its code and the events, in the book's units (ticks and lots, safe integers). */
export interface EngineResult {
  code: CommandCode;
  events: BookEvent[];
}

interface Market {
  spec: SymbolSpec;
  book: OrderBook;
}

/** Holds one book per symbol and applies commands after checking them against the symbol's specification. */
export class MatchingEngine {
  private readonly markets = new Map<string, Market>();
  private readonly sink = new EventCollector();

  constructor(private readonly makeBook: (spec: SymbolSpec) => OrderBook = () => new FastBook()) {}

  /** Registers a symbol; fails when the spec is invalid, the symbol exists, or the engine is full. */
  addSymbol(spec: SymbolSpec): Result<SymbolSpec> {
    const checked = validateSymbolSpec(spec);
    if (!checked.ok) return checked;
    if (this.markets.has(spec.symbol)) return err('symbol_already_listed', undefined, 'symbol');
    if (this.markets.size >= matchingLimits.symbolsPerEngineMax) return err('symbols_per_engine_max_reached');
    this.markets.set(spec.symbol, { spec: { ...spec }, book: this.makeBook(spec) });
    return ok(spec);
  }

  /** The symbol's specification, or undefined. */
  spec(symbol: string): SymbolSpec | undefined {
    return this.markets.get(symbol)?.spec;
  }

  /** The symbol's book (for depth, L3 and stateHash queries), or undefined. */
  book(symbol: string): OrderBook | undefined {
    return this.markets.get(symbol)?.book;
  }

  /** Listed symbols in listing order. */
  symbols(): string[] {
    return [...this.markets.keys()];
  }

  /** Places an order on its symbol's book. */
  place(cmd: EnginePlaceCommand): EngineResult {
    const market = this.markets.get(cmd.symbol);
    if (market === undefined) return this.refused(cmd.orderId, 'unknown_symbol', cmd.timestamp);
    const converted = toBookPlace(market, cmd);
    if (!converted.ok) return this.refused(cmd.orderId, converted.code, cmd.timestamp);
    const code = market.book.place(converted.value, this.sink);
    return { code, events: this.sink.take() };
  }

  /** Cancels an order on its symbol's book. */
  cancel(cmd: EngineCancelCommand): EngineResult {
    const market = this.markets.get(cmd.symbol);
    if (market === undefined) return this.refused(cmd.orderId, 'unknown_symbol', cmd.timestamp);
    const code = market.book.cancel(cmd, this.sink);
    return { code, events: this.sink.take() };
  }

  /** Amends a resting order; the new price and quantity obey the same symbol rules as a new order. */
  amend(cmd: EngineAmendCommand): EngineResult {
    const market = this.markets.get(cmd.symbol);
    if (market === undefined) return this.refused(cmd.orderId, 'unknown_symbol', cmd.timestamp);
    const { spec, book } = market;
    const lots = toLots(spec, cmd.quantity);
    if (!lots.ok) return this.refused(cmd.orderId, lots.code, cmd.timestamp);
    const ticks = toTicks(spec, cmd.price);
    if (!ticks.ok) return this.refused(cmd.orderId, ticks.code, cmd.timestamp);
    const band = bandCode(market, ticks.value);
    if (band !== null) return this.refused(cmd.orderId, band, cmd.timestamp);
    let stopPriceTicks: number | undefined;
    if (cmd.stopPrice !== undefined) {
      const stop = toTicks(spec, cmd.stopPrice);
      if (!stop.ok) return this.refused(cmd.orderId, stop.code, cmd.timestamp);
      stopPriceTicks = stop.value;
    }
    const bookCmd: AmendCommand = {
      orderId: cmd.orderId,
      accountId: cmd.accountId,
      priceTicks: ticks.value,
      qtyLots: lots.value,
      ...(stopPriceTicks === undefined ? {} : { stopPriceTicks }),
      timestamp: cmd.timestamp,
    };
    const code = book.amend(bookCmd, this.sink);
    return { code, events: this.sink.take() };
  }

  private refused(orderId: number, code: RejectCode, timestamp: number): EngineResult {
    this.sink.rejected(orderId, code, timestamp);
    return { code, events: this.sink.take() };
  }
}

type Converted<T> = { ok: true; value: T } | { ok: false; code: RejectCode };

function toTicks(spec: SymbolSpec, price: bigint): Converted<number> {
  if (price <= 0n) return { ok: false, code: 'price_ticks_must_be_positive' };
  if (price % spec.tickSize !== 0n) return { ok: false, code: 'price_not_multiple_of_tick' };
  const ticks = price / spec.tickSize;
  if (ticks > BigInt(matchingLimits.priceTicksMax)) return { ok: false, code: 'price_ticks_above_max' };
  return { ok: true, value: Number(ticks) };
}

function toLots(spec: SymbolSpec, quantity: bigint): Converted<number> {
  if (quantity <= 0n) return { ok: false, code: 'quantity_must_be_positive' };
  if (quantity % spec.lotSize !== 0n) return { ok: false, code: 'quantity_not_multiple_of_lot' };
  if (quantity < spec.minQty) return { ok: false, code: 'quantity_below_min' };
  if (quantity > spec.maxQty) return { ok: false, code: 'quantity_above_max' };
  // validateSymbolSpec bounds maxQty / lotSize by quantityLotsMax, so this Number is exact.
  return { ok: true, value: Number(quantity / spec.lotSize) };
}

/** The band's centre: the last trade, else the spec's reference price, else null (no band yet). */
function referenceTicks(market: Market): number | null {
  const last = market.book.lastTradePriceTicks();
  if (last !== null) return last;
  const ref = market.spec.referencePrice;
  return ref === undefined ? null : Number(ref / market.spec.tickSize);
}

function bandCode(market: Market, ticks: number): RejectCode | null {
  const band = market.spec.priceBandTicks;
  const ref = referenceTicks(market);
  if (band === undefined || ref === null) return null;
  return Math.abs(ticks - ref) > band ? 'price_outside_band' : null;
}

/** Converts and checks an engine command; a market order without protection gets the band's edge as protection. */
function toBookPlace(market: Market, cmd: EnginePlaceCommand): Converted<PlaceCommand> {
  const { spec } = market;
  const lots = toLots(spec, cmd.quantity);
  if (!lots.ok) return lots;
  let priceTicks = 0;
  if (cmd.price !== undefined) {
    const ticks = toTicks(spec, cmd.price);
    if (!ticks.ok) return ticks;
    priceTicks = ticks.value;
  }
  const limitPriced = cmd.type === 'limit' || cmd.type === 'stop_limit';
  if (limitPriced && priceTicks !== 0) {
    const band = bandCode(market, priceTicks);
    if (band !== null) return { ok: false, code: band };
  }
  if (!limitPriced && priceTicks === 0) priceTicks = bandEdge(market, cmd.side);
  let stopPriceTicks = 0;
  if (cmd.stopPrice !== undefined) {
    const ticks = toTicks(spec, cmd.stopPrice);
    if (!ticks.ok) return { ok: false, code: 'stop_price_ticks_must_be_positive' };
    stopPriceTicks = ticks.value;
  }
  let displayQtyLots = 0;
  if (cmd.displayQuantity !== undefined) {
    if (cmd.displayQuantity <= 0n || cmd.displayQuantity % spec.lotSize !== 0n) {
      return { ok: false, code: 'display_quantity_invalid' };
    }
    displayQtyLots = Number(cmd.displayQuantity / spec.lotSize);
  }
  return {
    ok: true,
    value: {
      orderId: cmd.orderId,
      clientOrderId: cmd.clientOrderId ?? '',
      accountId: cmd.accountId,
      side: cmd.side,
      type: cmd.type,
      timeInForce: cmd.timeInForce ?? (cmd.type === 'market' || cmd.type === 'stop_market' ? 'ioc' : 'gtc'),
      priceTicks,
      stopPriceTicks,
      qtyLots: lots.value,
      postOnly: cmd.postOnly ?? false,
      displayQtyLots,
      stp: cmd.stp ?? 'cancel_newest',
      timestamp: cmd.timestamp,
    },
  };
}

/** Protection for an unprotected market order: the far edge of the band (0, meaning none, when no band applies). */
function bandEdge(market: Market, side: Side): number {
  const band = market.spec.priceBandTicks;
  const ref = referenceTicks(market);
  if (band === undefined || ref === null) return 0;
  const edge = side === 'buy' ? ref + band : ref - band;
  assert(Number.isSafeInteger(edge), 'band edge must be a safe integer');
  return Math.min(Math.max(edge, 1), matchingLimits.priceTicksMax);
}
