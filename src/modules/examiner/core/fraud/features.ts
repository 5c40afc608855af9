// Engineered numeric features per transaction, the input of the isolation forest.

import type { FraudContext } from './context.js';
import type { FraudTransaction } from './types.js';

/** Feature names in column order. */
export const featureNames = [
  'log10_amount',
  'robust_z_vendor',
  'robust_z_category',
  'weekend',
  'trailing_zeros',
  'log1p_velocity',
  'log1p_vendor_age_days',
  'log1p_vendor_count',
  'duplicates',
  'bank_change_recency',
] as const;

/** A dense row-major matrix of features: `values[row * cols + col]`. */
export interface FeatureMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly values: Float64Array;
}

// Infinite z-scores (MAD and mean deviation both 0) are clamped so the forest can still split on them.
const zClamp = 50;

function clampZ(z: number): number {
  return Math.min(zClamp, Math.max(-zClamp, z));
}

function trailingZeros(minor: bigint): number {
  let a = Math.abs(Number(minor));
  if (a === 0) return 0;
  let count = 0;
  while (a % 10 === 0 && count < 12) {
    a /= 10;
    count++;
  }
  return count;
}

/** Builds the feature matrix of a batch from its context. */
export function buildFeatures(txs: readonly FraudTransaction[], ctx: FraudContext): FeatureMatrix {
  const cols = featureNames.length;
  const values = new Float64Array(ctx.n * cols);
  for (let i = 0; i < ctx.n; i++) {
    const o = i * cols;
    const bankAge = ctx.bankChangeAgeDays[i] as number;
    values[o] = ctx.logAmount[i] as number;
    values[o + 1] = clampZ(ctx.robustZVendor[i] as number);
    values[o + 2] = clampZ(ctx.robustZCategory[i] as number);
    values[o + 3] = (ctx.weekday[i] as number) >= 6 ? 1 : 0;
    values[o + 4] = trailingZeros((txs[i] as FraudTransaction).amountMinor);
    values[o + 5] = Math.log1p(ctx.velocity[i] as number);
    values[o + 6] = Math.log1p(Math.max(0, ctx.vendorAgeDays[i] as number));
    values[o + 7] = Math.log1p(ctx.vendorCount[i] as number);
    values[o + 8] = Math.min(10, ctx.duplicateCount[i] as number);
    values[o + 9] = bankAge >= 0 ? 1 / (1 + bankAge) : 0;
  }
  return { rows: ctx.n, cols, values };
}
