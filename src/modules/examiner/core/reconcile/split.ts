// One-to-many and many-to-one matches among leftovers, by a bounded subset-sum within the amount tolerance.
import type { SideIndex } from './blocking.js';
import { reconcileLimits } from './limits.js';
import type { PreparedSide } from './prepare.js';
import { descriptionSimilarity, type ScoreContext, toleranceFor } from './score.js';

/** A split found among leftovers: one item on the `single` side against several on the other. */
export interface SplitFound {
  single: 'bank' | 'expense';
  singleIndex: number;
  parts: number[];
  confidence: number;
  /** True when another subset fits equally well: then it goes to review, not to matches. */
  ambiguous: boolean;
}

/**
 * Searches, for each free item on one side (in canonical order), a subset of 2..splitPartsMax free
 * items on the other side, similar in description, within the date window, whose sum lies within the
 * tolerance of the single amount. Candidates are capped at `splitCandidatesMax` (closest in date), so
 * each search visits at most C(12,2)+C(12,3)+C(12,4) = 781 subsets.
 */
export function findSplits(
  ctx: ScoreContext,
  single: 'bank' | 'expense',
  freeBank: Uint8Array,
  freeExp: Uint8Array,
  otherIndex: SideIndex,
): SplitFound[] {
  const { options } = ctx;
  const side = single === 'bank' ? ctx.prepared.bank : ctx.prepared.expense;
  const freeSingle = single === 'bank' ? freeBank : freeExp;
  const freeOther = single === 'bank' ? freeExp : freeBank;
  const found: SplitFound[] = [];
  for (let i = 0; i < side.ids.length; i++) {
    if (freeSingle[i] !== 1) continue;
    const v = side.value[i] as number;
    const tol = toleranceFor(v, options);
    const day = side.day[i] as number;
    // Bank day = expense day + lag, so the window flips with the side that is single.
    const from = single === 'bank' ? day - options.lagDaysMax : day + options.lagDaysMin;
    const to = single === 'bank' ? day - options.lagDaysMin : day + options.lagDaysMax;
    const lo = v > 0 ? 1 : v - tol;
    const hi = v > 0 ? v + tol : -1;
    const cands: Candidate[] = [];
    otherIndex.query(side.currency[i] as string, from, to, lo, hi, (j) => {
      if (freeOther[j] !== 1) return;
      const sim = single === 'bank' ? descriptionSimilarity(ctx, i, j) : descriptionSimilarity(ctx, j, i);
      if (sim < options.splitSimilarityMin) return;
      cands.push({ j, gap: Math.abs(day - (otherSide(ctx, single).day[j] as number)), sim });
    });
    if (cands.length < 2) continue;
    const best = bestOverGroups(ctx, single, cands, v, tol);
    if (best === null) continue;
    const parts = best.subset.map((c) => c.j);
    const sims = best.subset.map((c) => c.sim);
    const amountFeature = best.diff === 0 ? 1 : 0.8 * (1 - best.diff / tol);
    const sim = sims.reduce((a, b) => a + b, 0) / sims.length;
    const confidence = 100 * (0.35 * amountFeature + 0.25 * 0.8 + 0.4 * sim);
    for (const j of parts) freeOther[j] = 0;
    freeSingle[i] = 0;
    found.push({ single, singleIndex: i, parts, confidence, ambiguous: best.ties > 1 });
  }
  return found;
}

type Candidate = { j: number; gap: number; sim: number };

/**
 * When one bank line pays several expenses they are one vendor's invoices, so the subset search
 * runs per vendor; otherwise unrelated small amounts could add up to the total by chance. For one
 * expense paid in instalments all candidates already resemble that vendor and form one group.
 */
function bestOverGroups(
  ctx: ScoreContext,
  single: 'bank' | 'expense',
  cands: Candidate[],
  target: number,
  tol: number,
): { subset: Candidate[]; diff: number; ties: number } | null {
  const groups = new Map<string, Candidate[]>();
  for (const c of cands) {
    const key = single === 'bank' ? (ctx.prepared.expense.name[c.j] as string) : '';
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [c]);
    else list.push(c);
  }
  let best: { subset: Candidate[]; diff: number; ties: number } | null = null;
  for (const key of [...groups.keys()].sort()) {
    const group = (groups.get(key) as Candidate[]).sort((x, y) => x.gap - y.gap || x.j - y.j);
    group.length = Math.min(group.length, reconcileLimits.splitCandidatesMax);
    if (group.length < 2) continue;
    const other = otherSide(ctx, single);
    const found = bestSubset(
      group.map((c) => other.value[c.j] as number),
      target,
      tol,
    );
    if (found === null) continue;
    const subset = found.subset.map((k) => group[k] as Candidate);
    if (best === null || found.diff < best.diff) best = { subset, diff: found.diff, ties: found.ties };
    else if (found.diff === best.diff) best.ties += found.ties;
  }
  return best;
}

function otherSide(ctx: ScoreContext, single: 'bank' | 'expense'): PreparedSide {
  return single === 'bank' ? ctx.prepared.expense : ctx.prepared.bank;
}

/**
 * The subset of 2..splitPartsMax values whose sum is closest to `target` within `tol`, preferring
 * fewer parts, then the first found in index order; `ties` counts subsets with the same distance.
 */
export function bestSubset(
  values: readonly number[],
  target: number,
  tol: number,
): { subset: number[]; diff: number; ties: number } | null {
  let best: { subset: number[]; diff: number; ties: number } | null = null;
  const chosen: number[] = [];
  const visit = (start: number, sum: number): void => {
    if (chosen.length >= 2) {
      const diff = Math.abs(sum - target);
      if (diff <= tol) {
        if (best === null || diff < best.diff || (diff === best.diff && chosen.length < best.subset.length)) {
          best = { subset: [...chosen], diff, ties: 1 };
        } else if (
          diff === best.diff &&
          chosen.length === best.subset.length &&
          !sameValues(values, chosen, best.subset)
        ) {
          // Swapping in an item of equal amount (a twin) is the same answer, not a rival one.
          best.ties++;
        }
      }
    }
    if (chosen.length === reconcileLimits.splitPartsMax) return;
    for (let k = start; k < values.length; k++) {
      chosen.push(k);
      visit(k + 1, sum + (values[k] as number));
      chosen.pop();
    }
  };
  visit(0, 0);
  return best;
}

function sameValues(values: readonly number[], a: readonly number[], b: readonly number[]): boolean {
  const va = a.map((k) => values[k] as number).sort((x, y) => x - y);
  const vb = b.map((k) => values[k] as number).sort((x, y) => x - y);
  return va.every((v, i) => v === vb[i]);
}
