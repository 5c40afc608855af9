// Explains each unmatched item: duplicate, amount mismatch, timing difference, missing expense or unknown.
import type { SideIndex } from './blocking.js';
import { descriptionSimilarity, type ScoreContext } from './score.js';

/** Why an item stayed unmatched. */
export type UnmatchedCategory = 'duplicate' | 'amount_mismatch' | 'timing_difference' | 'missing_expense' | 'unknown';

/** How far (as a fraction) a same-vendor counterpart may differ to count as an amount mismatch. */
const mismatchFractionMax = 0.25;
/** Description similarity a counterpart needs to explain an amount mismatch. */
const mismatchSimilarityMin = 0.85;
/** Days apart within which two identical records on one side count as a duplicate. */
const duplicateDaysMax = 3;

/**
 * Categorises item i of `sideName`. Rules in order: a twin on the same side (same amount, name,
 * within 3 days) that is matched, or that comes first, makes it a duplicate; a free counterpart with
 * a similar name in the date window but an amount outside tolerance (within 25 %) is an amount
 * mismatch; an item whose counterpart would fall outside the period (the lag window crosses the
 * first or last day seen) is a timing difference; a bank payment with nothing else is a missing
 * expense; the rest is unknown.
 */
export function categorize(
  ctx: ScoreContext,
  sideName: 'bank' | 'expense',
  i: number,
  used: { bank: Uint8Array; expense: Uint8Array },
  index: { bank: SideIndex; expense: SideIndex },
  period: { first: number; last: number },
): UnmatchedCategory {
  const { options, prepared } = ctx;
  const side = prepared[sideName];
  const v = side.value[i] as number;
  const day = side.day[i] as number;
  const cur = side.currency[i] as string;
  let duplicate = false;
  index[sideName].query(cur, day - duplicateDaysMax, day + duplicateDaysMax, v, v, (j) => {
    if (j === i || side.text[j] !== side.text[i]) return;
    if (used[sideName][j] === 1 || j < i) duplicate = true;
  });
  if (duplicate) return 'duplicate';
  const otherName = sideName === 'bank' ? 'expense' : 'bank';
  const from = sideName === 'bank' ? day - options.lagDaysMax : day + options.lagDaysMin;
  const to = sideName === 'bank' ? day - options.lagDaysMin : day + options.lagDaysMax;
  const span = Math.abs(v) * mismatchFractionMax;
  let mismatch = false;
  index[otherName].query(cur, from, to, v - span, v + span, (j) => {
    if (mismatch || used[otherName][j] === 1) return;
    const b = sideName === 'bank' ? i : j;
    const e = sideName === 'bank' ? j : i;
    if (descriptionSimilarity(ctx, b, e) >= mismatchSimilarityMin) mismatch = true;
  });
  if (mismatch) return 'amount_mismatch';
  if (from < period.first || to > period.last) return 'timing_difference';
  if (sideName === 'bank' && v > 0) return 'missing_expense';
  return 'unknown';
}
