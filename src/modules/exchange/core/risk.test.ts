// Tests of pre-trade risk: one case per rejection code, kill switches, rate window and an acceptance property.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock, seedFromEnv } from '../../../kernel/index.js';
import {
  type AccountRiskLimits,
  type AccountRiskState,
  checkOrder,
  engageKillSwitch,
  killSwitchesOff,
  ordersInWindow,
  type RiskCheckInput,
  type RiskMarket,
  recordOrderTime,
  releaseKillSwitch,
  timesInWindow,
} from './risk.js';
import { riskLimits } from './risk-limits.js';

const seed = seedFromEnv();
const limits: AccountRiskLimits = {
  orderQtyLotsMax: 100n,
  orderNotionalQuoteMinorMax: 1_000_000n,
  openOrdersMax: 5,
  positionLotsMax: 150n,
  positionLotsMaxBySymbol: { 'ETH-USD': 10n },
  priceBandBps: 500n, // 5 %
  ordersPerWindowMax: 3,
  rateWindowMs: 1_000,
};
const state: AccountRiskState = {
  openOrders: 0,
  positionLots: 0n,
  openBuyLots: 0n,
  openSellLots: 0n,
  availableMinor: 10_000_000n,
  recentOrderTimesMs: [],
};
const market: RiskMarket = {
  lotBaseMinor: 1_000n,
  tickValueQuoteMinor: 1n,
  takerFeeBps: 20n,
  referencePriceTicks: 10_000n,
};

function input(
  over: Partial<Omit<RiskCheckInput, 'order'>> & { order?: Partial<RiskCheckInput['order']> } = {},
): RiskCheckInput {
  return {
    limits,
    state,
    market,
    kill: killSwitchesOff(),
    nowMs: 5_000,
    ...over,
    order: {
      account: 'a',
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      qtyLots: 10n,
      priceTicks: 10_000n,
      ...over.order,
    },
  };
}

describe('checkOrder', () => {
  it('accepts a normal order and sizes its hold with the worst-case fee', () => {
    expect(checkOrder(input())).toEqual({
      ok: true,
      value: {
        holdAsset: 'quote',
        holdMinor: 100_000n + 200n + 10n,
        notionalQuoteMinor: 100_000n,
        priceTicks: 10_000n,
      },
    });
    expect(checkOrder(input({ order: { side: 'sell' } }))).toMatchObject({
      value: { holdAsset: 'base', holdMinor: 10_000n },
    });
  });

  it('values a market order at the band edge, or at its protection price where tighter or without a reference', () => {
    const priced = (over: Parameters<typeof input>[0]) => {
      const r = checkOrder(input(over));
      return r.ok ? r.value.priceTicks : r.code;
    };
    const marketBuy = { type: 'market' as const, priceTicks: undefined };
    expect(priced({ order: marketBuy })).toBe(10_500n);
    expect(priced({ order: { ...marketBuy, side: 'sell' } })).toBe(9_500n);
    expect(priced({ order: { ...marketBuy, protectionPriceTicks: 10_200n } })).toBe(10_200n);
    expect(priced({ order: { ...marketBuy, protectionPriceTicks: 11_000n } })).toBe(10_500n);
    expect(priced({ order: { ...marketBuy, side: 'sell', protectionPriceTicks: 9_800n } })).toBe(9_800n);
    expect(priced({ order: { ...marketBuy, side: 'sell', protectionPriceTicks: 9_000n } })).toBe(9_500n);
    // The notional limit sees the protection price: 100 lots at 10,500 is above 1,000,000, at 10,000 it is not.
    expect(priced({ order: { ...marketBuy, qtyLots: 100n } })).toBe('order_notional_above_max');
    expect(priced({ order: { ...marketBuy, qtyLots: 100n, protectionPriceTicks: 10_000n } })).toBe(10_000n);
    // A new symbol: nothing to band against, so the client's protection price is the valuation.
    const fresh = { ...market, referencePriceTicks: undefined };
    expect(priced({ market: fresh, order: { ...marketBuy, protectionPriceTicks: 12_345n } })).toBe(12_345n);
    const missing = checkOrder(input({ market: fresh, order: marketBuy }));
    expect(missing).toMatchObject({ ok: false, code: 'reference_price_missing', field: 'protectionPriceTicks' });
    expect(missing.ok ? '' : missing.detail).toContain('give the market order a protection price');
    expect(priced({ order: { ...marketBuy, protectionPriceTicks: 0n } })).toBe('price_ticks_must_be_positive');
  });

  it('returns a stable code for every rejection', () => {
    const code = (i: RiskCheckInput) => {
      const r = checkOrder(i);
      return r.ok ? 'ok' : r.code;
    };
    expect(code(input({ kill: { globalHalted: true, killedAccounts: new Set() } }))).toBe('trading_halted');
    expect(code(input({ kill: { globalHalted: false, killedAccounts: new Set(['a']) } }))).toBe('account_killed');
    expect(code(input({ order: { qtyLots: 0n } }))).toBe('order_quantity_must_be_positive');
    expect(code(input({ order: { priceTicks: undefined } }))).toBe('price_ticks_must_be_positive');
    expect(code(input({ order: { type: 'market' }, market: { ...market, referencePriceTicks: undefined } }))).toBe(
      'reference_price_missing',
    );
    expect(code(input({ state: { ...state, recentOrderTimesMs: [4_100, 4_500, 4_999] } }))).toBe('order_rate_exceeded');
    expect(code(input({ order: { qtyLots: 101n } }))).toBe('order_quantity_above_max');
    expect(code(input({ order: { priceTicks: 10_501n } }))).toBe('price_outside_band');
    expect(code(input({ order: { priceTicks: 9_499n } }))).toBe('price_outside_band');
    expect(code(input({ order: { priceTicks: 10_500n } }))).toBe('ok');
    expect(code(input({ order: { qtyLots: 100n, priceTicks: 10_100n } }))).toBe('order_notional_above_max');
    expect(code(input({ state: { ...state, openOrders: 5 } }))).toBe('open_orders_above_max');
    expect(code(input({ state: { ...state, positionLots: 100n, openBuyLots: 41n } }))).toBe('position_limit_exceeded');
    expect(code(input({ order: { side: 'sell' }, state: { ...state, positionLots: -141n } }))).toBe(
      'position_limit_exceeded',
    );
    expect(code(input({ order: { symbol: 'ETH-USD', qtyLots: 11n } }))).toBe('position_limit_exceeded');
    expect(code(input({ state: { ...state, availableMinor: 100_199n } }))).toBe('insufficient_funds');
  });

  it('states a refusal in the units it is given, and in ticks, lots and minor units without them', () => {
    const detail = (i: RiskCheckInput) => {
      const r = checkOrder(i);
      return r.ok ? 'ok' : r.detail;
    };
    expect(detail(input({ order: { priceTicks: 10_501n } }))).toBe(
      '10501 ticks is more than 5% from the reference price 10000 ticks',
    );
    const units = {
      price: (ticks: bigint) => `${ticks / 100n}.${String(ticks % 100n).padStart(2, '0')}`,
      quantity: (lots: bigint) => `${lots} BTC`,
      amount: (asset: 'base' | 'quote', minor: bigint) => `${minor} ${asset === 'quote' ? 'USD' : 'BTC'}`,
    };
    const withUnits = { ...market, units };
    expect(detail(input({ market: withUnits, order: { priceTicks: 10_501n } }))).toBe(
      '105.01 is more than 5% from the reference price 100.00',
    );
    expect(detail(input({ market: withUnits, state: { ...state, availableMinor: 100_199n } }))).toBe(
      'the order needs 100210 USD (with the fee); 100199 USD is available',
    );
    expect(detail(input({ market: withUnits, order: { side: 'sell' }, state: { ...state, availableMinor: 9n } }))).toBe(
      'the order needs 10000 BTC; 9 BTC is available',
    );
    expect(detail(input({ market: withUnits, order: { qtyLots: 101n } }))).toBe(
      "101 BTC is above this account's largest order, 100 BTC",
    );
    expect(detail(input({ market: withUnits, order: { qtyLots: 100n, priceTicks: 10_100n } }))).toBe(
      'the order is worth 1010000 USD, above 1000000 USD',
    );
    expect(detail(input({ market: withUnits, state: { ...state, positionLots: 100n, openBuyLots: 41n } }))).toBe(
      'with its open orders filled the position would reach 151 BTC, above 150 BTC',
    );
  });

  it('values a market order at the band edge on its side', () => {
    expect(checkOrder(input({ order: { type: 'market', priceTicks: undefined } }))).toMatchObject({
      value: { notionalQuoteMinor: 10n * 10_500n },
    });
    expect(checkOrder(input({ order: { type: 'market', side: 'sell' } }))).toMatchObject({
      value: { notionalQuoteMinor: 10n * 9_500n },
    });
  });

  it('limits the order rate over a sliding window driven by the clock', () => {
    const clock = new ManualClock(10_000);
    let times: number[] = [];
    const accepted: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const r = checkOrder(input({ state: { ...state, recentOrderTimesMs: times }, nowMs: clock.nowMs() }));
      accepted.push(r.ok);
      times = recordOrderTime(times, clock.nowMs(), limits.rateWindowMs);
      clock.advance(100);
    }
    expect(accepted).toEqual([true, true, true, false, false]);
    clock.advance(1_000);
    expect(checkOrder(input({ state: { ...state, recentOrderTimesMs: times }, nowMs: clock.nowMs() })).ok).toBe(true);
  });

  it('the in-place window counts what a fresh copy of the window would, at every order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 3_000 }),
        fc.integer({ min: 1, max: 2_000 }),
        (gaps, windowMs) => {
          let now = 1_000_000;
          let reference: number[] = [];
          const times: number[] = [];
          for (const gap of gaps) {
            now += gap;
            // What recordOrderTime kept before it worked in place: the window's times, copied, plus the new one.
            reference = [...reference.filter((t) => t > now - windowMs), now].slice(-riskLimits.rateWindowOrdersMax);
            expect(recordOrderTime(times, now, windowMs)).toBe(times);
            expect(ordersInWindow(times, now, windowMs)).toBe(reference.length);
            expect(ordersInWindow(times, now + gap, windowMs)).toBe(ordersInWindow(reference, now + gap, windowMs));
            expect(times.length).toBeLessThanOrEqual(2 * reference.length + 1);
          }
          expect(timesInWindow(times, windowMs)).toEqual(reference);
        },
      ),
      { seed, numRuns: 100 },
    );
  });

  it('keeps at most rateWindowOrdersMax times, the newest', () => {
    const times: number[] = [];
    for (let i = 0; i <= riskLimits.rateWindowOrdersMax + 5; i++) recordOrderTime(times, 5_000 + (i >> 4), 60_000);
    expect(times).toHaveLength(riskLimits.rateWindowOrdersMax);
    expect(times.at(-1)).toBe(5_000 + ((riskLimits.rateWindowOrdersMax + 5) >> 4));
    expect(times[0]).toBe(5_000 + (6 >> 4));
  });

  it('kill switches cancel resting orders and block new ones until released', () => {
    const resting = [
      { orderId: '1', account: 'a' },
      { orderId: '2', account: 'b' },
      { orderId: '3', account: 'a' },
    ];
    const k = engageKillSwitch(killSwitchesOff(), 'a', resting);
    expect(k.cancelOrderIds).toEqual(['1', '3']);
    expect(checkOrder(input({ kill: k.state }))).toMatchObject({ code: 'account_killed' });
    expect(checkOrder(input({ kill: releaseKillSwitch(k.state, 'a') })).ok).toBe(true);
    const g = engageKillSwitch(killSwitchesOff(), null, resting);
    expect(g.cancelOrderIds).toEqual(['1', '2', '3']);
    expect(checkOrder(input({ kill: g.state }))).toMatchObject({ code: 'trading_halted' });
    expect(checkOrder(input({ kill: releaseKillSwitch(g.state, null) })).ok).toBe(true);
  });

  it('never accepts an order that breaks a limit', () => {
    fc.assert(
      fc.property(
        fc.record({
          qty: fc.bigInt(-5n, 200n),
          price: fc.bigInt(1n, 20_000n),
          side: fc.constantFrom('buy' as const, 'sell' as const),
          position: fc.bigInt(-200n, 200n),
          openBuy: fc.bigInt(0n, 100n),
          openSell: fc.bigInt(0n, 100n),
          openOrders: fc.nat(7),
          available: fc.bigInt(0n, 3_000_000n),
        }),
        (c) => {
          const s = {
            ...state,
            positionLots: c.position,
            openBuyLots: c.openBuy,
            openSellLots: c.openSell,
            openOrders: c.openOrders,
            availableMinor: c.available,
          };
          const r = checkOrder(input({ state: s, order: { qtyLots: c.qty, priceTicks: c.price, side: c.side } }));
          if (!r.ok) return;
          expect(c.qty > 0n && c.qty <= limits.orderQtyLotsMax, `SEED=${seed}`).toBe(true);
          expect(r.value.notionalQuoteMinor <= limits.orderNotionalQuoteMinorMax).toBe(true);
          expect(c.openOrders < limits.openOrdersMax).toBe(true);
          const worst = c.side === 'buy' ? c.position + c.openBuy + c.qty : -(c.position - c.openSell - c.qty);
          expect(worst <= limits.positionLotsMax).toBe(true);
          expect(r.value.holdMinor <= c.available).toBe(true);
          const d = c.price > 10_000n ? c.price - 10_000n : 10_000n - c.price;
          expect(d * 10_000n <= 10_000n * limits.priceBandBps).toBe(true);
        },
      ),
      { seed, numRuns: 500 },
    );
  });
});
