// The fast order book: orders in preallocated typed-array slots, intrusive FIFO lists per level, sorted level keys.
import { AssertionError, assert as kernelAssert } from '../../../kernel/index.js';
import type { BookDepth, DepthLevel, OrderBook, OrderVisitor } from './book.js';
import { IdSlotMap } from './id-slot-map.js';
import { matchingLimits } from './matching-limits.js';
import { SlotIndex } from './slot-index.js';
import { StateHasher } from './state-hash.js';
import {
  type AmendCommand,
  type CancelCommand,
  type CommandCode,
  type EventSink,
  type PlaceCommand,
  type RejectCode,
  rejectCodes as rejectCodeList,
  type Side,
  sides as sideList,
} from './types.js';
import {
  amendCommandCode as amendCodeOf,
  amendTargetCode as amendTargetOf,
  placeCommandAttrs as placeAttrsOf,
  isPositiveSafeInteger as positiveSafe,
} from './validate-command.js';

// Imported functions bound once to module constants: under a transpiling loader (tsx, as the benchmark runs) each
// use of an imported name can go through a live-binding getter, which showed up at ~5% of the hot path's profile.
const assert: typeof kernelAssert = kernelAssert;
const amendCommandCode = amendCodeOf;
const amendTargetCode = amendTargetOf;
const isPositiveSafeInteger = positiveSafe;
const placeCommandAttrs = placeAttrsOf;
const rejectCodes = rejectCodeList;

// Constants as enums: the transpiler (esbuild, under tsx) writes enum members as literals, where V8 would load a
// module-level `const` from the module context on every use and, for index arithmetic, fall back to float math.
/** Sides. */
enum Sd {
  BUY = 0,
  SELL = 1,
}
/** The end of a list: no slot, no level. */
enum Link {
  NONE = -1,
}
/** Order type, time-in-force and STP codes; they match hashCodes in state-hash.ts so both books hash alike. */
enum Ty {
  LIMIT = 1,
  MARKET = 2,
  STOP_LIMIT = 3,
  STOP_MARKET = 4,
}
enum Tif {
  GTC = 1,
  IOC = 2,
  FOK = 3,
}
enum Stp {
  CANCEL_NEWEST = 1,
  CANCEL_OLDEST = 2,
  DECREMENT_BOTH = 3,
}
/** What a slot holds: nothing, a resting order, a pending stop, or an order being executed. */
enum St {
  FREE = 0,
  RESTING = 1,
  STOP = 2,
  ACTIVE = 3,
}

/**
 * An order slot is one 64-byte record in one buffer, read through two views: doubles in `od` from `t << shift` and
 * int32s in `oi` from `t << ishift`. A field is addressed as `(t << shift) | F.X` or `(t << ishift) | I.X` (with
 * `o = t << shift`, `(o << 1) | I.X`): the same as adding, but V8 needs no overflow check for an `or`.
 */
enum Slot {
  shift = 3,
  ishift = 4,
  bytes = 64,
}
/** Numbers per level record (4, as a shift). */
enum Lv {
  shift = 2,
}
/** Field offsets in a level's Float64 record. */
enum L {
  PRICE = 0,
  VIS = 1,
  TOTAL = 2,
}
/** Field offsets in a level's Int32 record. */
enum LI {
  HEAD = 0,
  TAIL = 1,
  COUNT = 2,
}
/** The doubles of an order's record: id, account, price, total and visible quantity (bytes 0-39). */
enum F {
  ID = 0,
  ACCT = 1,
  PRICE = 2,
  TOTAL = 3,
  VIS = 4,
}
/** The int32s of an order's record, after its doubles (bytes 40-59). */
enum I {
  NEXT = 10,
  PREV = 11,
  LEVEL = 12,
  STATE = 13,
  /** The order's fixed attributes packed as bits, see M. */
  META = 14,
}
/**
 * Bit positions in META: side (1 bit), type (3), time in force (2), STP mode (2), post-only (1), iceberg (1). The
 * same layout as `Attr` in validate-command.ts, whose `placeCommandAttrs` packs the word (validate-command.test.ts
 * holds them equal); a local copy because the transpiler writes only a file's own enum members as literals.
 */
enum M {
  SIDE = 0,
  TYPE = 1,
  TIF = 4,
  STP = 6,
  POST = 8,
  ICEBERG = 9,
}
/**
 * Fields only icebergs and stops use, kept out of the record in `cold` (two doubles per slot, from `t << Cold.shift`)
 * and written only for those orders: META's iceberg bit and type say when they are meaningful.
 */
enum C {
  DISP = 0,
  STOP_PRICE = 1,
}
/** Numbers per slot in `cold` (2, as a shift). */
enum Cold {
  shift = 1,
}

/** The order type code in a META word. */
const typeOf = (meta: number): number => (meta >> M.TYPE) & 7;

/** The META bit layout, for the test that holds it equal to `Attr`. */
export const orderAttrBits = M;

/** Side names by side number, read by index rather than chosen by a branch on the (random) side. */
const sideNames: readonly Side[] = sideList;

/** A level's sort key on its side (bids: price, asks: -price), so the best level sorts last on both. */
const sortKey = (side: number, price: number): number => price * (1 - 2 * side);

/**
 * Ticks covered by the direct level index: levels priced within this window around the first resting price are
 * found by one array read; prices outside it fall back to the hash map. A tuning constant, not a limit.
 */
enum Window {
  ticks = 16_384,
  /** log2 of `ticks`: side s's part of the window starts at `s << shift`. */
  shift = 14,
}

/**
 * Below this many entries, a sorted side's key and level arrays are shifted by a loop: `copyWithin` on a typed array
 * is a call into the runtime that cost 35-60 ns per array here, where the loop moves one entry in 1-2 ns.
 */
enum Shift {
  loopMax = 48,
}

/** Moves entries i..n-1 of both arrays up by one, freeing index i. */
function openGap(keys: Float64Array, levels: Int32Array, i: number, n: number): void {
  if (n - i > Shift.loopMax) {
    keys.copyWithin(i + 1, i, n);
    levels.copyWithin(i + 1, i, n);
    return;
  }
  for (let j = n; j > i; j--) {
    keys[j] = keys[j - 1] as number;
    levels[j] = levels[j - 1] as number;
  }
}

/** Moves entries i+1..n-1 of both arrays down by one, overwriting index i. */
function closeGap(keys: Float64Array, levels: Int32Array, i: number, n: number): void {
  if (n - i > Shift.loopMax) {
    keys.copyWithin(i, i + 1, n);
    levels.copyWithin(i, i + 1, n);
    return;
  }
  for (let j = i + 1; j < n; j++) {
    keys[j - 1] = keys[j] as number;
    levels[j - 1] = levels[j] as number;
  }
}

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
  /** Order slots as 64-byte records (array of structs, see Slot): two views of one buffer. */
  private od = new Float64Array(0);
  private oi = new Int32Array(0);
  /** Display quantity and stop price per slot (see C). */
  private cold = new Float64Array(0);
  private freeSlot = Link.NONE;
  private live = 0;

  private levelCap = 0;
  /**
   * Price levels as records of four numbers, like order slots: `lf` holds price, visible and total quantity, `li`
   * holds the head and tail slot of the level's queue and its order count (the head links free levels).
   */
  private lf = new Float64Array(0);
  private li = new Int32Array(0);
  private freeLevel = Link.NONE;

  /**
   * Per side, level keys ascending (bids: price, asks: -price) and their levels, so the best level is always last.
   * Both sides share one array each (side s from `s << sideShift`), so the hot path reads one field, not a field,
   * an array and its element.
   */
  private keys = new Float64Array(2 << 6);
  private lvls = new Int32Array(2 << 6);
  /** log2 of the entries each side has room for in `keys` and `lvls`. */
  private sideShift = 6;
  private readonly sideCount = new Int32Array(2);

  /** Slot by order id; the ids themselves stay in the records. */
  private readonly ids: SlotIndex;
  /** Level by `levelKey(side, price)`, so joining an existing level is one hash probe, not a binary search. */
  private readonly levelsByPrice = new IdSlotMap(256);
  /**
   * Direct level index, both sides in one array: entry `(side << Window.shift) | (price - windowBase)` holds level + 1
   * (0 for none). Most prices sit near the first one the book saw, so this replaces hashing on the common path;
   * `windowBase` is fixed once set.
   */
  private window = new Int32Array(0);
  private windowBase = -1;
  private stopHead = Link.NONE;
  private stopTail = Link.NONE;
  private stopCount = 0;
  private readonly due: number[] = [];
  private lastTrade = 0;

  constructor(private readonly ordersMax: number = matchingLimits.ordersPerBookMax) {
    assert(ordersMax > 0 && ordersMax <= matchingLimits.ordersPerBookMax, 'ordersMax out of range');
    const initial = Math.min(ordersMax, matchingLimits.initialSlots);
    this.ids = new SlotIndex(initial, this.od, Slot.shift);
    this.growSlots(initial);
    this.growLevels(Math.min(initial, 256));
  }

  // The hot path is written for V8's inliner, which inlines callees only up to a total bytecode size per optimised
  // function: each hot method stays small, reads arrays into locals once, and leaves rare cases (stops, post-only,
  // fill-or-kill, self-trade, icebergs, growth) to methods of their own that the common path never calls.
  place(cmd: PlaceCommand, sink: EventSink): CommandCode {
    const attrs = placeCommandAttrs(cmd);
    const code = attrs < 0 ? (rejectCodes[~attrs] as RejectCode) : this.placeRefusal(cmd, attrs);
    if (code !== null) {
      sink.rejected(cmd.orderId, code, cmd.timestamp);
      return code;
    }
    const t = this.allocSlot();
    this.fillSlot(t, cmd, attrs);
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
    if (typeOf(attrs) >= Ty.STOP_LIMIT) {
      this.ids.set(cmd.orderId, t);
      this.appendStop(t);
      return 'ok';
    }
    // The id goes into the map only once the order rests: most takers fill or end at once, and nothing looks them
    // up by id while they match.
    const before = this.lastTrade;
    this.execute(t, ts, sink, false);
    if (this.stopCount > 0 && this.lastTrade !== before) this.runStops(ts, sink);
    return 'ok';
  }

  /** Copies a valid place command with attributes `attrs` (see M) into slot `t`, state ACTIVE. */
  private fillSlot(t: number, cmd: PlaceCommand, attrs: number): void {
    const o = t << Slot.shift;
    const od = this.od;
    const oi = this.oi;
    od[o | F.ID] = cmd.orderId;
    od[o | F.ACCT] = cmd.accountId;
    od[o | F.PRICE] = cmd.priceTicks;
    od[o | F.TOTAL] = cmd.qtyLots;
    oi[(o << 1) | I.META] = attrs;
    oi[(o << 1) | I.STATE] = St.ACTIVE;
    if ((attrs >> M.ICEBERG) & 1) this.cold[(t << Cold.shift) | C.DISP] = cmd.displayQtyLots;
    if (typeOf(attrs) >= Ty.STOP_LIMIT) this.cold[(t << Cold.shift) | C.STOP_PRICE] = cmd.stopPriceTicks;
  }

  /** Refusals of a well-formed place command (attributes `attrs`) that depend on the book. */
  private placeRefusal(cmd: PlaceCommand, attrs: number): RejectCode | null {
    if (this.ids.get(cmd.orderId) !== Link.NONE) return 'duplicate_order_id';
    if (this.live >= this.ordersMax) return 'book_capacity_exceeded';
    // Only stops, post-only and fill-or-kill orders depend on the book's state before they are accepted.
    if (typeOf(attrs) >= Ty.STOP_LIMIT || (attrs >> M.POST) & 1 || ((attrs >> M.TIF) & 3) === Tif.FOK) {
      return this.stateRefusal(cmd, attrs);
    }
    return null;
  }

  /** Refusals that depend on the book: a stop that would trigger at once, post-only crossing, FOK not fillable. */
  private stateRefusal(cmd: PlaceCommand, attrs: number): RejectCode | null {
    const side = attrs & 1;
    const type = typeOf(attrs);
    const isStop = type === Ty.STOP_LIMIT || type === Ty.STOP_MARKET;
    if (isStop && this.stopTriggers(side, cmd.stopPriceTicks)) return 'stop_would_trigger_immediately';
    if (cmd.postOnly && this.crosses(side, cmd.priceTicks)) return 'post_only_would_cross';
    if (type === Ty.LIMIT && ((attrs >> M.TIF) & 3) === Tif.FOK) {
      if (!this.fillable(side, cmd.priceTicks, cmd.qtyLots, cmd.accountId, (attrs >> M.STP) & 3)) {
        return 'fok_not_fully_fillable';
      }
    }
    return null;
  }

  cancel(cmd: CancelCommand, sink: EventSink): CommandCode {
    const t = isPositiveSafeInteger(cmd.orderId) ? this.ids.get(cmd.orderId) : Link.NONE;
    const o = t << Slot.shift;
    if (t === Link.NONE || this.od[o | F.ACCT] !== cmd.accountId) {
      sink.rejected(cmd.orderId, 'unknown_order', cmd.timestamp);
      return 'unknown_order';
    }
    if (this.oi[(o << 1) | I.STATE] === St.STOP) this.unlinkStop(t);
    else this.removeResting(t);
    sink.cancelled(cmd.orderId, cmd.accountId, this.od[o | F.TOTAL] as number, 'cancelled_by_user', cmd.timestamp);
    this.releaseSlot(t, true);
    return 'ok';
  }

  amend(cmd: AmendCommand, sink: EventSink): CommandCode {
    const code = this.amendRefusal(cmd);
    if (code !== null) {
      sink.rejected(cmd.orderId, code, cmd.timestamp);
      return code;
    }
    const t = this.ids.get(cmd.orderId);
    const previous = this.od[(t << Slot.shift) | F.TOTAL] as number;
    const ts = cmd.timestamp;
    if (this.oi[(t << Slot.ishift) | I.STATE] === St.STOP) {
      // A waiting stop takes its new fields and goes to the back of the stops, which trigger in arrival order.
      this.unlinkStop(t);
      this.od[(t << Slot.shift) | F.PRICE] = cmd.priceTicks;
      this.od[(t << Slot.shift) | F.TOTAL] = cmd.qtyLots;
      if (cmd.stopPriceTicks !== undefined) this.cold[(t << Cold.shift) | C.STOP_PRICE] = cmd.stopPriceTicks;
      this.appendStop(t);
      sink.amended(cmd.orderId, cmd.accountId, cmd.priceTicks, cmd.qtyLots, previous, false, ts);
      return 'ok';
    }
    if (cmd.priceTicks === this.od[(t << Slot.shift) | F.PRICE] && cmd.qtyLots < previous) {
      // Only a reduction at the same price keeps the order's place in the queue.
      const lv = this.oi[(t << Slot.ishift) | I.LEVEL] as number;
      const vis = this.od[(t << Slot.shift) | F.VIS] as number;
      const newVis = Math.min(vis, cmd.qtyLots);
      this.lf[(lv << Lv.shift) | L.TOTAL] = (this.lf[(lv << Lv.shift) | L.TOTAL] as number) - (previous - cmd.qtyLots);
      this.lf[(lv << Lv.shift) | L.VIS] = (this.lf[(lv << Lv.shift) | L.VIS] as number) - (vis - newVis);
      this.od[(t << Slot.shift) | F.TOTAL] = cmd.qtyLots;
      this.od[(t << Slot.shift) | F.VIS] = newVis;
      sink.amended(cmd.orderId, cmd.accountId, cmd.priceTicks, cmd.qtyLots, previous, true, ts);
      return 'ok';
    }
    this.removeResting(t);
    this.od[(t << Slot.shift) | F.PRICE] = cmd.priceTicks;
    this.od[(t << Slot.shift) | F.TOTAL] = cmd.qtyLots;
    this.oi[(t << Slot.ishift) | I.STATE] = St.ACTIVE;
    sink.amended(cmd.orderId, cmd.accountId, cmd.priceTicks, cmd.qtyLots, previous, false, ts);
    const before = this.lastTrade;
    this.execute(t, ts, sink, true);
    if (this.stopCount > 0 && this.lastTrade !== before) this.runStops(ts, sink);
    return 'ok';
  }

  restoreIceberg(orderId: number, displayLots: number, visibleLots: number): boolean {
    const t = isPositiveSafeInteger(orderId) ? this.ids.get(orderId) : Link.NONE;
    if (t === Link.NONE || this.oi[(t << Slot.ishift) | I.STATE] !== St.RESTING) return false;
    if (!isPositiveSafeInteger(displayLots) || !isPositiveSafeInteger(visibleLots)) return false;
    if (visibleLots > displayLots || visibleLots > (this.od[(t << Slot.shift) | F.TOTAL] as number)) return false;
    const lv = this.oi[(t << Slot.ishift) | I.LEVEL] as number;
    this.lf[(lv << Lv.shift) | L.VIS] =
      (this.lf[(lv << Lv.shift) | L.VIS] as number) + visibleLots - (this.od[(t << Slot.shift) | F.VIS] as number);
    this.cold[(t << Cold.shift) | C.DISP] = displayLots;
    const meta = (t << Slot.ishift) | I.META;
    this.oi[meta] = (this.oi[meta] as number) | (1 << M.ICEBERG);
    this.od[(t << Slot.shift) | F.VIS] = visibleLots;
    return true;
  }

  private amendRefusal(cmd: AmendCommand): RejectCode | null {
    const code = amendCommandCode(cmd);
    if (code !== null) return code;
    const t = this.ids.get(cmd.orderId);
    if (t === Link.NONE || this.od[(t << Slot.shift) | F.ACCT] !== cmd.accountId) return 'unknown_order';
    const waiting = this.oi[(t << Slot.ishift) | I.STATE] === St.STOP;
    const stopMarket = typeOf(this.oi[(t << Slot.ishift) | I.META] as number) === Ty.STOP_MARKET;
    const target = amendTargetCode(cmd, waiting, stopMarket);
    if (target !== null) return target;
    if (waiting) return this.stopAmendRefusal(t, cmd);
    if (cmd.priceTicks === this.od[(t << Slot.shift) | F.PRICE] && cmd.qtyLots === this.od[(t << Slot.shift) | F.TOTAL])
      return 'amend_changes_nothing';
    const keeps =
      cmd.priceTicks === this.od[(t << Slot.shift) | F.PRICE] &&
      cmd.qtyLots < (this.od[(t << Slot.shift) | F.TOTAL] as number);
    const meta = this.oi[(t << Slot.ishift) | I.META] as number;
    if (!keeps && (meta >> M.POST) & 1 && this.crosses(meta & 1, cmd.priceTicks)) return 'post_only_would_cross';
    return null;
  }

  /** Refusals of an amend of the waiting stop in slot `t`: nothing changed, or it would trigger at once. */
  private stopAmendRefusal(t: number, cmd: AmendCommand): RejectCode | null {
    const stopPrice = cmd.stopPriceTicks ?? (this.cold[(t << Cold.shift) | C.STOP_PRICE] as number);
    if (
      cmd.priceTicks === this.od[(t << Slot.shift) | F.PRICE] &&
      cmd.qtyLots === this.od[(t << Slot.shift) | F.TOTAL] &&
      stopPrice === this.cold[(t << Cold.shift) | C.STOP_PRICE]
    )
      return 'amend_changes_nothing';
    const side = (this.oi[(t << Slot.ishift) | I.META] as number) & 1;
    return this.stopTriggers(side, stopPrice) ? 'stop_would_trigger_immediately' : null;
  }

  /**
   * Matches slot `t` as taker, then rests it (GTC limit) or cancels its remainder. `indexed` says whether its id is
   * already in the id map (amends and triggered stops) or goes in only if it rests (new orders).
   */
  private execute(t: number, ts: number, sink: EventSink, indexed: boolean): void {
    const stpCancelled = this.match(t, ts, sink);
    const od = this.od;
    const o = t << Slot.shift;
    const rem = od[o | F.TOTAL] as number;
    if (stpCancelled || rem === 0) {
      this.releaseSlot(t, indexed);
      return;
    }
    const meta = this.oi[(o << 1) | I.META] as number;
    const type = typeOf(meta);
    if (type === Ty.LIMIT && ((meta >> M.TIF) & 3) === Tif.GTC) {
      const disp = (meta >> M.ICEBERG) & 1 ? (this.cold[(t << Cold.shift) | C.DISP] as number) : 0;
      od[o | F.VIS] = disp > 0 && disp < rem ? disp : rem;
      if (!indexed) this.ids.set(od[o | F.ID] as number, t);
      this.rest(t);
      return;
    }
    const reason = type === Ty.MARKET ? 'market_remainder' : 'ioc_remainder';
    sink.cancelled(od[o | F.ID] as number, od[o | F.ACCT] as number, rem, reason, ts);
    this.releaseSlot(t, indexed);
  }

  /** Trades slot `t` against the opposite side; returns true when self-trade prevention cancelled it. */
  private match(t: number, ts: number, sink: EventSink): boolean {
    // Local copies of the arrays: nothing called from here grows them (matching only frees slots and levels).
    const od = this.od;
    const oi = this.oi;
    const o = t << Slot.shift;
    const meta = oi[(o << 1) | I.META] as number;
    const side = meta & 1;
    const opp = side ^ 1;
    const lvls = this.lvls;
    const base = opp << this.sideShift;
    const lf = this.lf;
    const li = this.li;
    const limit = od[o | F.PRICE] as number;
    // Prices times `dir` (buy +1, sell -1) rise as they get worse for the taker, so one comparison serves both
    // sides without a branch on the side, which is random and mispredicts half the time. An unprotected market
    // order has no bound.
    const dir = 1 - 2 * side;
    const bound = typeOf(meta) !== Ty.MARKET || limit !== 0 ? limit * dir : Number.POSITIVE_INFINITY;
    // Most resting limits do not cross: leave before reading the taker's other fields.
    const n0 = this.sideCount[opp] as number;
    if (n0 === 0) return false;
    const best = lf[((lvls[base + n0 - 1] as number) << Lv.shift) | L.PRICE] as number;
    if (best * dir > bound) return false;
    const acct = od[o | F.ACCT] as number;
    const takerId = od[o | F.ID] as number;
    const takerSide = sideNames[side] as Side;
    let rem = od[o | F.TOTAL] as number;
    while (rem > 0) {
      const n = this.sideCount[opp] as number;
      if (n === 0) break;
      const lv = lvls[base + n - 1] as number;
      const px = lf[(lv << Lv.shift) | L.PRICE] as number;
      if (px * dir > bound) break;
      const m = li[(lv << Lv.shift) | LI.HEAD] as number;
      const mo = m << Slot.shift;
      const vis = od[mo | F.VIS] as number;
      const q = rem < vis ? rem : vis;
      const makerAcct = od[mo | F.ACCT] as number;
      if (makerAcct === acct) {
        if (this.selfTrade(t, m, lv, q, rem, ts, sink)) return true;
        if (((meta >> M.STP) & 3) === Stp.DECREMENT_BOTH) rem -= q;
        continue;
      }
      rem -= q;
      this.lastTrade = px;
      sink.trade(od[mo | F.ID] as number, takerId, makerAcct, acct, px, q, takerSide, ts);
      this.consumeMaker(lv, m, q, opp);
    }
    od[o | F.TOTAL] = rem;
    return false;
  }

  /**
   * Applies taker `t`'s self-trade prevention against maker `m` (same account) at level `lv`, `q` being what they
   * would trade and `rem` what the taker has left. Returns true when the taker is cancelled.
   */
  private selfTrade(t: number, m: number, lv: number, q: number, rem: number, ts: number, sink: EventSink): boolean {
    const od = this.od;
    const o = t << Slot.shift;
    const mo = m << Slot.shift;
    const acct = od[o | F.ACCT] as number;
    const mode = ((this.oi[(o << 1) | I.META] as number) >> M.STP) & 3;
    if (mode === Stp.CANCEL_NEWEST) {
      sink.cancelled(od[o | F.ID] as number, acct, rem, 'self_trade_prevention', ts);
      od[o | F.TOTAL] = 0;
      return true;
    }
    const makerId = od[mo | F.ID] as number;
    if (mode === Stp.CANCEL_OLDEST) {
      sink.cancelled(makerId, acct, od[mo | F.TOTAL] as number, 'self_trade_prevention', ts);
      this.removeResting(m);
      this.releaseSlot(m, true);
      return false;
    }
    const makerLeft = (od[mo | F.TOTAL] as number) - q;
    this.consumeMaker(lv, m, q, (this.oi[(mo << 1) | I.META] as number) & 1);
    sink.reduced(makerId, acct, q, makerLeft, ts);
    sink.reduced(od[o | F.ID] as number, acct, q, rem - q, ts);
    return false;
  }

  /** Takes `q` from the head maker of level `lv`; an emptied iceberg slice is refilled at the back of the queue. */
  private consumeMaker(lv: number, m: number, q: number, side: number): void {
    const l = lv << Lv.shift;
    const lf = this.lf;
    const li = this.li;
    const od = this.od;
    const mo = m << Slot.shift;
    const vis = (od[mo | F.VIS] as number) - q;
    const total = (od[mo | F.TOTAL] as number) - q;
    od[mo | F.VIS] = vis;
    od[mo | F.TOTAL] = total;
    lf[l | L.VIS] = (lf[l | L.VIS] as number) - q;
    lf[l | L.TOTAL] = (lf[l | L.TOTAL] as number) - q;
    if (vis > 0) return;
    if (total > 0) {
      this.refillIceberg(lv, m, total);
      return;
    }
    this.unlinkFromLevel(lv, m);
    this.releaseSlot(m, true);
    if (li[l | LI.COUNT] === 0) this.dropLevel(side, lv);
  }

  /** Shows the next slice of iceberg `m`, whose visible part was just taken, at the back of its level. */
  private refillIceberg(lv: number, m: number, total: number): void {
    const l = lv << Lv.shift;
    const lf = this.lf;
    const li = this.li;
    const mo = m << Slot.shift;
    const disp = this.cold[(m << Cold.shift) | C.DISP] as number;
    const refill = disp < total ? disp : total;
    this.od[mo | F.VIS] = refill;
    lf[l | L.VIS] = (lf[l | L.VIS] as number) + refill;
    if (li[l | LI.TAIL] !== m) {
      this.unlinkFromLevel(lv, m);
      this.appendToLevel(lv, m);
    }
  }

  /** Adds an ACTIVE slot to the tail of its price level, creating the level when needed. */
  private rest(t: number): void {
    const o = t << Slot.shift;
    const side = (this.oi[(o << 1) | I.META] as number) & 1;
    const price = this.od[o | F.PRICE] as number;
    let lv = this.levelOf(side, price);
    if (lv === Link.NONE) lv = this.newLevel(side, price);
    // Read the arrays after newLevel, which may have grown them.
    const l = lv << Lv.shift;
    const lf = this.lf;
    const od = this.od;
    this.appendToLevel(lv, t);
    lf[l | L.VIS] = (lf[l | L.VIS] as number) + (od[o | F.VIS] as number);
    lf[l | L.TOTAL] = (lf[l | L.TOTAL] as number) + (od[o | F.TOTAL] as number);
    this.oi[(o << 1) | I.STATE] = St.RESTING;
  }

  /** Creates the level of `side` at `price` in its sorted place; the new best level (common) is an append. */
  private newLevel(side: number, price: number): number {
    const key = sortKey(side, price);
    const keys = this.keys;
    const base = side << this.sideShift;
    const n = this.sideCount[side] as number;
    const top = n > 0 ? (keys[base + n - 1] as number) : Number.NEGATIVE_INFINITY;
    return this.insertLevel(side, key > top ? n : this.lowerBound(base, n, key), key, price);
  }

  /** The level of `side` at `price`, or NONE. */
  private levelOf(side: number, price: number): number {
    const off = price - this.windowBase;
    if (this.windowBase >= 0 && off >= 0 && off < Window.ticks)
      return (this.window[(side << Window.shift) | off] as number) - 1;
    return this.levelsByPrice.get(levelKey(side, price));
  }

  /** Records level `lv1 - 1` at `price` (`lv1` 0 removes it); the first call places the direct window. */
  private setLevelOf(side: number, price: number, lv1: number): void {
    if (this.windowBase < 0) this.placeWindow(price);
    const off = price - this.windowBase;
    if (off >= 0 && off < Window.ticks) this.window[(side << Window.shift) | off] = lv1;
    else this.setLevelOutsideWindow(side, price, lv1);
  }

  private placeWindow(price: number): void {
    this.windowBase = Math.max(0, price - Window.ticks / 2);
    this.window = new Int32Array(Window.ticks * 2);
  }

  private setLevelOutsideWindow(side: number, price: number, lv1: number): void {
    if (lv1 > 0) this.levelsByPrice.set(levelKey(side, price), lv1 - 1);
    else this.levelsByPrice.delete(levelKey(side, price));
  }

  /** Position (0..n) of the first of a side's `n` keys, stored from `base`, that is not below `key`. */
  private lowerBound(base: number, n: number, key: number): number {
    const keys = this.keys;
    let lo = base;
    let hi = base + n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((keys[mid] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo - base;
  }

  private insertLevel(side: number, i: number, key: number, price: number): number {
    let n = this.sideCount[side] as number;
    if (n === 1 << this.sideShift) this.growSides();
    const base = side << this.sideShift;
    const keys = this.keys;
    const lvls = this.lvls;
    if (i < n) openGap(keys, lvls, base + i, base + n);
    if (this.freeLevel === Link.NONE) this.growLevels(this.levelCap * 2);
    const lv = this.freeLevel;
    const l = lv << Lv.shift;
    const lf = this.lf;
    const li = this.li;
    this.freeLevel = li[l | LI.HEAD] as number;
    lf[l | L.PRICE] = price;
    lf[l | L.VIS] = 0;
    lf[l | L.TOTAL] = 0;
    li[l | LI.HEAD] = Link.NONE;
    li[l | LI.TAIL] = Link.NONE;
    li[l | LI.COUNT] = 0;
    keys[base + i] = key;
    lvls[base + i] = lv;
    this.setLevelOf(side, price, lv + 1);
    n++;
    this.sideCount[side] = n;
    return lv;
  }

  /** Removes an empty level from its side; the best level (the common case) is a pop. */
  private dropLevel(side: number, lv: number): void {
    const l = lv << Lv.shift;
    const lf = this.lf;
    const li = this.li;
    const n = this.sideCount[side] as number;
    const base = side << this.sideShift;
    const lvls = this.lvls;
    if (lvls[base + n - 1] !== lv) {
      const price = lf[l | L.PRICE] as number;
      const i = base + this.lowerBound(base, n, sortKey(side, price));
      if (lvls[i] !== lv) throw new AssertionError('level index out of sync');
      closeGap(this.keys, lvls, i, base + n);
    }
    this.sideCount[side] = n - 1;
    this.setLevelOf(side, lf[l | L.PRICE] as number, 0);
    li[l | LI.HEAD] = this.freeLevel;
    this.freeLevel = lv;
  }

  private appendToLevel(lv: number, t: number): void {
    const l = lv << Lv.shift;
    const li = this.li;
    const oi = this.oi;
    const o = t << Slot.shift;
    const tail = li[l | LI.TAIL] as number;
    oi[(o << 1) | I.PREV] = tail;
    oi[(o << 1) | I.NEXT] = Link.NONE;
    if (tail === Link.NONE) li[l | LI.HEAD] = t;
    else oi[(tail << Slot.ishift) | I.NEXT] = t;
    li[l | LI.TAIL] = t;
    oi[(o << 1) | I.LEVEL] = lv;
    li[l | LI.COUNT] = (li[l | LI.COUNT] as number) + 1;
  }

  private unlinkFromLevel(lv: number, t: number): void {
    const l = lv << Lv.shift;
    const li = this.li;
    const oi = this.oi;
    const o = t << Slot.shift;
    const prev = oi[(o << 1) | I.PREV] as number;
    const next = oi[(o << 1) | I.NEXT] as number;
    if (prev === Link.NONE) li[l | LI.HEAD] = next;
    else oi[(prev << Slot.ishift) | I.NEXT] = next;
    if (next === Link.NONE) li[l | LI.TAIL] = prev;
    else oi[(next << Slot.ishift) | I.PREV] = prev;
    li[l | LI.COUNT] = (li[l | LI.COUNT] as number) - 1;
  }

  /** Takes a resting order out of its level (the slot stays allocated). */
  private removeResting(t: number): void {
    const o = t << Slot.shift;
    const od = this.od;
    const oi = this.oi;
    const lv = oi[(o << 1) | I.LEVEL] as number;
    const l = lv << Lv.shift;
    const lf = this.lf;
    const li = this.li;
    this.unlinkFromLevel(lv, t);
    lf[l | L.VIS] = (lf[l | L.VIS] as number) - (od[o | F.VIS] as number);
    lf[l | L.TOTAL] = (lf[l | L.TOTAL] as number) - (od[o | F.TOTAL] as number);
    oi[(o << 1) | I.STATE] = St.ACTIVE;
    if (li[l | LI.COUNT] === 0) this.dropLevel((oi[(o << 1) | I.META] as number) & 1, lv);
  }

  private crosses(side: number, price: number): boolean {
    const opp = side ^ 1;
    const n = this.sideCount[opp] as number;
    if (n === 0) return false;
    const best = this.lf[((this.lvls[(opp << this.sideShift) + n - 1] as number) << Lv.shift) | L.PRICE] as number;
    return side === Sd.BUY ? best <= price : best >= price;
  }

  /** Whether a fill-or-kill order fills completely by trades; same rule as ReferenceBook.fillable. */
  private fillable(side: number, price: number, qty: number, account: number, stp: number): boolean {
    const opp = side ^ 1;
    const base = opp << this.sideShift;
    let reachable = 0;
    for (let i = (this.sideCount[opp] as number) - 1; i >= 0; i--) {
      const lv = this.lvls[base + i] as number;
      const px = this.lf[(lv << Lv.shift) | L.PRICE] as number;
      if (side === Sd.BUY ? px > price : px < price) return false;
      let ahead = 0;
      let others = 0;
      for (
        let o = this.li[(lv << Lv.shift) | LI.HEAD] as number;
        o !== Link.NONE;
        o = this.oi[(o << Slot.ishift) | I.NEXT] as number
      ) {
        if (this.od[(o << Slot.shift) | F.ACCT] === account) {
          if (stp !== Stp.CANCEL_OLDEST) return reachable + ahead >= qty;
          continue;
        }
        ahead +=
          ((this.oi[(o << Slot.ishift) | I.META] as number) >> M.ICEBERG) & 1
            ? (this.od[(o << Slot.shift) | F.VIS] as number)
            : (this.od[(o << Slot.shift) | F.TOTAL] as number);
        others += this.od[(o << Slot.shift) | F.TOTAL] as number;
      }
      reachable += others;
      if (reachable >= qty) return true;
    }
    return false;
  }

  private stopTriggers(side: number, stopPrice: number): boolean {
    const last = this.lastTrade;
    if (last === 0) return false;
    return side === Sd.BUY ? last >= stopPrice : last <= stopPrice;
  }

  private appendStop(t: number): void {
    this.oi[(t << Slot.ishift) | I.STATE] = St.STOP;
    this.oi[(t << Slot.ishift) | I.PREV] = this.stopTail;
    this.oi[(t << Slot.ishift) | I.NEXT] = Link.NONE;
    if (this.stopTail === Link.NONE) this.stopHead = t;
    else this.oi[(this.stopTail << Slot.ishift) | I.NEXT] = t;
    this.stopTail = t;
    this.stopCount++;
  }

  private unlinkStop(t: number): void {
    const prev = this.oi[(t << Slot.ishift) | I.PREV] as number;
    const next = this.oi[(t << Slot.ishift) | I.NEXT] as number;
    if (prev === Link.NONE) this.stopHead = next;
    else this.oi[(prev << Slot.ishift) | I.NEXT] = next;
    if (next === Link.NONE) this.stopTail = prev;
    else this.oi[(next << Slot.ishift) | I.PREV] = prev;
    this.stopCount--;
    this.oi[(t << Slot.ishift) | I.STATE] = St.ACTIVE;
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
      for (let s = this.stopHead; s !== Link.NONE; s = this.oi[(s << Slot.ishift) | I.NEXT] as number) {
        if (
          this.stopTriggers(
            (this.oi[(s << Slot.ishift) | I.META] as number) & 1,
            this.cold[(s << Cold.shift) | C.STOP_PRICE] as number,
          )
        )
          due.push(s);
      }
      if (due.length === 0) return;
      for (const s of due) this.unlinkStop(s);
      const last = this.lastTrade;
      for (const s of due) this.triggerStop(s, last, ts, sink);
    }
  }

  private triggerStop(s: number, last: number, ts: number, sink: EventSink): void {
    const id = this.od[(s << Slot.shift) | F.ID] as number;
    const acct = this.od[(s << Slot.shift) | F.ACCT] as number;
    sink.triggered(id, acct, last, ts);
    const meta = this.oi[(s << Slot.ishift) | I.META] as number;
    const isLimit = typeOf(meta) === Ty.STOP_LIMIT;
    this.oi[(s << Slot.ishift) | I.META] = (meta & ~(7 << M.TYPE)) | ((isLimit ? Ty.LIMIT : Ty.MARKET) << M.TYPE);
    const total = this.od[(s << Slot.shift) | F.TOTAL] as number;
    if (isLimit && ((meta >> M.TIF) & 3) === Tif.FOK) {
      const side = meta & 1;
      if (!this.fillable(side, this.od[(s << Slot.shift) | F.PRICE] as number, total, acct, (meta >> M.STP) & 3)) {
        sink.cancelled(id, acct, total, 'fok_not_fully_fillable', ts);
        this.releaseSlot(s, true);
        return;
      }
    }
    this.execute(s, ts, sink, true);
  }

  private allocSlot(): number {
    let t = this.freeSlot;
    if (t === Link.NONE) t = this.growForSlot();
    const o = t << Slot.shift;
    this.freeSlot = this.oi[(o << 1) | I.NEXT] as number;
    this.od[o | F.VIS] = 0;
    return t;
  }

  /** Grows the slot arrays when the free list is empty; returns the first new free slot. */
  private growForSlot(): number {
    this.growSlots(Math.min(this.slotCap * 2, this.ordersMax));
    if (this.freeSlot === Link.NONE) throw new AssertionError('no free slot');
    return this.freeSlot;
  }

  /** Frees slot `t`; `indexed` false for a taker that never rested, whose id never entered the id map. */
  private releaseSlot(t: number, indexed: boolean): void {
    const o = t << Slot.shift;
    if (indexed) this.ids.delete(this.od[o | F.ID] as number, t);
    this.live--;
    const oi = this.oi;
    oi[(o << 1) | I.STATE] = St.FREE;
    oi[(o << 1) | I.NEXT] = this.freeSlot;
    this.freeSlot = t;
  }

  private growSlots(cap: number): void {
    const old = this.slotCap;
    assert(cap > old, 'slot arrays cannot grow');
    const buffer = new ArrayBuffer(cap * Slot.bytes);
    // Copied as int32s: the int32 fields read as doubles could be NaNs, which a copy by value may not preserve.
    const oi = new Int32Array(buffer);
    oi.set(this.oi);
    const cold = new Float64Array(cap << Cold.shift);
    cold.set(this.cold);
    this.od = new Float64Array(buffer);
    this.ids.keys = this.od;
    this.oi = oi;
    this.cold = cold;
    // New slots join the free list in index order.
    for (let i = cap - 1; i >= old; i--) {
      this.oi[(i << Slot.ishift) | I.NEXT] = this.freeSlot;
      this.freeSlot = i;
    }
    this.slotCap = cap;
  }

  private growLevels(cap: number): void {
    const old = this.levelCap;
    const lf = new Float64Array(cap << Lv.shift);
    lf.set(this.lf);
    const li = new Int32Array(cap << Lv.shift);
    li.set(this.li);
    this.lf = lf;
    this.li = li;
    for (let i = cap - 1; i >= old; i--) {
      li[(i << Lv.shift) | LI.HEAD] = this.freeLevel;
      this.freeLevel = i;
    }
    this.levelCap = cap;
  }

  /** Doubles the room of both sides in `keys` and `lvls`. */
  private growSides(): void {
    const old = this.sideShift;
    const shift = old + 1;
    const keys = new Float64Array(2 << shift);
    const lvls = new Int32Array(2 << shift);
    for (const side of [Sd.BUY, Sd.SELL]) {
      const n = this.sideCount[side] as number;
      keys.set(this.keys.subarray(side << old, (side << old) + n), side << shift);
      lvls.set(this.lvls.subarray(side << old, (side << old) + n), side << shift);
    }
    this.keys = keys;
    this.lvls = lvls;
    this.sideShift = shift;
  }

  bestBid(): number | null {
    return this.bestOf(Sd.BUY);
  }

  bestAsk(): number | null {
    return this.bestOf(Sd.SELL);
  }

  private bestOf(side: number): number | null {
    const n = this.sideCount[side] as number;
    if (n === 0) return null;
    return this.lf[((this.lvls[(side << this.sideShift) + n - 1] as number) << Lv.shift) | L.PRICE] as number;
  }

  lastTradePriceTicks(): number | null {
    return this.lastTrade === 0 ? null : this.lastTrade;
  }

  depth(levels: number): BookDepth {
    return { bids: this.depthOf(Sd.BUY, levels), asks: this.depthOf(Sd.SELL, levels) };
  }

  private depthOf(side: number, wanted: number): DepthLevel[] {
    const out: DepthLevel[] = [];
    const n = this.sideCount[side] as number;
    const levels = this.lvls.subarray(side << this.sideShift);
    for (let i = n - 1; i >= 0 && out.length < wanted; i--) {
      const lv = levels[i] as number;
      out.push({
        priceTicks: this.lf[(lv << Lv.shift) | L.PRICE] as number,
        qtyLots: this.lf[(lv << Lv.shift) | L.VIS] as number,
        orderCount: this.li[(lv << Lv.shift) | LI.COUNT] as number,
      });
    }
    return out;
  }

  forEachOrder(visit: OrderVisitor): void {
    for (const side of [Sd.BUY, Sd.SELL]) {
      const levels = this.lvls.subarray(side << this.sideShift);
      for (let i = (this.sideCount[side] as number) - 1; i >= 0; i--) {
        const lv = levels[i] as number;
        for (
          let o = this.li[(lv << Lv.shift) | LI.HEAD] as number;
          o !== Link.NONE;
          o = this.oi[(o << Slot.ishift) | I.NEXT] as number
        ) {
          const name = sideNames[side] as Side;
          visit(
            name,
            this.lf[(lv << Lv.shift) | L.PRICE] as number,
            this.od[(o << Slot.shift) | F.ID] as number,
            this.od[(o << Slot.shift) | F.ACCT] as number,
            this.od[(o << Slot.shift) | F.VIS] as number,
            this.od[(o << Slot.shift) | F.TOTAL] as number,
          );
        }
      }
    }
  }

  openQtyLots(orderId: number): number {
    if (!isPositiveSafeInteger(orderId)) return 0;
    const t = this.ids.get(orderId);
    return t === Link.NONE ? 0 : (this.od[(t << Slot.shift) | F.TOTAL] as number);
  }

  restingOrderCount(): number {
    return this.live - this.stopCount;
  }

  pendingStopCount(): number {
    return this.stopCount;
  }

  forEachStop(visit: (orderId: number) => void): void {
    for (let s = this.stopHead; s !== Link.NONE; s = this.oi[(s << Slot.ishift) | I.NEXT] as number) {
      visit(this.od[(s << Slot.shift) | F.ID] as number);
    }
  }

  stateHash(): string {
    const h = new StateHasher();
    h.add(this.lastTrade);
    for (const side of [Sd.BUY, Sd.SELL]) {
      const n = this.sideCount[side] as number;
      h.add(n);
      const levels = this.lvls.subarray(side << this.sideShift);
      for (let i = n - 1; i >= 0; i--) {
        const lv = levels[i] as number;
        h.add(this.lf[(lv << Lv.shift) | L.PRICE] as number);
        h.add(this.li[(lv << Lv.shift) | LI.COUNT] as number);
        for (
          let o = this.li[(lv << Lv.shift) | LI.HEAD] as number;
          o !== Link.NONE;
          o = this.oi[(o << Slot.ishift) | I.NEXT] as number
        ) {
          h.add(this.od[(o << Slot.shift) | F.ID] as number);
          h.add(this.od[(o << Slot.shift) | F.ACCT] as number);
          h.add(this.od[(o << Slot.shift) | F.TOTAL] as number);
          h.add(this.od[(o << Slot.shift) | F.VIS] as number);
          const meta = this.oi[(o << Slot.ishift) | I.META] as number;
          h.add((meta >> M.ICEBERG) & 1 ? (this.cold[(o << Cold.shift) | C.DISP] as number) : 0);
          h.add((meta >> M.POST) & 1);
          h.add((meta >> M.STP) & 3);
        }
      }
    }
    h.add(this.stopCount);
    for (let s = this.stopHead; s !== Link.NONE; s = this.oi[(s << Slot.ishift) | I.NEXT] as number) {
      for (const n of [
        this.od[(s << Slot.shift) | F.ID],
        this.od[(s << Slot.shift) | F.ACCT],
        ((this.oi[(s << Slot.ishift) | I.META] as number) & 1) + 1,
        typeOf(this.oi[(s << Slot.ishift) | I.META] as number),
        ((this.oi[(s << Slot.ishift) | I.META] as number) >> M.TIF) & 3,
      ]) {
        h.add(n as number);
      }
      h.add(this.od[(s << Slot.shift) | F.PRICE] as number);
      h.add(this.cold[(s << Cold.shift) | C.STOP_PRICE] as number);
      h.add(this.od[(s << Slot.shift) | F.TOTAL] as number);
      h.add(((this.oi[(s << Slot.ishift) | I.META] as number) >> M.STP) & 3);
    }
    return h.digest();
  }
}
