// Detectors over the batch statistics: robust z-scores, vendor Benford conformity and velocity.

import type { Detector } from './rules.js';

// A modified z-score at the threshold gives strength 0.5, rising towards 1 at twice the threshold.
function zStrength(z: number, threshold: number): number {
  const a = Math.abs(z);
  if (!(a >= threshold)) return 0;
  return Math.min(1, 0.5 + (0.5 * (a - threshold)) / threshold);
}

/** Amount far from the vendor's usual amounts (modified z-score on log10 amounts). */
export const robustZVendor: Detector = (tx, i, ctx, c) => {
  const z = ctx.robustZVendor[i] as number;
  const s = zStrength(z, c.robustZThreshold);
  return s > 0
    ? { code: 'robust_z_vendor', strength: s, detail: `modified z ${z.toFixed(2)} against ${tx.vendor}'s payments` }
    : null;
};

/** Amount far from the category's usual amounts. */
export const robustZCategory: Detector = (tx, i, ctx, c) => {
  const z = ctx.robustZCategory[i] as number;
  const s = zStrength(z, c.robustZThreshold);
  return s > 0
    ? { code: 'robust_z_category', strength: s, detail: `modified z ${z.toFixed(2)} within category ${tx.category}` }
    : null;
};

/** The vendor's first digits do not conform to Benford's law under Nigrini's MAD bands. */
export const benfordVendor: Detector = (tx, i, ctx) => {
  const verdict = ctx.vendorBenford[i];
  if (verdict !== 'nonconforming' && verdict !== 'marginal') return null;
  return {
    code: 'benford_vendor_nonconforming',
    strength: verdict === 'nonconforming' ? 1 : 0.5,
    detail: `first digits of ${tx.vendor}'s ${ctx.vendorCount[i]} payments: ${verdict} (Nigrini MAD)`,
  };
};

/** Unusually many payments to one vendor within the trailing window. */
export const velocitySpike: Detector = (tx, i, ctx, c) => {
  const v = ctx.velocity[i] as number;
  if (v < c.velocityCountMin) return null;
  return {
    code: 'velocity_spike',
    strength: Math.min(1, 0.5 + (0.5 * (v - c.velocityCountMin)) / c.velocityCountMin),
    detail: `${v} payments to ${tx.vendor} in the ${c.velocityWindowDays} days to ${tx.date}`,
  };
};

/** The statistical detectors in evaluation order. */
export const statisticalDetectors: readonly Detector[] = [robustZVendor, robustZCategory, benfordVendor, velocitySpike];
