// Scores stored expenses for fraud, keeps the analyst queue and its verdicts, and re-weights the config from them.
import { and, count, desc, eq, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import { type Clock, err, ok, Prng } from '../../kernel/index.js';
import type { Db } from '../../platform/db/database.js';
import {
  defaultFraudConfig,
  type FactorCode,
  type FeedbackLabel,
  type FlagPriority,
  type FraudConfig,
  type FraudTransaction,
  reweightFromFeedback,
  type ScoreFactor,
} from './core/fraud/index.js';
import { fraudFigures } from './core/pov/index.js';
import type { Expense } from './core/records.js';
import { FraudParallelRunner } from './fraud-parallel.js';
import { recordView } from './import-service.js';
import { minorDigits } from './imports/fields.js';
import { examinerLimits } from './limits.js';
import { expenseOf } from './reconcile-service.js';
import { expenses, fraudConfig, fraudFlags, fraudRuns } from './schema.js';

/** Analyst verdicts a flag can take. */
export type FlagLabel = 'confirmed_fraud' | 'false_positive';

const priorityRank: Record<FlagPriority, number> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };
const bigintFields = [
  'thresholdMinor',
  'roundUnitMinor',
  'roundAmountMinMinor',
  'approvalLimitMinor',
  'newVendorAmountMinor',
] as const;

/** A FraudConfig as JSON: bigint fields become decimal strings. */
export function configToJson(c: FraudConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ...c };
  for (const f of bigintFields) out[f] = c[f].toString();
  return out;
}

/** The inverse of configToJson. */
export function configFromJson(j: Record<string, unknown>): FraudConfig {
  const out: Record<string, unknown> = { ...j };
  for (const f of bigintFields) out[f] = BigInt(j[f] as string);
  return out as unknown as FraudConfig;
}

/** An expense as fraud detection sees it; the category defaults to "uncategorised". */
export function toFraudTransaction(e: Expense): FraudTransaction {
  return {
    id: e.id,
    date: e.date,
    amountMinor: e.amountMinor,
    currency: e.currency,
    vendor: e.vendor,
    category: e.category ?? 'uncategorised',
    ...(e.reference ? { reference: e.reference } : {}),
  };
}

/** Stored fraud scoring. */
export class FraudService {
  // Large batches are scored on two threads (same results as one; see fraud-parallel.ts). The runner starts on
  // first use, so an app that never scores fraud never spawns the worker.
  private runner: Promise<FraudParallelRunner> | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Stops the scoring worker, if one was started. */
  async close(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    if (runner) await (await runner).close();
  }

  /** The current config (the highest stored version, or the default before any re-weighting). */
  async currentConfig(): Promise<{ config: FraudConfig; adjustments: unknown; createdAt: string | null }> {
    const [row] = await this.db.select().from(fraudConfig).orderBy(desc(fraudConfig.version)).limit(1);
    if (!row) return { config: defaultFraudConfig, adjustments: [], createdAt: null };
    return {
      config: configFromJson(row.config as Record<string, unknown>),
      adjustments: row.adjustments,
      createdAt: row.createdAt.toISOString(),
    };
  }

  /** Scores the stored expenses of one currency (the most common one by default) and stores the flags. */
  async run(request: { currency?: string; seed?: number }, userId: string | null) {
    const currency = request.currency ?? (await this.commonestCurrency());
    if (currency === null) return err('no_expenses', 'import expenses first');
    const rows = await this.db
      .select()
      .from(expenses)
      .where(eq(expenses.currency, currency))
      .orderBy(expenses.id)
      .limit(examinerLimits.fraudTransactionsMax + 1);
    if (rows.length === 0) return err('no_expenses', `no expenses in ${currency}`, 'currency');
    if (rows.length > examinerLimits.fraudTransactionsMax)
      return err('too_many_items', `more than ${examinerLimits.fraudTransactionsMax} expenses`);
    const txs = rows.map((r) => toFraudTransaction(expenseOf(r)));
    const { config } = await this.currentConfig();
    const seed = request.seed ?? 1;
    this.runner ??= FraudParallelRunner.start();
    const analysed = await (await this.runner).analyse(txs, config, new Prng(seed));
    if (!analysed.ok) return analysed;
    const a = analysed.value;
    const figures = fraudFigures(a, txs, minorDigits(currency));
    const now = new Date(this.clock.nowMs());
    const run = await this.db.transaction(async (tx) => {
      const [stored] = await tx
        .select({ v: fraudConfig.version })
        .from(fraudConfig)
        .where(eq(fraudConfig.version, config.version));
      if (!stored)
        await tx
          .insert(fraudConfig)
          .values({ version: config.version, config: configToJson(config), createdBy: userId, createdAt: now });
      const [runRow] = await tx
        .insert(fraudRuns)
        .values({
          configVersion: a.configVersion,
          currency,
          transactionCount: txs.length,
          flaggedCount: a.flaggedCount,
          byPriority: a.byPriority,
          benford: a.benford,
          figures,
          seed,
          createdBy: userId,
          createdAt: now,
        })
        .returning();
      const id = (runRow as typeof fraudRuns.$inferSelect).id;
      const flags = a.scores
        .filter((s) => s.priority !== 'none')
        .map((s) => ({
          runId: id,
          transactionId: s.id,
          riskScore: s.riskScore,
          category: s.category,
          priority: s.priority,
          priorityRank: priorityRank[s.priority],
          factors: s.factors,
          createdAt: now,
        }));
      for (let i = 0; i < flags.length; i += examinerLimits.flagRowsPerInsert) {
        await tx.insert(fraudFlags).values(flags.slice(i, i + examinerLimits.flagRowsPerInsert));
      }
      return runRow as typeof fraudRuns.$inferSelect;
    });
    return ok(runView(run));
  }

  /** Fraud runs, newest first. */
  async listRuns(limit: number, offset: number) {
    const rows = await this.db.select().from(fraudRuns).orderBy(desc(fraudRuns.createdAt)).limit(limit).offset(offset);
    return rows.map(runView);
  }

  /** The newest run, if any. */
  async latestRun() {
    const [row] = await this.db.select().from(fraudRuns).orderBy(desc(fraudRuns.createdAt)).limit(1);
    return row ? runView(row) : null;
  }

  /** One run. */
  async getRun(id: string) {
    const [row] = await this.db.select().from(fraudRuns).where(eq(fraudRuns.id, id));
    return row ? ok(runView(row)) : err('fraud_run_not_found', id);
  }

  /** The queue of one run (the newest by default): highest priority and score first, each with its factors. */
  async listFlags(f: { runId?: string; status?: string; priority?: string; limit: number; offset: number }) {
    const runId = f.runId ?? (await this.latestRun())?.id;
    if (!runId) return { runId: null, total: 0, items: [] };
    const conds: SQL[] = [eq(fraudFlags.runId, runId)];
    if (f.status) conds.push(eq(fraudFlags.status, f.status));
    if (f.priority) conds.push(eq(fraudFlags.priority, f.priority));
    const where = and(...conds);
    const rows = await this.db
      .select()
      .from(fraudFlags)
      .where(where)
      .orderBy(desc(fraudFlags.priorityRank), desc(fraudFlags.riskScore), fraudFlags.transactionId)
      .limit(f.limit)
      .offset(f.offset);
    const [total] = await this.db.select({ n: count() }).from(fraudFlags).where(where);
    const ids = rows.map((r) => r.transactionId);
    const exp = ids.length ? await this.db.select().from(expenses).where(inArray(expenses.id, ids)) : [];
    const byId = new Map(exp.map((e) => [e.id, recordView(expenseOf(e))]));
    return {
      runId,
      total: total?.n ?? 0,
      items: rows.map((r) => ({ ...flagView(r), expense: byId.get(r.transactionId) ?? null })),
    };
  }

  /** Records an analyst's verdict on a flag (a later verdict replaces an earlier one). */
  async feedback(flagId: string, label: FlagLabel, userId: string | null) {
    const [row] = await this.db
      .update(fraudFlags)
      .set({ status: label, decidedBy: userId, decidedAt: new Date(this.clock.nowMs()) })
      .where(eq(fraudFlags.id, flagId))
      .returning();
    return row ? ok(flagView(row)) : err('flag_not_found', flagId);
  }

  /** Turns every verdict so far into a new config version; the newest verdict per transaction counts. */
  async reweight(userId: string | null) {
    const rows = await this.db
      .select({ transactionId: fraudFlags.transactionId, status: fraudFlags.status, factors: fraudFlags.factors })
      .from(fraudFlags)
      .where(and(isNotNull(fraudFlags.decidedAt), sql`${fraudFlags.status} <> 'open'`))
      .orderBy(fraudFlags.decidedAt);
    const latest = new Map<string, FeedbackLabel>();
    for (const r of rows) {
      const factors = (r.factors as ScoreFactor[]).map((x) => x.code as FactorCode);
      latest.set(r.transactionId, { transactionId: r.transactionId, outcome: r.status as FlagLabel, factors });
    }
    if (latest.size === 0) return err('no_feedback', 'label some flags first');
    const { config } = await this.currentConfig();
    const result = reweightFromFeedback(config, [...latest.values()]);
    const now = new Date(this.clock.nowMs());
    await this.db.transaction(async (tx) => {
      const [stored] = await tx
        .select({ v: fraudConfig.version })
        .from(fraudConfig)
        .where(eq(fraudConfig.version, config.version));
      if (!stored)
        await tx
          .insert(fraudConfig)
          .values({ version: config.version, config: configToJson(config), createdBy: userId, createdAt: now });
      await tx.insert(fraudConfig).values({
        version: result.config.version,
        config: configToJson(result.config),
        adjustments: result.adjustments,
        createdBy: userId,
        createdAt: now,
      });
    });
    return ok({ version: result.config.version, labels: latest.size, adjustments: result.adjustments });
  }

  private async commonestCurrency(): Promise<string | null> {
    const [row] = await this.db
      .select({ currency: expenses.currency, n: count() })
      .from(expenses)
      .groupBy(expenses.currency)
      .orderBy(desc(count()), expenses.currency)
      .limit(1);
    return row?.currency ?? null;
  }
}

function runView(r: typeof fraudRuns.$inferSelect) {
  return {
    id: r.id,
    configVersion: r.configVersion,
    currency: r.currency,
    transactionCount: r.transactionCount,
    flaggedCount: r.flaggedCount,
    byPriority: r.byPriority as Record<FlagPriority, number>,
    benford: r.benford,
    figures: r.figures as Record<string, number>,
    seed: r.seed,
    createdAt: r.createdAt.toISOString(),
  };
}

function flagView(r: typeof fraudFlags.$inferSelect) {
  return {
    id: r.id,
    runId: r.runId,
    transactionId: r.transactionId,
    riskScore: r.riskScore,
    category: r.category,
    priority: r.priority,
    factors: r.factors as ScoreFactor[],
    status: r.status,
    decidedAt: r.decidedAt?.toISOString() ?? null,
  };
}

/** The config as JSON for the API. */
export function configView(c: { config: FraudConfig; adjustments: unknown; createdAt: string | null }) {
  return {
    version: c.config.version,
    config: configToJson(c.config),
    adjustments: c.adjustments,
    createdAt: c.createdAt,
  };
}
