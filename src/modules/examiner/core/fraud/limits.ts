// Every limit of fraud detection, named once.

/** Bounds on batches, statistical groups and the isolation forest. */
export const fraudLimits = {
  /** Largest batch scored in one call. */
  transactionsPerBatchMax: 5_000_000,
  /** Smallest group (vendor or category) for which a robust z-score is computed. */
  robustZGroupMin: 5,
  /** Smallest vendor sample given a Benford test; below it chance deviations swamp the signal. */
  benfordVendorSampleMin: 100,
  /** Isolation forest size bounds. */
  isolationTreesMax: 1_000,
  isolationSubsampleMax: 4_096,
  /** Holidays accepted in one config. */
  holidaysMax: 2_000,
  /** Feedback labels processed in one re-weighting. */
  feedbackLabelsMax: 1_000_000,
} as const;
