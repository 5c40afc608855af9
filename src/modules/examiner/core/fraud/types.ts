// The transaction shape fraud detection consumes; the examiner's records adapt to it at the service boundary.

/** One payment as fraud detection sees it. Money is bigint minor units; dates are ISO `yyyy-mm-dd`. */
export interface FraudTransaction {
  readonly id: string;
  /** Posting date, ISO `yyyy-mm-dd`. */
  readonly date: string;
  readonly amountMinor: bigint;
  /** ISO 4217 code; amounts are compared only within one currency by the caller's choice of batch. */
  readonly currency: string;
  readonly vendor: string;
  readonly category: string;
  /** Who approved the payment, when known; invoice splitting groups by vendor and approver. */
  readonly approver?: string;
  /** When the vendor was onboarded (`yyyy-mm-dd`); when absent the vendor's first payment in the batch is used. */
  readonly vendorCreatedAt?: string;
  /** Last change of the vendor's bank details (`yyyy-mm-dd`), when known. */
  readonly vendorBankChangedAt?: string;
  readonly reference?: string;
}

/** Every factor a score can list: rule codes, statistical tests and the isolation forest. */
export const factorCodes = [
  'amount_over_threshold',
  'round_amount',
  'weekend_posting',
  'holiday_posting',
  'duplicate_payment',
  'invoice_splitting',
  'new_vendor_high_amount',
  'bank_details_changed_before_payment',
  'robust_z_vendor',
  'robust_z_category',
  'benford_vendor_nonconforming',
  'velocity_spike',
  'isolation_forest_anomaly',
] as const;

/** A factor's stable code. */
export type FactorCode = (typeof factorCodes)[number];

/** How a flag is filed for analysts. */
export type FlagCategory =
  | 'amount'
  | 'timing'
  | 'duplicate'
  | 'approval_circumvention'
  | 'vendor'
  | 'statistical'
  | 'anomaly';

/** Analyst queue priority derived from the risk score. */
export type FlagPriority = 'none' | 'low' | 'medium' | 'high' | 'critical';

/** One reason a transaction scored what it did: strength in [0,1] times the factor's weight. */
export interface ScoreFactor {
  readonly code: FactorCode;
  readonly category: FlagCategory;
  /** How strongly the evidence fired, 0..1 (1 for a plain rule hit). */
  readonly strength: number;
  /** The configured weight at scoring time, 0..1. */
  readonly weight: number;
  /** Points this factor added to the 0..100 score (the factors' points sum to the score before rounding). */
  readonly points: number;
  /** Human-readable evidence, e.g. "3 payments of 4,990.00 within 7 days". */
  readonly detail: string;
}

/** The outcome of scoring one transaction. */
export interface TransactionScore {
  readonly id: string;
  /** 0..100, integer. */
  readonly riskScore: number;
  readonly category: FlagCategory | null;
  readonly priority: FlagPriority;
  /** Factors that fired, strongest contribution first. */
  readonly factors: readonly ScoreFactor[];
}
