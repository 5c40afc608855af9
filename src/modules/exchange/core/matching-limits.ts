// Every limit of the exchange matching core, named once; the bounds keep all book arithmetic exact in JS numbers.

/**
 * Limits of the matching core. Ticks and lots travel as JS numbers on the hot path; these bounds guarantee every
 * value and every sum the book forms stays a safe integer (below 2^53): an order holds at most `quantityLotsMax`
 * lots and a book at most `ordersPerBookMax` live orders, so a side's total is below 2^32 * 2^20 = 2^52.
 */
export const matchingLimits = {
  /** Largest price, in ticks, any order may carry (2^48, far above any real instrument). */
  priceTicksMax: 2 ** 48,
  /** Largest quantity, in lots, of one order (2^32). */
  quantityLotsMax: 2 ** 32,
  /** Live orders (resting plus pending stops) one book may hold (2^20). */
  ordersPerBookMax: 2 ** 20,
  /** Slots a fast book preallocates before it first grows. */
  initialSlots: 1_024,
  /** Symbols one matching engine may hold. */
  symbolsPerEngineMax: 10_000,
  /** Longest symbol name. */
  symbolLengthMax: 32,
  /** Largest price band, in ticks, a symbol may declare. */
  priceBandTicksMax: 2 ** 48,
} as const;
