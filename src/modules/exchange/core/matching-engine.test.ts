// Checks the engine's symbol rules: spec validation, tick and lot multiples, quantity bounds, price band, routing.
import { describe, expect, it } from 'vitest';
import { MatchingEngine } from './matching-engine.js';
import { ReferenceBook } from './reference-book.js';
import { priceFromTicks, quantityFromLots, type SymbolSpec, validateSymbolSpec } from './symbol-spec.js';

const btc: SymbolSpec = {
  symbol: 'BTC-USD',
  tickSize: 50n,
  lotSize: 1_000n,
  minQty: 2_000n,
  maxQty: 1_000_000n,
  priceBandTicks: 100,
  referencePrice: 5_000_000n,
};

function engine(): MatchingEngine {
  const e = new MatchingEngine();
  expect(e.addSymbol(btc).ok).toBe(true);
  return e;
}

const order = { symbol: 'BTC-USD', accountId: 1, side: 'buy' as const, type: 'limit' as const, timestamp: 1 };

describe('MatchingEngine', () => {
  it('validates symbol specifications', () => {
    expect(validateSymbolSpec({ ...btc, tickSize: 0n })).toMatchObject({
      ok: false,
      code: 'tick_size_must_be_positive',
    });
    expect(validateSymbolSpec({ ...btc, minQty: 1_500n })).toMatchObject({ ok: false, field: 'minQty' });
    expect(validateSymbolSpec({ ...btc, symbol: 'btc usd' })).toMatchObject({ ok: false, code: 'symbol_name_invalid' });
    expect(validateSymbolSpec({ ...btc, maxQty: 1_000n * 2n ** 40n })).toMatchObject({
      ok: false,
      code: 'max_qty_above_book_max',
    });
    const e = engine();
    expect(e.addSymbol(btc)).toMatchObject({ ok: false, code: 'symbol_already_listed' });
    expect(e.symbols()).toEqual(['BTC-USD']);
  });

  it('rejects prices and quantities that break the symbol rules', () => {
    const e = engine();
    const cases: Array<[object, string]> = [
      [{ symbol: 'ETH-USD' }, 'unknown_symbol'],
      [{ price: 5_000_010n }, 'price_not_multiple_of_tick'],
      [{ quantity: 2_500n }, 'quantity_not_multiple_of_lot'],
      [{ quantity: 1_000n }, 'quantity_below_min'],
      [{ quantity: 2_000_000n }, 'quantity_above_max'],
      [{ price: 5_000_000n + 101n * 50n }, 'price_outside_band'],
      [{ price: 0n }, 'price_ticks_must_be_positive'],
    ];
    let id = 1;
    for (const [patch, code] of cases) {
      const r = e.place({ ...order, orderId: id++, price: 5_000_000n, quantity: 3_000n, ...patch });
      expect(r.code).toBe(code);
      expect(r.events).toEqual([{ type: 'rejected', orderId: id - 1, code, timestamp: 1 }]);
    }
    expect(e.place({ ...order, orderId: id, price: 5_000_000n + 100n * 50n, quantity: 3_000n }).code).toBe('ok');
  });

  it('trades in ticks and lots that convert back exactly, and re-centres the band on the last trade', () => {
    const e = new MatchingEngine(() => new ReferenceBook());
    e.addSymbol(btc);
    e.place({ ...order, orderId: 1, side: 'sell', price: 5_001_000n, quantity: 5_000n });
    const r = e.place({ ...order, orderId: 2, accountId: 2, price: 5_001_000n, quantity: 3_000n });
    const trade = r.events.find((ev) => ev.type === 'trade');
    expect(trade).toMatchObject({ priceTicks: 100_020, qtyLots: 3 });
    if (trade?.type !== 'trade') throw new Error('expected a trade');
    expect(priceFromTicks(btc, trade.priceTicks)).toBe(5_001_000n);
    expect(quantityFromLots(btc, trade.qtyLots)).toBe(3_000n);
    // The band now centres on 100_020 ticks: 100_020 + 100 is in, 100_021 + 100 is out.
    expect(e.place({ ...order, orderId: 3, price: (100_020n + 100n) * 50n, quantity: 2_000n }).code).toBe('ok');
    expect(e.place({ ...order, orderId: 4, price: (100_021n + 100n) * 50n, quantity: 2_000n }).code).toBe(
      'price_outside_band',
    );
  });

  it('protects market orders (explicitly or at the band edge) and routes cancel and amend', () => {
    const e = engine();
    e.place({ ...order, orderId: 1, side: 'sell', price: (100_000n + 100n) * 50n, quantity: 2_000n });
    e.place({ ...order, orderId: 2, side: 'sell', price: (100_000n + 100n) * 50n, quantity: 2_000n, accountId: 3 });
    expect(e.place({ ...order, orderId: 3, side: 'sell', price: (100_000n + 101n) * 50n, quantity: 2_000n }).code).toBe(
      'price_outside_band',
    );
    const guarded = e.place({
      ...order,
      orderId: 4,
      accountId: 2,
      type: 'market',
      price: 100_050n * 50n,
      quantity: 2_000n,
    });
    expect(guarded.events.map((ev) => ev.type)).toEqual(['accepted', 'cancelled']);
    const m = e.place({ ...order, orderId: 5, accountId: 2, type: 'market', quantity: 3_000n });
    expect(m.events.filter((ev) => ev.type === 'trade').map((ev) => ev.type === 'trade' && ev.qtyLots)).toEqual([2, 1]);
    expect(e.book('BTC-USD')?.openQtyLots(2)).toBe(1);
    const amend = { symbol: 'BTC-USD', orderId: 2, accountId: 3, price: 5_004_000n, quantity: 4_000n, timestamp: 2 };
    expect(e.amend(amend).code).toBe('ok');
    expect(e.book('BTC-USD')?.bestAsk()).toBe(100_080);
    expect(e.cancel({ symbol: 'BTC-USD', orderId: 2, accountId: 3, timestamp: 3 }).code).toBe('ok');
    expect(e.cancel({ symbol: 'BTC-USD', orderId: 2, accountId: 3, timestamp: 4 }).code).toBe('unknown_order');
  });
});
