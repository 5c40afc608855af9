// OHLCV candles from trades: bucket start = floor(time / interval) * interval (UTC, like SQL date_bin from the epoch).
import type { TradeRecord } from './state-types.js';

/** Supported candle intervals and their length in ms. */
export const candleIntervals = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000, '1d': 86_400_000 } as const;
/** A candle interval name. */
export type CandleInterval = keyof typeof candleIntervals;

/** One candle in internal minor units. */
export interface Candle {
  startMs: number;
  open: bigint;
  high: bigint;
  low: bigint;
  close: bigint;
  volume: bigint;
}

/** Candles of the given trades (oldest first in, newest first out), at most `limit`. */
export function candlesFromTrades(trades: readonly TradeRecord[], interval: CandleInterval, limit: number): Candle[] {
  const ms = candleIntervals[interval];
  const out: Candle[] = [];
  for (const t of trades) {
    const startMs = Math.floor(t.at / ms) * ms;
    const last = out[out.length - 1];
    if (last && last.startMs === startMs) {
      if (t.price > last.high) last.high = t.price;
      if (t.price < last.low) last.low = t.price;
      last.close = t.price;
      last.volume += t.quantity;
    } else out.push({ startMs, open: t.price, high: t.price, low: t.price, close: t.price, volume: t.quantity });
  }
  return out.slice(-limit).reverse();
}
