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
    expect(orderView(placed.result.value.order, sym)).toMatchObject({ price: '100.5', quantity: '0.25' });
  });
});
