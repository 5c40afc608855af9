// The one interface both order books implement (the reference and the fast one), and the shapes of depth queries.
import type { AmendCommand, CancelCommand, CommandCode, EventSink, PlaceCommand, Side } from './types.js';

/** One aggregated price level: visible quantity only (iceberg reserves stay hidden). */
export interface DepthLevel {
  priceTicks: number;
  qtyLots: number;
  orderCount: number;
}

/** Top-N levels of each side, best first. */
export interface BookDepth {
  bids: DepthLevel[];
  asks: DepthLevel[];
}

/** Receives one resting order during an L3 walk (positional, so the walk allocates nothing per order). */
export type OrderVisitor = (
  side: Side,
  priceTicks: number,
  orderId: number,
  accountId: number,
  visibleLots: number,
  totalLots: number,
) => void;

/**
 * A single-symbol, price-time priority order book. Commands apply atomically and report what happened through the
 * sink; the return value is 'ok' or the rejection code (also emitted as a rejected event).
 */
export interface OrderBook {
  /** Places a limit, market or stop order. */
  place(cmd: PlaceCommand, sink: EventSink): CommandCode;
  /** Cancels a resting order or pending stop of the same account. */
  cancel(cmd: CancelCommand, sink: EventSink): CommandCode;
  /** Changes a resting order's price and open quantity (see AmendCommand for priority rules). */
  amend(cmd: AmendCommand, sink: EventSink): CommandCode;
  /** Best bid in ticks, or null when the side is empty. */
  bestBid(): number | null;
  /** Best ask in ticks, or null when the side is empty. */
  bestAsk(): number | null;
  /** Price of the last trade in ticks, or null before the first trade. */
  lastTradePriceTicks(): number | null;
  /** Up to `levels` levels per side, best first; costs O(levels), never a copy of the book. */
  depth(levels: number): BookDepth;
  /** Visits every resting order, bids best first then asks best first, each level in queue order. */
  forEachOrder(visit: OrderVisitor): void;
  /**
   * Makes a resting order an iceberg with slice `displayLots` whose current visible part is `visibleLots`
   * (1 ≤ visible ≤ min(slice, open quantity)), keeping its place in the queue. Only snapshot restore calls it:
   * a partly taken slice, or a slice larger than what is left, cannot be placed as a new order. False, and
   * nothing changed, for anything else.
   */
  restoreIceberg(orderId: number, displayLots: number, visibleLots: number): boolean;
  /** Open quantity of a live order (resting or pending stop), or 0 when it is not live. */
  openQtyLots(orderId: number): number;
  /** Number of resting orders. */
  restingOrderCount(): number;
  /** Number of pending stop orders. */
  pendingStopCount(): number;
  /** Visits the ids of the pending stops in the order they trigger (placed or last amended first). */
  forEachStop(visit: (orderId: number) => void): void;
  /** FNV-1a over the last trade price, both sides in priority order and the pending stops in arrival order. */
  stateHash(): string;
}

/** Makes a fresh, empty book; `ordersMax` caps its live orders (resting plus pending stops). */
export type BookFactory = (ordersMax?: number) => OrderBook;
