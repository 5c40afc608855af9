// Precision, recall and F1 of proposed matches against a ledger's truth, counted over (bank, expense) pairs.

/** Pair-level accuracy figures. */
export interface MatchMetrics {
  truePositives: number;
  predicted: number;
  actual: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Each match contributes every (bank, expense) pair it joins, so a split of one bank line over three
 * expenses is three pairs. Precision = TP / predicted, recall = TP / actual, F1 their harmonic mean.
 */
export function matchMetrics(
  matches: ReadonlyArray<{ bankIds: readonly string[]; expenseIds: readonly string[] }>,
  truth: ReadonlyArray<{ bankId: string; expenseId: string }>,
): MatchMetrics {
  const want = new Set(truth.map((t) => `${t.bankId}\u0000${t.expenseId}`));
  let predicted = 0;
  let tp = 0;
  for (const m of matches) {
    for (const b of m.bankIds) {
      for (const e of m.expenseIds) {
        predicted++;
        if (want.has(`${b}\u0000${e}`)) tp++;
      }
    }
  }
  const precision = predicted === 0 ? 1 : tp / predicted;
  const recall = want.size === 0 ? 1 : tp / want.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives: tp, predicted, actual: want.size, precision, recall, f1 };
}
