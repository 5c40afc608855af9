// Every limit of the reconciliation engine, named once.

/** Limits that bound the engine's work whatever the input looks like. */
export const reconcileLimits = {
  /** Bank lines or expenses accepted by one reconcile call. */
  itemsPerRunMax: 4_000_000,
  /** Candidate edges kept per bank line (the best by score); bounds work in dense blocks. */
  candidatesPerItemMax: 24,
  /** A connected component larger than this on either side is assigned greedily, not by Hungarian. */
  hungarianSideMax: 150,
  /** Leftover items considered when searching one split (closest in date first). */
  splitCandidatesMax: 12,
  /** Largest number of items on the "many" side of a split. */
  splitPartsMax: 4,
  /** Absolute amounts above this (in minor units) are refused: blocking runs on doubles. */
  amountMinorMax: 2n ** 50n,
} as const;
