// The near-tie rule: a match whose best alternative is within a few confidence points is queued for a person.
import type { AssignedPair } from './assign.js';
import type { Candidates } from './blocking.js';
import type { Prepared } from './prepare.js';

/** Why an item waits for a person instead of being matched automatically. */
export type ReviewReason = 'near_tie' | 'low_confidence' | 'split_ambiguous';

/** An assigned pair held back, with the rivals that made it doubtful (indices into the prepared sides). */
export interface HeldPair {
  pair: AssignedPair;
  reason: ReviewReason;
  rivals: Array<{ bank: number; expense: number; score: number }>;
}

/** Splits assigned pairs into those to keep and those to hold for review. */
export interface ReviewSplit {
  keep: AssignedPair[];
  held: HeldPair[];
}

/**
 * A pair (b, e) is a near tie when some rival edge would lose less than `margin` points of total
 * confidence if swapped in: a rival (b, e') with e' free, scoring within margin of (b, e); or a
 * 2-swap (b, e') + (b'', e) against (b, e) + (b'', e') where e' is matched to b''. Rivals that are
 * exact duplicates of the chosen item (same amount, day and name) are not ties: which twin is
 * matched does not change the books, and the other twin is reported as a duplicate; a swap through
 * a twin of the pair's own item is no alternative either.
 */
export function applyNearTieRule(
  prepared: Prepared,
  c: Candidates,
  pairs: readonly AssignedPair[],
  margin: number,
  autoMatchMin: number,
): ReviewSplit {
  const nB = prepared.bank.ids.length;
  const nE = prepared.expense.ids.length;
  const score = new Map<number, number>();
  const byBank = new Map<number, number[]>();
  const byExp = new Map<number, number[]>();
  for (let k = 0; k < c.bank.length; k++) {
    const b = c.bank[k] as number;
    const e = c.expense[k] as number;
    score.set(b * nE + e, c.score[k] as number);
    push(byBank, b, e);
    push(byExp, e, b);
  }
  const bankOfExp = new Int32Array(nE).fill(-1);
  const expOfBank = new Int32Array(nB).fill(-1);
  for (const p of pairs) {
    bankOfExp[p.expense] = p.bank;
    expOfBank[p.bank] = p.expense;
  }
  const s = (b: number, e: number): number => (b < 0 || e < 0 ? 0 : (score.get(b * nE + e) ?? 0));
  const out: ReviewSplit = { keep: [], held: [] };
  for (const p of pairs) {
    const rivals: HeldPair['rivals'] = [];
    for (const e2 of byBank.get(p.bank) ?? []) {
      if (e2 === p.expense || twins(prepared.expense, e2, p.expense)) continue;
      const b2 = bankOfExp[e2] as number;
      if (b2 >= 0 && twins(prepared.bank, b2, p.bank)) continue;
      const loss = p.score + s(b2, e2) - s(p.bank, e2) - s(b2, p.expense);
      if (loss <= margin) rivals.push({ bank: p.bank, expense: e2, score: s(p.bank, e2) });
    }
    for (const b2 of byExp.get(p.expense) ?? []) {
      if (b2 === p.bank || twins(prepared.bank, b2, p.bank)) continue;
      const e2 = expOfBank[b2] as number;
      if (e2 >= 0 && twins(prepared.expense, e2, p.expense)) continue;
      const loss = p.score + s(b2, e2) - s(b2, p.expense) - s(p.bank, e2);
      if (loss <= margin) rivals.push({ bank: b2, expense: p.expense, score: s(b2, p.expense) });
    }
    // A weak pair is held as low confidence even with rivals, so the split search may still use it.
    if (p.score < autoMatchMin) out.held.push({ pair: p, reason: 'low_confidence', rivals });
    else if (rivals.length > 0) out.held.push({ pair: p, reason: 'near_tie', rivals });
    else out.keep.push(p);
  }
  return out;
}

function push(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Same currency, amount, day and name: indistinguishable records on one side. */
export function twins(side: Prepared['bank'], i: number, j: number): boolean {
  return (
    side.value[i] === side.value[j] &&
    side.day[i] === side.day[j] &&
    side.currency[i] === side.currency[j] &&
    side.text[i] === side.text[j]
  );
}
