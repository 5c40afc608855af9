// HTTP routes of the forecasting module: series, history, point and CSV ingestion, forecasts. Thin: schema in,
// one service call, result out.
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { err, ok, type Result } from '../../kernel/index.js';
import { Problem, registerErrorCodes, unwrap } from '../../platform/http/errors.js';
import { patterned } from '../../platform/http/patterns.js';
import { parseTimeCell } from './csv-upload.js';
import { forecastingLimits, forecastingServiceLimits as L } from './limits.js';
import type { ForecastingService, PointMetadata } from './service.js';

registerErrorCodes({ series_not_found: 404 });

const strict = { additionalProperties: false } as const;
const Name = patterned(
  '^[A-Za-z0-9][A-Za-z0-9._:-]*$',
  'a name of letters, digits, dots, colons, dashes and underscores, starting with a letter or digit',
  { minLength: 1, maxLength: L.nameLengthMax },
);
const SeriesParams = Type.Object({ source: Name, metric: Name });
const Aggregation = Type.Union(['mean', 'sum', 'first', 'last', 'min', 'max'].map((a) => Type.Literal(a)));
const GapPolicy = Type.Union(['interpolate', 'carry_forward', 'zero', 'reject'].map((g) => Type.Literal(g)));
const TimeText = Type.String({ minLength: 1, maxLength: 40, description: 'ISO 8601 with a zone, or epoch ms' });
const Metadata = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]));
const StoreSummary = Type.Object({
  received: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
});
const CsvSummary = Type.Object({
  ...StoreSummary.properties,
  dataRows: Type.Integer(),
  rejectedCount: Type.Integer(),
  rejected: Type.Array(
    Type.Object({ line: Type.Integer(), field: Type.String(), code: Type.String(), reason: Type.String() }),
  ),
});
const Series = Type.Object({
  source: Type.String(),
  metric: Type.String(),
  count: Type.Integer(),
  first: Type.String(),
  last: Type.String(),
});

type SeriesParamsT = { source: string; metric: string };
type HistoryQueryT = {
  from?: string;
  to?: string;
  limit?: number;
  after?: number;
  resample?: 'weekly';
  aggregation?: 'mean';
  gapPolicy?: 'interpolate';
};

/** Parses a time given as text (ISO 8601 with a zone, or epoch ms), naming `field` on failure. */
function timeOf(text: string, field: string): Result<number> {
  const parsed = parseTimeCell(text);
  return parsed.ok ? parsed : err(parsed.code, parsed.detail, field);
}

/** Parses optional `from`/`to` times into epoch milliseconds. */
function windowOf(from: string | undefined, to: string | undefined): Result<{ fromMs?: number; toMs?: number }> {
  const fromMs = from === undefined ? undefined : timeOf(from, 'from');
  if (fromMs && !fromMs.ok) return fromMs;
  const toMs = to === undefined ? undefined : timeOf(to, 'to');
  if (toMs && !toMs.ok) return toMs;
  return ok({ ...(fromMs ? { fromMs: fromMs.value } : {}), ...(toMs ? { toMs: toMs.value } : {}) });
}

/** The CSV text of an upload: a text/csv (or text/plain) body, or JSON {"csv": "..."}. */
function csvTextOf(body: unknown): string {
  if (typeof body === 'string') return body;
  const csv = (body as { csv?: unknown } | null)?.csv;
  if (typeof csv === 'string' && Object.keys(body as object).length === 1) return csv;
  throw new Problem('unsupported_media_type', 'send the file as text/csv, or JSON {"csv": "<text>"}', 415);
}

const iso = (ms: number) => new Date(ms).toISOString();

/** GET /metrics, GET /metrics/:source/:metric/history, POST …/points, POST …/csv, POST /forecasts. */
export function forecastingRoutes(service: ForecastingService): FastifyPluginAsync {
  return async (app) => {
    // CSV arrives as text; the parser is scoped to this plugin and bounded by the CSV size limit.
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: L.csvBytesMax }, (_request, body, done) =>
      done(null, body),
    );

    app.get(
      '/metrics',
      {
        config: { permission: 'forecast:read' },
        schema: { tags: ['forecasting'], response: { 200: Type.Object({ items: Type.Array(Series) }) } },
      },
      async () => ({
        items: (await service.listSeries()).map((s) => ({
          source: s.source,
          metric: s.metric,
          count: s.count,
          first: iso(s.firstMs),
          last: iso(s.lastMs),
        })),
      }),
    );

    app.get(
      '/metrics/:source/:metric/history',
      {
        config: { permission: 'forecast:read' },
        schema: {
          tags: ['forecasting'],
          params: SeriesParams,
          querystring: Type.Object(
            {
              from: Type.Optional(TimeText),
              to: Type.Optional(TimeText),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: L.historyPageMax })),
              after: Type.Optional(Type.Integer({ description: 'nextAfterMs of the previous page' })),
              resample: Type.Optional(Type.Literal('weekly')),
              aggregation: Type.Optional(Aggregation),
              gapPolicy: Type.Optional(GapPolicy),
            },
            strict,
          ),
        },
      },
      async (request) => {
        const { source, metric } = request.params as SeriesParamsT;
        const q = request.query as HistoryQueryT;
        const window = unwrap(windowOf(q.from, q.to));
        if (q.resample === 'weekly') {
          const weekly = unwrap(
            await service.weeklyHistory(source, metric, {
              ...window,
              aggregation: q.aggregation ?? 'mean',
              gapPolicy: q.gapPolicy ?? 'interpolate',
            }),
          );
          return { source, metric, resample: 'weekly', startTime: iso(weekly.startMs), ...weekly };
        }
        const page = unwrap(
          await service.history(source, metric, {
            ...window,
            ...(q.limit === undefined ? {} : { limit: q.limit }),
            ...(q.after === undefined ? {} : { afterMs: q.after }),
          }),
        );
        return {
          source,
          metric,
          points: page.points.map((p) => ({ time: iso(p.timeMs), ...p })),
          nextAfterMs: page.nextAfterMs,
        };
      },
    );

    app.post(
      '/metrics/:source/:metric/points',
      {
        config: { permission: 'forecast:run' },
        bodyLimit: 4 * 1_048_576,
        schema: {
          tags: ['forecasting'],
          params: SeriesParams,
          body: Type.Object(
            {
              points: Type.Array(
                Type.Object(
                  { timeMs: Type.Integer(), value: Type.Number(), metadata: Type.Optional(Metadata) },
                  strict,
                ),
                { minItems: 1, maxItems: L.pointsPerBatchMax },
              ),
            },
            strict,
          ),
          response: { 200: StoreSummary },
        },
      },
      async (request) => {
        const { source, metric } = request.params as SeriesParamsT;
        const body = request.body as { points: { timeMs: number; value: number; metadata?: PointMetadata }[] };
        return unwrap(await service.storePoints(source, metric, body.points));
      },
    );

    app.post(
      '/metrics/:source/:metric/csv',
      {
        config: { permission: 'forecast:run' },
        bodyLimit: L.csvBytesMax,
        schema: {
          tags: ['forecasting'],
          params: SeriesParams,
          description:
            'A text/csv body (or JSON {"csv": "<text>"} for JSON-only clients) whose header is "time,value"; ' +
            'invalid rows are reported with line and reason, valid rows are kept, re-uploads upsert.',
          response: { 200: CsvSummary },
        },
      },
      async (request) => {
        const { source, metric } = request.params as SeriesParamsT;
        return unwrap(await service.uploadCsv(source, metric, csvTextOf(request.body)));
      },
    );

    app.post(
      '/forecasts',
      {
        config: { permission: 'forecast:run' },
        schema: {
          tags: ['forecasting'],
          description:
            'Forecast a stored series ({source, metric}) or inline weekly values ({values}); every response ' +
            'carries backtest MAE, sMAPE, MASE and 95% coverage per model and for the ensemble.',
          body: Type.Object(
            {
              source: Type.Optional(Name),
              metric: Type.Optional(Name),
              values: Type.Optional(Type.Array(Type.Number(), { maxItems: forecastingLimits.seriesLengthMax })),
              startTime: Type.Optional(TimeText),
              from: Type.Optional(TimeText),
              to: Type.Optional(TimeText),
              horizonSteps: Type.Integer({ minimum: 1, maximum: forecastingLimits.horizonStepsMax }),
              seasonalPeriod: Type.Optional(Type.Integer()),
              aggregation: Type.Optional(Aggregation),
              gapPolicy: Type.Optional(GapPolicy),
              backtestFolds: Type.Optional(Type.Integer()),
              backtestHorizon: Type.Optional(Type.Integer()),
            },
            strict,
          ),
        },
      },
      async (request) => {
        const { startTime, from, to, ...rest } = request.body as Record<string, unknown> & {
          startTime?: string;
          from?: string;
          to?: string;
          horizonSteps: number;
        };
        const window = unwrap(windowOf(from, to));
        const start = startTime === undefined ? undefined : unwrap(timeOf(startTime, 'startTime'));
        return unwrap(
          await service.forecast({ ...rest, ...window, ...(start === undefined ? {} : { startMs: start }) }),
        );
      },
    );
  };
}
