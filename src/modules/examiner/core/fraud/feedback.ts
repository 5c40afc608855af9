// Re-weighting factors from analyst feedback: confirmed fraud raises a factor's weight, false positives lower it.

import { assert } from '../../../../kernel/index.js';
import type { FraudConfig } from './config.js';
import { fraudLimits } from './limits.js';
import { type FactorCode, factorCodes } from './types.js';

/** An analyst's verdict on a flagged transaction, with the factors its score listed. */
export interface FeedbackLabel {
  readonly transactionId: string;
  readonly outcome: 'confirmed_fraud' | 'false_positive';
  readonly factors: readonly FactorCode[];
}

/** Bounds that keep re-weighting gradual. */
export interface ReweightOptions {
  /** Pseudo-labels of prior belief per factor (Beta prior strength): more means slower learning. */
  readonly priorStrength: number;
  /** One re-weighting never moves a weight by more than this factor up or down. */
  readonly multiplierMax: number;
  readonly weightMin: number;
  readonly weightMax: number;
}

/** Defaults: ten pseudo-labels of prior, at most ×2 or ÷2 per round, weights kept in [0.02, 0.95]. */
export const defaultReweightOptions: ReweightOptions = {
  priorStrength: 10,
  multiplierMax: 2,
  weightMin: 0.02,
  weightMax: 0.95,
};

/** Why one weight changed. */
export interface WeightAdjustment {
  readonly code: FactorCode;
  readonly from: number;
  readonly to: number;
  readonly confirmed: number;
  readonly falsePositive: number;
  /** Smoothed share of this factor's labels that were confirmed fraud. */
  readonly precision: number;
  /** Smoothed share of all labels that were confirmed fraud. */
  readonly baseline: number;
  readonly reason: string;
}

/** A re-weighted config (version + 1) and the explanation of every change. */
export interface ReweightResult {
  readonly config: FraudConfig;
  readonly adjustments: readonly WeightAdjustment[];
}

/**
 * Re-weights every factor that appears in the labels. A factor's precision is the Beta–Binomial posterior mean
 * (confirmed + k·π₀) / (labels + k), shrunk towards the baseline π₀ (all labels' Laplace-smoothed confirmed
 * share) with prior strength k; its weight is multiplied by precision / π₀, clamped to the options' bounds.
 * Factors without labels keep their weight. Pure: the same labels always give the same config.
 */
export function reweightFromFeedback(
  config: FraudConfig,
  labels: readonly FeedbackLabel[],
  options: ReweightOptions = defaultReweightOptions,
): ReweightResult {
  assert(labels.length <= fraudLimits.feedbackLabelsMax, 'too many feedback labels');
  assert(options.priorStrength > 0 && options.multiplierMax >= 1, 'invalid re-weight options');
  const confirmed = new Map<FactorCode, number>();
  const falsePositive = new Map<FactorCode, number>();
  let confirmedTotal = 0;
  for (const label of labels) {
    const isFraud = label.outcome === 'confirmed_fraud';
    if (isFraud) confirmedTotal++;
    for (const code of new Set(label.factors)) {
      const m = isFraud ? confirmed : falsePositive;
      m.set(code, (m.get(code) ?? 0) + 1);
    }
  }
  const baseline = (confirmedTotal + 1) / (labels.length + 2);
  const weights: Record<FactorCode, number> = { ...config.weights };
  const adjustments: WeightAdjustment[] = [];
  for (const code of factorCodes) {
    const c = confirmed.get(code) ?? 0;
    const f = falsePositive.get(code) ?? 0;
    if (c + f === 0) continue;
    const precision = (c + options.priorStrength * baseline) / (c + f + options.priorStrength);
    const raw = precision / baseline;
    const multiplier = Math.min(options.multiplierMax, Math.max(1 / options.multiplierMax, raw));
    const from = config.weights[code];
    const to = Math.min(options.weightMax, Math.max(options.weightMin, from * multiplier));
    weights[code] = to;
    adjustments.push({
      code,
      from,
      to,
      confirmed: c,
      falsePositive: f,
      precision,
      baseline,
      reason: `${c} confirmed / ${f} false positive(s): precision ${precision.toFixed(2)} vs baseline ${baseline.toFixed(2)}, weight ×${(to / (from || 1)).toFixed(2)}`,
    });
  }
  return { config: { ...config, version: config.version + 1, weights }, adjustments };
}
