// Limits of the TWAP/VWAP schedulers, named once.

/** Bounds on algorithmic parent orders. */
export const algoLimits = {
  /** Most slices one parent order may be cut into. */
  slicesMax: 10_000,
  /** Length of a trading day for time-of-day volume buckets. */
  dayMs: 86_400_000,
  /** Smallest volume-profile bucket (one minute gives 1_440 buckets a day). */
  bucketMsMin: 60_000,
  /** Largest randomisation of slice size or timing, in percent. */
  jitterPctMax: 50,
  /** Most child orders one parent may send (catch-ups after unfilled children included). */
  childrenPerParentMax: 100_000,
} as const;
