// One-to-one assignment: connected components over candidate edges, Hungarian inside each, greedy for giants.
import type { Candidates } from './blocking.js';
import { hungarian } from './hungarian.js';
import { reconcileLimits } from './limits.js';

/** How a match was found. */
export type MatchAlgorithm = 'exact' | 'unique' | 'hungarian' | 'greedy' | 'split';

/** A one-to-one pair chosen by the assignment step (indices into the prepared sides). */
export interface AssignedPair {
  bank: number;
  expense: number;
  score: number;
  algorithm: MatchAlgorithm;
}

/** Assignment output plus the figures that show how the work was split. */
export interface Assignment {
  pairs: AssignedPair[];
  components: number;
  largestComponent: number;
  greedyComponents: number;
}

/**
 * Finds the one-to-one matching that maximises total edge weight (log-odds of confidence, see
 * edgeWeights) inside each connected component
 * of the candidate graph. Components are independent, so optimising each is globally optimal.
 * A component with more than `hungarianSideMax` items on a side would cost O(n^3); it is matched
 * greedily by descending score instead (ties by index), which is counted in `greedyComponents`.
 * `isExact(edge)` tells a single-edge component whose amounts agree exactly.
 */
export function assignOneToOne(
  c: Candidates,
  bankCount: number,
  expenseCount: number,
  isExact: (edge: number) => boolean,
  tieBreak: Float64Array = new Float64Array(c.bank.length),
): Assignment {
  const weight = edgeWeights(c, tieBreak);
  const parent = Int32Array.from({ length: bankCount + expenseCount }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x] as number] as number;
      x = parent[x] as number;
    }
    return x;
  };
  for (let k = 0; k < c.bank.length; k++) {
    const a = find(c.bank[k] as number);
    const b = find(bankCount + (c.expense[k] as number));
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const byRoot = new Map<number, number[]>();
  for (let k = 0; k < c.bank.length; k++) {
    const root = find(c.bank[k] as number);
    const list = byRoot.get(root);
    if (list === undefined) byRoot.set(root, [k]);
    else list.push(k);
  }
  const out: Assignment = { pairs: [], components: byRoot.size, largestComponent: 0, greedyComponents: 0 };
  const roots = [...byRoot.keys()].sort((x, y) => x - y);
  for (const root of roots) {
    const edges = byRoot.get(root) as number[];
    if (edges.length === 1) {
      const k = edges[0] as number;
      if ((weight[k] as number) <= 0) continue;
      const algorithm = isExact(k) ? 'exact' : 'unique';
      out.pairs.push({
        bank: c.bank[k] as number,
        expense: c.expense[k] as number,
        score: c.score[k] as number,
        algorithm,
      });
      out.largestComponent = Math.max(out.largestComponent, 2);
      continue;
    }
    solveComponent(c, weight, edges, out);
  }
  return out;
}

/** Confidence at which an edge is worth nothing: weaker edges are never assigned. */
const weightZeroConfidence = 45;

/**
 * Edge weights as log-odds, logit(confidence) - logit(45 %), in the spirit of Fellegi and Sunter
 * (1969): evidence adds up as log-likelihood ratios. Maximising the plain sum of confidences would
 * prefer two weak pairs (40 + 58) over one strong pair (87); with log-odds it does not. `tieBreak`
 * (tiny, per edge) makes the first of two indistinguishable twins win deterministically.
 */
function edgeWeights(c: Candidates, tieBreak: Float64Array): Float64Array {
  const logit = (x: number): number => {
    const p = Math.min(0.995, Math.max(0.005, x / 100));
    return Math.log(p / (1 - p));
  };
  const zero = logit(weightZeroConfidence);
  return Float64Array.from(c.score, (s, k) => logit(s) - zero - (tieBreak[k] as number));
}

function solveComponent(c: Candidates, weight: Float64Array, edges: number[], out: Assignment): void {
  const banks = [...new Set(edges.map((k) => c.bank[k] as number))].sort((x, y) => x - y);
  const exps = [...new Set(edges.map((k) => c.expense[k] as number))].sort((x, y) => x - y);
  out.largestComponent = Math.max(out.largestComponent, banks.length + exps.length);
  if (banks.length > reconcileLimits.hungarianSideMax || exps.length > reconcileLimits.hungarianSideMax) {
    out.greedyComponents++;
    greedy(c, weight, edges, out);
    return;
  }
  // Rows are the smaller side; cost is -weight on edges and 0 elsewhere (0 means "left unmatched").
  const bankRows = banks.length <= exps.length;
  const rowsIds = bankRows ? banks : exps;
  const colIds = bankRows ? exps : banks;
  const rowOf = new Map(rowsIds.map((id, i) => [id, i]));
  const colOf = new Map(colIds.map((id, i) => [id, i]));
  const cost = new Float64Array(rowsIds.length * colIds.length);
  const edgeAt = new Int32Array(cost.length).fill(-1);
  for (const k of edges) {
    const r = rowOf.get(bankRows ? (c.bank[k] as number) : (c.expense[k] as number)) as number;
    const col = colOf.get(bankRows ? (c.expense[k] as number) : (c.bank[k] as number)) as number;
    if ((weight[k] as number) <= 0) continue;
    cost[r * colIds.length + col] = -(weight[k] as number);
    edgeAt[r * colIds.length + col] = k;
  }
  const assignment = hungarian(cost, rowsIds.length, colIds.length);
  for (let r = 0; r < rowsIds.length; r++) {
    const k = edgeAt[r * colIds.length + (assignment[r] as number)] as number;
    if (k < 0) continue;
    out.pairs.push({
      bank: c.bank[k] as number,
      expense: c.expense[k] as number,
      score: c.score[k] as number,
      algorithm: 'hungarian',
    });
  }
}

function greedy(c: Candidates, weight: Float64Array, edges: number[], out: Assignment): void {
  const sorted = edges
    .filter((k) => (weight[k] as number) > 0)
    .sort((x, y) => (weight[y] as number) - (weight[x] as number) || x - y);
  const usedBank = new Set<number>();
  const usedExp = new Set<number>();
  for (const k of sorted) {
    const b = c.bank[k] as number;
    const e = c.expense[k] as number;
    if (usedBank.has(b) || usedExp.has(e)) continue;
    usedBank.add(b);
    usedExp.add(e);
    out.pairs.push({ bank: b, expense: e, score: c.score[k] as number, algorithm: 'greedy' });
  }
}
