// Candles from trades: buckets, OHLC order and volume.
import { describe, expect, it } from 'vitest';
import { candlesFromTrades } from './candles.js';
import type { TradeRecord } from './state-types.js';

const trade = (id: number, at: number, price: bigint, quantity: bigint): TradeRecord => ({
  id,
  symbol: 'X',
  price,
  quantity,
  takerSide: 'buy',
  makerOrderId: 1,
  takerOrderId: 2,
  at,
});

describe('candlesFromTrades', () => {
  it('buckets by interval start and keeps open/high/low/close/volume', () => {
    const trades = [
      trade(1, 5_000, 10n, 1n),
      trade(2, 30_000, 12n, 2n),
      trade(3, 59_999, 9n, 1n),
      trade(4, 60_000, 11n, 4n),
    ];
    expect(candlesFromTrades(trades, '1m', 10)).toEqual([
      { startMs: 60_000, open: 11n, high: 11n, low: 11n, close: 11n, volume: 4n },
      { startMs: 0, open: 10n, high: 12n, low: 9n, close: 9n, volume: 4n },
    ]);
    expect(candlesFromTrades(trades, '5m', 10)).toHaveLength(1);
    expect(candlesFromTrades(trades, '1m', 1)).toHaveLength(1);
  });
});
