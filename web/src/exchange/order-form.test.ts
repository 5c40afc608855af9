// Tests for order entry: validation against the tick/lot grid and the exact request bodies of the contract.
import { describe, expect, it } from 'vitest';
import { emptyDraft, type OrderDraft, problemToFieldErrors, validateDraft } from './order-form.js';
import type { ExchangeSymbol } from './types.js';

const symbol: ExchangeSymbol = {
  symbol: 'BTC-USD',
  baseAsset: 'BTC',
  quoteAsset: 'USD',
  baseScale: 8,
  quoteScale: 2,
  tickSize: '0.01',
  lotSize: '0.0001',
  minQuantity: '0.001',
  maxQuantity: '1000',
  makerFeeBps: 10,
  takerFeeBps: 20,
  lastPrice: null,
  halted: false,
};

function draft(fields: Partial<OrderDraft>): OrderDraft {
  return { ...emptyDraft(), ...fields };
}

describe('order entry validation', () => {
  it('builds a limit order body with the chosen time in force and post-only flag', () => {
    expect(validateDraft(draft({ quantity: '0.5', price: '101.25', postOnly: true }), symbol)).toEqual({
      ok: true,
      path: '/exchange/orders',
      body: {
        symbol: 'BTC-USD',
        side: 'buy',
        type: 'limit',
        quantity: '0.5',
        price: '101.25',
        timeInForce: 'gtc',
        postOnly: true,
      },
    });
    const ioc = validateDraft(draft({ side: 'sell', quantity: '1', price: '100', timeInForce: 'ioc' }), symbol);
    expect(ioc.ok && ioc.body).toMatchObject({ side: 'sell', timeInForce: 'ioc' });
  });

  it('sends an expiry as an ISO time for orders that can wait, and refuses one in the past or on an IOC order', () => {
    const now = new Date('2026-11-22T12:00:00').getTime();
    const until = '2026-11-23T09:30';
    const gtd = validateDraft(draft({ quantity: '1', price: '100', expireAt: until }), symbol, now);
    expect(gtd.ok && gtd.body).toMatchObject({ expireAt: new Date(until).toISOString() });
    const stop = validateDraft(
      draft({ kind: 'stop_market', quantity: '1', stopPrice: '99', expireAt: until }),
      symbol,
      now,
    );
    expect(stop.ok && stop.body).toMatchObject({ type: 'stop_market', expireAt: new Date(until).toISOString() });
    const past = validateDraft(draft({ quantity: '1', price: '100', expireAt: '2026-11-22T11:59' }), symbol, now);
    expect(past).toEqual({ ok: false, errors: { expireAt: 'Must be in the future' } });
    const ioc = validateDraft(draft({ quantity: '1', price: '100', timeInForce: 'ioc', expireAt: until }), symbol, now);
    expect(ioc).toEqual({ ok: false, errors: { expireAt: 'Only a GTC order waits long enough to expire' } });
    // A market order has no expiry field, so a leftover value is not sent.
    const market = validateDraft(draft({ kind: 'market', quantity: '1', expireAt: until }), symbol, now);
    expect(market.ok && 'expireAt' in market.body).toBe(false);
  });

  it('rejects prices off the tick grid and quantities off the lot grid or outside the limits', () => {
    const result = validateDraft(draft({ quantity: '0.00015', price: '101.255' }), symbol);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.price).toContain('tick size 0.01');
      expect(result.errors.quantity).toContain('lot size 0.0001');
    }
    const small = validateDraft(draft({ quantity: '0.0001', price: '1' }), symbol);
    expect(!small.ok && small.errors.quantity).toBe('At least 0.001');
    const big = validateDraft(draft({ quantity: '1000.0001', price: '1' }), symbol);
    expect(!big.ok && big.errors.quantity).toBe('At most 1000');
    const words = validateDraft(draft({ quantity: 'lots', price: '-1' }), symbol);
    expect(!words.ok && Object.keys(words.errors).sort()).toEqual(['price', 'quantity']);
  });

  it('sends market orders with an optional protection price and stops with their stop price', () => {
    const market = validateDraft(draft({ kind: 'market', quantity: '1' }), symbol);
    expect(market.ok && market.body).toEqual({ symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '1' });
    const guarded = validateDraft(draft({ kind: 'market', quantity: '1', protectionPrice: '105' }), symbol);
    expect(guarded.ok && guarded.body).toMatchObject({ protectionPrice: '105' });
    const stop = validateDraft(draft({ kind: 'stop_market', quantity: '1' }), symbol);
    expect(!stop.ok && stop.errors.stopPrice).toBe('Required');
    const stopLimit = validateDraft(
      draft({ kind: 'stop_limit', quantity: '1', price: '99', stopPrice: '100' }),
      symbol,
    );
    expect(stopLimit.ok && stopLimit.body).toMatchObject({ type: 'stop_limit', price: '99', stopPrice: '100' });
  });

  it('makes an iceberg a limit order whose display quantity is below the total', () => {
    const ok = validateDraft(draft({ kind: 'iceberg', quantity: '10', price: '100', displayQuantity: '1' }), symbol);
    expect(ok.ok && ok.body).toMatchObject({ type: 'limit', displayQuantity: '1', quantity: '10' });
    const bad = validateDraft(draft({ kind: 'iceberg', quantity: '1', price: '100', displayQuantity: '1' }), symbol);
    expect(!bad.ok && bad.errors.displayQuantity).toBe('Must be below the total quantity');
  });

  it('refuses post-only with IOC or FOK', () => {
    const result = validateDraft(draft({ quantity: '1', price: '100', postOnly: true, timeInForce: 'fok' }), symbol);
    expect(!result.ok && result.errors.timeInForce).toContain('GTC');
  });

  it('builds TWAP and VWAP bodies and checks duration and slices', () => {
    const twap = validateDraft(
      draft({ kind: 'twap', quantity: '5', durationSeconds: '600', slices: '12', randomise: true }),
      symbol,
    );
    expect(twap).toEqual({
      ok: true,
      path: '/exchange/algo-orders',
      body: {
        symbol: 'BTC-USD',
        side: 'buy',
        quantity: '5',
        kind: 'twap',
        durationSeconds: 600,
        slices: 12,
        randomise: true,
      },
    });
    const vwap = validateDraft(draft({ kind: 'vwap', quantity: '5', limitPrice: '101', slices: '0' }), symbol);
    expect(!vwap.ok && vwap.errors.slices).toBe('Between 1 and 1000');
    const fixed = validateDraft(draft({ kind: 'vwap', quantity: '5', limitPrice: '101' }), symbol);
    expect(fixed.ok && fixed.body).toMatchObject({ kind: 'vwap', limitPrice: '101' });
  });

  it('maps server problems onto fields where it can', () => {
    const mapped = problemToFieldErrors({
      code: 'validation_failed',
      detail: 'bad body',
      errors: [
        { field: '/price', message: 'off tick' },
        { field: 'nonsense', message: 'x' },
      ],
    });
    expect(mapped).toEqual({ fields: { price: 'off tick' }, banner: 'validation_failed: bad body' });
    expect(problemToFieldErrors({ code: 'insufficient_funds' }).banner).toBe('insufficient_funds');
  });
});
