// Seeded random command streams that exercise every order type, STP mode, amend, iceberg, stop and bad input.
import type { Prng } from '../../../kernel/index.js';
import type { OrderBook } from './book.js';
import type { AmendCommand, CancelCommand, EventSink, PlaceCommand, StpMode, TimeInForce } from './types.js';
import { stpModes } from './types.js';

/** One generated command. The objects are reused between calls, so apply each before generating the next. */
export type GeneratedCommand =
  | { kind: 'place'; cmd: PlaceCommand }
  | { kind: 'cancel'; cmd: CancelCommand }
  | { kind: 'amend'; cmd: AmendCommand };

/** Applies a generated command to a book. */
export function applyCommand(book: OrderBook, c: GeneratedCommand, sink: EventSink): string {
  if (c.kind === 'place') return book.place(c.cmd, sink);
  if (c.kind === 'cancel') return book.cancel(c.cmd, sink);
  return book.amend(c.cmd, sink);
}

const accountsCount = 6;

/**
 * Produces a mixed command stream around a slowly wandering mid price, with few accounts so that self-trade
 * prevention fires often, and with a share of malformed or stale commands so every rejection path runs.
 */
export class CommandGenerator {
  private nextId = 1;
  private time = 0;
  private mid = 1_000;
  /** Ids that may be live: every placed id until a probe finds it dead. */
  private readonly recent: number[] = [];
  private readonly owner = new Map<number, number>();
  private readonly priceOf = new Map<number, number>();
  private readonly place: PlaceCommand = {
    orderId: 0,
    clientOrderId: '',
    accountId: 0,
    side: 'buy',
    type: 'limit',
    timeInForce: 'gtc',
    priceTicks: 0,
    stopPriceTicks: 0,
    qtyLots: 0,
    postOnly: false,
    displayQtyLots: 0,
    stp: 'cancel_newest',
    timestamp: 0,
  };
  private readonly cancelCmd: CancelCommand = { orderId: 0, accountId: 0, timestamp: 0 };
  private readonly amendCmd: AmendCommand = { orderId: 0, accountId: 0, priceTicks: 0, qtyLots: 0, timestamp: 0 };

  /**
   * `isLive` (usually a book's openQtyLots > 0) lets cancels and amends aim mostly at live orders; without it they
   * pick among recent ids.
   */
  constructor(
    private readonly prng: Prng,
    private readonly isLive: (orderId: number) => boolean = () => true,
  ) {}

  /** The next command. */
  next(): GeneratedCommand {
    const p = this.prng;
    this.time += p.int(0, 3);
    if (p.chance(0.01)) this.mid = Math.max(20, this.mid + p.int(-3, 3));
    const roll = p.next();
    if (roll < 0.18) return { kind: 'cancel', cmd: this.makeCancel() };
    if (roll < 0.3) return { kind: 'amend', cmd: this.makeAmend() };
    return { kind: 'place', cmd: this.makePlace() };
  }

  private pickKnown(): number {
    const p = this.prng;
    const pool = this.recent;
    if (p.chance(0.03)) return p.int(1, this.nextId + 5);
    // Probe a few ids, dropping dead ones (swap-remove) so the pool tracks the live orders.
    for (let tries = 0; tries < 4 && pool.length > 0; tries++) {
      const i = p.int(0, pool.length - 1);
      const id = pool[i] as number;
      if (this.isLive(id)) return id;
      pool[i] = pool[pool.length - 1] as number;
      pool.pop();
      this.owner.delete(id);
      this.priceOf.delete(id);
    }
    return p.int(1, this.nextId + 5);
  }

  private accountOf(id: number): number {
    const p = this.prng;
    const owner = this.owner.get(id);
    // Now and then use the wrong account, which must look exactly like an unknown order.
    return owner === undefined || p.chance(0.03) ? p.int(1, accountsCount) : owner;
  }

  private makeCancel(): CancelCommand {
    const id = this.pickKnown();
    const c = this.cancelCmd;
    c.orderId = id;
    c.accountId = this.accountOf(id);
    c.timestamp = this.time;
    return c;
  }

  private makeAmend(): AmendCommand {
    const p = this.prng;
    const id = this.pickKnown();
    const a = this.amendCmd;
    a.orderId = id;
    a.accountId = this.accountOf(id);
    const known = this.priceOf.get(id);
    a.priceTicks = known !== undefined && p.chance(0.5) ? known : this.mid + p.int(-8, 8);
    a.qtyLots = p.int(1, 30);
    if (p.chance(0.02)) a.qtyLots = p.pick([0, -1, 1.5]);
    // A new trigger: meant for waiting stops, and refused for resting orders; now and then no price (only a
    // stop-market order may have none) or a bad trigger.
    if (p.chance(0.3)) a.stopPriceTicks = this.mid + p.int(-6, 6);
    else delete a.stopPriceTicks;
    if (p.chance(0.03)) a.priceTicks = 0;
    if (p.chance(0.01)) a.stopPriceTicks = p.pick([0, -2, 2.5]);
    a.timestamp = this.time;
    return a;
  }

  private makePlace(): PlaceCommand {
    const p = this.prng;
    const c = this.place;
    const reuse = p.chance(0.01) && this.recent.length > 0;
    c.orderId = reuse ? (this.recent[p.int(0, this.recent.length - 1)] as number) : this.nextId++;
    c.accountId = p.int(1, accountsCount);
    c.clientOrderId = '';
    c.side = p.chance(0.5) ? 'buy' : 'sell';
    c.qtyLots = p.int(1, 40);
    c.stp = p.pick(stpModes) as StpMode;
    c.postOnly = false;
    c.displayQtyLots = 0;
    c.stopPriceTicks = 0;
    c.timestamp = this.time;
    this.shapeOrder(c);
    if (p.chance(0.03)) this.spoil(c);
    if (!reuse) {
      this.owner.set(c.orderId, c.accountId);
      this.priceOf.set(c.orderId, c.priceTicks);
      this.recent.push(c.orderId);
    }
    return c;
  }

  /** Chooses type, time in force, prices, post-only and iceberg settings. */
  private shapeOrder(c: PlaceCommand): void {
    const p = this.prng;
    const away = c.side === 'buy' ? -1 : 1;
    const roll = p.next();
    if (roll < 0.75) {
      c.type = 'limit';
      c.timeInForce = p.pick<TimeInForce>(['gtc', 'gtc', 'gtc', 'gtc', 'ioc', 'fok']);
      c.priceTicks = this.mid + away * p.int(-4, 10);
      if (c.timeInForce === 'gtc' && p.chance(0.1)) c.postOnly = true;
      if (c.timeInForce === 'gtc' && c.qtyLots > 1 && p.chance(0.12)) c.displayQtyLots = p.int(1, c.qtyLots - 1);
    } else if (roll < 0.87) {
      c.type = 'market';
      c.timeInForce = 'ioc';
      c.priceTicks = p.chance(0.5) ? this.mid - away * p.int(0, 6) : 0;
    } else {
      c.type = p.chance(0.5) ? 'stop_limit' : 'stop_market';
      c.timeInForce = c.type === 'stop_limit' ? p.pick<TimeInForce>(['gtc', 'ioc', 'fok']) : 'ioc';
      c.stopPriceTicks = this.mid - away * p.int(-3, 6);
      c.priceTicks = c.type === 'stop_limit' ? c.stopPriceTicks - away * p.int(0, 4) : 0;
    }
  }

  /** Breaks one field so the command must be rejected. */
  private spoil(c: PlaceCommand): void {
    const p = this.prng;
    const which = p.int(0, 6);
    if (which === 0) c.priceTicks = c.type === 'limit' ? -5 : -1;
    else if (which === 1) c.qtyLots = p.pick([0, -3, 2.5]);
    else if (which === 2) c.displayQtyLots = c.qtyLots + 1;
    else if (which === 3) c.postOnly = c.type !== 'limit' || c.timeInForce !== 'gtc';
    else if (which === 4) c.stopPriceTicks = c.type.startsWith('stop') ? 0 : 7;
    else if (which === 5) c.accountId = 0;
    else c.priceTicks = 2 ** 49;
  }
}
