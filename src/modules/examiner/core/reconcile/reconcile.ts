// The reconciliation entry point: blocking, scoring, optimal assignment, splits, near-tie review and categories.
import { ok, type Result } from '../../../../kernel/index.js';
import type { BankLine, Expense } from '../records.js';
import { assignOneToOne, type MatchAlgorithm } from './assign.js';
import { generateCandidates, SideIndex } from './blocking.js';
import { categorize, type UnmatchedCategory } from './categorize.js';
import { defaultReconcileOptions, emptyKnowledge, type ReconcileKnowledge, type ReconcileOptions } from './options.js';
import { type Prepared, prepare } from './prepare.js';
import { applyNearTieRule, type HeldPair, type ReviewReason } from './review.js';
import { type ScoreContext, scoreContext } from './score.js';
import { findSplits } from './split.js';

/** An automatic match: one bank line and one expense, or a split on either side. */
export interface ReconcileMatch {
  bankIds: string[];
  expenseIds: string[];
  /** 0-100, rounded to one decimal. */
  confidence: number;
  algorithm: MatchAlgorithm;
}

/** A proposal held for a person, with the rival proposals that made it doubtful. */
export interface ReviewItem {
  bankIds: string[];
  expenseIds: string[];
  confidence: number;
  reason: ReviewReason;
  rivals: Array<{ bankId: string; expenseId: string; confidence: number }>;
}

/** An item neither matched nor held for review, with the likely reason. */
export interface UnmatchedItem {
  side: 'bank' | 'expense';
  id: string;
  category: UnmatchedCategory;
}

/** The whole outcome of one run. */
export interface ReconcileResult {
  matches: ReconcileMatch[];
  review: ReviewItem[];
  unmatched: UnmatchedItem[];
  /** Matched items (both sides) over all items (both sides), 0-1; 1 when there are none. */
  rate: number;
  stats: { candidates: number; components: number; largestComponent: number; greedyComponents: number };
}

/**
 * Reconciles bank lines against expenses. Bank amounts are signed from the account (payments
 * negative), expense amounts positive for costs; only the same currency is compared. The result
 * does not depend on the order of the inputs: both sides are sorted by id first.
 */
export function reconcile(
  bankLines: readonly BankLine[],
  expenses: readonly Expense[],
  options: Partial<ReconcileOptions> = {},
  knowledge: ReconcileKnowledge = emptyKnowledge(),
): Result<ReconcileResult, 'duplicate_id' | 'bad_date' | 'amount_out_of_range' | 'too_many_items'> {
  const prepared = prepare(bankLines, expenses);
  if (!prepared.ok) return prepared;
  const p = prepared.value;
  const opts: ReconcileOptions = { ...defaultReconcileOptions, ...options };
  const ctx = scoreContext(p, opts, knowledge);
  const index = { bank: new SideIndex(p.bank), expense: new SideIndex(p.expense) };
  const cands = generateCandidates(ctx, index.expense);
  const nB = p.bank.ids.length;
  const nE = p.expense.ids.length;
  const rankB = twinRanks(p.bank);
  const rankE = twinRanks(p.expense);
  // 1e-6 per twin rank: far below any real score difference, enough to prefer the first twin.
  const tieBreak = Float64Array.from(
    cands.bank,
    (b, k) => 1e-6 * ((rankB[b] as number) + (rankE[cands.expense[k] as number] as number)),
  );
  const isExact = (k: number): boolean =>
    p.bank.value[cands.bank[k] as number] === p.expense.value[cands.expense[k] as number];
  const assigned = assignOneToOne(cands, nB, nE, isExact, tieBreak);
  const split = applyNearTieRule(p, cands, assigned.pairs, opts.nearTieMargin, opts.autoMatchConfidenceMin);
  const matches: ReconcileMatch[] = split.keep.map((m) => ({
    bankIds: [p.bank.ids[m.bank] as string],
    expenseIds: [p.expense.ids[m.expense] as string],
    confidence: round1(m.score),
    algorithm: m.algorithm,
  }));
  // Low-confidence pairs stay free for the split search: a split that explains them exactly wins.
  const lowConfidence = split.held.filter((h) => h.reason === 'low_confidence');
  const review: ReviewItem[] = split.held.filter((h) => h.reason !== 'low_confidence').map((h) => heldToReview(p, h));
  // Items matched or held are not free for splits; used[] marks matched items only (for categories).
  const free = { bank: new Uint8Array(nB).fill(1), expense: new Uint8Array(nE).fill(1) };
  const used = { bank: new Uint8Array(nB), expense: new Uint8Array(nE) };
  for (const m of split.keep) mark(free, used, m.bank, m.expense, true);
  for (const h of split.held) if (h.reason !== 'low_confidence') mark(free, used, h.pair.bank, h.pair.expense, false);
  applySplits(ctx, free, used, index, matches, review);
  for (const h of lowConfidence) {
    if (free.bank[h.pair.bank] !== 1 || free.expense[h.pair.expense] !== 1) continue;
    mark(free, used, h.pair.bank, h.pair.expense, false);
    review.push(heldToReview(p, h));
  }
  const unmatched = listUnmatched(ctx, p, free, used, index);
  let matchedCount = 0;
  for (const u of [used.bank, used.expense]) for (let i = 0; i < u.length; i++) matchedCount += u[i] as number;
  const total = nB + nE;
  return ok({
    matches,
    review,
    unmatched,
    rate: total === 0 ? 1 : matchedCount / total,
    stats: {
      candidates: cands.bank.length,
      components: assigned.components,
      largestComponent: assigned.largestComponent,
      greedyComponents: assigned.greedyComponents,
    },
  });
}

type Flags = { bank: Uint8Array; expense: Uint8Array };

/** Runs the split search on free leftovers, one-to-many first, then many-to-one. */
function applySplits(
  ctx: ScoreContext,
  free: Flags,
  used: Flags,
  index: { bank: SideIndex; expense: SideIndex },
  matches: ReconcileMatch[],
  review: ReviewItem[],
): void {
  const p = ctx.prepared;
  for (const single of ['bank', 'expense'] as const) {
    const found = findSplits(ctx, single, free.bank, free.expense, single === 'bank' ? index.expense : index.bank);
    for (const f of found) {
      const parts = [...f.parts].sort((x, y) => x - y);
      const banks = single === 'bank' ? [f.singleIndex] : parts;
      const exps = single === 'bank' ? parts : [f.singleIndex];
      const bankIds = banks.map((b) => p.bank.ids[b] as string);
      const expenseIds = exps.map((e) => p.expense.ids[e] as string);
      const confidence = round1(f.confidence);
      if (f.ambiguous || f.confidence < ctx.options.autoMatchConfidenceMin) {
        const reason = f.ambiguous ? 'split_ambiguous' : 'low_confidence';
        review.push({ bankIds, expenseIds, confidence, reason, rivals: [] });
        continue;
      }
      matches.push({ bankIds, expenseIds, confidence, algorithm: 'split' });
      for (const b of banks) used.bank[b] = 1;
      for (const e of exps) used.expense[e] = 1;
    }
  }
}

function mark(free: Flags, used: Flags, b: number, e: number, matched: boolean): void {
  free.bank[b] = 0;
  free.expense[e] = 0;
  if (matched) {
    used.bank[b] = 1;
    used.expense[e] = 1;
  }
}

function listUnmatched(
  ctx: ScoreContext,
  p: Prepared,
  free: Flags,
  used: Flags,
  index: { bank: SideIndex; expense: SideIndex },
): UnmatchedItem[] {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const d of [p.bank.day, p.expense.day]) {
    for (let i = 0; i < d.length; i++) {
      first = Math.min(first, d[i] as number);
      last = Math.max(last, d[i] as number);
    }
  }
  const out: UnmatchedItem[] = [];
  for (const side of ['bank', 'expense'] as const) {
    const ids = p[side].ids;
    for (let i = 0; i < ids.length; i++) {
      if (free[side][i] !== 1) continue;
      out.push({ side, id: ids[i] as string, category: categorize(ctx, side, i, used, index, { first, last }) });
    }
  }
  return out;
}

function heldToReview(p: Prepared, h: HeldPair): ReviewItem {
  return {
    bankIds: [p.bank.ids[h.pair.bank] as string],
    expenseIds: [p.expense.ids[h.pair.expense] as string],
    confidence: round1(h.pair.score),
    reason: h.reason,
    rivals: h.rivals.map((r) => ({
      bankId: p.bank.ids[r.bank] as string,
      expenseId: p.expense.ids[r.expense] as string,
      confidence: round1(r.score),
    })),
  };
}

/** For each item, how many identical twins (same currency, day, amount, name) precede it. */
function twinRanks(side: Prepared['bank']): Int32Array {
  const seen = new Map<string, number>();
  const ranks = new Int32Array(side.ids.length);
  for (let i = 0; i < side.ids.length; i++) {
    const key = `${side.currency[i]}|${side.day[i]}|${side.value[i]}|${side.text[i]}`;
    const n = seen.get(key) ?? 0;
    ranks[i] = n;
    seen.set(key, n + 1);
  }
  return ranks;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
