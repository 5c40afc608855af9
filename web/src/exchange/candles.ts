// Pure candle helpers: interval buckets, folding a live trade into the last candle, chart-ready values.
import { addDecimal, compareDecimal, decimalToNumber } from './decimal.js';
import type { Candle, CandleInterval } from './types.js';

/** Length of each candle interval in seconds. */
export const intervalSeconds: Record<CandleInterval, number> = { '1m': 60, '5m': 300, '1h': 3600, '1d': 86_400 };

/** The intervals offered by the switcher, shortest first. */
export const candleIntervals: readonly CandleInterval[] = ['1m', '5m', '1h', '1d'];

/** Candles kept in memory per interval; matches the `limit` asked of the server. */
export const candlesKeptMax = 200;

/** Start of the interval holding `atIso`, in whole seconds since the epoch (UTC buckets, as the server's). */
export function bucketStartSeconds(atIso: string, interval: CandleInterval): number {
  const seconds = Math.floor(Date.parse(atIso) / 1000);
  const width = intervalSeconds[interval];
  return seconds - (((seconds % width) + width) % width);
}

/** Folds one trade into a candle list: updates the open candle, opens the next one, ignores older trades. */
export function applyTradeToCandles(
  candles: readonly Candle[],
  trade: { price: string; quantity: string; at: string },
  interval: CandleInterval,
): Candle[] {
  const bucket = bucketStartSeconds(trade.at, interval);
  const last = candles[candles.length - 1];
  const lastStart = last === undefined ? Number.NEGATIVE_INFINITY : Math.floor(Date.parse(last.t) / 1000);
  if (last !== undefined && bucket < lastStart) return [...candles]; // the server's candles already hold it
  if (last !== undefined && bucket === lastStart) {
    const updated: Candle = {
      ...last,
      high: compareDecimal(trade.price, last.high) > 0 ? trade.price : last.high,
      low: compareDecimal(trade.price, last.low) < 0 ? trade.price : last.low,
      close: trade.price,
      volume: addDecimal(last.volume, trade.quantity),
    };
    return [...candles.slice(0, -1), updated];
  }
  const opened: Candle = {
    t: new Date(bucket * 1000).toISOString(),
    open: trade.price,
    high: trade.price,
    low: trade.price,
    close: trade.price,
    volume: trade.quantity,
  };
  return [...candles, opened].slice(-candlesKeptMax);
}

/** A candle in the shape lightweight-charts draws (floats are fine for geometry). */
export interface ChartCandle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

/** Converts server candles for the chart, sorted by time with duplicate times collapsed (the chart requires it). */
export function toChartCandles(candles: readonly Candle[]): ChartCandle[] {
  const byTime = new Map<number, ChartCandle>();
  for (const candle of candles) {
    const time = Math.floor(Date.parse(candle.t) / 1000);
    byTime.set(time, {
      time,
      open: decimalToNumber(candle.open),
      high: decimalToNumber(candle.high),
      low: decimalToNumber(candle.low),
      close: decimalToNumber(candle.close),
    });
  }
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}
