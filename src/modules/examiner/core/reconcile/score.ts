// Scores one (bank line, expense) pair: amount, date, description and reference features into a 0-100 confidence.
import type { ReconcileKnowledge, ReconcileOptions } from './options.js';
import type { Prepared } from './prepare.js';
import { isAdjacentTransposition, tokenSetSimilarity } from './similarity.js';

/** Feature weights. Description weighs as much as amount because equal amounts are common (subscriptions). */
export const scoreWeights = { amount: 0.35, date: 0.25, description: 0.4, reference: 0.15 } as const;

/** The features of one pair, each in [0, 1] (reference null when either side has none). */
export interface PairFeatures {
  amount: number;
  date: number;
  description: number;
  reference: number | null;
}

/** Everything scoring needs, plus a memo of description similarities (vendors repeat a lot). */
export interface ScoreContext {
  prepared: Prepared;
  options: ReconcileOptions;
  knowledge: ReconcileKnowledge;
  /** Per expense: the expected lag in days (learned for its vendor, else the default). */
  expectedLag: Float64Array;
  /** Per bank line: the vendor text id its payee key is a learned alias of, or -1. */
  aliasVendor: Int32Array;
  /** Dense memo (vendor x bank text, NaN = not yet computed) when small enough, else a map. */
  denseMemo: Float32Array | null;
  bankTextCount: number;
  similarityMemo: Map<number, number>;
}

/** A dense memo is used up to this many cells (64 MB of Float32). */
const denseMemoCellsMax = 16_777_216;

/** Builds a scoring context with an empty memo. */
export function scoreContext(
  prepared: Prepared,
  options: ReconcileOptions,
  knowledge: ReconcileKnowledge,
): ScoreContext {
  let bankTextCount = 0;
  let vendorCount = 0;
  for (const id of prepared.bank.textId) bankTextCount = Math.max(bankTextCount, id + 1);
  for (const id of prepared.expense.textId) vendorCount = Math.max(vendorCount, id + 1);
  const cells = bankTextCount * vendorCount;
  const denseMemo = cells <= denseMemoCellsMax ? new Float32Array(cells).fill(Number.NaN) : null;
  const { bank, expense } = prepared;
  const vendorIdByName = new Map<string, number>();
  const expectedLag = new Float64Array(expense.ids.length);
  for (let e = 0; e < expense.ids.length; e++) {
    const name = expense.name[e] as string;
    vendorIdByName.set(name, expense.textId[e] as number);
    expectedLag[e] = knowledge.vendorDateLagDays[name]?.days ?? options.defaultLagDays;
  }
  const aliasVendor = new Int32Array(bank.ids.length).fill(-1);
  for (let b = 0; b < bank.ids.length; b++) {
    const vendor = knowledge.vendorAliases[bank.name[b] as string];
    if (vendor !== undefined && vendor !== '') aliasVendor[b] = vendorIdByName.get(vendor) ?? -1;
  }
  return {
    prepared,
    options,
    knowledge,
    expectedLag,
    aliasVendor,
    denseMemo,
    bankTextCount,
    similarityMemo: new Map(),
  };
}

/** Amount tolerance for a bank value: max(pct x |amount|, absolute floor), in minor units. */
export function toleranceFor(value: number, options: ReconcileOptions): number {
  return Math.max(Math.abs(value) * options.amountTolerancePct, Number(options.amountToleranceMinorMin));
}

/** Description similarity of bank line b and expense e, using learned aliases first. */
export function descriptionSimilarity(ctx: ScoreContext, b: number, e: number): number {
  const { bank, expense } = ctx.prepared;
  if (ctx.aliasVendor[b] === expense.textId[e]) return 1;
  // Texts are interned in prepare(), so (vendor, bank text) is a cell of a grid.
  const key = (expense.textId[e] as number) * ctx.bankTextCount + (bank.textId[b] as number);
  const dense = ctx.denseMemo;
  let s = dense !== null ? (dense[key] as number) : ctx.similarityMemo.get(key);
  if (s === undefined || Number.isNaN(s)) {
    const idf = ctx.prepared.vendorTokenIdf;
    s = tokenSetSimilarity(expense.tokens[e] as string[], bank.tokens[b] as string[], (t) => idf.get(t) ?? 1);
    if (dense !== null) dense[key] = s;
    else ctx.similarityMemo.set(key, s);
  }
  return s;
}

/** Computes the four features of a pair. */
export function pairFeatures(ctx: ScoreContext, b: number, e: number): PairFeatures {
  return featuresInto(ctx, b, e, { amount: 0, date: 0, description: 0, reference: null });
}

/** Reused by scorePair so that scoring millions of blocked pairs allocates nothing. */
const scratch: PairFeatures = { amount: 0, date: 0, description: 0, reference: null };

function featuresInto(ctx: ScoreContext, b: number, e: number, out: PairFeatures): PairFeatures {
  const { bank, expense } = ctx.prepared;
  const vb = bank.value[b] as number;
  const diff = Math.abs(vb - (expense.value[e] as number));
  const tol = toleranceFor(vb, ctx.options);
  let amount = diff === 0 ? 1 : 0.8 * Math.max(0, 1 - diff / tol);
  // A digit swap (123.45 keyed as 123.54) is a typing slip, not a different amount. Swapping two
  // adjacent digits changes a number by a multiple of 9, a cheap test before comparing strings.
  if (
    diff !== 0 &&
    diff % 9 === 0 &&
    isAdjacentTransposition(bank.amountDigits[b] as string, expense.amountDigits[e] as string)
  ) {
    amount = Math.max(amount, 0.7);
  }
  const lag = (bank.day[b] as number) - (expense.day[e] as number);
  const date = 1 / (1 + 0.35 * Math.abs(lag - (ctx.expectedLag[e] as number)));
  const rb = bank.refDigits[b] as string;
  const re = expense.refDigits[e] as string;
  let reference: number | null = null;
  if (rb !== '' && re !== '') reference = rb === re ? 1 : isAdjacentTransposition(rb, re) ? 0.8 : 0;
  // Unrelated names still score about 0.5 on Jaro-Winkler, so only similarity above 0.6 counts as evidence.
  out.amount = amount;
  out.date = date;
  out.description = Math.max(0, (descriptionSimilarity(ctx, b, e) - 0.6) / 0.4);
  out.reference = reference;
  return out;
}

/** Confidence 0-100 of a pair: the weighted mean of its features (reference only when present). */
export function confidenceOf(f: PairFeatures): number {
  const w = scoreWeights;
  let total = w.amount * f.amount + w.date * f.date + w.description * f.description;
  let weight = w.amount + w.date + w.description;
  if (f.reference !== null) {
    total += w.reference * f.reference;
    weight += w.reference;
  }
  return (100 * total) / weight;
}

/** Confidence of bank line b against expense e. */
export function scorePair(ctx: ScoreContext, b: number, e: number): number {
  return confidenceOf(featuresInto(ctx, b, e, scratch));
}
