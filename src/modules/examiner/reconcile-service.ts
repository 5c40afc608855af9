// Runs the reconciler over stored unmatched items, keeps its proposals, and learns from confirmations and rejections.
import { and, count, desc, eq, gte, inArray, lte, type SQL } from 'drizzle-orm';
import { type Clock, err, ok } from '../../kernel/index.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { learnFromConfirmed } from './core/reconcile/learn.js';
import { emptyKnowledge, type ReconcileKnowledge, type ReconcileOptions } from './core/reconcile/options.js';
import { reconcile } from './core/reconcile/reconcile.js';
import type { BankLine, Expense } from './core/records.js';
import { recordView } from './import-service.js';
import { examinerLimits } from './limits.js';
import {
  bankStatements,
  expenses,
  reconcileKnowledge,
  reconcileRejectedPairs,
  reconciliationMatches,
  reconciliationRuns,
  reconciliationUnmatched,
} from './schema.js';

/** Options a caller may tune per run (amount floor as a decimal-free minor-unit integer string). */
export interface RunOptions {
  amountTolerancePct?: number;
  amountToleranceMinorMin?: string;
  lagDaysMin?: number;
  lagDaysMax?: number;
  autoMatchConfidenceMin?: number;
  nearTieMargin?: number;
}

/** The scope of a run. */
export interface RunRequest {
  account?: string;
  from?: string;
  to?: string;
  options?: RunOptions;
}

/** Filters of the bank-line and expense listings. */
export interface ItemFilter {
  status?: string;
  account?: string;
  currency?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

const knowledgeScope = 'default';

type RunRow = typeof reconciliationRuns.$inferSelect;

/** Stored reconciliation: runs, match decisions and what they teach. */
export class ReconcileService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Reconciles every unmatched bank line and expense in scope and stores the outcome. */
  async run(request: RunRequest, userId: string | null) {
    const bank = await this.loadBank(request);
    const exp = await this.loadExpenses(request);
    if (bank.length + exp.length > examinerLimits.reconcileItemsMax) {
      return err('too_many_items', `more than ${examinerLimits.reconcileItemsMax} items; narrow the period`);
    }
    const knowledge = await this.knowledge();
    const rejectedPairs = await this.db
      .select({ bankId: reconcileRejectedPairs.bankId, expenseId: reconcileRejectedPairs.expenseId })
      .from(reconcileRejectedPairs);
    const options: Partial<ReconcileOptions> = { ...toCoreOptions(request.options ?? {}), rejectedPairs };
    const result = reconcile(bank, exp, options, knowledge);
    if (!result.ok) return result;
    const r = result.value;
    const categories: Record<string, number> = {};
    for (const u of r.unmatched) categories[u.category] = (categories[u.category] ?? 0) + 1;
    const now = new Date(this.clock.nowMs());
    const run = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(reconciliationRuns)
        .values({
          createdBy: userId,
          createdAt: now,
          params: request,
          rate: r.rate,
          bankCount: bank.length,
          expenseCount: exp.length,
          matchedCount: r.matches.length,
          reviewCount: r.review.length,
          unmatchedCount: r.unmatched.length,
          categories,
          stats: r.stats,
        })
        .returning();
      const runRow = row as RunRow;
      const rows = [
        ...r.matches.map((m) => ({ ...m, status: 'auto', reviewReason: null, rivals: null })),
        ...r.review.map((m) => ({ ...m, algorithm: 'review', status: 'suggested', reviewReason: m.reason })),
      ].map((m) => ({
        runId: runRow.id,
        bankIds: m.bankIds,
        expenseIds: m.expenseIds,
        confidence: m.confidence,
        algorithm: m.algorithm,
        status: m.status,
        reviewReason: m.reviewReason,
        rivals: m.rivals,
        createdAt: now,
      }));
      for (const part of chunks(rows, examinerLimits.reconcileRowsPerInsert))
        await tx.insert(reconciliationMatches).values(part);
      const unmatched = r.unmatched.map((u) => ({
        runId: runRow.id,
        side: u.side,
        itemId: u.id,
        category: u.category,
      }));
      for (const part of chunks(unmatched, examinerLimits.reconcileRowsPerInsert))
        await tx.insert(reconciliationUnmatched).values(part);
      await setStatus(
        tx,
        r.matches.flatMap((m) => m.bankIds),
        r.matches.flatMap((m) => m.expenseIds),
        'matched',
      );
      return runRow;
    });
    return ok(runSummary(run));
  }

  /** Reconciliation runs, newest first. */
  async listRuns(limit: number, offset: number) {
    const rows = await this.db
      .select()
      .from(reconciliationRuns)
      .orderBy(desc(reconciliationRuns.createdAt))
      .limit(limit)
      .offset(offset);
    return rows.map(runSummary);
  }

  /** One run with a page of its matches, review items and unmatched items (each with the records involved). */
  async getRun(id: string, limit: number, offset: number) {
    const [run] = await this.db.select().from(reconciliationRuns).where(eq(reconciliationRuns.id, id));
    if (!run) return err('reconciliation_not_found', id);
    const page = async (statuses: string[]) => {
      const where = and(eq(reconciliationMatches.runId, id), inArray(reconciliationMatches.status, statuses));
      const rows = await this.db
        .select()
        .from(reconciliationMatches)
        .where(where)
        .orderBy(desc(reconciliationMatches.confidence), reconciliationMatches.id)
        .limit(limit)
        .offset(offset);
      const [total] = await this.db.select({ n: count() }).from(reconciliationMatches).where(where);
      return { total: total?.n ?? 0, items: await this.withRecords(rows) };
    };
    const matches = await page(['auto', 'confirmed']);
    const review = await page(['suggested', 'rejected']);
    const unmatchedWhere = eq(reconciliationUnmatched.runId, id);
    const unmatchedRows = await this.db
      .select()
      .from(reconciliationUnmatched)
      .where(unmatchedWhere)
      .orderBy(reconciliationUnmatched.category, reconciliationUnmatched.side, reconciliationUnmatched.itemId)
      .limit(limit)
      .offset(offset);
    const [unmatchedTotal] = await this.db.select({ n: count() }).from(reconciliationUnmatched).where(unmatchedWhere);
    const records = await this.records(
      unmatchedRows.filter((u) => u.side === 'bank').map((u) => u.itemId),
      unmatchedRows.filter((u) => u.side === 'expense').map((u) => u.itemId),
    );
    const unmatched = {
      total: unmatchedTotal?.n ?? 0,
      items: unmatchedRows.map((u) => ({
        side: u.side,
        id: u.itemId,
        category: u.category,
        record: (u.side === 'bank' ? records.bank.get(u.itemId) : records.expense.get(u.itemId)) ?? null,
      })),
    };
    return ok({ run: runSummary(run), matches, review, unmatched });
  }

  /** Confirms a suggested (or automatic) match: its items become matched and the knowledge learns from it. */
  async confirm(matchId: string, userId: string | null) {
    return this.db.transaction(async (tx) => {
      const [m] = await tx.select().from(reconciliationMatches).where(eq(reconciliationMatches.id, matchId));
      if (!m) return err('match_not_found', matchId);
      if (m.status !== 'suggested' && m.status !== 'auto') return err('match_already_decided', m.status);
      const bank = await readBank(tx, m.bankIds);
      const exp = await readExpenses(tx, m.expenseIds);
      if (m.status === 'suggested') {
        const taken = [...bank, ...exp].some((r) => r.status !== 'unmatched');
        if (taken) return err('match_conflict', 'an item of this suggestion was matched since');
        await setStatus(tx, m.bankIds, m.expenseIds, 'matched');
      }
      const knowledge = await this.knowledge(tx);
      const learned = learnFromConfirmed(knowledge, [
        { bankLines: bank.map((b) => b.line), expenses: exp.map((e) => e.expense) },
      ]);
      await saveKnowledge(tx, learned, new Date(this.clock.nowMs()));
      const [row] = await tx
        .update(reconciliationMatches)
        .set({ status: 'confirmed', decidedBy: userId, decidedAt: new Date(this.clock.nowMs()) })
        .where(eq(reconciliationMatches.id, matchId))
        .returning();
      return ok({ ...matchView(row as typeof reconciliationMatches.$inferSelect), knowledge: knowledgeSize(learned) });
    });
  }

  /** Rejects a suggested or automatic match: its pairs are never proposed again and its items become free. */
  async reject(matchId: string, userId: string | null) {
    return this.db.transaction(async (tx) => {
      const [m] = await tx.select().from(reconciliationMatches).where(eq(reconciliationMatches.id, matchId));
      if (!m) return err('match_not_found', matchId);
      if (m.status !== 'suggested' && m.status !== 'auto') return err('match_already_decided', m.status);
      const now = new Date(this.clock.nowMs());
      const pairs = m.bankIds.flatMap((bankId) =>
        m.expenseIds.map((expenseId) => ({ bankId, expenseId, rejectedBy: userId, rejectedAt: now })),
      );
      if (pairs.length > 0) await tx.insert(reconcileRejectedPairs).values(pairs).onConflictDoNothing();
      if (m.status === 'auto') await setStatus(tx, m.bankIds, m.expenseIds, 'unmatched');
      const [row] = await tx
        .update(reconciliationMatches)
        .set({ status: 'rejected', decidedBy: userId, decidedAt: now })
        .where(eq(reconciliationMatches.id, matchId))
        .returning();
      return ok(matchView(row as typeof reconciliationMatches.$inferSelect));
    });
  }

  /** The knowledge learned so far. */
  async knowledge(tx: Db | Tx = this.db): Promise<ReconcileKnowledge> {
    const [row] = await tx.select().from(reconcileKnowledge).where(eq(reconcileKnowledge.scope, knowledgeScope));
    return row ? (row.knowledge as ReconcileKnowledge) : emptyKnowledge();
  }

  /** Stored bank lines, filtered and paged. */
  async listBankLines(f: ItemFilter) {
    const conds: SQL[] = [];
    if (f.status) conds.push(eq(bankStatements.reconciliationStatus, f.status));
    if (f.account) conds.push(eq(bankStatements.account, f.account));
    if (f.currency) conds.push(eq(bankStatements.currency, f.currency));
    if (f.from) conds.push(gte(bankStatements.date, f.from));
    if (f.to) conds.push(lte(bankStatements.date, f.to));
    const where = conds.length ? and(...conds) : undefined;
    const rows = await this.db
      .select()
      .from(bankStatements)
      .where(where)
      .orderBy(bankStatements.date, bankStatements.id)
      .limit(f.limit)
      .offset(f.offset);
    const [total] = await this.db.select({ n: count() }).from(bankStatements).where(where);
    return {
      total: total?.n ?? 0,
      items: rows.map((r) => ({ ...recordView(bankLineOf(r)), status: r.reconciliationStatus })),
    };
  }

  /** Stored expenses, filtered and paged. */
  async listExpenses(f: ItemFilter) {
    const conds: SQL[] = [];
    if (f.status) conds.push(eq(expenses.reconciliationStatus, f.status));
    if (f.currency) conds.push(eq(expenses.currency, f.currency));
    if (f.from) conds.push(gte(expenses.date, f.from));
    if (f.to) conds.push(lte(expenses.date, f.to));
    const where = conds.length ? and(...conds) : undefined;
    const rows = await this.db
      .select()
      .from(expenses)
      .where(where)
      .orderBy(expenses.date, expenses.id)
      .limit(f.limit)
      .offset(f.offset);
    const [total] = await this.db.select({ n: count() }).from(expenses).where(where);
    return {
      total: total?.n ?? 0,
      items: rows.map((r) => ({ ...recordView(expenseOf(r)), status: r.reconciliationStatus })),
    };
  }

  private async loadBank(request: RunRequest): Promise<BankLine[]> {
    const conds: SQL[] = [eq(bankStatements.reconciliationStatus, 'unmatched')];
    if (request.account) conds.push(eq(bankStatements.account, request.account));
    if (request.from) conds.push(gte(bankStatements.date, request.from));
    if (request.to) conds.push(lte(bankStatements.date, request.to));
    const rows = await this.db
      .select()
      .from(bankStatements)
      .where(and(...conds))
      .limit(examinerLimits.reconcileItemsMax + 1);
    return rows.map(bankLineOf);
  }

  private async loadExpenses(request: RunRequest): Promise<Expense[]> {
    const conds: SQL[] = [eq(expenses.reconciliationStatus, 'unmatched')];
    if (request.from) conds.push(gte(expenses.date, request.from));
    if (request.to) conds.push(lte(expenses.date, request.to));
    const rows = await this.db
      .select()
      .from(expenses)
      .where(and(...conds))
      .limit(examinerLimits.reconcileItemsMax + 1);
    return rows.map(expenseOf);
  }

  private async withRecords(rows: (typeof reconciliationMatches.$inferSelect)[]) {
    const records = await this.records(
      rows.flatMap((r) => r.bankIds),
      rows.flatMap((r) => r.expenseIds),
    );
    return rows.map((r) => ({
      ...matchView(r),
      bankLines: r.bankIds.map((id) => records.bank.get(id)).filter((x) => x !== undefined),
      expenses: r.expenseIds.map((id) => records.expense.get(id)).filter((x) => x !== undefined),
    }));
  }

  private async records(bankIds: string[], expenseIds: string[]) {
    const bank = bankIds.length
      ? await this.db.select().from(bankStatements).where(inArray(bankStatements.id, bankIds))
      : [];
    const exp = expenseIds.length ? await this.db.select().from(expenses).where(inArray(expenses.id, expenseIds)) : [];
    return {
      bank: new Map(bank.map((r) => [r.id, { ...recordView(bankLineOf(r)), status: r.reconciliationStatus }])),
      expense: new Map(exp.map((r) => [r.id, { ...recordView(expenseOf(r)), status: r.reconciliationStatus }])),
    };
  }
}

function toCoreOptions(o: RunOptions): Partial<ReconcileOptions> {
  const out: Partial<Record<keyof ReconcileOptions, unknown>> = {};
  if (o.amountTolerancePct !== undefined) out.amountTolerancePct = o.amountTolerancePct;
  if (o.amountToleranceMinorMin !== undefined) out.amountToleranceMinorMin = BigInt(o.amountToleranceMinorMin);
  if (o.lagDaysMin !== undefined) out.lagDaysMin = o.lagDaysMin;
  if (o.lagDaysMax !== undefined) out.lagDaysMax = o.lagDaysMax;
  if (o.autoMatchConfidenceMin !== undefined) out.autoMatchConfidenceMin = o.autoMatchConfidenceMin;
  if (o.nearTieMargin !== undefined) out.nearTieMargin = o.nearTieMargin;
  return out as Partial<ReconcileOptions>;
}

/** A stored bank row as the core's record. */
export function bankLineOf(r: typeof bankStatements.$inferSelect): BankLine {
  const line: BankLine = {
    id: r.id,
    account: r.account,
    date: r.date,
    amountMinor: r.amountMinor,
    currency: r.currency,
    description: r.description,
  };
  if (r.reference) line.reference = r.reference;
  return line;
}

/** A stored expense row as the core's record. */
export function expenseOf(r: typeof expenses.$inferSelect): Expense {
  const e: Expense = {
    id: r.id,
    date: r.date,
    amountMinor: r.amountMinor,
    currency: r.currency,
    vendor: r.vendor,
    description: r.description,
  };
  if (r.category) e.category = r.category;
  if (r.reference) e.reference = r.reference;
  return e;
}

async function readBank(tx: Tx, ids: string[]) {
  const rows = ids.length ? await tx.select().from(bankStatements).where(inArray(bankStatements.id, ids)) : [];
  return rows.map((r) => ({ line: bankLineOf(r), status: r.reconciliationStatus }));
}

async function readExpenses(tx: Tx, ids: string[]) {
  const rows = ids.length ? await tx.select().from(expenses).where(inArray(expenses.id, ids)) : [];
  return rows.map((r) => ({ expense: expenseOf(r), status: r.reconciliationStatus }));
}

async function setStatus(tx: Tx, bankIds: string[], expenseIds: string[], status: string) {
  for (const part of chunks(bankIds, examinerLimits.reconcileRowsPerInsert)) {
    await tx.update(bankStatements).set({ reconciliationStatus: status }).where(inArray(bankStatements.id, part));
  }
  for (const part of chunks(expenseIds, examinerLimits.reconcileRowsPerInsert)) {
    await tx.update(expenses).set({ reconciliationStatus: status }).where(inArray(expenses.id, part));
  }
}

async function saveKnowledge(tx: Tx, knowledge: ReconcileKnowledge, now: Date) {
  const row = { scope: knowledgeScope, knowledge, updatedAt: now };
  await tx.insert(reconcileKnowledge).values(row).onConflictDoUpdate({ target: reconcileKnowledge.scope, set: row });
}

function knowledgeSize(k: ReconcileKnowledge) {
  return { vendorAliases: Object.keys(k.vendorAliases).length, vendorLags: Object.keys(k.vendorDateLagDays).length };
}

function matchView(r: typeof reconciliationMatches.$inferSelect) {
  return {
    id: r.id,
    runId: r.runId,
    bankIds: r.bankIds,
    expenseIds: r.expenseIds,
    confidence: r.confidence,
    algorithm: r.algorithm,
    status: r.status,
    reviewReason: r.reviewReason,
    rivals: r.rivals,
    decidedAt: r.decidedAt?.toISOString() ?? null,
  };
}

function runSummary(r: RunRow) {
  return {
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    params: r.params,
    rate: r.rate,
    bankCount: r.bankCount,
    expenseCount: r.expenseCount,
    matched: r.matchedCount,
    review: r.reviewCount,
    unmatched: r.unmatchedCount,
    categories: r.categories as Record<string, number>,
    stats: r.stats,
  };
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
