// The five tabs of seed 000's forecasting dashboard; each shows only figures the API returned.
import {
  Alert,
  Badge,
  Card,
  Group,
  ScrollArea,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { ForecastChart } from './forecasting-chart.js';
import {
  type Accuracy,
  dayOf,
  describeSteps,
  type ForecastResult,
  formatNumber,
  formatPercent,
  type InsightItem,
  milestoneSteps,
  type PatternResult,
  type RawHistoryResult,
  type WeeklyHistoryResult,
  weekMs,
} from './forecasting-data.js';

const kindColor: Record<InsightItem['kind'], string> = {
  growth_opportunity: 'green',
  risk_factor: 'red',
  stability_indicator: 'blue',
  recommendation: 'grape',
};

function forecastStart(f: ForecastResult): number {
  return f.calendar.forecastStartMs ?? 0;
}

/** Date of forecast step h (1-based). */
function stepDate(f: ForecastResult, h: number): string {
  return dayOf(forecastStart(f) + (h - 1) * weekMs);
}

function PatternText<T>({ result, render }: { result: PatternResult<T>; render: (value: T) => string }) {
  return <>{result.ok ? render(result.value) : `undefined (${result.code})`}</>;
}

/** Strategic Overview: where the series is, where the ensemble puts it at each milestone, and how far to trust it. */
export function StrategicOverview({ forecast }: { forecast: ForecastResult }) {
  const last = forecast.history.values[forecast.history.values.length - 1];
  const bt = forecast.ensemble.backtest;
  const recommendations = forecast.insights.filter((i) => i.kind === 'recommendation');
  return (
    <Stack data-testid="forecast-overview">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            Last week of history
          </Text>
          <Text fw={700} size="xl">
            {formatNumber(last)}
          </Text>
          <Text size="xs">{dayOf(forecastStart(forecast) - weekMs)}</Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            Trend
          </Text>
          <Text fw={700} size="xl">
            <PatternText result={forecast.patterns.trend} render={(t) => t.direction} />
          </Text>
          <Text size="xs">
            <PatternText
              result={forecast.patterns.trend}
              render={(t) =>
                `${formatPercent(t.relativeSlopePerYear)} of level per year, R² ${formatNumber(t.rSquared, 2)}`
              }
            />
          </Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            Volatility · CAGR
          </Text>
          <Text fw={700} size="xl">
            <PatternText result={forecast.patterns.volatility} render={(v) => v.level} />
          </Text>
          <Text size="xs">
            CV{' '}
            <PatternText
              result={forecast.patterns.volatility}
              render={(v) => formatNumber(v.coefficientOfVariation, 3)}
            />{' '}
            · CAGR <PatternText result={forecast.patterns.cagr} render={(c) => formatPercent(c.rate)} />
          </Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            Ensemble backtest ({bt.points} points)
          </Text>
          <Text fw={700} size="xl">
            MASE {formatNumber(bt.mase, 3)}
          </Text>
          <Text size="xs">
            95% coverage {formatPercent(bt.coverage95)} · sMAPE {formatNumber(bt.smapePercent, 3)}%
          </Text>
        </Card>
      </SimpleGrid>
      <MilestoneTable forecast={forecast} />
      <Alert color="gray" title="How far this forecast is validated">
        The backtest scores forecasts up to {forecast.backtest.horizon} weeks ahead from{' '}
        {forecast.backtest.origins.length} earlier origins. Beyond that nothing in the history can check the numbers:
        read long horizons as scenarios, and the widening interval as the honest part of the answer. MASE below 1 beats
        the naive forecast.
      </Alert>
      {recommendations.length > 0 && (
        <>
          <Title order={5}>Recommendations</Title>
          {recommendations.map((i) => (
            <InsightCard key={`${i.horizon}-${i.code}`} insight={i} />
          ))}
        </>
      )}
    </Stack>
  );
}

function MilestoneTable({ forecast }: { forecast: ForecastResult }) {
  return (
    <ScrollArea>
      <Table data-testid="forecast-milestones">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Horizon</Table.Th>
            <Table.Th>Week of</Table.Th>
            <Table.Th>Ensemble mean</Table.Th>
            <Table.Th>95% interval</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {milestoneSteps(forecast.horizonSteps).map((h) => (
            <Table.Tr key={h}>
              <Table.Td>{describeSteps(h)}</Table.Td>
              <Table.Td>{stepDate(forecast, h)}</Table.Td>
              <Table.Td>{formatNumber(forecast.ensemble.mean[h - 1])}</Table.Td>
              <Table.Td>
                {formatNumber(forecast.ensemble.lower[h - 1])} … {formatNumber(forecast.ensemble.upper[h - 1])}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

/** Metric Predictions: history plus ensemble mean and 95% band, and the milestone table. */
export function MetricPredictions({ forecast }: { forecast: ForecastResult }) {
  return (
    <Stack>
      <ForecastChart
        testId="forecast-chart"
        historyStartMs={forecast.calendar.historyStartMs ?? 0}
        history={forecast.history.values}
        forecast={{
          startMs: forecastStart(forecast),
          mean: forecast.ensemble.mean,
          lower: forecast.ensemble.lower,
          upper: forecast.ensemble.upper,
        }}
      />
      <Text size="xs" c="dimmed">
        Grey: weekly history ({forecast.calendar.weeks} weeks, {forecast.calendar.gapCount} filled by{' '}
        {forecast.calendar.gapPolicy ?? '—'}). Solid: ensemble mean of {forecast.models.length} models. Dashed: 95%
        interval, mean ± 1.96 σ with σ never shrinking as the horizon grows.
      </Text>
      <MilestoneTable forecast={forecast} />
    </Stack>
  );
}

/** Historical Analysis: the weekly series, its resampling facts and a page of raw observations. */
export function HistoricalAnalysis({
  weekly,
  raw,
  patterns,
}: {
  weekly: WeeklyHistoryResult;
  raw: RawHistoryResult | undefined;
  patterns: ForecastResult['patterns'] | undefined;
}) {
  return (
    <Stack data-testid="forecast-history">
      <ForecastChart historyStartMs={weekly.startMs} history={weekly.values} height={280} />
      <Text size="sm">
        {weekly.samples} stored observations → {weekly.values.length} ISO weeks from {dayOf(weekly.startMs)} (
        {weekly.aggregation} per week); {weekly.gapCount} empty weeks filled by {weekly.gapPolicy}.
      </Text>
      {patterns !== undefined && (
        <Text size="sm">
          Trend:{' '}
          <PatternText
            result={patterns.trend}
            render={(t) =>
              `${t.direction}, ${formatNumber(t.slopePerWeek)} per week (R² ${formatNumber(t.rSquared, 2)})`
            }
          />
          . Volatility:{' '}
          <PatternText
            result={patterns.volatility}
            render={(v) => `${v.level} (CV ${formatNumber(v.coefficientOfVariation, 3)})`}
          />
          . CAGR:{' '}
          <PatternText
            result={patterns.cagr}
            render={(c) => `${formatPercent(c.rate, 2)} over ${formatNumber(c.years, 3)} years`}
          />
          .
        </Text>
      )}
      {raw !== undefined && (
        <ScrollArea.Autosize mah={320}>
          <Table fz="sm" data-testid="forecast-raw-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time (UTC)</Table.Th>
                <Table.Th>Value</Table.Th>
                <Table.Th>Metadata</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {raw.points.map((p) => (
                <Table.Tr key={p.timeMs}>
                  <Table.Td>{p.time.replace('T', ' ').replace('.000Z', 'Z')}</Table.Td>
                  <Table.Td>{formatNumber(p.value, 8)}</Table.Td>
                  <Table.Td ff="monospace" fz="xs">
                    {p.metadata === null ? '—' : JSON.stringify(p.metadata)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
    </Stack>
  );
}

function AccuracyCells({ a }: { a: Accuracy | null }) {
  return (
    <>
      <Table.Td>{formatNumber(a?.mae)}</Table.Td>
      <Table.Td>{formatNumber(a?.smapePercent, 3)}</Table.Td>
      <Table.Td>{formatNumber(a?.mase, 3)}</Table.Td>
      <Table.Td>{formatPercent(a?.coverage95)}</Table.Td>
    </>
  );
}

/** Deep Dive: every model's parameters, end-of-horizon forecast and backtest metrics, beside the ensemble. */
export function DeepDive({ forecast }: { forecast: ForecastResult }) {
  const h = forecast.horizonSteps - 1;
  const s = forecast.seasonality;
  return (
    <Stack>
      <ScrollArea>
        <Table data-testid="forecast-models" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Model</Table.Th>
              <Table.Th>Parameters</Table.Th>
              <Table.Th>σ (in-sample)</Table.Th>
              <Table.Th>Mean at {describeSteps(forecast.horizonSteps)}</Table.Th>
              <Table.Th>MAE</Table.Th>
              <Table.Th>sMAPE %</Table.Th>
              <Table.Th>MASE</Table.Th>
              <Table.Th>95% coverage</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {forecast.models.map((m) => (
              <Table.Tr key={m.name}>
                <Table.Td>{m.name}</Table.Td>
                <Table.Td ff="monospace" fz="xs">
                  {Object.entries(m.params)
                    .map(([k, v]) => `${k}=${formatNumber(v, 3)}`)
                    .join(' ')}
                </Table.Td>
                <Table.Td>{formatNumber(m.sigma)}</Table.Td>
                <Table.Td>{formatNumber(m.mean[h])}</Table.Td>
                <AccuracyCells a={m.backtest} />
              </Table.Tr>
            ))}
            <Table.Tr fw={700}>
              <Table.Td>ensemble</Table.Td>
              <Table.Td>mean of {forecast.models.length}</Table.Td>
              <Table.Td>—</Table.Td>
              <Table.Td>{formatNumber(forecast.ensemble.mean[h])}</Table.Td>
              <AccuracyCells a={forecast.ensemble.backtest} />
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <Text size="sm">
        Seasonality (period {s.period} weeks): {s.detected ? 'detected' : 'not detected'}, lag-{s.period}{' '}
        autocorrelation of the detrended series {formatNumber(s.autocorrelation, 3)}. Backtest:{' '}
        {forecast.backtest.origins.length} rolling origins (at weeks {forecast.backtest.origins.join(', ')}), each
        scoring the next {forecast.backtest.horizon} weeks. A dash means the model could not be fitted at any origin.
      </Text>
    </Stack>
  );
}

function InsightCard({ insight }: { insight: InsightItem }) {
  return (
    <Card withBorder data-testid="forecast-insight">
      <Group gap="xs" mb={4}>
        <Badge color={kindColor[insight.kind]} variant="light">
          {insight.kind.replaceAll('_', ' ')}
        </Badge>
        <Badge variant="outline">{insight.horizon}</Badge>
        <Text ff="monospace" fz="xs" c="dimmed">
          {insight.code}
        </Text>
      </Group>
      <Text size="sm">{insight.message}</Text>
      <Group gap="md" mt={4}>
        {Object.entries(insight.figures).map(([name, value]) => (
          <Text key={name} size="xs" c="dimmed">
            {name}: <b>{formatNumber(value, 6)}</b>
          </Text>
        ))}
      </Group>
    </Card>
  );
}

/** Insights Library: every insight of the forecast, filterable by kind, each with the figures it cites. */
export function InsightsLibrary({ forecast }: { forecast: ForecastResult }) {
  const [kind, setKind] = useState('all');
  const shown = forecast.insights.filter((i) => kind === 'all' || i.kind === kind);
  return (
    <Stack>
      <SegmentedControl
        value={kind}
        onChange={setKind}
        data={[
          { value: 'all', label: `All (${forecast.insights.length})` },
          { value: 'growth_opportunity', label: 'Growth' },
          { value: 'risk_factor', label: 'Risks' },
          { value: 'stability_indicator', label: 'Stability' },
          { value: 'recommendation', label: 'Recommendations' },
        ]}
      />
      {shown.length === 0 ? (
        <Text c="dimmed">No insight of this kind for this forecast.</Text>
      ) : (
        shown.map((i) => <InsightCard key={`${i.horizon}-${i.code}-${i.kind}`} insight={i} />)
      )}
    </Stack>
  );
}
