// Forecasting use cases: store observations (JSON, CSV, bus), read history (raw or weekly), forecast a series.
import { and, asc, count, eq, gt, gte, lte, max, min, sql } from 'drizzle-orm';
import { type Clock, err, ok, type Result } from '../../kernel/index.js';
import type { Bus } from '../../platform/bus/bus.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { type ForecastReport, forecast } from './core/forecast.js';
import {
  type Aggregation,
  type GapPolicy,
  resampleWeekly,
  type Sample,
  weekAnchorMs,
  weekMs,
  weekStartMs,
} from './core/resample.js';
import { type CsvRejection, parseMetricCsv } from './csv-upload.js';
import { forecastingServiceLimits as L } from './limits.js';
import { metricSample } from './schema.js';

/** Bus topic other modules publish observations on; see the module README for the message shape. */
export const metricsSamplesTopic = 'metrics.samples';

/** Scalar metadata attached to one observation. */
export type PointMetadata = Record<string, string | number | boolean>;

/** One observation to store. */
export interface PointInput {
  readonly timeMs: number;
  readonly value: number;
  readonly metadata?: PointMetadata;
}

/** What a write did: new rows, changed rows, and rows that were already stored exactly so. */
export interface StoreSummary {
  readonly received: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

/** A CSV upload's outcome: the store summary of the valid rows plus every rejected row. */
export interface CsvUploadSummary extends StoreSummary {
  readonly dataRows: number;
  readonly rejectedCount: number;
  readonly rejected: CsvRejection[];
}

/** One stored series. */
export interface SeriesSummary {
  readonly source: string;
  readonly metric: string;
  readonly count: number;
  readonly firstMs: number;
  readonly lastMs: number;
}

/** A stored observation as read back. */
export interface StoredPoint {
  readonly timeMs: number;
  readonly value: number;
  readonly metadata: PointMetadata | null;
}

/** Raw history query: time window, page size and keyset cursor (the last `timeMs` of the previous page). */
export interface HistoryQuery {
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly limit?: number;
  readonly afterMs?: number;
}

/** The series resampled to ISO weeks. */
export interface WeeklyHistory {
  readonly startMs: number;
  readonly values: number[];
  /** 1 where the week had no samples and was filled by `gapPolicy`. */
  readonly filled: number[];
  readonly gapCount: number;
  readonly samples: number;
  readonly aggregation: Aggregation;
  readonly gapPolicy: GapPolicy;
}

/** A forecast request: a stored series (`source` + `metric`) or inline weekly `values`, never both. */
export interface ForecastRequest {
  readonly source?: string;
  readonly metric?: string;
  readonly values?: readonly number[];
  /** Start (any time in the first week) of inline values, to give the forecast a calendar. */
  readonly startMs?: number;
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly horizonSteps: number;
  readonly seasonalPeriod?: number;
  readonly aggregation?: Aggregation;
  readonly gapPolicy?: GapPolicy;
  readonly backtestFolds?: number;
  readonly backtestHorizon?: number;
}

/** A forecast with what it was computed from: the weekly history and its calendar. */
export interface ForecastResponse extends ForecastReport {
  readonly generatedAtMs: number;
  readonly input: { kind: 'series'; source: string; metric: string; samples: number } | { kind: 'inline' };
  readonly calendar: {
    readonly historyStartMs: number | null;
    readonly forecastStartMs: number | null;
    readonly weeks: number;
    readonly gapCount: number;
    readonly aggregation: Aggregation | null;
    readonly gapPolicy: GapPolicy | null;
  };
  readonly history: { readonly values: number[]; readonly filled: number[] };
}

/** Counters of bus ingestion, for tests and operators. */
export interface IngestionStats {
  stored: number;
  rejected: number;
  dropped: number;
  lastRejection: string | null;
}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/** Checks a source or metric name (letters, digits, `._:-`, at most `nameLengthMax`). */
export function validateName(name: unknown, field: string): Result<string> {
  if (typeof name !== 'string' || name.length === 0 || name.length > L.nameLengthMax || !namePattern.test(name)) {
    return err('series_name_invalid', `1..${L.nameLengthMax} characters of A-Z a-z 0-9 . _ : -`, field);
  }
  return ok(name);
}

function validateMetadata(metadata: unknown, field: string): Result<PointMetadata | undefined> {
  if (metadata === undefined || metadata === null) return ok(undefined);
  if (typeof metadata !== 'object' || Array.isArray(metadata)) return err('metadata_invalid', 'an object', field);
  const entries = Object.entries(metadata);
  if (entries.length > L.metadataKeysMax) return err('metadata_invalid', `at most ${L.metadataKeysMax} keys`, field);
  for (const [key, value] of entries) {
    const fine =
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      (typeof value === 'string' && value.length <= L.metadataStringLengthMax);
    if (!fine || key.length > L.nameLengthMax) {
      return err('metadata_invalid', 'values must be booleans, finite numbers or short strings', `${field}.${key}`);
    }
  }
  return ok(metadata as PointMetadata);
}

/** Validates a batch of points: bounded, finite, in range, no time twice. Errors name `points[i].<field>`. */
export function validatePoints(points: unknown): Result<PointInput[]> {
  if (!Array.isArray(points) || points.length === 0) return err('points_empty', 'at least one point', 'points');
  if (points.length > L.pointsPerBatchMax) {
    return err('points_above_max', `at most ${L.pointsPerBatchMax} points, got ${points.length}`, 'points');
  }
  const seen = new Set<number>();
  const out: PointInput[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as { timeMs?: unknown; value?: unknown; metadata?: unknown } | null;
    const t = p?.timeMs;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < L.timeMsMin || t > L.timeMsMax) {
      return err('point_time_invalid', 'integer epoch milliseconds in years 1000..9999', `points[${i}].timeMs`);
    }
    if (typeof p?.value !== 'number' || !Number.isFinite(p.value)) {
      return err('point_value_not_finite', `got ${String(p?.value)}`, `points[${i}].value`);
    }
    if (seen.has(t)) return err('point_time_duplicate', 'the batch gives this time twice', `points[${i}].timeMs`);
    seen.add(t);
    const metadata = validateMetadata(p.metadata, `points[${i}].metadata`);
    if (!metadata.ok) return metadata;
    out.push(metadata.value ? { timeMs: t, value: p.value, metadata: metadata.value } : { timeMs: t, value: p.value });
  }
  return ok(out);
}

/** A `metrics.samples` message's series and points, validated as `storePoints` validates them. */
function checkMessage(message: unknown): Result<{ source: string; metric: string; points: PointInput[] }> {
  const m = (message ?? {}) as { source?: unknown; metric?: unknown; points?: unknown };
  const source = validateName(m.source, 'source');
  if (!source.ok) return source;
  const metric = validateName(m.metric, 'metric');
  if (!metric.ok) return metric;
  const points = validatePoints(m.points);
  if (!points.ok) return points;
  return ok({ source: source.value, metric: metric.value, points: points.value });
}

/** The forecasting service over the relational store. */
export class ForecastingService {
  /** Bus messages received and not yet stored, oldest first. */
  private ingestPending: unknown[] = [];
  /** Messages in the batch being stored now (they still count against the queue's depth). */
  private ingestInFlight = 0;
  private ingestDrain: Promise<void> | null = null;
  private readonly stats: IngestionStats = { stored: 0, rejected: 0, dropped: 0, lastRejection: null };

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Stores a validated-or-not batch for one series; the batch is atomic (all points or none). */
  async storePoints(source: string, metric: string, points: unknown): Promise<Result<StoreSummary>> {
    const checked = checkMessage({ source, metric, points });
    if (!checked.ok) return checked;
    return ok(await this.upsert(source, metric, checked.value.points));
  }

  /** Parses a `time,value` CSV and stores its valid rows; rejected rows come back with line and reason. */
  async uploadCsv(source: string, metric: string, text: string): Promise<Result<CsvUploadSummary>> {
    const s = validateName(source, 'source');
    if (!s.ok) return s;
    const m = validateName(metric, 'metric');
    if (!m.ok) return m;
    const parsed = parseMetricCsv(text);
    if (!parsed.ok) return parsed;
    const { points, rejected, rejectedCount, dataRows } = parsed.value;
    if (points.length === 0) {
      const first = rejected[0];
      return err(
        'csv_no_valid_rows',
        first ? `no row could be stored; line ${first.line}: ${first.reason}` : 'the file has a header but no rows',
        first ? `line ${first.line}.${first.field}` : 'line 2',
      );
    }
    const summary = await this.upsert(source, metric, points);
    return ok({ ...summary, dataRows, rejectedCount, rejected });
  }

  // Inserts in chunks inside one transaction. Each chunk travels as one JSON parameter unpacked by
  // jsonb_to_recordset: a multi-row VALUES list would need five bind parameters per row, which is several times
  // slower on PGlite. ON CONFLICT updates only rows whose value or metadata differ, and `xmax = 0` is true exactly
  // for freshly inserted rows, so the counts tell new, changed and untouched rows apart.
  private async upsert(source: string, metric: string, points: readonly PointInput[]): Promise<StoreSummary> {
    return this.db.transaction((tx) => this.upsertIn(tx, source, metric, points));
  }

  private async upsertIn(
    tx: Tx | Db,
    source: string,
    metric: string,
    points: readonly PointInput[],
  ): Promise<StoreSummary> {
    let inserted = 0;
    let updated = 0;
    for (let start = 0; start < points.length; start += L.insertChunkRows) {
      const chunk = points.slice(start, start + L.insertChunkRows).map((p) => ({
        t: new Date(p.timeMs).toISOString(),
        v: p.value,
        ...(p.metadata ? { m: p.metadata } : {}),
      }));
      const result = await tx.execute(sql`
        with written as (
          insert into ${metricSample} (source, metric, time, value, metadata)
          select ${source}, ${metric}, r.t, r.v, r.m
            from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(t timestamptz, v float8, m jsonb)
          on conflict (source, metric, time) do update set value = excluded.value, metadata = excluded.metadata
            where ${metricSample.value} is distinct from excluded.value
               or ${metricSample.metadata} is distinct from excluded.metadata
          returning (xmax = 0) as fresh
        )
        select count(*) filter (where fresh) as inserted, count(*) filter (where not fresh) as updated from written`);
      const row = (result as unknown as { rows: { inserted: unknown; updated: unknown }[] }).rows[0];
      inserted += Number(row?.inserted ?? 0);
      updated += Number(row?.updated ?? 0);
    }
    return { received: points.length, inserted, updated, unchanged: points.length - inserted - updated };
  }

  /** Every stored series with its count and time span, ordered by source and metric. */
  async listSeries(): Promise<SeriesSummary[]> {
    const rows = await this.db
      .select({
        source: metricSample.source,
        metric: metricSample.metric,
        count: count(),
        first: min(metricSample.time),
        last: max(metricSample.time),
      })
      .from(metricSample)
      .groupBy(metricSample.source, metricSample.metric)
      .orderBy(asc(metricSample.source), asc(metricSample.metric))
      .limit(L.seriesListedMax);
    return rows.map((r) => ({
      source: r.source,
      metric: r.metric,
      count: Number(r.count),
      firstMs: toMs(r.first),
      lastMs: toMs(r.last),
    }));
  }

  /** One page of raw history in time order; `nextAfterMs` continues it, null on the last page. */
  async history(
    source: string,
    metric: string,
    query: HistoryQuery,
  ): Promise<Result<{ points: StoredPoint[]; nextAfterMs: number | null }>> {
    const limit = query.limit ?? L.historyPageDefault;
    if (!Number.isInteger(limit) || limit < 1 || limit > L.historyPageMax) {
      return err('limit_out_of_range', `an integer in 1..${L.historyPageMax}`, 'limit');
    }
    const rows = await this.db
      .select({ time: metricSample.time, value: metricSample.value, metadata: metricSample.metadata })
      .from(metricSample)
      .where(this.window(source, metric, query.fromMs, query.toMs, query.afterMs))
      .orderBy(asc(metricSample.time))
      .limit(limit + 1);
    if (rows.length === 0 && !(await this.exists(source, metric))) return this.notFound(source, metric);
    const page = rows.slice(0, limit).map((r) => ({
      timeMs: r.time.getTime(),
      value: r.value,
      metadata: (r.metadata as PointMetadata | null) ?? null,
    }));
    const nextAfterMs = rows.length > limit ? (page[page.length - 1]?.timeMs ?? null) : null;
    return ok({ points: page, nextAfterMs });
  }

  /** The series (optionally windowed) resampled to ISO weeks with the stated aggregation and gap policy. */
  async weeklyHistory(
    source: string,
    metric: string,
    options: { fromMs?: number; toMs?: number; aggregation: Aggregation; gapPolicy: GapPolicy },
  ): Promise<Result<WeeklyHistory>> {
    const buckets = await this.loadWeeks(source, metric, options);
    if (!buckets.ok) return buckets;
    // One pre-aggregated sample per non-empty week: the core's resampling keeps it as is and fills the gaps.
    const weekly = resampleWeekly(buckets.value.weeks, 'mean', options.gapPolicy);
    if (!weekly.ok) return weekly;
    return ok({
      startMs: weekly.value.startMs,
      values: Array.from(weekly.value.values),
      filled: Array.from(weekly.value.filled),
      gapCount: weekly.value.gapCount,
      samples: buckets.value.samples,
      aggregation: options.aggregation,
      gapPolicy: options.gapPolicy,
    });
  }

  /** Forecasts a stored series (resampled weekly) or inline weekly values; errors name the offending field. */
  async forecast(request: ForecastRequest): Promise<Result<ForecastResponse>> {
    const options = {
      horizonSteps: request.horizonSteps,
      ...(request.seasonalPeriod === undefined ? {} : { seasonalPeriod: request.seasonalPeriod }),
      ...(request.backtestFolds === undefined ? {} : { backtestFolds: request.backtestFolds }),
      ...(request.backtestHorizon === undefined ? {} : { backtestHorizon: request.backtestHorizon }),
    };
    const stored = request.source !== undefined || request.metric !== undefined;
    if (stored === (request.values !== undefined)) {
      return err('forecast_input_ambiguous', 'send either source and metric, or values', 'values');
    }
    if (!stored) return this.forecastInline(request.values ?? [], request.startMs, options);
    const source = validateName(request.source, 'source');
    if (!source.ok) return source;
    const metric = validateName(request.metric, 'metric');
    if (!metric.ok) return metric;
    const aggregation = request.aggregation ?? 'mean';
    const gapPolicy = request.gapPolicy ?? 'interpolate';
    const weekly = await this.weeklyHistory(source.value, metric.value, {
      ...(request.fromMs === undefined ? {} : { fromMs: request.fromMs }),
      ...(request.toMs === undefined ? {} : { toMs: request.toMs }),
      aggregation,
      gapPolicy,
    });
    if (!weekly.ok) return weekly;
    const report = forecast(weekly.value.values, options);
    if (!report.ok) return report;
    const w = weekly.value;
    return ok({
      ...report.value,
      generatedAtMs: this.clock.nowMs(),
      input: { kind: 'series', source: source.value, metric: metric.value, samples: w.samples },
      calendar: {
        historyStartMs: w.startMs,
        forecastStartMs: w.startMs + w.values.length * weekMs,
        weeks: w.values.length,
        gapCount: w.gapCount,
        aggregation,
        gapPolicy,
      },
      history: { values: w.values, filled: w.filled },
    });
  }

  private forecastInline(
    values: readonly number[],
    startMs: number | undefined,
    options: Parameters<typeof forecast>[1],
  ): Result<ForecastResponse> {
    const report = forecast(values, options);
    if (!report.ok) return report;
    const historyStartMs = startMs === undefined ? null : weekStartMs(startMs);
    return ok({
      ...report.value,
      generatedAtMs: this.clock.nowMs(),
      input: { kind: 'inline' },
      calendar: {
        historyStartMs,
        forecastStartMs: historyStartMs === null ? null : historyStartMs + values.length * weekMs,
        weeks: values.length,
        gapCount: 0,
        aggregation: null,
        gapPolicy: null,
      },
      history: { values: [...values], filled: values.map(() => 0) },
    });
  }

  /**
   * Subscribes to `metrics.samples`. Messages queue up for `ingestDelayMs` and are then stored together (up to
   * `ingestBatchMessagesMax`) in one statement or transaction: the exchange sends one message per trade, and a
   * transaction per message was most of the database work behind each order on the embedded database, where every
   * statement runs on the server's own thread. Each message is still validated on its own (a bad one is refused and
   * counted, the others are stored); a full queue drops (and counts).
   */
  async startIngestion(bus: Bus): Promise<() => Promise<void>> {
    return bus.subscribe(metricsSamplesTopic, (message) => {
      if (this.ingestPending.length + this.ingestInFlight >= L.ingestQueueDepthMax) {
        this.stats.dropped++;
        return;
      }
      this.ingestPending.push(message);
      this.scheduleIngestion();
    });
  }

  /** Stores the queue's next batch after `ingestDelayMs`, unless a batch is already on its way. */
  private scheduleIngestion(): void {
    this.ingestDrain ??= new Promise<void>((resolve) => setTimeout(resolve, L.ingestDelayMs).unref()).then(() =>
      this.drainIngestion(),
    );
  }

  private async drainIngestion(): Promise<void> {
    const batch = this.ingestPending.splice(0, L.ingestBatchMessagesMax);
    this.ingestInFlight = batch.length;
    try {
      await this.ingestBatch(batch);
    } finally {
      this.ingestInFlight = 0;
      this.ingestDrain = null;
    }
    if (this.ingestPending.length > 0) this.scheduleIngestion();
  }

  /**
   * Stores bus messages in one transaction, as if one after another: per series, a later message's point at a
   * time already given earlier in the batch replaces it. A storage failure refuses every valid message of the batch.
   */
  private async ingestBatch(messages: readonly unknown[]): Promise<void> {
    const series = new Map<string, { source: string; metric: string; points: Map<number, PointInput> }>();
    let valid = 0;
    let received = 0;
    for (const message of messages) {
      const checked = checkMessage(message);
      if (!checked.ok) {
        this.reject(`${checked.code} at ${checked.field ?? 'message'}: ${checked.detail ?? ''}`);
        continue;
      }
      const { source, metric, points } = checked.value;
      const key = `${source}\u0000${metric}`;
      let entry = series.get(key);
      if (!entry) {
        entry = { source, metric, points: new Map() };
        series.set(key, entry);
      }
      for (const point of points) entry.points.set(point.timeMs, point);
      valid++;
      received += points.length;
    }
    if (series.size === 0) return;
    try {
      const [only] = series.values();
      if (series.size === 1 && only && only.points.size <= L.insertChunkRows) {
        // One statement is atomic on its own: no BEGIN and COMMIT round trips for the usual batch of one series.
        await this.upsertIn(this.db, only.source, only.metric, [...only.points.values()]);
      } else {
        await this.db.transaction(async (tx) => {
          for (const { source, metric, points } of series.values()) {
            await this.upsertIn(tx, source, metric, [...points.values()]);
          }
        });
      }
      this.stats.stored += received;
    } catch (error) {
      for (let i = 0; i < valid; i++) this.reject(`storage failed: ${(error as Error).message}`);
    }
  }

  /** Resolves once every bus message received so far has been stored or rejected. */
  async whenIngested(): Promise<void> {
    while (this.ingestDrain) await this.ingestDrain;
  }

  /** Ingestion counters since start. */
  ingestionStats(): IngestionStats {
    return { ...this.stats };
  }

  private reject(reason: string): void {
    this.stats.rejected++;
    this.stats.lastRejection = reason;
  }

  private window(source: string, metric: string, fromMs?: number, toMs?: number, afterMs?: number) {
    return and(
      eq(metricSample.source, source),
      eq(metricSample.metric, metric),
      fromMs === undefined ? undefined : gte(metricSample.time, new Date(fromMs)),
      toMs === undefined ? undefined : lte(metricSample.time, new Date(toMs)),
      afterMs === undefined ? undefined : gt(metricSample.time, new Date(afterMs)),
    );
  }

  // Aggregates per ISO week inside the database (the same Monday-00:00-UTC weeks and the same aggregations as
  // core/resample.ts), so a long raw series never crosses the wire point by point.
  private async loadWeeks(
    source: string,
    metric: string,
    options: { fromMs?: number; toMs?: number; aggregation: Aggregation },
  ): Promise<Result<{ weeks: Sample[]; samples: number }>> {
    const value = {
      mean: sql`avg(${metricSample.value})`,
      sum: sql`sum(${metricSample.value})`,
      min: sql`min(${metricSample.value})`,
      max: sql`max(${metricSample.value})`,
      first: sql`(array_agg(${metricSample.value} order by ${metricSample.time}))[1]`,
      last: sql`(array_agg(${metricSample.value} order by ${metricSample.time} desc))[1]`,
    }[options.aggregation];
    // Constants are inlined (they are numbers from our own code) so GROUP BY 1 sees one expression.
    const week = sql`floor((extract(epoch from ${metricSample.time}) * 1000 - ${sql.raw(String(weekAnchorMs))}) / ${sql.raw(String(weekMs))})`;
    const rows = await this.db
      .select({ week: week.mapWith(Number), value: value.mapWith(Number), n: count() })
      .from(metricSample)
      .where(this.window(source, metric, options.fromMs, options.toMs))
      .groupBy(sql`1`)
      .orderBy(sql`1`);
    if (rows.length === 0) {
      if (!(await this.exists(source, metric))) return this.notFound(source, metric);
      return err('samples_empty', 'no samples in the requested window', 'from');
    }
    return ok({
      weeks: rows.map((r) => ({ timeMs: weekAnchorMs + r.week * weekMs, value: r.value })),
      samples: rows.reduce((total, r) => total + Number(r.n), 0),
    });
  }

  private async exists(source: string, metric: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: metricSample.id })
      .from(metricSample)
      .where(and(eq(metricSample.source, source), eq(metricSample.metric, metric)))
      .limit(1);
    return rows.length > 0;
  }

  private notFound(source: string, metric: string) {
    return err('series_not_found', `no observations stored for ${source}/${metric}`);
  }
}

function toMs(value: Date | string | null): number {
  if (value === null) return Number.NaN;
  return value instanceof Date ? value.getTime() : Date.parse(value);
}
