// Hard ceilings of the pre-trade risk checker, named once (per-account limits are data, see AccountRiskLimits).

/** Bounds the risk checker itself enforces whatever an account's configured limits say. */
export const riskLimits = {
  /** Timestamps kept per account for the sliding-window rate limit; also the largest ordersPerWindowMax accepted. */
  rateWindowOrdersMax: 10_000,
  /** Widest price band accepted, in basis points of the reference price (100 % either side). */
  priceBandBpsMax: 10_000n,
} as const;
