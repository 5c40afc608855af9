// Candlestick chart (lightweight-charts) with an interval switcher; the last candle follows live trades.
import { Box, Loader, SegmentedControl, useComputedColorScheme } from '@mantine/core';
import {
  type CandlestickData,
  CandlestickSeries,
  createChart,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useRef, useState } from 'react';
import { candleIntervals, toChartCandles } from './candles.js';
import { decimalPlaces } from './decimal.js';
import { useCandles } from './hooks.js';
import { Empty, Panel } from './panel.js';
import type { CandleInterval } from './types.js';

const chartHeight = 280;

/** Candles of a symbol at the chosen interval; the price axis counts in the symbol's ticks. */
export function CandleChart({ symbol, tickSize }: { symbol: string; tickSize: string }) {
  const [interval, setCandleInterval] = useState<CandleInterval>('1m');
  const candles = useCandles(symbol, interval);
  const items = candles.data?.items ?? [];
  return (
    <Panel
      title="Candles"
      testId="candle-chart"
      actions={
        <SegmentedControl
          size="xs"
          value={interval}
          onChange={(value) => setCandleInterval(value as CandleInterval)}
          data={[...candleIntervals]}
          data-testid="candle-interval"
        />
      }
    >
      {candles.isPending ? (
        <Loader size="sm" aria-label="Loading candles" />
      ) : items.length === 0 ? (
        <Empty testId="candles-empty">No trades yet, so no candles.</Empty>
      ) : (
        <CandleCanvas key={tickSize} candles={items} tickSize={tickSize} />
      )}
    </Panel>
  );
}

function CandleCanvas({ candles, tickSize }: { candles: Parameters<typeof toChartCandles>[0]; tickSize: string }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ISeriesApi<'Candlestick'> | null>(null);
  const drawn = useRef<CandlestickData<UTCTimestamp>[]>([]);
  const scheme = useComputedColorScheme('light');

  // One chart per mount (the panel remounts it for another tick size); the colour scheme is applied in place, so a
  // theme switch keeps the candles drawn instead of leaving an empty chart until the next trade.
  useEffect(() => {
    if (container.current === null) return;
    const created = createChart(container.current, {
      height: chartHeight,
      autoSize: true,
      layout: { background: { color: 'transparent' }, attributionLogo: false },
      timeScale: { timeVisible: true, secondsVisible: false },
    });
    chart.current = created;
    series.current = created.addSeries(CandlestickSeries, {
      upColor: '#12b886',
      downColor: '#fa5252',
      borderVisible: false,
      wickUpColor: '#12b886',
      wickDownColor: '#fa5252',
      // Axis labels at the tick's decimals and steps: a yen symbol with tick 5 showed 14999999.98.
      // minMove is a display step for the chart's own scale, not an amount.
      priceFormat: { type: 'price', precision: decimalPlaces(tickSize), minMove: Number(tickSize) },
    });
    drawn.current = [];
    return () => {
      created.remove();
      chart.current = null;
      series.current = null;
    };
  }, [tickSize]);

  useEffect(() => {
    const lines = scheme === 'dark' ? '#2c2e33' : '#eee';
    chart.current?.applyOptions({
      layout: { textColor: scheme === 'dark' ? '#c9c9c9' : '#333' },
      grid: { vertLines: { color: lines }, horzLines: { color: lines } },
    });
  }, [scheme]);

  useEffect(() => {
    const target = series.current;
    if (target === null) return;
    const next = toChartCandles(candles).map((candle) => ({ ...candle, time: candle.time as UTCTimestamp }));
    const previous = drawn.current;
    // A live trade changes only the last candle or opens one more: update in place instead of redrawing all.
    const sameHistory =
      previous.length > 0 &&
      (next.length === previous.length || next.length === previous.length + 1) &&
      next[0]?.time === previous[0]?.time &&
      next[previous.length - 2]?.time === previous[previous.length - 2]?.time;
    const last = next.at(-1);
    if (sameHistory && last !== undefined) target.update(last);
    else {
      target.setData(next);
      chart.current?.timeScale().fitContent();
    }
    drawn.current = next;
  }, [candles]);

  return <Box ref={container} h={chartHeight} data-testid="candle-canvas" />;
}
