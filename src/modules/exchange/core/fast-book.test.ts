// Runs the order-book contract against the fast book, plus checks of what only the fast book has (growth, reuse).
import { describe, expect, it } from 'vitest';
import { describeOrderBookContract } from './book.contract.js';
import { EventCollector, EventTape } from './event-sinks.js';
import { FastBook } from './fast-book.js';
import { matchingLimits } from './matching-limits.js';
import { ReferenceBook } from './reference-book.js';
import { placeCommand } from './types.js';

describeOrderBookContract('FastBook', (ordersMax) => new FastBook(ordersMax));

describe('FastBook internals', () => {
  it('grows past its initial slots and levels, then reuses freed slots', () => {
    const book = new FastBook();
    const tape = new EventTape();
    const n = matchingLimits.initialSlots * 3;
    for (let i = 1; i <= n; i++) {
      const cmd = placeCommand({ orderId: i, accountId: 1, side: 'buy', qtyLots: 1, priceTicks: i });
      expect(book.place(cmd, tape)).toBe('ok');
    }
    expect(book.restingOrderCount()).toBe(n);
    expect(book.depth(2).bids.map((l) => l.priceTicks)).toEqual([n, n - 1]);
    for (let i = 1; i <= n; i += 2) expect(book.cancel({ orderId: i, accountId: 1, timestamp: 0 }, tape)).toBe('ok');
    expect(book.restingOrderCount()).toBe(n / 2);
    const sweep = placeCommand({ orderId: n + 1, accountId: 2, side: 'sell', qtyLots: n, type: 'market' });
    tape.clear();
    expect(book.place(sweep, tape)).toBe('ok');
    expect(tape.length).toBe(1 + n / 2 + 1);
    expect(book.bestBid()).toBeNull();
    expect(book.openQtyLots(2)).toBe(0);
  });

  it('matches the reference book for prices far outside the direct-index window (hash fallback)', () => {
    // The direct level index covers 16,384 ticks around the first price; these orders sit 20,000+ ticks away.
    const fast = new FastBook();
    const reference = new ReferenceBook();
    const fastTape = new EventCollector();
    const refTape = new EventCollector();
    const prices = [50_000, 70_000, 70_001, 30_000, 90_000, 50_000, 10];
    let id = 0;
    for (const price of prices) {
      for (const side of ['buy', 'sell'] as const) {
        id++;
        const cmd = placeCommand({
          orderId: id,
          accountId: id,
          side,
          qtyLots: 3,
          priceTicks: side === 'buy' ? price : price + 5,
        });
        expect(fast.place(cmd, fastTape)).toBe(reference.place(cmd, refTape));
      }
    }
    const sweep = placeCommand({ orderId: ++id, accountId: 999, side: 'sell', qtyLots: 100, type: 'market' });
    expect(fast.place(sweep, fastTape)).toBe(reference.place(sweep, refTape));
    expect(fastTape.events).toEqual(refTape.events);
    expect(fast.stateHash()).toBe(reference.stateHash());
    expect(fast.depth(10)).toEqual(reference.depth(10));
  });
});
