// Versioned, data-only configuration of fraud rules, statistical thresholds and factor weights.

import { err, ok, type Result } from '../../../../kernel/index.js';
import { fraudLimits } from './limits.js';
import { type FactorCode, factorCodes } from './types.js';

/** Everything that tunes detection. A changed config gets a new `version` so scores name what produced them. */
export interface FraudConfig {
  readonly version: number;
  /** A single payment at or above this is flagged. */
  readonly thresholdMinor: bigint;
  /** A payment that is a multiple of this unit and at least `roundAmountMinMinor` counts as round. */
  readonly roundUnitMinor: bigint;
  readonly roundAmountMinMinor: bigint;
  /** Public holidays, ISO `yyyy-mm-dd`. */
  readonly holidays: readonly string[];
  /** Same vendor and amount within this many days is a suspected duplicate. */
  readonly duplicateWindowDays: number;
  /** Payments to one vendor (and approver) each under the approval limit, summing over it within the window. */
  readonly approvalLimitMinor: bigint;
  readonly splitWindowDays: number;
  /** A vendor younger than `newVendorDays` receiving at least `newVendorAmountMinor`. */
  readonly newVendorDays: number;
  readonly newVendorAmountMinor: bigint;
  /** A payment within this many days after the vendor's bank details changed. */
  readonly bankChangeDays: number;
  /** Modified z-score above which an amount is an outlier (Iglewicz and Hoaglin 1993 recommend 3.5). */
  readonly robustZThreshold: number;
  /**
   * A vendor's first digits count against it only when the chi-square p-value is below this as well as the
   * Nigrini MAD being marginal or worse: MAD alone grows as 1/√n, so small vendors would fail on noise.
   */
  readonly benfordPValueMax: number;
  /** Velocity: payments to one vendor within the trailing window; at or above `velocityCountMin` fires. */
  readonly velocityWindowDays: number;
  readonly velocityCountMin: number;
  /** Isolation forest: trees, subsample size, score above which the factor fires (Liu et al. use 0.5 as the boundary). */
  readonly isolationTrees: number;
  readonly isolationSubsample: number;
  readonly isolationScoreMin: number;
  /** Weight of each factor, 0..1; re-weighted from analyst feedback. */
  readonly weights: Readonly<Record<FactorCode, number>>;
  /** Lower score bounds of each priority. */
  readonly priorityBands: {
    readonly low: number;
    readonly medium: number;
    readonly high: number;
    readonly critical: number;
  };
}

/** Default weights: rule hits that are near-proof weigh most; weak signals weigh little. */
export const defaultWeights: Readonly<Record<FactorCode, number>> = {
  amount_over_threshold: 0.35,
  round_amount: 0.15,
  weekend_posting: 0.15,
  holiday_posting: 0.2,
  duplicate_payment: 0.6,
  invoice_splitting: 0.6,
  new_vendor_high_amount: 0.45,
  bank_details_changed_before_payment: 0.6,
  robust_z_vendor: 0.35,
  robust_z_category: 0.25,
  benford_vendor_nonconforming: 0.2,
  velocity_spike: 0.3,
  isolation_forest_anomaly: 0.4,
};

/** Version 1 of the configuration, amounts in minor units of a two-decimal currency. */
export const defaultFraudConfig: FraudConfig = {
  version: 1,
  thresholdMinor: 5_000_000n,
  roundUnitMinor: 100_000n,
  roundAmountMinMinor: 100_000n,
  holidays: [],
  duplicateWindowDays: 7,
  approvalLimitMinor: 1_000_000n,
  splitWindowDays: 7,
  newVendorDays: 30,
  newVendorAmountMinor: 2_500_000n,
  bankChangeDays: 14,
  robustZThreshold: 3.5,
  benfordPValueMax: 0.01,
  velocityWindowDays: 7,
  velocityCountMin: 10,
  isolationTrees: 100,
  isolationSubsample: 256,
  isolationScoreMin: 0.6,
  weights: defaultWeights,
  priorityBands: { low: 20, medium: 40, high: 60, critical: 80 },
};

/** Checks a config supplied by a user; returns the first problem with a stable code. */
export function validateFraudConfig(config: FraudConfig): Result<FraudConfig> {
  if (!Number.isInteger(config.version) || config.version < 1)
    return err('config_version_must_be_positive', undefined, 'version');
  for (const key of ['thresholdMinor', 'roundUnitMinor', 'approvalLimitMinor', 'newVendorAmountMinor'] as const) {
    if (config[key] <= 0n) return err('config_amount_must_be_positive', key, key);
  }
  for (const key of [
    'duplicateWindowDays',
    'splitWindowDays',
    'newVendorDays',
    'bankChangeDays',
    'velocityWindowDays',
  ] as const) {
    if (!Number.isInteger(config[key]) || config[key] < 0 || config[key] > 3660)
      return err('config_days_out_of_range', key, key);
  }
  if (config.holidays.length > fraudLimits.holidaysMax) return err('config_too_many_holidays', undefined, 'holidays');
  if (config.holidays.some((h) => !/^\d{4}-\d{2}-\d{2}$/.test(h)))
    return err('config_holiday_must_be_iso_date', undefined, 'holidays');
  if (!(config.robustZThreshold > 0)) return err('config_threshold_must_be_positive', undefined, 'robustZThreshold');
  if (!(config.benfordPValueMax > 0 && config.benfordPValueMax < 1))
    return err('config_p_value_out_of_range', undefined, 'benfordPValueMax');
  if (
    !Number.isInteger(config.isolationTrees) ||
    config.isolationTrees < 1 ||
    config.isolationTrees > fraudLimits.isolationTreesMax
  ) {
    return err('config_isolation_trees_out_of_range', undefined, 'isolationTrees');
  }
  if (
    !Number.isInteger(config.isolationSubsample) ||
    config.isolationSubsample < 2 ||
    config.isolationSubsample > fraudLimits.isolationSubsampleMax
  ) {
    return err('config_isolation_subsample_out_of_range', undefined, 'isolationSubsample');
  }
  for (const code of factorCodes) {
    const w = config.weights[code];
    if (!(w >= 0 && w <= 1)) return err('config_weight_must_be_between_0_and_1', code, `weights.${code}`);
  }
  const b = config.priorityBands;
  if (!(0 < b.low && b.low < b.medium && b.medium < b.high && b.high < b.critical && b.critical <= 100)) {
    return err('config_priority_bands_must_increase', undefined, 'priorityBands');
  }
  return ok(config);
}
