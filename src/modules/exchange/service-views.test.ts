import { describe, expect, it } from 'vitest';
import { formatters, orderView } from './service-views.js';
import { fundedState, limit, u } from './state-fixtures.js';

describe('service views', () => {
  it('formats with the symbol precision, and follows a change of tick or lot size on the same record', () => {
    const state = fundedState(['alice']);
    const sym = state.symbols.get('BTC-USD');
    if (!sym) throw new Error('fixture symbol missing');
    const first = formatters(sym);
    expect(first.price(BigInt(u('100.5')))).toBe('100.50');
    expect(first.qty(BigInt(u('0.25')))).toBe('0.2500');
    expect(formatters(sym)).toBe(first);
    sym.tickSize = BigInt(u('0.5'));
    sym.lotSize = BigInt(u('0.01'));
    const changed = formatters(sym);
    expect(changed).not.toBe(first);
    expect(changed.price(BigInt(u('100.5')))).toBe('100.5');
    expect(changed.qty(BigInt(u('0.25')))).toBe('0.25');
    const placed = state.apply(limit('alice', 'buy', '100.5', '0.25', 'c1'));
    if (!placed.result.ok || placed.result.value.kind !== 'order') throw new Error('order not placed');
    expect(orderView(placed.result.value.order, sym)).toMatchObject({
      price: '100.5',
      quantity: '0.25',
      postOnly: false,
      displayQuantity: null,
    });
    const iceberg = state.apply(
      limit('alice', 'buy', '99', '1', 'c2', 0, { displayQuantity: u('0.25'), postOnly: true }),
    );
    if (!iceberg.result.ok || iceberg.result.value.kind !== 'order') throw new Error('iceberg not placed');
    expect(orderView(iceberg.result.value.order, sym)).toMatchObject({ postOnly: true, displayQuantity: '0.25' });
  });

  it('rounds an average fill price to 8 decimals, or the tick decimals where more, and profit and loss to the quote scale', () => {
    const state = fundedState(['alice', 'bob']);
    state.apply(limit('alice', 'sell', '100.00', '1', 's1'));
    state.apply(limit('alice', 'sell', '100.01', '2', 's2'));
    const taken = state.apply(limit('bob', 'buy', '100.01', '3', 'b1')).result;
    if (!taken.ok || taken.value.kind !== 'order') throw new Error('order not placed');
    const sym = state.symbols.get('BTC-USD');
    if (!sym) throw new Error('fixture symbol missing');
    // (100.00 + 2 x 100.01) / 3 = 100.006666...
    expect(orderView(taken.value.order, sym).averageFillPrice).toBe('100.00666667');
    const f = formatters(sym);
    expect(f.average(BigInt(u('1.000000005')), 1n)).toBe('1.00');
    expect(f.average(BigInt(u('1.000000015')), 1n)).toBe('1.00000002');
    expect(f.average(BigInt(u('300.03')), 3n)).toBe('100.01');
    expect(f.quoteRounded(BigInt(u('52.058823529411764705')))).toBe('52.06');
    expect(f.quoteRounded(-BigInt(u('0.125')))).toBe('-0.12');
    sym.tickSize = BigInt(u('0.0000000001'));
    expect(formatters(sym).average(BigInt(u('2')), 3n)).toBe('0.6666666667');
  });
});
