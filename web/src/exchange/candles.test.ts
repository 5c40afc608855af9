// Tests for candle folding: bucket boundaries, OHLC updates from live trades, chart conversion.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyTradeToCandles, bucketStartSeconds, candlesKeptMax, toChartCandles } from './candles.js';
import { compareDecimal, sumDecimals } from './decimal.js';
import { testSeed as seed } from './test-seed.js';
import type { Candle } from './types.js';

const t0 = Date.parse('2026-11-21T14:00:00Z') / 1000;

describe('candles', () => {
  it('puts a trade into the UTC bucket that holds it', () => {
    expect(bucketStartSeconds('2026-11-21T14:04:59.999Z', '1m')).toBe(t0 + 240);
    expect(bucketStartSeconds('2026-11-21T14:04:59.999Z', '5m')).toBe(t0);
    expect(bucketStartSeconds('2026-11-21T14:59:00Z', '1h')).toBe(t0);
    expect(bucketStartSeconds('2026-11-21T23:59:00Z', '1d')).toBe(Date.parse('2026-11-21T00:00:00Z') / 1000);
  });

  it('updates the open candle, opens the next one and ignores older trades', () => {
    const open: Candle = {
      t: '2026-11-21T14:00:00.000Z',
      open: '100',
      high: '101',
      low: '99',
      close: '100.5',
      volume: '2',
    };
    const same = applyTradeToCandles([open], { price: '102.25', quantity: '0.5', at: '2026-11-21T14:00:30Z' }, '1m');
    expect(same).toEqual([{ ...open, high: '102.25', close: '102.25', volume: '2.5' }]);
    const next = applyTradeToCandles(same, { price: '98', quantity: '1', at: '2026-11-21T14:01:10Z' }, '1m');
    expect(next).toHaveLength(2);
    expect(next[1]).toEqual({
      t: '2026-11-21T14:01:00.000Z',
      open: '98',
      high: '98',
      low: '98',
      close: '98',
      volume: '1',
    });
    expect(applyTradeToCandles(next, { price: '1', quantity: '1', at: '2026-11-21T13:00:00Z' }, '1m')).toEqual(next);
    expect(applyTradeToCandles([], { price: '5', quantity: '1', at: '2026-11-21T14:00:00Z' }, '1h')).toHaveLength(1);
  });

  it('sorts chart candles and collapses duplicate times', () => {
    const a: Candle = { t: '2026-11-21T14:01:00Z', open: '1', high: '2', low: '1', close: '2', volume: '1' };
    const b: Candle = { t: '2026-11-21T14:00:00Z', open: '3', high: '3', low: '3', close: '3', volume: '1' };
    const chart = toChartCandles([a, b, { ...a, close: '1.5' }]);
    expect(chart.map((candle) => candle.time)).toEqual([t0, t0 + 60]);
    expect(chart[1]?.close).toBe(1.5);
  });

  it(`keeps low <= open, close <= high and sums volume exactly for any trade stream (SEED=${seed})`, () => {
    const trade = fc.record({
      cents: fc.integer({ min: 1, max: 1_000_000 }),
      lots: fc.integer({ min: 1, max: 10_000 }),
      offset: fc.integer({ min: 0, max: 3 * 3600 }),
    });
    fc.assert(
      fc.property(fc.array(trade, { maxLength: 60 }), (raw) => {
        const trades = raw
          .map((item) => ({
            price: (item.cents / 100).toFixed(2),
            quantity: (item.lots / 1000).toFixed(3),
            at: new Date((t0 + item.offset) * 1000).toISOString(),
          }))
          .sort((a, b) => a.at.localeCompare(b.at));
        let candles: Candle[] = [];
        for (const item of trades) candles = applyTradeToCandles(candles, item, '5m');
        for (const candle of candles) {
          expect(compareDecimal(candle.low, candle.open) <= 0, `SEED=${seed}`).toBe(true);
          expect(compareDecimal(candle.low, candle.close) <= 0, `SEED=${seed}`).toBe(true);
          expect(compareDecimal(candle.high, candle.open) >= 0, `SEED=${seed}`).toBe(true);
          expect(compareDecimal(candle.high, candle.close) >= 0, `SEED=${seed}`).toBe(true);
        }
        expect(candles.length <= candlesKeptMax, `SEED=${seed}`).toBe(true);
        const volume = sumDecimals(candles.map((candle) => candle.volume));
        expect(compareDecimal(volume, sumDecimals(trades.map((item) => item.quantity))), `SEED=${seed}`).toBe(0);
      }),
      { seed, numRuns: 200 },
    );
  });
});
