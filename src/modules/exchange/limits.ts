// Every bound of the exchange service, state machine, projection and API, named once.

/** Limits of the exchange module outside its pure matching core (see core/matching-limits.ts for the books). */
export const exchangeLimits = {
  /** Decimals of every asset inside the ledger and engine: prices, quantities and fees are exact at 10^-18. */
  internalScale: 18,
  /** Largest declared asset scale (the decimals a client may use for deposits and withdrawals). */
  assetScaleMax: 18,
  /** Longest clientOrderId. */
  clientOrderIdLengthMax: 64,
  /** Longest idempotency key of a deposit or withdrawal. */
  idempotencyKeyLengthMax: 100,
  /** Closed orders kept in memory (and in snapshots) for lookups and clientOrderId idempotency; older ones drop out. */
  closedOrdersRetainedMax: 50_000,
  /** Recent public trades kept per symbol for GET /trades. */
  recentTradesPerSymbolMax: 1_000,
  /** Recent fills kept per user for GET /fills. */
  recentFillsPerUserMax: 1_000,
  /** Book levels per side tracked for L2 deltas and served by GET /book. */
  bookLevelsMax: 50,
  /** Commands between two snapshots of the state machine. */
  snapshotEveryCommands: 20_000,
  /** Events waiting for the database projection; beyond this the oldest batch is dropped and a catch-up is marked. */
  projectionQueueMax: 100_000,
  /** Delay before a projection drain starts, so one transaction carries many events. */
  projectionDelayMs: 50,
  /** Rows written per projection transaction. */
  projectionBatchMax: 500,
  /** Items per list response (orders, fills, trades, candles). */
  listItemsMax: 1_000,
  /** Items a list returns when the request gives no `limit`. */
  listItemsDefault: 100,
  /** Interval of the algo-order timer. */
  algoTickMs: 1_000,
  /** Running algo orders across all users. */
  algoOrdersRunningMax: 1_000,
  /** Running (or paused) algo orders of one user, so no account can take the whole exchange's room. */
  algoOrdersRunningPerUserMax: 50,
  /**
   * Finished algo parents (completed, cancelled, expired) kept in memory and snapshots for lookups and clientOrderId
   * idempotency; past it the account holding most gives up its oldest, as with closed orders.
   */
  finishedAlgoOrdersRetainedMax: 10_000,
  /** Latest a good-till-date order may expire, counted from its placing. */
  orderExpiryDaysMax: 366,
  /** Longest algo schedule. */
  algoDurationSecondsMax: 7 * 86_400,
  /** Most open orders per account (risk limit default). */
  openOrdersPerAccountMax: 10_000,
  /** Orders per account inside the rate window (risk limit default). */
  ordersPerRateWindowMax: 2_000,
  /** Most symbols with their own position limit in one account's risk limits. */
  riskLimitSymbolsMax: 256,
  /** Length of the order-rate window in ms. */
  rateWindowMs: 1_000,
  /** Largest position per symbol in lots (risk limit default). */
  positionLotsMax: 1_000_000_000_000n,
} as const;
