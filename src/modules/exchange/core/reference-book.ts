// The reference order book: plain objects and sorted arrays, written to be obviously correct rather than fast.
import type { BookDepth, DepthLevel, OrderBook, OrderVisitor } from './book.js';
import { matchingLimits } from './matching-limits.js';
import { hashCodes, StateHasher } from './state-hash.js';
import type {
  AmendCommand,
  CancelCommand,
  CommandCode,
  EventSink,
  OrderType,
  PlaceCommand,
  RejectCode,
  Side,
  StpMode,
  TimeInForce,
} from './types.js';
import { amendCommandCode, amendTargetCode, isPositiveSafeInteger, placeCommandCode } from './validate-command.js';

interface RefOrder {
  id: number;
  account: number;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  price: number;
  stopPrice: number;
  /** Open quantity, visible plus hidden. */
  total: number;
  visible: number;
  /** Iceberg slice size, 0 for a fully visible order. */
  display: number;
  postOnly: boolean;
  stp: StpMode;
}

interface RefLevel {
  price: number;
  /** Queue in time priority: index 0 trades first. */
  orders: RefOrder[];
}

/** A correct, simple OrderBook used as the oracle for the fast book. */
export class ReferenceBook implements OrderBook {
  /** Best first: bids by descending price, asks by ascending price. */
  private readonly bids: RefLevel[] = [];
  private readonly asks: RefLevel[] = [];
  /** Pending stops in arrival order. */
  private stops: RefOrder[] = [];
  /** Every live order (resting or pending stop) by id. */
  private readonly live = new Map<number, RefOrder>();
  private lastTrade = 0;

  constructor(private readonly ordersMax: number = matchingLimits.ordersPerBookMax) {}

  place(cmd: PlaceCommand, sink: EventSink): CommandCode {
    const code = this.placeRefusal(cmd);
    if (code !== null) return this.refuse(cmd.orderId, code, cmd.timestamp, sink);
    const order: RefOrder = {
      id: cmd.orderId,
      account: cmd.accountId,
      side: cmd.side,
      type: cmd.type,
      tif: cmd.timeInForce,
      price: cmd.priceTicks,
      stopPrice: cmd.stopPriceTicks,
      total: cmd.qtyLots,
      visible: cmd.displayQtyLots > 0 ? cmd.displayQtyLots : cmd.qtyLots,
      display: cmd.displayQtyLots,
      postOnly: cmd.postOnly,
      stp: cmd.stp,
    };
    this.live.set(order.id, order);
    sink.accepted(
      order.id,
      cmd.clientOrderId,
      order.account,
      order.side,
      order.type,
      order.price,
      order.stopPrice,
      order.total,
      cmd.timestamp,
    );
    if (order.type === 'stop_limit' || order.type === 'stop_market') {
      this.stops.push(order);
      return 'ok';
    }
    this.execute(order, cmd.timestamp, sink);
    this.runStops(cmd.timestamp, sink);
    return 'ok';
  }

  private placeRefusal(cmd: PlaceCommand): RejectCode | null {
    const code = placeCommandCode(cmd);
    if (code !== null) return code;
    if (this.live.has(cmd.orderId)) return 'duplicate_order_id';
    if (this.live.size >= this.ordersMax) return 'book_capacity_exceeded';
    const isStop = cmd.type === 'stop_limit' || cmd.type === 'stop_market';
    if (isStop && this.stopTriggers(cmd.side, cmd.stopPriceTicks)) return 'stop_would_trigger_immediately';
    if (cmd.postOnly && this.crosses(cmd.side, cmd.priceTicks)) return 'post_only_would_cross';
    if (cmd.type === 'limit' && cmd.timeInForce === 'fok') {
      if (!this.fillable(cmd.side, cmd.priceTicks, cmd.qtyLots, cmd.accountId, cmd.stp))
        return 'fok_not_fully_fillable';
    }
    return null;
  }

  cancel(cmd: CancelCommand, sink: EventSink): CommandCode {
    const order = this.live.get(cmd.orderId);
    if (order === undefined || order.account !== cmd.accountId) {
      return this.refuse(cmd.orderId, 'unknown_order', cmd.timestamp, sink);
    }
    if (this.stops.includes(order)) this.stops = this.stops.filter((s) => s !== order);
    else this.removeResting(order);
    this.live.delete(order.id);
    sink.cancelled(order.id, order.account, order.total, 'cancelled_by_user', cmd.timestamp);
    return 'ok';
  }

  amend(cmd: AmendCommand, sink: EventSink): CommandCode {
    const bad = amendCommandCode(cmd);
    if (bad !== null) return this.refuse(cmd.orderId, bad, cmd.timestamp, sink);
    const order = this.live.get(cmd.orderId);
    if (order === undefined || order.account !== cmd.accountId) {
      return this.refuse(cmd.orderId, 'unknown_order', cmd.timestamp, sink);
    }
    const waiting = this.stops.includes(order);
    const target = amendTargetCode(cmd, waiting, order.type === 'stop_market');
    if (target !== null) return this.refuse(cmd.orderId, target, cmd.timestamp, sink);
    if (waiting) return this.amendStop(order, cmd, sink);
    const previous = order.total;
    if (cmd.priceTicks === order.price && cmd.qtyLots === previous) {
      return this.refuse(cmd.orderId, 'amend_changes_nothing', cmd.timestamp, sink);
    }
    if (cmd.priceTicks === order.price && cmd.qtyLots < previous) {
      // Only a reduction at the same price keeps the order's place in the queue.
      order.total = cmd.qtyLots;
      order.visible = Math.min(order.visible, cmd.qtyLots);
      sink.amended(order.id, order.account, order.price, order.total, previous, true, cmd.timestamp);
      return 'ok';
    }
    if (order.postOnly && this.crosses(order.side, cmd.priceTicks)) {
      return this.refuse(cmd.orderId, 'post_only_would_cross', cmd.timestamp, sink);
    }
    this.removeResting(order);
    order.price = cmd.priceTicks;
    order.total = cmd.qtyLots;
    order.visible = order.display > 0 ? Math.min(order.display, order.total) : order.total;
    sink.amended(order.id, order.account, order.price, order.total, previous, false, cmd.timestamp);
    this.execute(order, cmd.timestamp, sink);
    this.runStops(cmd.timestamp, sink);
    return 'ok';
  }

  /**
   * A waiting stop takes its new price, quantity and trigger, and goes to the back of the stops (which trigger in
   * arrival order). It may not be set to trigger at once.
   */
  private amendStop(order: RefOrder, cmd: AmendCommand, sink: EventSink): CommandCode {
    const stopPrice = cmd.stopPriceTicks ?? order.stopPrice;
    if (cmd.priceTicks === order.price && cmd.qtyLots === order.total && stopPrice === order.stopPrice) {
      return this.refuse(cmd.orderId, 'amend_changes_nothing', cmd.timestamp, sink);
    }
    if (this.stopTriggers(order.side, stopPrice)) {
      return this.refuse(cmd.orderId, 'stop_would_trigger_immediately', cmd.timestamp, sink);
    }
    const previous = order.total;
    this.stops = this.stops.filter((s) => s !== order);
    order.price = cmd.priceTicks;
    order.total = cmd.qtyLots;
    order.visible = cmd.qtyLots;
    order.stopPrice = stopPrice;
    this.stops.push(order);
    sink.amended(order.id, order.account, order.price, order.total, previous, false, cmd.timestamp);
    return 'ok';
  }

  private refuse(orderId: number, code: RejectCode, timestamp: number, sink: EventSink): RejectCode {
    sink.rejected(orderId, code, timestamp);
    return code;
  }

  /** Matches a live order as taker, then rests or cancels what is left according to its type. */
  private execute(order: RefOrder, ts: number, sink: EventSink): void {
    const stpCancelled = this.match(order, ts, sink);
    if (stpCancelled) {
      this.live.delete(order.id);
      return;
    }
    if (order.total === 0) {
      this.live.delete(order.id);
      return;
    }
    if (order.type === 'limit' && order.tif === 'gtc') {
      order.visible = order.display > 0 ? Math.min(order.display, order.total) : order.total;
      this.rest(order);
      return;
    }
    const reason = order.type === 'market' ? 'market_remainder' : 'ioc_remainder';
    sink.cancelled(order.id, order.account, order.total, reason, ts);
    this.live.delete(order.id);
  }

  /** Trades `taker` against the opposite side; returns true when self-trade prevention cancelled the taker. */
  private match(taker: RefOrder, ts: number, sink: EventSink): boolean {
    const opposite = taker.side === 'buy' ? this.asks : this.bids;
    while (taker.total > 0 && opposite.length > 0) {
      const level = opposite[0] as RefLevel;
      if (!this.priceAcceptable(taker, level.price)) break;
      const maker = level.orders[0] as RefOrder;
      if (maker.account === taker.account) {
        if (taker.stp === 'cancel_newest') {
          sink.cancelled(taker.id, taker.account, taker.total, 'self_trade_prevention', ts);
          taker.total = 0;
          return true;
        }
        if (taker.stp === 'cancel_oldest') {
          this.removeResting(maker);
          this.live.delete(maker.id);
          sink.cancelled(maker.id, maker.account, maker.total, 'self_trade_prevention', ts);
          continue;
        }
        const d = Math.min(taker.total, maker.visible);
        taker.total -= d;
        this.consumeMaker(level, maker, d);
        sink.reduced(maker.id, maker.account, d, maker.total, ts);
        sink.reduced(taker.id, taker.account, d, taker.total, ts);
        continue;
      }
      const q = Math.min(taker.total, maker.visible);
      taker.total -= q;
      this.consumeMaker(level, maker, q);
      this.lastTrade = level.price;
      sink.trade(maker.id, taker.id, maker.account, taker.account, level.price, q, taker.side, ts);
    }
    return false;
  }

  /** Limit orders trade at their price or better; market orders up to their protection price, if any. */
  private priceAcceptable(taker: RefOrder, price: number): boolean {
    if (taker.type === 'market' && taker.price === 0) return true;
    return taker.side === 'buy' ? price <= taker.price : price >= taker.price;
  }

  /** Takes `q` from the front maker; an emptied iceberg slice is refilled and moved to the back of its level. */
  private consumeMaker(level: RefLevel, maker: RefOrder, q: number): void {
    maker.visible -= q;
    maker.total -= q;
    if (maker.visible > 0) return;
    level.orders.shift();
    if (maker.total > 0) {
      maker.visible = Math.min(maker.display, maker.total);
      level.orders.push(maker);
    } else {
      this.live.delete(maker.id);
    }
    if (level.orders.length === 0) this.sideOf(maker.side).shift();
  }

  private sideOf(side: Side): RefLevel[] {
    return side === 'buy' ? this.bids : this.asks;
  }

  private rest(order: RefOrder): void {
    const levels = this.sideOf(order.side);
    const better = (p: number) => (order.side === 'buy' ? p > order.price : p < order.price);
    let i = 0;
    while (i < levels.length && better((levels[i] as RefLevel).price)) i++;
    const at = levels[i];
    if (at !== undefined && at.price === order.price) at.orders.push(order);
    else levels.splice(i, 0, { price: order.price, orders: [order] });
  }

  private removeResting(order: RefOrder): void {
    const levels = this.sideOf(order.side);
    const i = levels.findIndex((l) => l.price === order.price);
    const level = levels[i] as RefLevel;
    level.orders = level.orders.filter((o) => o !== order);
    if (level.orders.length === 0) levels.splice(i, 1);
  }

  private crosses(side: Side, price: number): boolean {
    const best = side === 'buy' ? this.bestAsk() : this.bestBid();
    if (best === null) return false;
    return side === 'buy' ? best <= price : best >= price;
  }

  /**
   * Whether a fill-or-kill order would fill completely by trades. With cancel_oldest the taker's own resting orders
   * are removed on contact, so they are skipped; otherwise the first own order ends the reachable quantity, and only
   * the visible slice of an iceberg ahead of it counts (its refill goes behind the own order).
   */
  private fillable(side: Side, price: number, qty: number, account: number, stp: StpMode): boolean {
    let reachable = 0;
    for (const level of side === 'buy' ? this.asks : this.bids) {
      if (side === 'buy' ? level.price > price : level.price < price) return false;
      for (const o of level.orders) {
        if (o.account === account && stp !== 'cancel_oldest') {
          for (const ahead of level.orders.slice(0, level.orders.indexOf(o))) {
            reachable += ahead.display > 0 ? ahead.visible : ahead.total;
          }
          return reachable >= qty;
        }
      }
      for (const o of level.orders) if (o.account !== account) reachable += o.total;
      if (reachable >= qty) return true;
    }
    return false;
  }

  private stopTriggers(side: Side, stopPrice: number): boolean {
    if (this.lastTrade === 0) return false;
    return side === 'buy' ? this.lastTrade >= stopPrice : this.lastTrade <= stopPrice;
  }

  /**
   * Triggers stops in rounds: every stop whose condition holds at the current last trade price leaves the list,
   * and they execute one after another in arrival order; trades they make may trigger a further round.
   */
  private runStops(ts: number, sink: EventSink): void {
    for (;;) {
      const due = this.stops.filter((s) => this.stopTriggers(s.side, s.stopPrice));
      if (due.length === 0) return;
      this.stops = this.stops.filter((s) => !due.includes(s));
      const last = this.lastTrade;
      for (const s of due) {
        sink.triggered(s.id, s.account, last, ts);
        s.type = s.type === 'stop_limit' ? 'limit' : 'market';
        if (s.type === 'limit' && s.tif === 'fok' && !this.fillable(s.side, s.price, s.total, s.account, s.stp)) {
          sink.cancelled(s.id, s.account, s.total, 'fok_not_fully_fillable', ts);
          this.live.delete(s.id);
          continue;
        }
        this.execute(s, ts, sink);
      }
    }
  }

  bestBid(): number | null {
    return this.bids[0]?.price ?? null;
  }

  bestAsk(): number | null {
    return this.asks[0]?.price ?? null;
  }

  lastTradePriceTicks(): number | null {
    return this.lastTrade === 0 ? null : this.lastTrade;
  }

  depth(levels: number): BookDepth {
    const summarise = (l: RefLevel): DepthLevel => ({
      priceTicks: l.price,
      qtyLots: l.orders.reduce((sum, o) => sum + o.visible, 0),
      orderCount: l.orders.length,
    });
    return { bids: this.bids.slice(0, levels).map(summarise), asks: this.asks.slice(0, levels).map(summarise) };
  }

  forEachOrder(visit: OrderVisitor): void {
    for (const level of [...this.bids, ...this.asks]) {
      for (const o of level.orders) visit(o.side, o.price, o.id, o.account, o.visible, o.total);
    }
  }

  restoreIceberg(orderId: number, displayLots: number, visibleLots: number): boolean {
    const order = this.live.get(orderId);
    if (order === undefined || this.stops.includes(order)) return false;
    if (!isPositiveSafeInteger(displayLots) || !isPositiveSafeInteger(visibleLots)) return false;
    if (visibleLots > displayLots || visibleLots > order.total) return false;
    order.display = displayLots;
    order.visible = visibleLots;
    return true;
  }

  openQtyLots(orderId: number): number {
    if (!isPositiveSafeInteger(orderId)) return 0;
    return this.live.get(orderId)?.total ?? 0;
  }

  restingOrderCount(): number {
    return this.live.size - this.stops.length;
  }

  pendingStopCount(): number {
    return this.stops.length;
  }

  forEachStop(visit: (orderId: number) => void): void {
    for (const s of this.stops) visit(s.id);
  }

  stateHash(): string {
    const h = new StateHasher();
    h.add(this.lastTrade);
    for (const levels of [this.bids, this.asks]) {
      h.add(levels.length);
      for (const level of levels) {
        h.add(level.price);
        h.add(level.orders.length);
        for (const o of level.orders) {
          for (const n of [o.id, o.account, o.total, o.visible, o.display, o.postOnly ? 1 : 0, hashCodes[o.stp]]) {
            h.add(n);
          }
        }
      }
    }
    h.add(this.stops.length);
    for (const s of this.stops) {
      for (const n of [s.id, s.account, hashCodes[s.side], hashCodes[s.type], hashCodes[s.tif], s.price, s.stopPrice]) {
        h.add(n);
      }
      h.add(s.total);
      h.add(hashCodes[s.stp]);
    }
    return h.digest();
  }
}
