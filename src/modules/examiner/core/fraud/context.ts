// Batch context: everything rules and statistics need, precomputed once in O(n log n) so scoring each transaction is O(1).

import { dayNumber, isoWeekday } from '../dates.js';
import { type BenfordConformity, benfordFromCounts } from './benford.js';
import type { FraudConfig } from './config.js';
import { fraudLimits } from './limits.js';
import { modifiedZ, robustStats, trailingWindowCounts } from './stats.js';
import type { FraudTransaction } from './types.js';

/** Precomputed per-transaction arrays (index = position in the batch) and per-vendor facts. */
export interface FraudContext {
  readonly n: number;
  readonly day: Int32Array;
  readonly weekday: Int8Array;
  readonly holiday: Uint8Array;
  /** log10 of |amount| in minor units (at least 1), the scale on which robust z-scores are taken. */
  readonly logAmount: Float64Array;
  readonly vendorIndex: Int32Array;
  /** Other payments to the same vendor with the same amount within the duplicate window. */
  readonly duplicateCount: Int32Array;
  /** Under-limit payments to the same vendor and approver within the split window, and their total in minor units. */
  readonly splitCount: Int32Array;
  readonly splitSumMinor: Float64Array;
  /** Days between the vendor's first appearance (or onboarding) and this payment. */
  readonly vendorAgeDays: Int32Array;
  /** Days since the vendor's bank details changed, or -1 when unknown or in the future. */
  readonly bankChangeAgeDays: Int32Array;
  readonly robustZVendor: Float64Array;
  readonly robustZCategory: Float64Array;
  /** Payments to the same vendor in the trailing velocity window. */
  readonly velocity: Int32Array;
  /** Payments to the vendor in the whole batch. */
  readonly vendorCount: Int32Array;
  /** Nigrini first-digit verdict of the transaction's vendor, or null when the vendor has too few payments. */
  readonly vendorBenford: readonly (BenfordConformity | null)[];
  readonly vendors: readonly string[];
  /** Leading digit (1..9) and leading two digits (10..99) of |amount|, 0 when the amount has too few digits. */
  readonly firstDigit: Uint8Array;
  readonly firstTwoDigits: Uint8Array;
}

/**
 * Indices 0..n−1 ordered by day, ties by index: a counting sort when the date range is at most a few times the
 * batch size (the usual case), else a comparison sort.
 */
export function orderByDay(day: Int32Array): Int32Array {
  const n = day.length;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const d = day[i] as number;
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  if (n === 0) return new Int32Array(0);
  const range = hi - lo + 1;
  if (range > Math.max(1_024, 4 * n)) {
    return Int32Array.from(
      Array.from({ length: n }, (_, i) => i).sort((a, b) => (day[a] as number) - (day[b] as number) || a - b),
    );
  }
  const start = new Int32Array(range + 1);
  for (let i = 0; i < n; i++) {
    const k = (day[i] as number) - lo + 1;
    start[k] = (start[k] as number) + 1;
  }
  for (let k = 1; k <= range; k++) start[k] = (start[k] as number) + (start[k - 1] as number);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = (day[i] as number) - lo;
    const at = start[k] as number;
    out[at] = i;
    start[k] = at + 1;
  }
  return out;
}

// Splits indices into groups by key, keeping the order in which `order` lists them.
function groupIndices(keys: Int32Array, groups: number, order?: Int32Array): Int32Array[] {
  const sizes = new Int32Array(groups);
  for (let i = 0; i < keys.length; i++) sizes[keys[i] as number] = (sizes[keys[i] as number] as number) + 1;
  const out = Array.from({ length: groups }, (_, g) => new Int32Array(sizes[g] as number));
  const fill = new Int32Array(groups);
  for (let k = 0; k < keys.length; k++) {
    const i = order === undefined ? k : (order[k] as number);
    const g = keys[i] as number;
    const at = fill[g] as number;
    (out[g] as Int32Array)[at] = i;
    fill[g] = at + 1;
  }
  return out;
}

function intern(values: readonly string[]): { index: Int32Array; names: string[] } {
  const map = new Map<string, number>();
  const index = new Int32Array(values.length);
  const names: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as string;
    let k = map.get(v);
    if (k === undefined) {
      k = names.length;
      map.set(v, k);
      names.push(v);
    }
    index[i] = k;
  }
  return { index, names };
}

function fillRobustZ(groups: Int32Array[], logAmount: Float64Array, out: Float64Array): void {
  for (const g of groups) {
    if (g.length < fraudLimits.robustZGroupMin) continue;
    const values = new Float64Array(g.length);
    for (let k = 0; k < g.length; k++) values[k] = logAmount[g[k] as number] as number;
    const s = robustStats(values);
    for (let k = 0; k < g.length; k++) out[g[k] as number] = modifiedZ(values[k] as number, s);
  }
}

/** Builds the context for one batch. Amounts must be within ±2^53 minor units (checked by the caller). */
export function buildFraudContext(txs: readonly FraudTransaction[], config: FraudConfig): FraudContext {
  const n = txs.length;
  const dayCache = new Map<string, number>();
  const toDay = (iso: string): number => {
    let d = dayCache.get(iso);
    if (d === undefined) {
      d = dayNumber(iso);
      dayCache.set(iso, d);
    }
    return d;
  };
  const holidays = new Set(config.holidays);
  const day = new Int32Array(n);
  const weekday = new Int8Array(n);
  const holiday = new Uint8Array(n);
  const logAmount = new Float64Array(n);
  const amount = new Float64Array(n);
  const firstDigit = new Uint8Array(n);
  const firstTwoDigits = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = txs[i] as FraudTransaction;
    day[i] = toDay(t.date);
    weekday[i] = isoWeekday(day[i] as number);
    holiday[i] = holidays.has(t.date) ? 1 : 0;
    const a = Number(t.amountMinor);
    amount[i] = a;
    logAmount[i] = Math.log10(Math.max(1, Math.abs(a)));
    let lead = Math.abs(a);
    while (lead >= 100) lead = Math.floor(lead / 10); // exact for integers below 2^53
    firstDigit[i] = lead >= 10 ? Math.floor(lead / 10) : lead;
    firstTwoDigits[i] = lead >= 10 ? lead : 0;
  }
  const vendorsInterned = intern(txs.map((t) => t.vendor));
  const categories = intern(txs.map((t) => t.category));
  const vendorIndex = vendorsInterned.index;
  // Each vendor's payments come out in day order because they are grouped from a day-ordered list.
  const byVendor = groupIndices(vendorIndex, vendorsInterned.names.length, orderByDay(day));
  const ctx = {
    n,
    day,
    weekday,
    holiday,
    logAmount,
    vendorIndex,
    duplicateCount: new Int32Array(n),
    splitCount: new Int32Array(n),
    splitSumMinor: new Float64Array(n),
    vendorAgeDays: new Int32Array(n),
    bankChangeAgeDays: new Int32Array(n).fill(-1),
    robustZVendor: new Float64Array(n),
    robustZCategory: new Float64Array(n),
    velocity: new Int32Array(n),
    vendorCount: new Int32Array(n),
    vendorBenford: new Array<BenfordConformity | null>(n).fill(null),
    vendors: vendorsInterned.names,
    firstDigit,
    firstTwoDigits,
  };
  for (const g of byVendor) fillVendorFacts(g, txs, amount, ctx, config, toDay);
  fillRobustZ(byVendor, logAmount, ctx.robustZVendor);
  fillRobustZ(groupIndices(categories.index, categories.names.length), logAmount, ctx.robustZCategory);
  return ctx;
}

type MutableContext = {
  -readonly [K in keyof FraudContext]: FraudContext[K] extends readonly (infer E)[] ? E[] : FraudContext[K];
};

/** Per-vendor facts for one vendor's payments `g`, sorted by day. */
function fillVendorFacts(
  g: Int32Array,
  txs: readonly FraudTransaction[],
  amount: Float64Array,
  ctx: MutableContext,
  config: FraudConfig,
  toDay: (iso: string) => number,
): void {
  const { day } = ctx;
  const days = new Int32Array(g.length);
  let firstDay = day[g[0] as number] as number;
  for (let k = 0; k < g.length; k++) {
    const i = g[k] as number;
    days[k] = day[i] as number;
    const created = txs[i]?.vendorCreatedAt;
    if (created !== undefined) firstDay = Math.min(firstDay, toDay(created));
  }
  const velocity = trailingWindowCounts(days, config.velocityWindowDays);
  for (let k = 0; k < g.length; k++) {
    const i = g[k] as number;
    const t = txs[i] as FraudTransaction;
    ctx.velocity[i] = velocity[k] as number;
    ctx.vendorCount[i] = g.length;
    ctx.vendorAgeDays[i] = (day[i] as number) - firstDay;
    if (t.vendorBankChangedAt !== undefined) {
      const age = (day[i] as number) - toDay(t.vendorBankChangedAt);
      ctx.bankChangeAgeDays[i] = age >= 0 ? age : -1;
    }
  }
  fillDuplicates(g, amount, ctx, config.duplicateWindowDays);
  fillSplits(g, txs, amount, ctx, config);
  if (g.length >= fraudLimits.benfordVendorSampleMin) {
    const counts = new Array<number>(9).fill(0);
    for (const i of g) {
      const d = ctx.firstDigit[i] as number;
      if (d > 0) counts[d - 1] = (counts[d - 1] as number) + 1;
    }
    const test = benfordFromCounts(counts, 'first_digit');
    const verdict = test.pValue < config.benfordPValueMax ? test.conformity : 'close';
    for (const i of g) ctx.vendorBenford[i] = verdict;
  }
}

/** Same vendor, same amount, other payment within ±window days. */
function fillDuplicates(g: Int32Array, amount: Float64Array, ctx: MutableContext, windowDays: number): void {
  const { day } = ctx;
  // Most vendors never repeat an amount: a native numeric sort of the amounts proves it without the comparator sort.
  if (!hasRepeat(g, amount)) return;
  // Order by amount, then day (exact: amounts are integers below 2^53); equal amounts form runs in day order.
  const byAmount = Array.from(g).sort(
    (a, b) => (amount[a] as number) - (amount[b] as number) || (day[a] as number) - (day[b] as number),
  );
  let runStart = 0;
  while (runStart < byAmount.length) {
    let runEnd = runStart + 1;
    const a = amount[byAmount[runStart] as number];
    while (runEnd < byAmount.length && amount[byAmount[runEnd] as number] === a) runEnd++;
    if (runEnd - runStart > 1) markDuplicates(byAmount, runStart, runEnd, day, ctx.duplicateCount, windowDays);
    runStart = runEnd;
  }
}

// True when two payments of the group have the same amount.
function hasRepeat(g: Int32Array, amount: Float64Array): boolean {
  const sorted = new Float64Array(g.length);
  for (let k = 0; k < g.length; k++) sorted[k] = amount[g[k] as number] as number;
  sorted.sort();
  for (let k = 1; k < sorted.length; k++) if (sorted[k] === sorted[k - 1]) return true;
  return false;
}

// Two pointers over one run of equal amounts give each payment its neighbours within the window.
function markDuplicates(
  list: number[],
  from: number,
  to: number,
  day: Int32Array,
  out: Int32Array,
  windowDays: number,
): void {
  let lo = from;
  let hi = from;
  for (let k = from; k < to; k++) {
    const d = day[list[k] as number] as number;
    while ((day[list[lo] as number] as number) < d - windowDays) lo++;
    while (hi + 1 < to && (day[list[hi + 1] as number] as number) <= d + windowDays) hi++;
    out[list[k] as number] = hi - lo;
  }
}

/** Under-limit payments to one vendor by one approver within ±window days whose total exceeds the limit. */
function fillSplits(
  g: Int32Array,
  txs: readonly FraudTransaction[],
  amount: Float64Array,
  ctx: MutableContext,
  config: FraudConfig,
): void {
  const limit = Number(config.approvalLimitMinor);
  const byApprover = new Map<string, number[]>();
  for (const i of g) {
    const a = amount[i] as number;
    if (!(a > 0 && a < limit)) continue;
    const key = (txs[i] as FraudTransaction).approver ?? '';
    const list = byApprover.get(key);
    if (list === undefined) byApprover.set(key, [i]);
    else list.push(i);
  }
  const w = config.splitWindowDays;
  for (const list of byApprover.values()) {
    if (list.length < 2) continue;
    const prefix = new Float64Array(list.length + 1);
    for (let k = 0; k < list.length; k++) prefix[k + 1] = (prefix[k] as number) + (amount[list[k] as number] as number);
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < list.length; k++) {
      const d = ctx.day[list[k] as number] as number;
      while ((ctx.day[list[lo] as number] as number) < d - w) lo++;
      while (hi + 1 < list.length && (ctx.day[list[hi + 1] as number] as number) <= d + w) hi++;
      const i = list[k] as number;
      ctx.splitCount[i] = hi - lo + 1;
      ctx.splitSumMinor[i] = (prefix[hi + 1] as number) - (prefix[lo] as number);
    }
  }
}
