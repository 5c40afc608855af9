// Every limit of the ledger core, named once.

/** Limits the ledger state machine enforces on its inputs. */
export const ledgerLimits = {
  /** Longest account, owner, asset, hold or idempotency identifier accepted. */
  idLengthMax: 128,
  /** Largest number of decimals an asset may declare (minor units per unit = 10^scale). */
  assetScaleMax: 18,
  /** Largest single amount in minor units: 2^127 - 1, TigerBeetle's u128 ceiling, keeps totals far from overflow concerns elsewhere. */
  amountMinorMax: (1n << 127n) - 1n,
  /** Fee rates are in basis points; 10_000 bps = 100 %, so a fee never exceeds the notional it is charged on. */
  feeBpsMax: 10_000,
} as const;
