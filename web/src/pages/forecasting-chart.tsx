// Line chart of a weekly history and, when given, the ensemble mean with its 95% band (lightweight-charts).
import { Box, useComputedColorScheme, useMantineTheme } from '@mantine/core';
import { createChart, type IChartApi, LineSeries, LineStyle } from 'lightweight-charts';
import { useEffect, useRef } from 'react';
import { dayOf, weekMs } from './forecasting-data.js';

/** What the chart draws: history from `historyStartMs`, forecast from `forecastStartMs` (one point per week). */
export interface ForecastChartProps {
  historyStartMs: number;
  history: number[];
  forecast?: { startMs: number; mean: number[]; lower: number[]; upper: number[] };
  height?: number;
  testId?: string;
}

function points(startMs: number, values: number[]) {
  return values.map((value, i) => ({ time: dayOf(startMs + i * weekMs), value }));
}

/** History in the neutral colour, mean in the primary colour, the 95% bounds dashed. */
export function ForecastChart({ historyStartMs, history, forecast, height = 340, testId }: ForecastChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const theme = useMantineTheme();
  const scheme = useComputedColorScheme('light');
  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const dark = scheme === 'dark';
    const primary = theme.colors[theme.primaryColor]?.[dark ? 4 : 7] ?? '#1c7ed6';
    const chart: IChartApi = createChart(element, {
      height,
      autoSize: true,
      layout: { background: { color: 'transparent' }, textColor: dark ? '#c9c9c9' : '#333' },
      grid: { vertLines: { visible: false }, horzLines: { color: dark ? '#333' : '#eee' } },
      timeScale: { borderVisible: false },
      rightPriceScale: { borderVisible: false },
    });
    const historySeries = chart.addSeries(LineSeries, {
      color: dark ? '#aaa' : '#555',
      lineWidth: 2,
      title: 'history',
      priceLineVisible: false,
    });
    historySeries.setData(points(historyStartMs, history));
    if (forecast !== undefined) {
      const band = {
        color: primary,
        lineWidth: 1 as const,
        lineStyle: LineStyle.Dashed,
        lastValueVisible: false,
        priceLineVisible: false,
      };
      chart.addSeries(LineSeries, { ...band, title: 'upper 95%' }).setData(points(forecast.startMs, forecast.upper));
      chart.addSeries(LineSeries, { ...band, title: 'lower 95%' }).setData(points(forecast.startMs, forecast.lower));
      chart
        .addSeries(LineSeries, { color: primary, lineWidth: 2, title: 'ensemble mean', priceLineVisible: false })
        .setData(points(forecast.startMs, forecast.mean));
    }
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [historyStartMs, history, forecast, height, scheme, theme]);
  return <Box ref={container} h={height} data-testid={testId} aria-label="forecast chart" />;
}
