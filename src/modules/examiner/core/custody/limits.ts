// Every limit of evidence custody, named once.

/** Bounds on evidence and custody chains. */
export const custodyLimits = {
  /** Entries one item's chain may hold. */
  entriesPerItemMax: 100_000,
  /** Evidence title length. */
  evidenceTitleLengthMax: 500,
} as const;
