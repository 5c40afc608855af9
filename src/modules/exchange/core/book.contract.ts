// The one behavioural contract every OrderBook implementation must pass; run against each book by its own test file.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Prng, seedFromEnv } from '../../../kernel/index.js';
import type { BookFactory, OrderBook } from './book.js';
import { applyCommand, CommandGenerator } from './command-generator.js';
import { EventCollector } from './event-sinks.js';
import { type AmendCommand, type BookEvent, type PlaceCommand, placeCommand, type StpMode } from './types.js';

let nextId = 1;
let clock = 0;

function limit(
  side: 'buy' | 'sell',
  priceTicks: number,
  qtyLots: number,
  more: Partial<PlaceCommand> = {},
): PlaceCommand {
  return placeCommand({ orderId: nextId++, accountId: 1, side, qtyLots, priceTicks, timestamp: ++clock, ...more });
}

function run(book: OrderBook, cmd: PlaceCommand): { code: string; events: BookEvent[] } {
  const sink = new EventCollector();
  const code = book.place(cmd, sink);
  return { code, events: sink.events };
}

function trades(events: BookEvent[]): Array<[number, number, number]> {
  return events.flatMap((e) => (e.type === 'trade' ? [[e.makerOrderId, e.priceTicks, e.qtyLots]] : [])) as Array<
    [number, number, number]
  >;
}

/** Registers the order-book contract for one implementation. */
export function describeOrderBookContract(name: string, factory: BookFactory): void {
  describe(`${name}: order book contract`, () => {
    describeBasics(factory);
    describeTimeInForce(factory);
    describeStopsAndIcebergs(factory);
    describeCancelAmend(factory);
    describeSelfTradePrevention(factory);
    describeProperties(factory);
  });
}

function describeBasics(factory: BookFactory): void {
  it('rests limits, reports best prices and depth, and trades at the maker price in time priority', () => {
    const book = factory();
    const s1 = limit('sell', 101, 5, { accountId: 2 });
    const s2 = limit('sell', 101, 7, { accountId: 3 });
    const s3 = limit('sell', 100, 2, { accountId: 4 });
    for (const c of [s1, s2, s3, limit('buy', 98, 4)]) expect(run(book, c).code).toBe('ok');
    expect(book.bestAsk()).toBe(100);
    expect(book.bestBid()).toBe(98);
    expect(book.depth(5).asks).toEqual([
      { priceTicks: 100, qtyLots: 2, orderCount: 1 },
      { priceTicks: 101, qtyLots: 12, orderCount: 2 },
    ]);
    const taker = limit('buy', 101, 10, { accountId: 9 });
    const r = run(book, taker);
    expect(trades(r.events)).toEqual([
      [s3.orderId, 100, 2],
      [s1.orderId, 101, 5],
      [s2.orderId, 101, 3],
    ]);
    expect(book.openQtyLots(s2.orderId)).toBe(4);
    expect(book.openQtyLots(taker.orderId)).toBe(0);
    expect(book.lastTradePriceTicks()).toBe(101);
    expect(book.depth(1)).toEqual({
      bids: [{ priceTicks: 98, qtyLots: 4, orderCount: 1 }],
      asks: [{ priceTicks: 101, qtyLots: 4, orderCount: 1 }],
    });
  });

  it('rests the unfilled remainder of a crossing GTC limit', () => {
    const book = factory();
    run(book, limit('sell', 100, 3, { accountId: 2 }));
    const taker = limit('buy', 102, 8);
    run(book, taker);
    expect(book.bestBid()).toBe(102);
    expect(book.openQtyLots(taker.orderId)).toBe(5);
    expect(book.bestAsk()).toBeNull();
  });

  it('rejects malformed and conflicting commands with stable codes and changes nothing', () => {
    const book = factory(3);
    const first = limit('buy', 90, 1);
    run(book, first);
    const hash = book.stateHash();
    const cases: Array<[PlaceCommand, string]> = [
      [limit('buy', 0, 1), 'price_ticks_must_be_positive'],
      [limit('buy', 1.5, 1), 'price_ticks_must_be_positive'],
      [limit('buy', 2 ** 49, 1), 'price_ticks_above_max'],
      [limit('buy', 90, 0), 'quantity_must_be_positive'],
      [limit('buy', 90, 2 ** 33), 'quantity_above_book_max'],
      [limit('buy', 90, 1, { orderId: first.orderId }), 'duplicate_order_id'],
      [limit('buy', 90, 1, { orderId: 0 }), 'order_id_invalid'],
      [limit('buy', 90, 1, { timeInForce: 'ioc', postOnly: true }), 'post_only_requires_gtc_limit'],
      [limit('buy', 90, 5, { displayQtyLots: 5 }), 'display_quantity_invalid'],
      [limit('buy', 90, 5, { displayQtyLots: 2, timeInForce: 'ioc' }), 'iceberg_requires_gtc_limit'],
      [limit('buy', 90, 5, { stopPriceTicks: 3 }), 'stop_price_not_allowed'],
      [limit('buy', 90, 5, { type: 'stop_limit' }), 'stop_price_ticks_must_be_positive'],
    ];
    for (const [cmd, code] of cases) {
      const r = run(book, cmd);
      expect(r.code).toBe(code);
      expect(r.events).toEqual([{ type: 'rejected', orderId: cmd.orderId, code, timestamp: cmd.timestamp }]);
    }
    expect(book.stateHash()).toBe(hash);
    run(book, limit('buy', 89, 1));
    run(book, limit('buy', 88, 1));
    expect(run(book, limit('buy', 87, 1)).code).toBe('book_capacity_exceeded');
  });
}

function describeTimeInForce(factory: BookFactory): void {
  it('cancels an IOC remainder and a market remainder, honouring the protection price', () => {
    const book = factory();
    run(book, limit('sell', 100, 2, { accountId: 2 }));
    run(book, limit('sell', 105, 2, { accountId: 2 }));
    const ioc = run(book, limit('buy', 100, 5, { timeInForce: 'ioc' }));
    expect(trades(ioc.events).map((t) => t[2])).toEqual([2]);
    expect(ioc.events.at(-1)).toMatchObject({ type: 'cancelled', qtyLots: 3, reason: 'ioc_remainder' });
    const market = run(book, limit('buy', 104, 5, { type: 'market', timeInForce: 'ioc' }));
    expect(trades(market.events)).toEqual([]);
    expect(market.events.at(-1)).toMatchObject({ type: 'cancelled', qtyLots: 5, reason: 'market_remainder' });
    const sweep = run(book, limit('buy', 0, 5, { type: 'market' }));
    expect(trades(sweep.events).map((t) => t[1])).toEqual([105]);
    expect(book.bestAsk()).toBeNull();
  });

  it('fills FOK completely or rejects it untouched', () => {
    const book = factory();
    run(book, limit('sell', 100, 2, { accountId: 2 }));
    run(book, limit('sell', 101, 2, { accountId: 3 }));
    const hash = book.stateHash();
    expect(run(book, limit('buy', 101, 5, { timeInForce: 'fok' })).code).toBe('fok_not_fully_fillable');
    expect(book.stateHash()).toBe(hash);
    const ok = run(book, limit('buy', 101, 4, { timeInForce: 'fok' }));
    expect(trades(ok.events).map((t) => t[2])).toEqual([2, 2]);
  });

  it('rejects a post-only order that would cross and rests one that would not', () => {
    const book = factory();
    run(book, limit('sell', 100, 2, { accountId: 2 }));
    expect(run(book, limit('buy', 100, 1, { postOnly: true })).code).toBe('post_only_would_cross');
    expect(run(book, limit('buy', 99, 1, { postOnly: true })).code).toBe('ok');
    expect(book.bestBid()).toBe(99);
  });
}

function describeStopsAndIcebergs(factory: BookFactory): void {
  it('holds stops until the last trade reaches them, then executes them', () => {
    const book = factory();
    run(book, limit('sell', 100, 1, { accountId: 2 }));
    run(book, limit('sell', 103, 4, { accountId: 2 }));
    run(book, limit('buy', 100, 1, { accountId: 3 }));
    expect(book.lastTradePriceTicks()).toBe(100);
    const early = limit('buy', 0, 1, { type: 'stop_market', stopPriceTicks: 100 });
    expect(run(book, early).code).toBe('stop_would_trigger_immediately');
    const stop = limit('buy', 103, 3, { type: 'stop_limit', stopPriceTicks: 102, accountId: 5 });
    expect(run(book, stop).code).toBe('ok');
    expect(book.pendingStopCount()).toBe(1);
    run(book, limit('sell', 102, 1, { accountId: 2 }));
    const lift = run(book, limit('buy', 102, 1, { accountId: 4 }));
    expect(lift.events.map((e) => e.type)).toEqual(['accepted', 'trade', 'triggered', 'trade']);
    expect(lift.events.at(-1)).toMatchObject({ takerOrderId: stop.orderId, priceTicks: 103, qtyLots: 3 });
    expect(book.pendingStopCount()).toBe(0);
  });

  it('amends a waiting stop: new trigger, price and size, at the back of the stops; never to trigger at once', () => {
    const book = factory();
    run(book, limit('sell', 100, 1, { accountId: 2 }));
    run(book, limit('buy', 100, 1, { accountId: 3 }));
    const first = limit('buy', 106, 2, { type: 'stop_limit', stopPriceTicks: 105, accountId: 5 });
    const second = limit('buy', 0, 1, { type: 'stop_market', stopPriceTicks: 104, accountId: 6 });
    run(book, first);
    run(book, second);
    const resting = limit('sell', 110, 5, { accountId: 2 });
    run(book, resting);
    const sink = new EventCollector();
    const amend = (cmd: Omit<AmendCommand, 'timestamp'>) => book.amend({ ...cmd, timestamp: ++clock }, sink);
    const firstIs = { orderId: first.orderId, accountId: 5, priceTicks: 106, qtyLots: 2 };
    expect(amend(firstIs)).toBe('amend_changes_nothing');
    expect(amend({ ...firstIs, stopPriceTicks: 105 })).toBe('amend_changes_nothing');
    // The last trade is 100: a buy stop at or under it would trigger at once.
    expect(amend({ ...firstIs, stopPriceTicks: 100 })).toBe('stop_would_trigger_immediately');
    expect(amend({ ...firstIs, priceTicks: 0 })).toBe('price_ticks_must_be_positive');
    expect(amend({ orderId: resting.orderId, accountId: 2, priceTicks: 110, qtyLots: 4, stopPriceTicks: 120 })).toBe(
      'stop_price_not_allowed',
    );
    expect(amend({ orderId: resting.orderId, accountId: 2, priceTicks: 0, qtyLots: 4 })).toBe(
      'price_ticks_must_be_positive',
    );
    expect(amend({ ...firstIs, stopPriceTicks: 0 })).toBe('stop_price_ticks_must_be_positive');
    // A stop-market order may keep no protection (0) while its size changes.
    expect(amend({ orderId: second.orderId, accountId: 6, priceTicks: 0, qtyLots: 2 })).toBe('ok');
    sink.take();
    // The first stop moves its trigger up to 108 and grows to 3 lots; amended last, it now triggers last.
    expect(amend({ ...firstIs, priceTicks: 109, qtyLots: 3, stopPriceTicks: 108 })).toBe('ok');
    expect(sink.events).toMatchObject([
      { type: 'amended', orderId: first.orderId, priceTicks: 109, qtyLots: 3, previousQtyLots: 2, priorityKept: false },
    ]);
    expect(book.openQtyLots(first.orderId)).toBe(3);
    expect(book.openQtyLots(second.orderId)).toBe(2);
    expect(book.pendingStopCount()).toBe(2);
    // A trade at 108 reaches both triggers, in the order they were last placed or amended.
    run(book, limit('sell', 108, 1, { accountId: 2 }));
    const lift = run(book, limit('buy', 108, 1, { accountId: 4 }));
    const triggered = lift.events.filter((e) => e.type === 'triggered').map((e) => e.orderId);
    expect(triggered).toEqual([second.orderId, first.orderId]);
    expect(book.pendingStopCount()).toBe(0);
  });

  it('shows only the iceberg slice and refreshes it at the back of the queue', () => {
    const book = factory();
    const ice = limit('sell', 100, 10, { displayQtyLots: 3, accountId: 2 });
    run(book, ice);
    const other = limit('sell', 100, 2, { accountId: 3 });
    run(book, other);
    expect(book.depth(1).asks[0]).toEqual({ priceTicks: 100, qtyLots: 5, orderCount: 2 });
    const r = run(book, limit('buy', 100, 4));
    expect(trades(r.events)).toEqual([
      [ice.orderId, 100, 3],
      [other.orderId, 100, 1],
    ]);
    const l3: number[][] = [];
    book.forEachOrder((_s, _p, id, _a, visible, total) => l3.push([id, visible, total]));
    expect(l3).toEqual([
      [other.orderId, 1, 1],
      [ice.orderId, 3, 7],
    ]);
  });

  it('restores an iceberg slice in place, as snapshot restore needs, and refuses anything else', () => {
    const book = factory();
    const plain = limit('sell', 100, 4, { accountId: 2 });
    run(book, plain);
    const behind = limit('sell', 100, 2, { accountId: 3 });
    run(book, behind);
    const stop = limit('buy', 120, 1, { type: 'stop_limit', stopPriceTicks: 110, accountId: 4 });
    run(book, stop);
    const refusals: [number, number, number][] = [
      [999, 3, 1],
      [stop.orderId, 3, 1],
      [plain.orderId, 0, 0],
      [plain.orderId, 3, 0],
      [plain.orderId, 2, 3],
      [plain.orderId, 9, 5],
      [plain.orderId, 1.5, 1],
    ];
    for (const [id, display, visible] of refusals) expect(book.restoreIceberg(id, display, visible)).toBe(false);
    // Slice 9 of which 1 is showing: larger than the 4 left, so no new order could carry it.
    expect(book.restoreIceberg(plain.orderId, 9, 1)).toBe(true);
    expect(book.depth(1).asks[0]).toEqual({ priceTicks: 100, qtyLots: 3, orderCount: 2 });
    const r = run(book, limit('buy', 100, 2));
    // It keeps its place: its last visible lot goes first, then the slice refills (min(9, 3) = 3) behind `behind`.
    expect(trades(r.events)).toEqual([
      [plain.orderId, 100, 1],
      [behind.orderId, 100, 1],
    ]);
    const l3: number[][] = [];
    book.forEachOrder((_s, _p, id, _a, visible, total) => l3.push([id, visible, total]));
    expect(l3).toEqual([
      [behind.orderId, 1, 1],
      [plain.orderId, 3, 3],
    ]);
  });
}

function describeCancelAmend(factory: BookFactory): void {
  it('cancels only the owner’s live orders', () => {
    const book = factory();
    const o = limit('buy', 99, 4);
    run(book, o);
    const sink = new EventCollector();
    expect(book.cancel({ orderId: o.orderId, accountId: 2, timestamp: 1 }, sink)).toBe('unknown_order');
    expect(book.cancel({ orderId: o.orderId, accountId: 1, timestamp: 2 }, sink)).toBe('ok');
    expect(sink.events.at(-1)).toMatchObject({ type: 'cancelled', qtyLots: 4, reason: 'cancelled_by_user' });
    expect(book.cancel({ orderId: o.orderId, accountId: 1, timestamp: 3 }, sink)).toBe('unknown_order');
    expect(book.bestBid()).toBeNull();
  });

  it('keeps priority on a size reduction and loses it on an increase or a price change', () => {
    const book = factory();
    const a = limit('buy', 99, 5, { accountId: 2 });
    const b = limit('buy', 99, 5, { accountId: 3 });
    run(book, a);
    run(book, b);
    const sink = new EventCollector();
    const amend = (id: number, acct: number, priceTicks: number, qtyLots: number) =>
      book.amend({ orderId: id, accountId: acct, priceTicks, qtyLots, timestamp: ++clock }, sink);
    expect(amend(a.orderId, 2, 99, 3)).toBe('ok');
    expect(amend(a.orderId, 2, 99, 3)).toBe('amend_changes_nothing');
    const ids = (): number[] => {
      const out: number[] = [];
      book.forEachOrder((_s, _p, id) => out.push(id));
      return out;
    };
    expect(ids()).toEqual([a.orderId, b.orderId]);
    expect(amend(a.orderId, 2, 99, 6)).toBe('ok');
    expect(ids()).toEqual([b.orderId, a.orderId]);
    run(book, limit('sell', 101, 2, { accountId: 4 }));
    sink.take();
    expect(amend(b.orderId, 3, 101, 5)).toBe('ok');
    expect(sink.events.map((e) => e.type)).toEqual(['amended', 'trade']);
    expect(book.bestBid()).toBe(101);
    expect(book.openQtyLots(b.orderId)).toBe(3);
  });
}

function describeSelfTradePrevention(factory: BookFactory): void {
  const scenario = (stp: StpMode) => {
    const book = factory();
    const maker = limit('sell', 100, 4, { accountId: 7 });
    run(book, maker);
    const taker = limit('buy', 100, 6, { accountId: 7, stp });
    const r = run(book, taker);
    return { book, maker, taker, events: r.events };
  };
  it('cancel_newest cancels the taker and leaves the resting order', () => {
    const { book, maker, taker, events } = scenario('cancel_newest');
    expect(events.at(-1)).toMatchObject({ type: 'cancelled', orderId: taker.orderId, reason: 'self_trade_prevention' });
    expect(book.openQtyLots(maker.orderId)).toBe(4);
  });
  it('cancel_oldest cancels the resting order and lets the taker rest', () => {
    const { book, maker, taker, events } = scenario('cancel_oldest');
    expect(events[1]).toMatchObject({ type: 'cancelled', orderId: maker.orderId, qtyLots: 4 });
    expect(book.openQtyLots(taker.orderId)).toBe(6);
  });
  it('decrement_both reduces both by the overlap without a trade', () => {
    const { book, maker, taker, events } = scenario('decrement_both');
    expect(events.filter((e) => e.type === 'reduced').map((e) => [e.orderId, e.qtyLots])).toEqual([
      [maker.orderId, 4],
      [taker.orderId, 4],
    ]);
    expect(trades(events)).toEqual([]);
    expect(book.openQtyLots(taker.orderId)).toBe(2);
    expect(book.lastTradePriceTicks()).toBeNull();
  });
}

function describeProperties(factory: BookFactory): void {
  it('never crosses and conserves every order’s quantity over random command streams', () => {
    const base = seedFromEnv();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 400 }), (offset, length) => {
        const seed = (base + offset) >>> 0;
        const book = factory();
        const gen = new CommandGenerator(new Prng(seed), (id) => book.openQtyLots(id) > 0);
        const sink = new EventCollector();
        const open = new Map<number, number>();
        for (let i = 0; i < length; i++) {
          applyCommand(book, gen.next(), sink);
          for (const e of sink.take()) trackOpenQuantity(open, e);
          const bid = book.bestBid();
          const ask = book.bestAsk();
          if (bid !== null && ask !== null)
            expect(bid, `crossed; SEED=${base} (stream ${seed}) step ${i}`).toBeLessThan(ask);
        }
        book.forEachOrder((_s, _p, id, _a, _v, total) => {
          expect(open.get(id), `SEED=${base} (stream ${seed}) order ${id}`).toBe(total);
        });
        for (const [id, qty] of open) expect(book.openQtyLots(id), `SEED=${base} (stream ${seed})`).toBe(qty);
        expect(open.size, `SEED=${base}`).toBe(book.restingOrderCount() + book.pendingStopCount());
      }),
      { numRuns: 60, seed: base },
    );
  });
}

/**
 * Replays events into open quantity per order: placed (plus amend changes) minus traded, reduced and cancelled
 * must equal what the book still holds, so no lot is created or lost.
 */
function trackOpenQuantity(open: Map<number, number>, e: BookEvent): void {
  const sub = (id: number, q: number) => {
    const left = (open.get(id) ?? Number.NaN) - q;
    if (left === 0) open.delete(id);
    else open.set(id, left);
  };
  if (e.type === 'accepted') open.set(e.orderId, e.qtyLots);
  else if (e.type === 'amended') {
    expect(open.get(e.orderId)).toBe(e.previousQtyLots);
    open.set(e.orderId, e.qtyLots);
  } else if (e.type === 'trade') {
    sub(e.makerOrderId, e.qtyLots);
    sub(e.takerOrderId, e.qtyLots);
  } else if (e.type === 'reduced' || e.type === 'cancelled') sub(e.orderId, e.qtyLots);
}
