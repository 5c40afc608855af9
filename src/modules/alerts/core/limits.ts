// Every bound the alert evaluator enforces, named once.

/** Limits for alert rules and their evaluation state. */
export const alertLimits = {
  /** Longest metric name. */
  metricNameLengthMax: 200,
  /** Longest rule id. */
  ruleIdLengthMax: 100,
  /** Most samples kept for a z-score window. */
  zscoreWindowSizeMax: 10_000,
  /** Fewest samples a z-score window may be configured with: a standard deviation needs at least two. */
  zscoreWindowSizeMin: 2,
  /** Longest rate-of-change window (30 days). */
  rateWindowMsMax: 30 * 86_400_000,
  /** Most samples kept inside one rate-of-change window; older ones are dropped first. */
  rateWindowSamplesMax: 10_000,
  /** Longest cool-down (30 days). */
  cooldownMsMax: 30 * 86_400_000,
  /** Most rules one evaluator holds. */
  rulesPerEvaluatorMax: 10_000,
} as const;
