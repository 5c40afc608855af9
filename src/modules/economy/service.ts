// Simulation use cases: validate -> run the core (in-thread or on the worker pool) -> store one row -> announce.
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { type Clock, type Err, err, ok, type Result } from '../../kernel/index.js';
import type { Bus } from '../../platform/bus/bus.js';
import type { Db } from '../../platform/db/database.js';
import { decimateSeries } from './core/decimate.js';
import type { SimulationMetrics } from './core/metrics.js';
import { type MonteCarloRequest, validateMonteCarloRequest } from './core/monte-carlo.js';
import type { SimulationParams } from './core/params.js';
import { runSimulation } from './core/run.js';
import { copySeries, SeriesPool } from './core/series-pool.js';
import { type SimulationSeries, seriesNames } from './core/simulate.js';
import type { ValidationIssue } from './core/validate.js';
import { validateSimulationParams } from './core/validate.js';
import { simulationServiceLimits as serviceLimits } from './limits.js';
import type { MonteCarloPool } from './monte-carlo-workers.js';
import { simulationConfig, simulationRun } from './schema.js';

/** Who is asking: runs and configs belong to a user; admins see everyone's. */
export interface Actor {
  userId: string;
  role: string;
}

/** The WebSocket hub as this service needs it. */
export interface ChannelPublisher {
  publish(channel: string, data: unknown, options?: { key?: string; userId?: string }): Promise<void>;
}

/** What the service is built from (the composition root passes the real adapters). */
export interface SimulationServiceDeps {
  db: Db;
  clock: Clock;
  bus: Bus;
  hub: ChannelPublisher;
  pool: MonteCarloPool;
}

/** A failure carrying every validation issue (field, code, message) for problem+json `errors`. */
export interface SimulationInvalid extends Err<'simulation_params_invalid'> {
  readonly issues: ValidationIssue[];
}

/** Body of POST /simulations. Exactly one of `parameters` and `configId`. */
export interface CreateRunInput {
  parameters?: unknown;
  configId?: number;
  monteCarlo?: { paths: unknown };
}

type Values = (number | null)[];

/** Percentile bands of a Monte Carlo run, per stored point. */
export interface BandsView {
  paths: number;
  t: Values;
  p05: Values;
  p50: Values;
  p95: Values;
  mean: Values;
  conservationViolationMax: number | null;
}

/** A run as the API returns it: series thinned to `resolution` points. Non-finite values are null. */
export interface RunView {
  id: number;
  userId: string | null;
  configId: number | null;
  createdAt: string;
  parameters: unknown;
  metrics: StoredMetrics;
  steps: number;
  storedPoints: number;
  resolution: number;
  series: Record<string, Values>;
  bands: BandsView | null;
}

/** One row of the run list (no series). */
export interface RunSummary {
  id: number;
  userId: string | null;
  configId: number | null;
  createdAt: string;
  steps: number;
  integrator: string;
  monteCarloPaths: number | null;
  metrics: StoredMetrics;
}

/** A saved parameter set. */
export interface ConfigView {
  id: number;
  userId: string | null;
  name: string;
  parameters: unknown;
  createdAt: string;
}

/** SimulationMetrics as stored: non-finite figures become null. */
export type StoredMetrics = { [K in keyof SimulationMetrics]: SimulationMetrics[K] | null } & {
  monteCarloPaths: number | null;
};

interface StoredResults {
  steps: number;
  points: number;
  series: Record<string, Values>;
  bands: BandsView | null;
}

/** Bus topic the forecasting and alerts modules read metric samples from. */
export const metricsTopic = 'metrics.samples';
/** WebSocket channel announcing finished runs (private: each user hears their own runs). */
export const simulationChannel = 'simulation-results';

/** Metrics published on `metricsTopic` after every run, as `simulation.<name>` from source `economy`. */
export const publishedMetrics = {
  final_n: 'finalN',
  min_n: 'minN',
  max_n: 'maxN',
  mean_n: 'meanN',
  conservation_violation: 'conservationViolationMax',
} as const satisfies Record<string, keyof SimulationMetrics>;

/** Runs, stores, lists and deletes simulations and saved configurations. */
export class SimulationService {
  /** Full-resolution series are only needed until they are decimated, so one arena serves every API run. */
  private readonly seriesPool = new SeriesPool(serviceLimits.apiStepsMax + 1);

  constructor(private readonly deps: SimulationServiceDeps) {}

  /** Validates and runs a simulation, stores it, announces it; returns the stored run at `resolution`. */
  async create(actor: Actor, input: CreateRunInput, resolution?: number): Promise<Result<RunView> | SimulationInvalid> {
    const source = await this.resolveParameters(actor, input);
    if (!source.ok) return source;
    const checked = validateRun(source.value, input.monteCarlo);
    if (!checked.ok) return checked;
    const { params, paths } = checked.value;
    const results = await this.execute(params, paths);
    const [row] = await this.deps.db
      .insert(simulationRun)
      .values({
        userId: actor.userId,
        configId: input.configId ?? null,
        parameters: source.value,
        results: results.stored,
        metrics: results.metrics,
        createdAt: new Date(this.deps.clock.nowMs()),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await this.announce(row.id, actor.userId, results.metrics);
    return ok(toView(row, resolution ?? serviceLimits.resolutionDefault));
  }

  /** One run, thinned to `resolution` points; not_found when it is not the actor's (unless admin). */
  async get(actor: Actor, id: number, resolution?: number): Promise<Result<RunView>> {
    const [row] = await this.deps.db.select().from(simulationRun).where(eq(simulationRun.id, id));
    if (!row || !visible(actor, row.userId)) return err('simulation_not_found', `no simulation ${id}`, 'id');
    return ok(toView(row, resolution ?? serviceLimits.resolutionDefault));
  }

  /** Newest first; `cursor` is the `nextCursor` of the previous page. */
  async list(
    actor: Actor,
    limit?: number,
    cursor?: string,
  ): Promise<Result<{ items: RunSummary[]; nextCursor: string | null }>> {
    const size = limit ?? serviceLimits.pageSizeDefault;
    const after = cursor === undefined ? undefined : Number(cursor);
    if (after !== undefined && !(Number.isSafeInteger(after) && after > 0))
      return err('cursor_invalid', 'cursor must come from a previous page', 'cursor');
    const conditions = [
      actor.role === 'admin' ? undefined : eq(simulationRun.userId, actor.userId),
      after === undefined ? undefined : lt(simulationRun.id, after),
    ].filter((c) => c !== undefined);
    const rows = await this.deps.db
      .select({
        id: simulationRun.id,
        userId: simulationRun.userId,
        configId: simulationRun.configId,
        createdAt: simulationRun.createdAt,
        parameters: simulationRun.parameters,
        metrics: simulationRun.metrics,
      })
      .from(simulationRun)
      .where(and(...conditions))
      .orderBy(desc(simulationRun.id))
      .limit(size + 1);
    const page = rows.slice(0, size);
    const items = page.map((r) => {
      const params = r.parameters as Partial<SimulationParams>;
      const metrics = r.metrics as StoredMetrics;
      return {
        id: r.id,
        userId: r.userId,
        configId: r.configId,
        createdAt: r.createdAt.toISOString(),
        steps: params.steps ?? 0,
        integrator: params.integrator ?? 'euler',
        monteCarloPaths: metrics.monteCarloPaths,
        metrics,
      };
    });
    const last = page[page.length - 1];
    return ok({ items, nextCursor: rows.length > size && last ? String(last.id) : null });
  }

  /** Deletes a run the actor owns (admins: any run). */
  async remove(actor: Actor, id: number): Promise<Result<void>> {
    const [row] = await this.deps.db
      .select({ userId: simulationRun.userId })
      .from(simulationRun)
      .where(eq(simulationRun.id, id));
    if (!row || !visible(actor, row.userId)) return err('simulation_not_found', `no simulation ${id}`, 'id');
    await this.deps.db.delete(simulationRun).where(eq(simulationRun.id, id));
    return ok(undefined);
  }

  /** The actor's saved configurations, newest first. */
  async listConfigs(actor: Actor): Promise<ConfigView[]> {
    const rows = await this.deps.db
      .select()
      .from(simulationConfig)
      .where(eq(simulationConfig.userId, actor.userId))
      .orderBy(desc(simulationConfig.id))
      .limit(serviceLimits.configsPerUserMax);
    return rows.map(toConfigView);
  }

  /** Saves validated parameters under a name unique for the actor. */
  async saveConfig(actor: Actor, name: string, parameters: unknown): Promise<Result<ConfigView> | SimulationInvalid> {
    const checked = validateRun(parameters, undefined);
    if (!checked.ok) return checked;
    const db = this.deps.db;
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(simulationConfig)
      .where(eq(simulationConfig.userId, actor.userId));
    if ((count?.n ?? 0) >= serviceLimits.configsPerUserMax)
      return err('simulation_configs_above_max', `at most ${serviceLimits.configsPerUserMax} saved configurations`);
    const [row] = await db
      .insert(simulationConfig)
      .values({ userId: actor.userId, name, parameters, createdAt: new Date(this.deps.clock.nowMs()) })
      .onConflictDoNothing()
      .returning();
    if (!row) return err('simulation_config_name_taken', `a configuration named ${name} exists`, 'name');
    return ok(toConfigView(row));
  }

  /** Deletes a configuration; runs made from it keep their parameters and lose the link. */
  async deleteConfig(actor: Actor, id: number): Promise<Result<void>> {
    const [row] = await this.deps.db
      .select({ userId: simulationConfig.userId })
      .from(simulationConfig)
      .where(eq(simulationConfig.id, id));
    if (!row || !visible(actor, row.userId)) return err('simulation_config_not_found', `no configuration ${id}`, 'id');
    await this.deps.db.transaction(async (tx) => {
      await tx.update(simulationRun).set({ configId: null }).where(eq(simulationRun.configId, id));
      await tx.delete(simulationConfig).where(eq(simulationConfig.id, id));
    });
    return ok(undefined);
  }

  private async resolveParameters(actor: Actor, input: CreateRunInput): Promise<Result<unknown> | SimulationInvalid> {
    if ((input.parameters === undefined) === (input.configId === undefined)) {
      return invalid([
        { field: 'parameters', code: 'parameters_or_config_id', detail: 'give exactly one of parameters and configId' },
      ]);
    }
    if (input.configId === undefined) return ok(input.parameters);
    const [row] = await this.deps.db.select().from(simulationConfig).where(eq(simulationConfig.id, input.configId));
    if (!row || !visible(actor, row.userId))
      return err('simulation_config_not_found', `no configuration ${input.configId}`, 'configId');
    return ok(row.parameters);
  }

  private async execute(params: SimulationParams, paths: number | undefined) {
    const run = runSimulation(params, 0, this.seriesPool);
    // Decimate before the first await: the pooled series are overwritten by the next run.
    const thinned = decimateSeries(run.series, serviceLimits.storedPointsMax);
    const kept = thinned === run.series ? copySeries(thinned) : thinned;
    this.seriesPool.release(run.series);
    let bands: BandsView | null = null;
    if (paths !== undefined) {
      const request: MonteCarloRequest = { params, paths };
      const forceWorkers = paths * (params.steps + 1) >= serviceLimits.apiInThreadCellsMax;
      const mc = await this.deps.pool.run(request, { forceWorkers });
      bands = thinBands(mc, serviceLimits.storedPointsMax);
    }
    const stored: StoredResults = { steps: params.steps, points: kept.t.length, series: toValues(kept), bands };
    const metrics = storedMetrics(run.metrics, paths ?? null);
    return { stored, metrics };
  }

  private async announce(id: number, userId: string, metrics: StoredMetrics): Promise<void> {
    const timeMs = this.deps.clock.nowMs();
    const messages = Object.entries(publishedMetrics).flatMap(([name, key]) => {
      const value = metrics[key];
      if (typeof value !== 'number' || !Number.isFinite(value)) return [];
      const points = [{ timeMs, value, metadata: { runId: id, userId } }];
      return [this.deps.bus.publish(metricsTopic, { source: 'economy', metric: `simulation.${name}`, points })];
    });
    // Announcements are best effort: the run is stored; a failing bus must not turn the request into an error.
    await Promise.allSettled([this.deps.hub.publish(simulationChannel, { id, metrics }, { userId }), ...messages]);
  }
}

function visible(actor: Actor, owner: string | null): boolean {
  return actor.role === 'admin' || owner === actor.userId;
}

function invalid(issues: ValidationIssue[]): SimulationInvalid {
  const first = issues[0];
  return {
    ok: false,
    code: 'simulation_params_invalid',
    field: first?.field ?? 'parameters',
    detail: issues.map((i) => `${i.field}: ${i.code}`).join('; '),
    issues,
  };
}

/** Validates parameters (and Monte Carlo paths), renaming fields to the request body's paths. */
function validateRun(
  parameters: unknown,
  monteCarlo: { paths: unknown } | undefined,
): Result<{ params: SimulationParams; paths: number | undefined }> | SimulationInvalid {
  const prefix = (field: string) => (field === '' ? 'parameters' : `parameters.${field}`);
  if (monteCarlo === undefined) {
    const checked = validateSimulationParams(parameters);
    if (!checked.ok) return invalid(checked.issues.map((i) => ({ ...i, field: prefix(i.field) })));
    return withinApiBounds(checked.value, undefined);
  }
  const checked = validateMonteCarloRequest({ params: parameters, paths: monteCarlo.paths });
  if (!checked.ok) {
    const rename = (f: string) => (f === 'paths' ? 'monteCarlo.paths' : prefix(f.replace(/^params\.?/, '')));
    return invalid(checked.issues.map((i) => ({ ...i, field: rename(i.field) })));
  }
  return withinApiBounds(checked.value.params, checked.value.paths);
}

function withinApiBounds(
  params: SimulationParams,
  paths: number | undefined,
): Result<{ params: SimulationParams; paths: number | undefined }> | SimulationInvalid {
  if (params.steps > serviceLimits.apiStepsMax) {
    return invalid([
      {
        field: 'parameters.steps',
        code: 'steps_above_api_max',
        detail: `runs through the API take at most ${serviceLimits.apiStepsMax} steps (use the CLI for longer runs)`,
      },
    ]);
  }
  return ok({ params, paths });
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function storedMetrics(metrics: SimulationMetrics, paths: number | null): StoredMetrics {
  const out = { ...metrics, monteCarloPaths: paths } as StoredMetrics;
  for (const key of ['finalN', 'minN', 'maxN', 'meanN', 'reference', 'conservationViolationMax'] as const) {
    out[key] = finiteOrNull(metrics[key]);
  }
  return out;
}

function toValues(series: SimulationSeries): Record<string, Values> {
  const out: Record<string, Values> = {};
  for (const name of seriesNames) out[name] = Array.from(series[name], finiteOrNull);
  return out;
}

function fromValues(values: Record<string, Values>): SimulationSeries {
  const out = {} as SimulationSeries;
  for (const name of seriesNames) out[name] = Float64Array.from(values[name] ?? [], (v) => v ?? Number.NaN);
  return out;
}

/** Evenly spaced indices of `length` points keeping first and last (the rule decimateSeries uses). */
function pickIndices(length: number, pointsMax: number): number[] {
  if (length <= pointsMax) return Array.from({ length }, (_, i) => i);
  return Array.from({ length: pointsMax }, (_, i) => Math.round((i * (length - 1)) / (pointsMax - 1)));
}

function thinBands(
  mc: { paths: number; conservationViolationMax: number } & Record<
    't' | 'p05' | 'p50' | 'p95' | 'mean',
    ArrayLike<number>
  >,
  pointsMax: number,
): BandsView {
  const pick = pickIndices(mc.t.length, pointsMax);
  const thin = (a: ArrayLike<number>) => pick.map((i) => finiteOrNull(a[i] as number));
  return {
    paths: mc.paths,
    t: thin(mc.t),
    p05: thin(mc.p05),
    p50: thin(mc.p50),
    p95: thin(mc.p95),
    mean: thin(mc.mean),
    conservationViolationMax: finiteOrNull(mc.conservationViolationMax),
  };
}

function toView(row: typeof simulationRun.$inferSelect, resolution: number): RunView {
  const stored = row.results as StoredResults;
  const points = Math.max(serviceLimits.resolutionMin, resolution);
  const series = toValues(decimateSeries(fromValues(stored.series), points));
  let bands: BandsView | null = null;
  if (stored.bands) {
    const pick = pickIndices(stored.bands.t.length, points);
    const thin = (a: Values) => pick.map((i) => a[i] ?? null);
    const b = stored.bands;
    bands = { ...b, t: thin(b.t), p05: thin(b.p05), p50: thin(b.p50), p95: thin(b.p95), mean: thin(b.mean) };
  }
  return {
    id: row.id,
    userId: row.userId,
    configId: row.configId,
    createdAt: row.createdAt.toISOString(),
    parameters: row.parameters,
    metrics: row.metrics as StoredMetrics,
    steps: stored.steps,
    storedPoints: stored.points,
    resolution: series.t?.length ?? 0,
    series,
    bands,
  };
}

function toConfigView(row: typeof simulationConfig.$inferSelect): ConfigView {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    parameters: row.parameters,
    createdAt: row.createdAt.toISOString(),
  };
}
