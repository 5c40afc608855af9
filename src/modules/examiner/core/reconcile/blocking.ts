// Candidate generation by blocking: only pairs in the same currency, within the amount tolerance and date window are scored.
import { reconcileLimits } from './limits.js';
import type { PreparedSide } from './prepare.js';
import { type ScoreContext, scorePair, toleranceFor } from './score.js';

/**
 * An index of one side by (currency, day), each day's items sorted by value. A query walks the days
 * of a window and binary-searches the value range in each, so the cost per query is
 * O(window days x log(items per day) + hits): total work grows near-linearly with the input.
 */
export class SideIndex {
  private readonly order: Int32Array;
  /** Per currency: the first day present and, per day offset, where that day's run starts in `order`. */
  private readonly byCurrency = new Map<string, { firstDay: number; starts: Int32Array }>();

  constructor(private readonly side: PreparedSide) {
    const n = side.ids.length;
    const idx = Array.from({ length: n }, (_, i) => i);
    idx.sort((a, b) => {
      const ca = side.currency[a] as string;
      const cb = side.currency[b] as string;
      if (ca !== cb) return ca < cb ? -1 : 1;
      return (
        (side.day[a] as number) - (side.day[b] as number) ||
        (side.value[a] as number) - (side.value[b] as number) ||
        a - b
      );
    });
    this.order = Int32Array.from(idx);
    let start = 0;
    while (start < n) {
      const cur = side.currency[this.order[start] as number] as string;
      let end = start;
      while (end < n && side.currency[this.order[end] as number] === cur) end++;
      const firstDay = side.day[this.order[start] as number] as number;
      const lastDay = side.day[this.order[end - 1] as number] as number;
      // starts[d] is the first position of day firstDay + d; starts[span] closes the last day.
      const starts = new Int32Array(lastDay - firstDay + 2);
      let k = start;
      for (let d = 0; d <= lastDay - firstDay + 1; d++) {
        while (k < end && (side.day[this.order[k] as number] as number) < firstDay + d) k++;
        starts[d] = k;
      }
      this.byCurrency.set(cur, { firstDay, starts });
      start = end;
    }
  }

  /** Calls `visit` for every item with this currency, day in [dayFrom, dayTo] and value in [lo, hi]. */
  query(currency: string, dayFrom: number, dayTo: number, lo: number, hi: number, visit: (i: number) => void): void {
    const block = this.byCurrency.get(currency);
    if (block === undefined) return;
    const span = block.starts.length - 1;
    const from = Math.max(0, dayFrom - block.firstDay);
    const to = Math.min(span - 1, dayTo - block.firstDay);
    const value = this.side.value;
    for (let d = from; d <= to; d++) {
      let a = block.starts[d] as number;
      const end = block.starts[d + 1] as number;
      let b = end;
      while (a < b) {
        const mid = (a + b) >>> 1;
        if ((value[this.order[mid] as number] as number) < lo) a = mid + 1;
        else b = mid;
      }
      for (let k = a; k < end; k++) {
        const i = this.order[k] as number;
        if ((value[i] as number) > hi) break;
        visit(i);
      }
    }
  }
}

/** Candidate edges as parallel columns: bank index, expense index, confidence. */
export interface Candidates {
  bank: Int32Array;
  expense: Int32Array;
  score: Float64Array;
}

/** Scores every blocked pair and keeps, per bank line, the best `candidatesPerItemMax` above the floor. */
export function generateCandidates(ctx: ScoreContext, expenseIndex: SideIndex): Candidates {
  const { bank, expense } = ctx.prepared;
  const { options } = ctx;
  const rejected = new Set(options.rejectedPairs.map((p) => `${p.bankId}\u0000${p.expenseId}`));
  const outB: number[] = [];
  const outE: number[] = [];
  const outS: number[] = [];
  // Per-bank-line scratch columns, reused for every line: no allocation per scored pair.
  let localE: Int32Array = new Int32Array(64);
  let localS: Float64Array = new Float64Array(64);
  let count = 0;
  let b = 0;
  const visit = (e: number): void => {
    const s = scorePair(ctx, b, e);
    if (s < options.candidateConfidenceMin) return;
    if (rejected.size > 0 && rejected.has(`${bank.ids[b]}\u0000${expense.ids[e]}`)) return;
    if (count === localE.length) {
      localE = growInt(localE);
      localS = growFloat(localS);
    }
    localE[count] = e;
    localS[count] = s;
    count++;
  };
  for (b = 0; b < bank.ids.length; b++) {
    const v = bank.value[b] as number;
    const tol = toleranceFor(v, options);
    const day = bank.day[b] as number;
    count = 0;
    expenseIndex.query(
      bank.currency[b] as string,
      day - options.lagDaysMax,
      day - options.lagDaysMin,
      v - tol,
      v + tol,
      visit,
    );
    let keep = Array.from({ length: count }, (_, k) => k);
    if (count > reconcileLimits.candidatesPerItemMax) {
      keep.sort(
        (x, y) => (localS[y] as number) - (localS[x] as number) || (localE[x] as number) - (localE[y] as number),
      );
      keep = keep.slice(0, reconcileLimits.candidatesPerItemMax);
    }
    for (const k of keep) {
      outB.push(b);
      outE.push(localE[k] as number);
      outS.push(localS[k] as number);
    }
  }
  return prune(
    { bank: Int32Array.from(outB), expense: Int32Array.from(outE), score: Float64Array.from(outS) },
    bank.ids.length,
    expense.ids.length,
    options.pruneMargin,
  );
}

function growInt(a: Int32Array): Int32Array {
  const out = new Int32Array(a.length * 2);
  out.set(a);
  return out;
}

function growFloat(a: Float64Array): Float64Array {
  const out = new Float64Array(a.length * 2);
  out.set(a);
  return out;
}

/**
 * Drops edges more than `margin` points below the best edge of both their bank line and their
 * expense. Such an edge is nobody's plausible choice, yet it would chain unrelated items into one
 * connected component; cutting it keeps components small enough for the exact Hungarian step.
 */
function prune(c: Candidates, nB: number, nE: number, margin: number): Candidates {
  const bestB = new Float64Array(nB);
  const bestE = new Float64Array(nE);
  for (let k = 0; k < c.bank.length; k++) {
    const s = c.score[k] as number;
    const b = c.bank[k] as number;
    const e = c.expense[k] as number;
    if (s > (bestB[b] as number)) bestB[b] = s;
    if (s > (bestE[e] as number)) bestE[e] = s;
  }
  const keep: number[] = [];
  for (let k = 0; k < c.bank.length; k++) {
    const s = c.score[k] as number;
    if (s >= (bestB[c.bank[k] as number] as number) - margin || s >= (bestE[c.expense[k] as number] as number) - margin)
      keep.push(k);
  }
  return {
    bank: Int32Array.from(keep, (k) => c.bank[k] as number),
    expense: Int32Array.from(keep, (k) => c.expense[k] as number),
    score: Float64Array.from(keep, (k) => c.score[k] as number),
  };
}
