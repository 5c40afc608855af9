// Forecasting page (seed 000 "Long-Term Predictive Analytics"): pick or upload a series, choose a horizon, and
// read the five tabs. Everything shown comes from the API; with no series the page says so and offers an upload.
import { Alert, Button, Card, Group, Loader, Select, Stack, Tabs, Text } from '@mantine/core';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { api } from '../api.js';
import type { PageProps } from '../page-components.js';
import { useUser } from '../session.js';
import {
  aggregationChoices,
  type CsvUploadResult,
  type ForecastResult,
  gapPolicyChoices,
  horizonChoices,
  type RawHistoryResult,
  type SeriesItem,
  seriesKey,
  type WeeklyHistoryResult,
} from './forecasting-data.js';
import {
  DeepDive,
  HistoricalAnalysis,
  InsightsLibrary,
  MetricPredictions,
  StrategicOverview,
} from './forecasting-tabs.js';
import { CsvUpload, UploadOutcome } from './forecasting-upload.js';
import { PageHeader } from './page-header.js';

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown_error';
}

function seriesPath(key: string): string {
  const [source = '', metric = ''] = key.split('/');
  return `/metrics/${encodeURIComponent(source)}/${encodeURIComponent(metric)}`;
}

/** The forecasting page. */
export function ForecastingPage({ page }: PageProps) {
  const user = useUser();
  const canRun = user.permissions.includes('forecast:run');
  const [selected, setSelected] = useState<string | null>(null);
  const [horizon, setHorizon] = useState('522');
  const [aggregation, setAggregation] = useState('mean');
  const [gapPolicy, setGapPolicy] = useState('interpolate');
  const [showUpload, setShowUpload] = useState(false);
  const [lastUpload, setLastUpload] = useState<{ series: string; result: CsvUploadResult } | null>(null);

  const series = useQuery({
    queryKey: ['forecasting', 'series'],
    queryFn: ({ signal }) => api.get<{ items: SeriesItem[] }>('/metrics', { signal }),
  });
  const items = series.data?.items ?? [];
  useEffect(() => {
    if (selected === null && items[0] !== undefined) setSelected(seriesKey(items[0]));
  }, [items, selected]);

  const resampling = `aggregation=${aggregation}&gapPolicy=${gapPolicy}`;
  const weekly = useQuery({
    queryKey: ['forecasting', 'weekly', selected, aggregation, gapPolicy],
    enabled: selected !== null,
    queryFn: ({ signal }) =>
      api.get<WeeklyHistoryResult>(`${seriesPath(selected ?? '')}/history?resample=weekly&${resampling}`, { signal }),
  });
  const raw = useQuery({
    queryKey: ['forecasting', 'raw', selected],
    enabled: selected !== null,
    queryFn: ({ signal }) => api.get<RawHistoryResult>(`${seriesPath(selected ?? '')}/history?limit=500`, { signal }),
  });
  const forecast = useQuery({
    queryKey: ['forecasting', 'forecast', selected, horizon, aggregation, gapPolicy],
    enabled: selected !== null && canRun,
    staleTime: 5 * 60_000,
    // The tabs show why a forecast failed; a notification as well would say it twice.
    meta: { silent: true },
    queryFn: ({ signal }) => {
      const [source, metric] = (selected ?? '').split('/');
      return api.post<ForecastResult>(
        '/forecasts',
        { source, metric, horizonSteps: Number(horizon), aggregation, gapPolicy },
        { signal },
      );
    },
  });

  const upload = canRun ? (
    <CsvUpload
      onUploaded={(source, metric, result) => {
        setSelected(`${source}/${metric}`);
        setShowUpload(false);
        setLastUpload({ series: `${source}/${metric}`, result });
      }}
    />
  ) : null;

  if (series.isPending) return <Loader size="sm" />;
  if (series.isError) return <Alert color="red">Could not list the stored series ({codeOf(series.error)}).</Alert>;
  if (items.length === 0) {
    return (
      <>
        <PageHeader page={page} />
        <Alert color="gray" title="No series stored yet" data-testid="forecast-empty" mb="md">
          Nothing has been recorded for forecasting. Series arrive from other modules (bus topic metrics.samples) or
          from a CSV upload.{' '}
          {canRun ? '' : 'Uploading needs the forecast:run permission, which your role does not hold.'}
        </Alert>
        {upload}
      </>
    );
  }

  return (
    <>
      <PageHeader page={page} />
      <Card withBorder mb="md">
        <Group align="end" wrap="wrap">
          <Select
            label="Series"
            data={items.map((s) => ({ value: seriesKey(s), label: `${seriesKey(s)} (${s.count} points)` }))}
            value={selected}
            onChange={setSelected}
            allowDeselect={false}
            searchable
            w={300}
            data-testid="forecast-series"
          />
          <Select
            label="Horizon"
            data={horizonChoices}
            value={horizon}
            onChange={(v) => setHorizon(v ?? '522')}
            allowDeselect={false}
            w={140}
            data-testid="forecast-horizon"
          />
          <Select
            label="Weekly aggregation"
            data={aggregationChoices}
            value={aggregation}
            onChange={(v) => setAggregation(v ?? 'mean')}
            allowDeselect={false}
            w={140}
          />
          <Select
            label="Empty weeks"
            data={gapPolicyChoices}
            value={gapPolicy}
            onChange={(v) => setGapPolicy(v ?? 'interpolate')}
            allowDeselect={false}
            w={150}
          />
          {canRun && (
            <Button variant="default" onClick={() => setShowUpload((v) => !v)} data-testid="forecast-upload-toggle">
              {showUpload ? 'Hide upload' : 'Upload CSV'}
            </Button>
          )}
        </Group>
        {showUpload && <Stack mt="md">{upload}</Stack>}
      </Card>
      {lastUpload !== null && (
        <UploadOutcome series={lastUpload.series} result={lastUpload.result} onClose={() => setLastUpload(null)} />
      )}
      <ForecastTabs
        canRun={canRun}
        forecast={forecast}
        weekly={weekly.data}
        weeklyError={weekly.isError ? codeOf(weekly.error) : null}
        raw={raw.data}
      />
    </>
  );
}

function ForecastTabs({
  canRun,
  forecast,
  weekly,
  weeklyError,
  raw,
}: {
  canRun: boolean;
  forecast: UseQueryResult<ForecastResult>;
  weekly: WeeklyHistoryResult | undefined;
  weeklyError: string | null;
  raw: RawHistoryResult | undefined;
}) {
  const needsForecast = (render: (f: ForecastResult) => ReactNode) => {
    if (!canRun) {
      return (
        <Alert color="gray" data-testid="forecast-needs-permission">
          Computing a forecast needs the forecast:run permission; your role can read the history (Historical Analysis).
        </Alert>
      );
    }
    if (forecast.isPending) return <Loader size="sm" aria-label="Computing the forecast" />;
    if (forecast.isError) {
      const message = forecast.error instanceof Error ? forecast.error.message : '';
      if (codeOf(forecast.error) === 'series_too_short') {
        // Not a failure: a young series (a symbol that began trading this week, say) has too few weeks yet.
        return (
          <Alert color="gray" title="Not enough history to forecast yet" data-testid="forecast-too-short">
            The forecast works on weekly values and this series has too few of them so far: {message}. Historical
            Analysis shows what is stored.
          </Alert>
        );
      }
      return (
        <Alert color="red" title="The forecast could not be computed">
          {message} ({codeOf(forecast.error)})
        </Alert>
      );
    }
    return render(forecast.data);
  };
  return (
    <Tabs defaultValue={canRun ? 'overview' : 'history'} keepMounted={false}>
      <Tabs.List mb="md">
        <Tabs.Tab value="overview" data-testid="tab-overview">
          Strategic Overview
        </Tabs.Tab>
        <Tabs.Tab value="predictions" data-testid="tab-predictions">
          Metric Predictions
        </Tabs.Tab>
        <Tabs.Tab value="history" data-testid="tab-history">
          Historical Analysis
        </Tabs.Tab>
        <Tabs.Tab value="deep" data-testid="tab-deep">
          Deep Dive
        </Tabs.Tab>
        <Tabs.Tab value="insights" data-testid="tab-insights">
          Insights Library
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="overview">
        {needsForecast((f) => (
          <StrategicOverview forecast={f} />
        ))}
      </Tabs.Panel>
      <Tabs.Panel value="predictions">
        {needsForecast((f) => (
          <MetricPredictions forecast={f} />
        ))}
      </Tabs.Panel>
      <Tabs.Panel value="history">
        {weeklyError !== null ? (
          <Alert color="red">The weekly history could not be built ({weeklyError}).</Alert>
        ) : weekly === undefined ? (
          <Loader size="sm" />
        ) : (
          <HistoricalAnalysis weekly={weekly} raw={raw} patterns={forecast.data?.patterns} />
        )}
        {raw?.nextAfterMs !== null && raw !== undefined && (
          <Text size="xs" c="dimmed" mt="xs">
            Showing the first {raw.points.length} observations; the API pages on with ?after={raw.nextAfterMs}.
          </Text>
        )}
      </Tabs.Panel>
      <Tabs.Panel value="deep">
        {needsForecast((f) => (
          <DeepDive forecast={f} />
        ))}
      </Tabs.Panel>
      <Tabs.Panel value="insights">
        {needsForecast((f) => (
          <InsightsLibrary forecast={f} />
        ))}
      </Tabs.Panel>
    </Tabs>
  );
}
