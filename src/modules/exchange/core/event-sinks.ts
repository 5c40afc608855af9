// Two event sinks: one that builds event objects for services and tests, one that writes numbers into a reused buffer.

import { orderTypeCode, sideCode as sideCodeOf } from './state-hash.js';
import {
  type BookEvent,
  type CancelReason,
  cancelReasons,
  type EventSink,
  type OrderType,
  type RejectCode,
  rejectCodes,
  type Side,
} from './types.js';

// Bound once: a transpiling loader may route each use of an imported name through a getter on the hot path.
const sideCode = sideCodeOf;
const typeCode = orderTypeCode;

/** Collects events as plain objects; `take()` hands them over and starts a new batch. */
export class EventCollector implements EventSink {
  events: BookEvent[] = [];

  /** Returns the events gathered so far and empties the collector. */
  take(): BookEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }

  accepted(
    orderId: number,
    clientOrderId: string,
    accountId: number,
    side: Side,
    orderType: OrderType,
    priceTicks: number,
    stopPriceTicks: number,
    qtyLots: number,
    timestamp: number,
  ): void {
    this.events.push({
      type: 'accepted',
      orderId,
      clientOrderId,
      accountId,
      side,
      orderType,
      priceTicks,
      stopPriceTicks,
      qtyLots,
      timestamp,
    });
  }
  rejected(orderId: number, code: RejectCode, timestamp: number): void {
    this.events.push({ type: 'rejected', orderId, code, timestamp });
  }
  trade(
    makerOrderId: number,
    takerOrderId: number,
    makerAccount: number,
    takerAccount: number,
    priceTicks: number,
    qtyLots: number,
    takerSide: Side,
    timestamp: number,
  ): void {
    this.events.push({
      type: 'trade',
      makerOrderId,
      takerOrderId,
      makerAccount,
      takerAccount,
      priceTicks,
      qtyLots,
      takerSide,
      timestamp,
    });
  }
  reduced(orderId: number, accountId: number, qtyLots: number, remainingLots: number, timestamp: number): void {
    this.events.push({ type: 'reduced', orderId, accountId, qtyLots, remainingLots, timestamp });
  }
  cancelled(orderId: number, accountId: number, qtyLots: number, reason: CancelReason, timestamp: number): void {
    this.events.push({ type: 'cancelled', orderId, accountId, qtyLots, reason, timestamp });
  }
  triggered(orderId: number, accountId: number, lastTradeTicks: number, timestamp: number): void {
    this.events.push({ type: 'triggered', orderId, accountId, lastTradeTicks, timestamp });
  }
  amended(
    orderId: number,
    accountId: number,
    priceTicks: number,
    qtyLots: number,
    previousQtyLots: number,
    priorityKept: boolean,
    timestamp: number,
  ): void {
    this.events.push({
      type: 'amended',
      orderId,
      accountId,
      priceTicks,
      qtyLots,
      previousQtyLots,
      priorityKept,
      timestamp,
    });
  }
}

// The tape's numbers as enum members, which the transpiler writes as literals: a module-level `const` would be
// loaded from the module context on every write.
enum Kind {
  accepted = 1,
  rejected = 2,
  trade = 3,
  reduced = 4,
  cancelled = 5,
  triggered = 6,
  amended = 7,
}
enum Tape {
  stride = 9,
}

/** Event kinds as written on an EventTape (first number of each record). */
export const tapeKinds = Kind;

/** Numbers per record on an EventTape: a kind followed by up to eight fields. */
export const tapeStride: number = Tape.stride;

const rejectIndex = new Map<string, number>(rejectCodes.map((c, i) => [c, i]));
/** Index of a cancel reason in `cancelReasons`; comparisons, because cancels are on the hot path. */
function reasonIndex(reason: CancelReason): number {
  if (reason === 'cancelled_by_user') return 0;
  if (reason === 'self_trade_prevention') return 1;
  if (reason === 'ioc_remainder') return 2;
  if (reason === 'market_remainder') return 3;
  return cancelReasons.indexOf(reason);
}

/**
 * Writes each event as a fixed-width record of numbers into a Float64Array that is reused across commands, so the
 * hot path allocates nothing per event. Enumerations become small codes; client order ids are not recorded.
 */
export class EventTape implements EventSink {
  /** Records, `tapeStride` numbers each; only the first `length * tapeStride` are meaningful. */
  data = new Float64Array(tapeStride * 256);
  /** Number of records written since the last clear. */
  length = 0;

  /** Forgets the recorded events, keeping the buffer. */
  clear(): void {
    this.length = 0;
  }

  /** True when both tapes hold the same records. */
  equals(other: EventTape): boolean {
    if (this.length !== other.length) return false;
    const n = this.length * tapeStride;
    for (let i = 0; i < n; i++) if (this.data[i] !== other.data[i]) return false;
    return true;
  }

  /** The records as arrays of numbers, for failure messages. */
  toArrays(): number[][] {
    const out: number[][] = [];
    for (let r = 0; r < this.length; r++) {
      out.push(Array.from(this.data.subarray(r * tapeStride, (r + 1) * tapeStride)));
    }
    return out;
  }

  private write(kind: number, a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number) {
    const o = this.length * Tape.stride;
    if (o + Tape.stride > this.data.length) this.grow();
    const x = this.data;
    x[o] = kind;
    x[o + 1] = a;
    x[o + 2] = b;
    x[o + 3] = c;
    x[o + 4] = d;
    x[o + 5] = e;
    x[o + 6] = f;
    x[o + 7] = g;
    x[o + 8] = h;
    this.length++;
  }

  private grow(): void {
    const bigger = new Float64Array(this.data.length * 2);
    bigger.set(this.data);
    this.data = bigger;
  }

  accepted(
    orderId: number,
    _clientOrderId: string,
    accountId: number,
    side: Side,
    orderType: OrderType,
    priceTicks: number,
    stopPriceTicks: number,
    qtyLots: number,
    timestamp: number,
  ): void {
    const t = typeCode(orderType);
    this.write(Kind.accepted, orderId, accountId, sideCode(side), t, priceTicks, stopPriceTicks, qtyLots, timestamp);
  }
  rejected(orderId: number, code: RejectCode, timestamp: number): void {
    this.write(Kind.rejected, orderId, rejectIndex.get(code) ?? -1, timestamp, 0, 0, 0, 0, 0);
  }
  trade(
    makerOrderId: number,
    takerOrderId: number,
    makerAccount: number,
    takerAccount: number,
    priceTicks: number,
    qtyLots: number,
    takerSide: Side,
    timestamp: number,
  ): void {
    const s = sideCode(takerSide);
    this.write(Kind.trade, makerOrderId, takerOrderId, makerAccount, takerAccount, priceTicks, qtyLots, s, timestamp);
  }
  reduced(orderId: number, accountId: number, qtyLots: number, remainingLots: number, timestamp: number): void {
    this.write(Kind.reduced, orderId, accountId, qtyLots, remainingLots, timestamp, 0, 0, 0);
  }
  cancelled(orderId: number, accountId: number, qtyLots: number, reason: CancelReason, timestamp: number): void {
    this.write(Kind.cancelled, orderId, accountId, qtyLots, reasonIndex(reason), timestamp, 0, 0, 0);
  }
  triggered(orderId: number, accountId: number, lastTradeTicks: number, timestamp: number): void {
    this.write(Kind.triggered, orderId, accountId, lastTradeTicks, timestamp, 0, 0, 0, 0);
  }
  amended(
    orderId: number,
    accountId: number,
    priceTicks: number,
    qtyLots: number,
    previousQtyLots: number,
    priorityKept: boolean,
    timestamp: number,
  ): void {
    const kept = priorityKept ? 1 : 0;
    this.write(Kind.amended, orderId, accountId, priceTicks, qtyLots, previousQtyLots, kept, timestamp, 0);
  }
}
