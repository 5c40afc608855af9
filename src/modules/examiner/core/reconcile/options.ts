// Tunable settings of the reconciliation engine and the knowledge it learns from confirmed matches.

/** Settings for one reconcile run; every field has a default in `defaultReconcileOptions`. */
export interface ReconcileOptions {
  /** Amount tolerance as a fraction of the bank amount (0.015 = 1.5 %). */
  amountTolerancePct: number;
  /** Amount tolerance floor in minor units, so small amounts still allow cent-level rounding. */
  amountToleranceMinorMin: bigint;
  /** Earliest bank date relative to the expense date, in days (negative: bank books first). */
  lagDaysMin: number;
  /** Latest bank date relative to the expense date, in days. */
  lagDaysMax: number;
  /** Lag assumed for a vendor without a learned typical lag. */
  defaultLagDays: number;
  /** Candidates below this confidence (0-100) are not considered at all. */
  candidateConfidenceMin: number;
  /** Matches below this confidence go to review instead of being auto-matched. */
  autoMatchConfidenceMin: number;
  /** A rival within this many confidence points of a match sends it to review (near-tie rule). */
  nearTieMargin: number;
  /** Description similarity (0-1) a split's parts need with the single side. */
  splitSimilarityMin: number;
  /** Candidate edges more than this many points below the best of both their ends are dropped. */
  pruneMargin: number;
  /** Pairs a person rejected; they never become candidates again. */
  rejectedPairs: ReadonlyArray<{ bankId: string; expenseId: string }>;
}

/** Defaults chosen on the synthetic ledgers (see synthetic/generator.ts and the README's accuracy table). */
export const defaultReconcileOptions: ReconcileOptions = {
  amountTolerancePct: 0.015,
  amountToleranceMinorMin: 50n,
  lagDaysMin: -3,
  lagDaysMax: 14,
  defaultLagDays: 1,
  candidateConfidenceMin: 35,
  autoMatchConfidenceMin: 60,
  nearTieMargin: 3,
  splitSimilarityMin: 0.85,
  pruneMargin: 15,
  rejectedPairs: [],
};

/** A vendor's learned typical lag between expense date and bank booking. */
export interface VendorLag {
  days: number;
  samples: number;
}

/** What confirmed matches teach: bank-description keys that mean a vendor, and each vendor's typical lag. */
export interface ReconcileKnowledge {
  /** Normalised bank payee key (see payeeKey) to normalised vendor name. */
  vendorAliases: Record<string, string>;
  /** Normalised vendor name to its typical lag in days. */
  vendorDateLagDays: Record<string, VendorLag>;
}

/** Knowledge before anything was confirmed. */
export function emptyKnowledge(): ReconcileKnowledge {
  return { vendorAliases: {}, vendorDateLagDays: {} };
}
