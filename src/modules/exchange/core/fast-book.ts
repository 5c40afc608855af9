// The fast order book: orders in preallocated typed-array slots, intrusive FIFO lists per level, sorted level keys.
import { assert as kernelAssert } from '../../../kernel/index.js';
import type { BookDepth, DepthLevel, OrderBook, OrderVisitor } from './book.js';
import { IdSlotMap } from './id-slot-map.js';
import { matchingLimits } from './matching-limits.js';
import { StateHasher } from './state-hash.js';
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
import {
  amendCommandCode as amendCodeOf,
  placeCommandCode as placeCodeOf,
  isPositiveSafeInteger as positiveSafe,
} from './validate-command.js';

// Imported functions bound once to module constants: under a transpiling loader (tsx, as the benchmark runs) each
// use of an imported name can go through a live-binding getter, which showed up at ~5% of the hot path's profile.
const assert: typeof kernelAssert = kernelAssert;
const amendCommandCode = amendCodeOf;
const isPositiveSafeInteger = positiveSafe;
const placeCommandCode = placeCodeOf;

const BUY = 0;
const SELL = 1;
const NONE = -1;
// Order type, time-in-force and STP codes match hashCodes in state-hash.ts so both books hash alike.
const LIMIT = 1;
const MARKET = 2;
const STOP_LIMIT = 3;
const STOP_MARKET = 4;
const GTC = 1;
const FOK = 3;
const CANCEL_NEWEST = 1;
const CANCEL_OLDEST = 2;
const FREE = 0;
const RESTING = 1;
const STOP = 2;
const ACTIVE = 3;

/** Numbers per order slot in each of the two slot arrays. */
const slotStride = 8;
// Field offsets in the Float64 record.
const ID = 0;
const ACCT = 1;
const PRICE = 2;
const STOP_PRICE = 3;
const TOTAL = 4;
const VIS = 5;
const DISP = 6;
const POST = 7;
// Field offsets in the Int32 record.
const NEXT = 0;
const PREV = 1;
const LEVEL = 2;
const SIDE = 3;
const TYPE = 4;
const TIF = 5;
const STP = 6;
const STATE = 7;

const sideNames: readonly Side[] = ['buy', 'sell'];
// Comparisons rather than keyed lookups keep these monomorphic and cheap on the hot path.
const typeCode = (t: OrderType): number =>
  t === 'limit' ? LIMIT : t === 'market' ? MARKET : t === 'stop_limit' ? STOP_LIMIT : STOP_MARKET;
const tifCode = (f: TimeInForce): number => (f === 'gtc' ? GTC : f === 'ioc' ? 2 : FOK);
const stpCode = (m: StpMode): number =>
  m === 'cancel_newest' ? CANCEL_NEWEST : m === 'cancel_oldest' ? CANCEL_OLDEST : 3;

/**
 * Ticks covered by the direct level index: levels priced within this window around the first resting price are
 * found by one array read; prices outside it fall back to the hash map. A tuning constant, not a limit.
 */
const levelWindow = 16_384;

/** Positive map key of a level: price ticks (at most 2^48) doubled, plus the side. */
const levelKey = (side: number, price: number): number => price * 2 + side;

/**
 * A price-time priority book tuned for the hot path. Each order lives in a slot of parallel typed arrays; each
 * price level keeps its orders in an intrusive doubly linked list (O(1) unlink on cancel or fill) with running
 * visible and total quantities; each side keeps its level keys sorted with the best level last, so matching
 * reads and pops the end. An open-addressing map turns order ids into slots. Slots and levels come from free
 * lists and the arrays only grow (doubling), so steady-state commands allocate nothing.
 */
export class FastBook implements OrderBook {
  private slotCap = 0;
  /**
   * Order slots as records of eight numbers each (array of structs), so one order's fields share one or two cache
   * lines: `od` holds id, account, price, stop price, total, visible, display, post-only; `oi` holds next, prev,
   * level, side, type, time in force, STP mode, state.
   */
  private od = new Float64Array(0);
  private oi = new Int32Array(0);
  private freeSlot = NONE;
  private live = 0;

  private levelCap = 0;
  private lPrice = new Float64Array(0);
  private lVis = new Float64Array(0);
  private lTotal = new Float64Array(0);
  private lHead = new Int32Array(0);
  private lTail = new Int32Array(0);
  private lCount = new Int32Array(0);
  private freeLevel = NONE;

  /** Per side, level keys ascending (bids: price, asks: -price), so the best level is always last. */
  private readonly sideKey: Float64Array[] = [new Float64Array(64), new Float64Array(64)];
  private readonly sideLevel: Int32Array[] = [new Int32Array(64), new Int32Array(64)];
  private readonly sideCount = new Int32Array(2);

  private readonly ids: IdSlotMap;
  /** Level by `levelKey(side, price)`, so joining an existing level is one hash probe, not a binary search. */
  private readonly levelsByPrice = new IdSlotMap(256);
  /**
   * Direct level index per side: entry `price - windowBase` holds level + 1 (0 for none). Most prices sit near the
   * first one the book saw, so this replaces hashing on the common path; `windowBase` is fixed once set.
   */
  private readonly window: Int32Array[] = [new Int32Array(0), new Int32Array(0)];
  private windowBase = -1;
  private stopHead = NONE;
  private stopTail = NONE;
  private stopCount = 0;
  private readonly due: number[] = [];
  private lastTrade = 0;

  constructor(private readonly ordersMax: number = matchingLimits.ordersPerBookMax) {
    assert(ordersMax > 0 && ordersMax <= matchingLimits.ordersPerBookMax, 'ordersMax out of range');
    const initial = Math.min(ordersMax, matchingLimits.initialSlots);
    this.ids = new IdSlotMap(initial);
    this.growSlots(initial);
    this.growLevels(Math.min(initial, 256));
  }

  place(cmd: PlaceCommand, sink: EventSink): CommandCode {
    const side = cmd.side === 'buy' ? BUY : SELL;
    const type = typeCode(cmd.type);
    const code = this.placeRefusal(cmd, side, type);
    if (code !== null) {
      sink.rejected(cmd.orderId, code, cmd.timestamp);
      return code;
    }
    const t = this.allocSlot();
    const o = t * slotStride;
    const od = this.od;
    const oi = this.oi;
    od[o + ID] = cmd.orderId;
    od[o + ACCT] = cmd.accountId;
    od[o + PRICE] = cmd.priceTicks;
    od[o + STOP_PRICE] = cmd.stopPriceTicks;
    od[o + TOTAL] = cmd.qtyLots;
    od[o + DISP] = cmd.displayQtyLots;
    od[o + POST] = cmd.postOnly ? 1 : 0;
    oi[o + SIDE] = side;
    oi[o + TYPE] = type;
    oi[o + TIF] = tifCode(cmd.timeInForce);
    oi[o + STP] = stpCode(cmd.stp);
    // The id goes into the map only once the order rests or waits as a stop: most takers fill or end at once, and
    // nothing looks them up by id while they match.
    this.live++;
    const ts = cmd.timestamp;
    sink.accepted(
      cmd.orderId,
      cmd.clientOrderId,
      cmd.accountId,
      cmd.side,
      cmd.type,
      cmd.priceTicks,
      cmd.stopPriceTicks,
      cmd.qtyLots,
      ts,
    );
    if (type === STOP_LIMIT || type === STOP_MARKET) {
      this.ids.set(cmd.orderId, t);
      this.appendStop(t);
      return 'ok';
    }
    oi[o + STATE] = ACTIVE;
    const before = this.lastTrade;
    this.execute(t, ts, sink, false);
    if (this.stopCount > 0 && this.lastTrade !== before) this.runStops(ts, sink);
    return 'ok';
  }

  private placeRefusal(cmd: PlaceCommand, side: number, type: number): RejectCode | null {
    const code = placeCommandCode(cmd);
    if (code !== null) return code;
    if (this.ids.get(cmd.orderId) !== NONE) return 'duplicate_order_id';
    if (this.live >= this.ordersMax) return 'book_capacity_exceeded';
    const isStop = type === STOP_LIMIT || type === STOP_MARKET;
    if (isStop && this.stopTriggers(side, cmd.stopPriceTicks)) return 'stop_would_trigger_immediately';
    if (cmd.postOnly && this.crosses(side, cmd.priceTicks)) return 'post_only_would_cross';
    if (type === LIMIT && cmd.timeInForce === 'fok') {
      if (!this.fillable(side, cmd.priceTicks, cmd.qtyLots, cmd.accountId, stpCode(cmd.stp))) {
        return 'fok_not_fully_fillable';
      }
    }
    return null;
  }

  cancel(cmd: CancelCommand, sink: EventSink): CommandCode {
    const t = isPositiveSafeInteger(cmd.orderId) ? this.ids.get(cmd.orderId) : NONE;
    if (t === NONE || this.od[t * slotStride + ACCT] !== cmd.accountId) {
      sink.rejected(cmd.orderId, 'unknown_order', cmd.timestamp);
      return 'unknown_order';
    }
    if (this.oi[t * slotStride + STATE] === STOP) this.unlinkStop(t);
    else this.removeResting(t);
    sink.cancelled(
      cmd.orderId,
      cmd.accountId,
      this.od[t * slotStride + TOTAL] as number,
      'cancelled_by_user',
      cmd.timestamp,
    );
    this.releaseSlot(t);
    return 'ok';
  }

  amend(cmd: AmendCommand, sink: EventSink): CommandCode {
    const code = this.amendRefusal(cmd);
    if (code !== null) {
      sink.rejected(cmd.orderId, code, cmd.timestamp);
      return code;
    }
    const t = this.ids.get(cmd.orderId);
    const previous = this.od[t * slotStride + TOTAL] as number;
    const ts = cmd.timestamp;
    if (cmd.priceTicks === this.od[t * slotStride + PRICE] && cmd.qtyLots < previous) {
      // Only a reduction at the same price keeps the order's place in the queue.
      const lv = this.oi[t * slotStride + LEVEL] as number;
      const vis = this.od[t * slotStride + VIS] as number;
      const newVis = Math.min(vis, cmd.qtyLots);
      this.lTotal[lv] = (this.lTotal[lv] as number) - (previous - cmd.qtyLots);
      this.lVis[lv] = (this.lVis[lv] as number) - (vis - newVis);
      this.od[t * slotStride + TOTAL] = cmd.qtyLots;
      this.od[t * slotStride + VIS] = newVis;
      sink.amended(cmd.orderId, cmd.accountId, cmd.priceTicks, cmd.qtyLots, previous, true, ts);
      return 'ok';
    }
    this.removeResting(t);
    this.od[t * slotStride + PRICE] = cmd.priceTicks;
    this.od[t * slotStride + TOTAL] = cmd.qtyLots;
    this.oi[t * slotStride + STATE] = ACTIVE;
    sink.amended(cmd.orderId, cmd.accountId, cmd.priceTicks, cmd.qtyLots, previous, false, ts);
    const before = this.lastTrade;
    this.execute(t, ts, sink, true);
    if (this.stopCount > 0 && this.lastTrade !== before) this.runStops(ts, sink);
    return 'ok';
  }

  restoreIceberg(orderId: number, displayLots: number, visibleLots: number): boolean {
    const t = isPositiveSafeInteger(orderId) ? this.ids.get(orderId) : NONE;
    if (t === NONE || this.oi[t * slotStride + STATE] !== RESTING) return false;
    if (!isPositiveSafeInteger(displayLots) || !isPositiveSafeInteger(visibleLots)) return false;
    if (visibleLots > displayLots || visibleLots > (this.od[t * slotStride + TOTAL] as number)) return false;
    const lv = this.oi[t * slotStride + LEVEL] as number;
    this.lVis[lv] = (this.lVis[lv] as number) + visibleLots - (this.od[t * slotStride + VIS] as number);
    this.od[t * slotStride + DISP] = displayLots;
    this.od[t * slotStride + VIS] = visibleLots;
    return true;
  }

  private amendRefusal(cmd: AmendCommand): RejectCode | null {
    const code = amendCommandCode(cmd);
    if (code !== null) return code;
    const t = this.ids.get(cmd.orderId);
    if (t === NONE || this.od[t * slotStride + ACCT] !== cmd.accountId) return 'unknown_order';
    if (this.oi[t * slotStride + STATE] === STOP) return 'stop_order_not_amendable';
    if (cmd.priceTicks === this.od[t * slotStride + PRICE] && cmd.qtyLots === this.od[t * slotStride + TOTAL])
      return 'amend_changes_nothing';
    const keeps =
      cmd.priceTicks === this.od[t * slotStride + PRICE] && cmd.qtyLots < (this.od[t * slotStride + TOTAL] as number);
    if (
      !keeps &&
      this.od[t * slotStride + POST] === 1 &&
      this.crosses(this.oi[t * slotStride + SIDE] as number, cmd.priceTicks)
    ) {
      return 'post_only_would_cross';
    }
    return null;
  }

  /**
   * Matches slot `t` as taker, then rests it (GTC limit) or cancels its remainder. `indexed` says whether its id is
   * already in the id map (amends and triggered stops) or goes in only if it rests (new orders).
   */
  private execute(t: number, ts: number, sink: EventSink, indexed: boolean): void {
    const stpCancelled = this.match(t, ts, sink);
    const rem = this.od[t * slotStride + TOTAL] as number;
    if (stpCancelled || rem === 0) {
      this.releaseSlot(t, indexed);
      return;
    }
    const type = this.oi[t * slotStride + TYPE];
    if (type === LIMIT && this.oi[t * slotStride + TIF] === GTC) {
      const disp = this.od[t * slotStride + DISP] as number;
      this.od[t * slotStride + VIS] = disp > 0 && disp < rem ? disp : rem;
      if (!indexed) this.ids.set(this.od[t * slotStride + ID] as number, t);
      this.rest(t);
      return;
    }
    const reason = type === MARKET ? 'market_remainder' : 'ioc_remainder';
    sink.cancelled(this.od[t * slotStride + ID] as number, this.od[t * slotStride + ACCT] as number, rem, reason, ts);
    this.releaseSlot(t, indexed);
  }

  /** Trades slot `t` against the opposite side; returns true when self-trade prevention cancelled it. */
  private match(t: number, ts: number, sink: EventSink): boolean {
    const side = this.oi[t * slotStride + SIDE] as number;
    const opp = side ^ 1;
    const levels = this.sideLevel[opp] as Int32Array;
    const limit = this.od[t * slotStride + PRICE] as number;
    const priced = this.oi[t * slotStride + TYPE] !== MARKET || limit !== 0;
    // Most resting limits do not cross: leave before reading the taker's other fields.
    const n0 = this.sideCount[opp] as number;
    if (n0 === 0) return false;
    const best = this.lPrice[levels[n0 - 1] as number] as number;
    if (priced && (side === BUY ? best > limit : best < limit)) return false;
    const acct = this.od[t * slotStride + ACCT] as number;
    const takerId = this.od[t * slotStride + ID] as number;
    const takerSide = side === BUY ? 'buy' : 'sell';
    let rem = this.od[t * slotStride + TOTAL] as number;
    while (rem > 0) {
      const n = this.sideCount[opp] as number;
      if (n === 0) break;
      const lv = levels[n - 1] as number;
      const px = this.lPrice[lv] as number;
      if (priced && (side === BUY ? px > limit : px < limit)) break;
      const m = this.lHead[lv] as number;
      const vis = this.od[m * slotStride + VIS] as number;
      const q = Math.min(rem, vis);
      if (this.od[m * slotStride + ACCT] === acct) {
        const mode = this.oi[t * slotStride + STP];
        if (mode === CANCEL_NEWEST) {
          sink.cancelled(takerId, acct, rem, 'self_trade_prevention', ts);
          this.od[t * slotStride + TOTAL] = 0;
          return true;
        }
        const makerId = this.od[m * slotStride + ID] as number;
        if (mode === CANCEL_OLDEST) {
          sink.cancelled(makerId, acct, this.od[m * slotStride + TOTAL] as number, 'self_trade_prevention', ts);
          this.removeResting(m);
          this.releaseSlot(m);
          continue;
        }
        rem -= q;
        const makerLeft = (this.od[m * slotStride + TOTAL] as number) - q;
        this.consumeMaker(lv, m, q, opp);
        sink.reduced(makerId, acct, q, makerLeft, ts);
        sink.reduced(takerId, acct, q, rem, ts);
        continue;
      }
      rem -= q;
      this.lastTrade = px;
      sink.trade(
        this.od[m * slotStride + ID] as number,
        takerId,
        this.od[m * slotStride + ACCT] as number,
        acct,
        px,
        q,
        takerSide,
        ts,
      );
      this.consumeMaker(lv, m, q, opp);
    }
    this.od[t * slotStride + TOTAL] = rem;
    return false;
  }

  /** Takes `q` from the head maker of level `lv`; an emptied iceberg slice is refilled at the back of the queue. */
  private consumeMaker(lv: number, m: number, q: number, side: number): void {
    const vis = (this.od[m * slotStride + VIS] as number) - q;
    const total = (this.od[m * slotStride + TOTAL] as number) - q;
    this.od[m * slotStride + VIS] = vis;
    this.od[m * slotStride + TOTAL] = total;
    this.lVis[lv] = (this.lVis[lv] as number) - q;
    this.lTotal[lv] = (this.lTotal[lv] as number) - q;
    if (vis > 0) return;
    if (total > 0) {
      const disp = this.od[m * slotStride + DISP] as number;
      const refill = Math.min(disp, total);
      this.od[m * slotStride + VIS] = refill;
      this.lVis[lv] = (this.lVis[lv] as number) + refill;
      if (this.lTail[lv] !== m) {
        this.unlinkFromLevel(lv, m);
        this.appendToLevel(lv, m);
      }
      return;
    }
    this.unlinkFromLevel(lv, m);
    this.releaseSlot(m);
    if (this.lCount[lv] === 0) this.dropLevel(side, lv);
  }

  /** Adds an ACTIVE slot to the tail of its price level, creating the level when needed. */
  private rest(t: number): void {
    const side = this.oi[t * slotStride + SIDE] as number;
    const price = this.od[t * slotStride + PRICE] as number;
    const key = side === BUY ? price : -price;
    const keys = this.sideKey[side] as Float64Array;
    const n = this.sideCount[side] as number;
    let lv = this.levelOf(side, price);
    if (lv === NONE) {
      const top = n > 0 ? (keys[n - 1] as number) : Number.NEGATIVE_INFINITY;
      lv = this.insertLevel(side, key > top ? n : this.lowerBound(keys, n, key), key, price);
    }
    this.appendToLevel(lv, t);
    this.lVis[lv] = (this.lVis[lv] as number) + (this.od[t * slotStride + VIS] as number);
    this.lTotal[lv] = (this.lTotal[lv] as number) + (this.od[t * slotStride + TOTAL] as number);
    this.oi[t * slotStride + STATE] = RESTING;
  }

  /** The level of `side` at `price`, or NONE. */
  private levelOf(side: number, price: number): number {
    const off = price - this.windowBase;
    if (this.windowBase >= 0 && off >= 0 && off < levelWindow)
      return ((this.window[side] as Int32Array)[off] as number) - 1;
    return this.levelsByPrice.get(levelKey(side, price));
  }

  /** Records level `lv1 - 1` at `price` (`lv1` 0 removes it); the first call places the direct window. */
  private setLevelOf(side: number, price: number, lv1: number): void {
    if (this.windowBase < 0) {
      this.windowBase = Math.max(0, price - levelWindow / 2);
      this.window[BUY] = new Int32Array(levelWindow);
      this.window[SELL] = new Int32Array(levelWindow);
    }
    const off = price - this.windowBase;
    if (off >= 0 && off < levelWindow) (this.window[side] as Int32Array)[off] = lv1;
    else if (lv1 > 0) this.levelsByPrice.set(levelKey(side, price), lv1 - 1);
    else this.levelsByPrice.delete(levelKey(side, price));
  }

  private lowerBound(keys: Float64Array, n: number, key: number): number {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((keys[mid] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertLevel(side: number, i: number, key: number, price: number): number {
    let n = this.sideCount[side] as number;
    if (n === (this.sideKey[side] as Float64Array).length) this.growSide(side);
    const keys = this.sideKey[side] as Float64Array;
    const levels = this.sideLevel[side] as Int32Array;
    if (i < n) {
      keys.copyWithin(i + 1, i, n);
      levels.copyWithin(i + 1, i, n);
    }
    if (this.freeLevel === NONE) this.growLevels(this.levelCap * 2);
    const lv = this.freeLevel;
    this.freeLevel = this.lHead[lv] as number;
    this.lPrice[lv] = price;
    this.lVis[lv] = 0;
    this.lTotal[lv] = 0;
    this.lHead[lv] = NONE;
    this.lTail[lv] = NONE;
    this.lCount[lv] = 0;
    keys[i] = key;
    levels[i] = lv;
    this.setLevelOf(side, price, lv + 1);
    n++;
    this.sideCount[side] = n;
    return lv;
  }

  /** Removes an empty level from its side; the best level (the common case) is a pop. */
  private dropLevel(side: number, lv: number): void {
    const n = this.sideCount[side] as number;
    const levels = this.sideLevel[side] as Int32Array;
    if (levels[n - 1] !== lv) {
      const keys = this.sideKey[side] as Float64Array;
      const price = this.lPrice[lv] as number;
      const i = this.lowerBound(keys, n, side === BUY ? price : -price);
      assert(levels[i] === lv, 'level index out of sync');
      keys.copyWithin(i, i + 1, n);
      levels.copyWithin(i, i + 1, n);
    }
    this.sideCount[side] = n - 1;
    this.setLevelOf(side, this.lPrice[lv] as number, 0);
    this.lHead[lv] = this.freeLevel;
    this.freeLevel = lv;
  }

  private appendToLevel(lv: number, t: number): void {
    const tail = this.lTail[lv] as number;
    this.oi[t * slotStride + PREV] = tail;
    this.oi[t * slotStride + NEXT] = NONE;
    if (tail === NONE) this.lHead[lv] = t;
    else this.oi[tail * slotStride + NEXT] = t;
    this.lTail[lv] = t;
    this.oi[t * slotStride + LEVEL] = lv;
    this.lCount[lv] = (this.lCount[lv] as number) + 1;
  }

  private unlinkFromLevel(lv: number, t: number): void {
    const prev = this.oi[t * slotStride + PREV] as number;
    const next = this.oi[t * slotStride + NEXT] as number;
    if (prev === NONE) this.lHead[lv] = next;
    else this.oi[prev * slotStride + NEXT] = next;
    if (next === NONE) this.lTail[lv] = prev;
    else this.oi[next * slotStride + PREV] = prev;
    this.lCount[lv] = (this.lCount[lv] as number) - 1;
  }

  /** Takes a resting order out of its level (the slot stays allocated). */
  private removeResting(t: number): void {
    const lv = this.oi[t * slotStride + LEVEL] as number;
    this.unlinkFromLevel(lv, t);
    this.lVis[lv] = (this.lVis[lv] as number) - (this.od[t * slotStride + VIS] as number);
    this.lTotal[lv] = (this.lTotal[lv] as number) - (this.od[t * slotStride + TOTAL] as number);
    this.oi[t * slotStride + STATE] = ACTIVE;
    if (this.lCount[lv] === 0) this.dropLevel(this.oi[t * slotStride + SIDE] as number, lv);
  }

  private crosses(side: number, price: number): boolean {
    const opp = side ^ 1;
    const n = this.sideCount[opp] as number;
    if (n === 0) return false;
    const best = this.lPrice[(this.sideLevel[opp] as Int32Array)[n - 1] as number] as number;
    return side === BUY ? best <= price : best >= price;
  }

  /** Whether a fill-or-kill order fills completely by trades; same rule as ReferenceBook.fillable. */
  private fillable(side: number, price: number, qty: number, account: number, stp: number): boolean {
    const opp = side ^ 1;
    const levels = this.sideLevel[opp] as Int32Array;
    let reachable = 0;
    for (let i = (this.sideCount[opp] as number) - 1; i >= 0; i--) {
      const lv = levels[i] as number;
      const px = this.lPrice[lv] as number;
      if (side === BUY ? px > price : px < price) return false;
      let ahead = 0;
      let others = 0;
      for (let o = this.lHead[lv] as number; o !== NONE; o = this.oi[o * slotStride + NEXT] as number) {
        if (this.od[o * slotStride + ACCT] === account) {
          if (stp !== CANCEL_OLDEST) return reachable + ahead >= qty;
          continue;
        }
        ahead +=
          (this.od[o * slotStride + DISP] as number) > 0
            ? (this.od[o * slotStride + VIS] as number)
            : (this.od[o * slotStride + TOTAL] as number);
        others += this.od[o * slotStride + TOTAL] as number;
      }
      reachable += others;
      if (reachable >= qty) return true;
    }
    return false;
  }

  private stopTriggers(side: number, stopPrice: number): boolean {
    const last = this.lastTrade;
    if (last === 0) return false;
    return side === BUY ? last >= stopPrice : last <= stopPrice;
  }

  private appendStop(t: number): void {
    this.oi[t * slotStride + STATE] = STOP;
    this.oi[t * slotStride + PREV] = this.stopTail;
    this.oi[t * slotStride + NEXT] = NONE;
    if (this.stopTail === NONE) this.stopHead = t;
    else this.oi[this.stopTail * slotStride + NEXT] = t;
    this.stopTail = t;
    this.stopCount++;
  }

  private unlinkStop(t: number): void {
    const prev = this.oi[t * slotStride + PREV] as number;
    const next = this.oi[t * slotStride + NEXT] as number;
    if (prev === NONE) this.stopHead = next;
    else this.oi[prev * slotStride + NEXT] = next;
    if (next === NONE) this.stopTail = prev;
    else this.oi[next * slotStride + PREV] = prev;
    this.stopCount--;
    this.oi[t * slotStride + STATE] = ACTIVE;
  }

  /**
   * Triggers stops in rounds, as ReferenceBook does: all stops whose condition holds at the current last trade
   * leave the list and execute in arrival order; their trades may trigger another round. Stops are rare, so a
   * round scans the pending list.
   */
  private runStops(ts: number, sink: EventSink): void {
    const due = this.due;
    for (;;) {
      due.length = 0;
      for (let s = this.stopHead; s !== NONE; s = this.oi[s * slotStride + NEXT] as number) {
        if (this.stopTriggers(this.oi[s * slotStride + SIDE] as number, this.od[s * slotStride + STOP_PRICE] as number))
          due.push(s);
      }
      if (due.length === 0) return;
      for (const s of due) this.unlinkStop(s);
      const last = this.lastTrade;
      for (const s of due) this.triggerStop(s, last, ts, sink);
    }
  }

  private triggerStop(s: number, last: number, ts: number, sink: EventSink): void {
    const id = this.od[s * slotStride + ID] as number;
    const acct = this.od[s * slotStride + ACCT] as number;
    sink.triggered(id, acct, last, ts);
    const isLimit = this.oi[s * slotStride + TYPE] === STOP_LIMIT;
    this.oi[s * slotStride + TYPE] = isLimit ? LIMIT : MARKET;
    const total = this.od[s * slotStride + TOTAL] as number;
    if (isLimit && this.oi[s * slotStride + TIF] === FOK) {
      const side = this.oi[s * slotStride + SIDE] as number;
      if (
        !this.fillable(
          side,
          this.od[s * slotStride + PRICE] as number,
          total,
          acct,
          this.oi[s * slotStride + STP] as number,
        )
      ) {
        sink.cancelled(id, acct, total, 'fok_not_fully_fillable', ts);
        this.releaseSlot(s);
        return;
      }
    }
    this.execute(s, ts, sink, true);
  }

  private allocSlot(): number {
    if (this.freeSlot === NONE) this.growSlots(Math.min(this.slotCap * 2, this.ordersMax));
    const t = this.freeSlot;
    assert(t !== NONE, 'no free slot');
    this.freeSlot = this.oi[t * slotStride + NEXT] as number;
    this.od[t * slotStride + VIS] = 0;
    return t;
  }

  /** Frees slot `t`; `indexed` false for a taker that never rested, whose id never entered the id map. */
  private releaseSlot(t: number, indexed = true): void {
    if (indexed) this.ids.delete(this.od[t * slotStride + ID] as number);
    this.live--;
    this.oi[t * slotStride + STATE] = FREE;
    this.oi[t * slotStride + NEXT] = this.freeSlot;
    this.freeSlot = t;
  }

  private growSlots(cap: number): void {
    const old = this.slotCap;
    assert(cap > old, 'slot arrays cannot grow');
    const od = new Float64Array(cap * slotStride);
    od.set(this.od);
    const oi = new Int32Array(cap * slotStride);
    oi.set(this.oi);
    this.od = od;
    this.oi = oi;
    // New slots join the free list in index order.
    for (let i = cap - 1; i >= old; i--) {
      this.oi[i * slotStride + NEXT] = this.freeSlot;
      this.freeSlot = i;
    }
    this.slotCap = cap;
  }

  private growLevels(cap: number): void {
    const old = this.levelCap;
    const copy = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    const f64 = (n: number) => new Float64Array(n);
    const i32 = (n: number) => new Int32Array(n);
    this.lPrice = copy(this.lPrice, f64);
    this.lVis = copy(this.lVis, f64);
    this.lTotal = copy(this.lTotal, f64);
    this.lHead = copy(this.lHead, i32);
    this.lTail = copy(this.lTail, i32);
    this.lCount = copy(this.lCount, i32);
    for (let i = cap - 1; i >= old; i--) {
      this.lHead[i] = this.freeLevel;
      this.freeLevel = i;
    }
    this.levelCap = cap;
  }

  private growSide(side: number): void {
    const keys = new Float64Array((this.sideKey[side] as Float64Array).length * 2);
    keys.set(this.sideKey[side] as Float64Array);
    const levels = new Int32Array(keys.length);
    levels.set(this.sideLevel[side] as Int32Array);
    this.sideKey[side] = keys;
    this.sideLevel[side] = levels;
  }

  bestBid(): number | null {
    return this.bestOf(BUY);
  }

  bestAsk(): number | null {
    return this.bestOf(SELL);
  }

  private bestOf(side: number): number | null {
    const n = this.sideCount[side] as number;
    if (n === 0) return null;
    return this.lPrice[(this.sideLevel[side] as Int32Array)[n - 1] as number] as number;
  }

  lastTradePriceTicks(): number | null {
    return this.lastTrade === 0 ? null : this.lastTrade;
  }

  depth(levels: number): BookDepth {
    return { bids: this.depthOf(BUY, levels), asks: this.depthOf(SELL, levels) };
  }

  private depthOf(side: number, wanted: number): DepthLevel[] {
    const out: DepthLevel[] = [];
    const n = this.sideCount[side] as number;
    const levels = this.sideLevel[side] as Int32Array;
    for (let i = n - 1; i >= 0 && out.length < wanted; i--) {
      const lv = levels[i] as number;
      out.push({
        priceTicks: this.lPrice[lv] as number,
        qtyLots: this.lVis[lv] as number,
        orderCount: this.lCount[lv] as number,
      });
    }
    return out;
  }

  forEachOrder(visit: OrderVisitor): void {
    for (const side of [BUY, SELL]) {
      const levels = this.sideLevel[side] as Int32Array;
      for (let i = (this.sideCount[side] as number) - 1; i >= 0; i--) {
        const lv = levels[i] as number;
        for (let o = this.lHead[lv] as number; o !== NONE; o = this.oi[o * slotStride + NEXT] as number) {
          const name = sideNames[side] as Side;
          visit(
            name,
            this.lPrice[lv] as number,
            this.od[o * slotStride + ID] as number,
            this.od[o * slotStride + ACCT] as number,
            this.od[o * slotStride + VIS] as number,
            this.od[o * slotStride + TOTAL] as number,
          );
        }
      }
    }
  }

  openQtyLots(orderId: number): number {
    if (!isPositiveSafeInteger(orderId)) return 0;
    const t = this.ids.get(orderId);
    return t === NONE ? 0 : (this.od[t * slotStride + TOTAL] as number);
  }

  restingOrderCount(): number {
    return this.live - this.stopCount;
  }

  pendingStopCount(): number {
    return this.stopCount;
  }

  stateHash(): string {
    const h = new StateHasher();
    h.add(this.lastTrade);
    for (const side of [BUY, SELL]) {
      const n = this.sideCount[side] as number;
      h.add(n);
      const levels = this.sideLevel[side] as Int32Array;
      for (let i = n - 1; i >= 0; i--) {
        const lv = levels[i] as number;
        h.add(this.lPrice[lv] as number);
        h.add(this.lCount[lv] as number);
        for (let o = this.lHead[lv] as number; o !== NONE; o = this.oi[o * slotStride + NEXT] as number) {
          h.add(this.od[o * slotStride + ID] as number);
          h.add(this.od[o * slotStride + ACCT] as number);
          h.add(this.od[o * slotStride + TOTAL] as number);
          h.add(this.od[o * slotStride + VIS] as number);
          h.add(this.od[o * slotStride + DISP] as number);
          h.add(this.od[o * slotStride + POST] as number);
          h.add(this.oi[o * slotStride + STP] as number);
        }
      }
    }
    h.add(this.stopCount);
    for (let s = this.stopHead; s !== NONE; s = this.oi[s * slotStride + NEXT] as number) {
      for (const n of [
        this.od[s * slotStride + ID],
        this.od[s * slotStride + ACCT],
        (this.oi[s * slotStride + SIDE] as number) + 1,
        this.oi[s * slotStride + TYPE],
        this.oi[s * slotStride + TIF],
      ]) {
        h.add(n as number);
      }
      h.add(this.od[s * slotStride + PRICE] as number);
      h.add(this.od[s * slotStride + STOP_PRICE] as number);
      h.add(this.od[s * slotStride + TOTAL] as number);
      h.add(this.oi[s * slotStride + STP] as number);
    }
    return h.digest();
  }
}
