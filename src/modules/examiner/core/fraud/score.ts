// Scoring a batch: rules, statistics and the isolation forest combined into one 0–100 risk score per transaction.

import { assert, err, ok, type Prng, type Result } from '../../../../kernel/index.js';
import { isoToEpochDay } from '../dates.js';
import { type BenfordResult, benfordFromCounts } from './benford.js';
import { type FraudConfig, validateFraudConfig } from './config.js';
import { buildFraudContext, type FraudContext } from './context.js';
import { buildFeatures } from './features.js';
import {
  fitIsolationForest,
  type IsolationForestModel,
  isolationScores,
  type QuantisedFeatures,
  quantiseFeatures,
} from './isolation-forest.js';
import { fraudLimits } from './limits.js';
import {
  amountOverThreshold,
  bankDetailsChangedBeforePayment,
  duplicatePayment,
  type Hit,
  holidayPosting,
  invoiceSplitting,
  newVendorHighAmount,
  roundAmount,
  weekendPosting,
} from './rules.js';
import { benfordVendor, robustZCategory, robustZVendor, velocitySpike } from './statistical-detectors.js';
import type {
  FactorCode,
  FlagCategory,
  FlagPriority,
  FraudTransaction,
  ScoreFactor,
  TransactionScore,
} from './types.js';

/** How each factor is filed when it is the main reason for a flag. */
export const factorCategory: Readonly<Record<FactorCode, FlagCategory>> = {
  amount_over_threshold: 'amount',
  round_amount: 'amount',
  weekend_posting: 'timing',
  holiday_posting: 'timing',
  duplicate_payment: 'duplicate',
  invoice_splitting: 'approval_circumvention',
  new_vendor_high_amount: 'vendor',
  bank_details_changed_before_payment: 'vendor',
  robust_z_vendor: 'statistical',
  robust_z_category: 'statistical',
  benford_vendor_nonconforming: 'statistical',
  velocity_spike: 'statistical',
  isolation_forest_anomaly: 'anomaly',
};

/** A scored batch. */
export interface FraudAnalysis {
  readonly configVersion: number;
  readonly scores: readonly TransactionScore[];
  /** Benford tests over the whole batch. */
  readonly benford: { readonly firstDigit: BenfordResult; readonly firstTwoDigits: BenfordResult };
  /** Transactions at priority `low` or above. */
  readonly flaggedCount: number;
  readonly byPriority: Readonly<Record<FlagPriority, number>>;
}

const noFactors: readonly ScoreFactor[] = Object.freeze([]);

/** Priority band of a score. */
export function priorityOf(score: number, bands: FraudConfig['priorityBands']): FlagPriority {
  if (score >= bands.critical) return 'critical';
  if (score >= bands.high) return 'high';
  if (score >= bands.medium) return 'medium';
  if (score >= bands.low) return 'low';
  return 'none';
}

/**
 * Combines hits into a score by noisy-OR: risk = 1 − Π(1 − wᵢsᵢ), so it stays in [0, 1], never falls when a
 * factor is added and equals one factor's wᵢsᵢ when it fires alone. Each factor's points are its share of
 * −ln(1 − risk) = Σ −ln(1 − wᵢsᵢ), which makes the listed points add up to the score.
 */
export function combineHits(id: string, hits: readonly Hit[], config: FraudConfig): TransactionScore {
  let logSurvival = 0;
  const logs: number[] = [];
  for (const h of hits) {
    const p = Math.min(0.999, Math.max(0, config.weights[h.code] * h.strength));
    const l = -Math.log1p(-p);
    logs.push(l);
    logSurvival += l;
  }
  const risk = 100 * (1 - Math.exp(-logSurvival));
  const factors: ScoreFactor[] = [];
  for (let k = 0; k < hits.length; k++) {
    const h = hits[k] as Hit;
    const l = logs[k] as number;
    if (l <= 0) continue;
    factors.push({
      code: h.code,
      category: factorCategory[h.code],
      strength: h.strength,
      weight: config.weights[h.code],
      points: (risk * l) / logSurvival,
      detail: h.detail,
    });
  }
  factors.sort((a, b) => b.points - a.points);
  const riskScore = Math.min(100, Math.max(0, Math.round(risk)));
  return {
    id,
    riskScore,
    category: factors[0]?.category ?? null,
    priority: priorityOf(riskScore, config.priorityBands),
    factors,
  };
}

function batchBenford(first: Uint8Array, firstTwo: Uint8Array): FraudAnalysis['benford'] {
  const c1 = new Array<number>(9).fill(0);
  const c2 = new Array<number>(90).fill(0);
  for (let i = 0; i < first.length; i++) {
    const d = first[i] as number;
    const dd = firstTwo[i] as number;
    if (d > 0) c1[d - 1] = (c1[d - 1] as number) + 1;
    if (dd > 0) c2[dd - 10] = (c2[dd - 10] as number) + 1;
  }
  return {
    firstDigit: benfordFromCounts(c1, 'first_digit'),
    firstTwoDigits: benfordFromCounts(c2, 'first_two_digits'),
  };
}

function checkBatch(txs: readonly FraudTransaction[]): Result<null> {
  if (txs.length > fraudLimits.transactionsPerBatchMax) {
    return err('fraud_batch_too_large', `at most ${fraudLimits.transactionsPerBatchMax}`);
  }
  const safe = BigInt(Number.MAX_SAFE_INTEGER);
  const validDates = new Set<string>();
  const validDate = (d: string): boolean => {
    if (validDates.has(d)) return true;
    // isoToEpochDay is strict yyyy-mm-dd and rejects impossible dates such as 2025-02-30.
    const good = isoToEpochDay(d) !== null;
    if (good) validDates.add(d);
    return good;
  };
  for (let i = 0; i < txs.length; i++) {
    const t = txs[i] as FraudTransaction;
    if (!validDate(t.date)) return err('transaction_date_must_be_iso', t.id, `[${i}].date`);
    if (t.vendorCreatedAt !== undefined && !validDate(t.vendorCreatedAt)) {
      return err('transaction_date_must_be_iso', t.id, `[${i}].vendorCreatedAt`);
    }
    if (t.vendorBankChangedAt !== undefined && !validDate(t.vendorBankChangedAt)) {
      return err('transaction_date_must_be_iso', t.id, `[${i}].vendorBankChangedAt`);
    }
    if (t.amountMinor > safe || t.amountMinor < -safe)
      return err('transaction_amount_out_of_range', t.id, `[${i}].amountMinor`);
  }
  return ok(null);
}

/** Every detector in the order the score lists ties: `ruleDetectors` then `statisticalDetectors`. */
export const scoringDetectors = [
  amountOverThreshold,
  roundAmount,
  weekendPosting,
  holidayPosting,
  duplicatePayment,
  invoiceSplitting,
  newVendorHighAmount,
  bankDetailsChangedBeforePayment,
  robustZVendor,
  robustZCategory,
  benfordVendor,
  velocitySpike,
] as const;

function pushHit(out: Hit[], h: Hit | null): void {
  if (h !== null) out.push(h);
}

/**
 * Runs `scoringDetectors` on one transaction, appending hits to `out`. One direct call per detector instead of a
 * loop over the array: each call site sees one function, so V8 inlines it (a test checks the two lists agree).
 */
function collectHits(tx: FraudTransaction, i: number, ctx: FraudContext, config: FraudConfig, out: Hit[]): void {
  pushHit(out, amountOverThreshold(tx, i, ctx, config));
  pushHit(out, roundAmount(tx, i, ctx, config));
  pushHit(out, weekendPosting(tx, i, ctx, config));
  pushHit(out, holidayPosting(tx, i, ctx, config));
  pushHit(out, duplicatePayment(tx, i, ctx, config));
  pushHit(out, invoiceSplitting(tx, i, ctx, config));
  pushHit(out, newVendorHighAmount(tx, i, ctx, config));
  pushHit(out, bankDetailsChangedBeforePayment(tx, i, ctx, config));
  pushHit(out, robustZVendor(tx, i, ctx, config));
  pushHit(out, robustZCategory(tx, i, ctx, config));
  pushHit(out, benfordVendor(tx, i, ctx, config));
  pushHit(out, velocitySpike(tx, i, ctx, config));
}

/** A validated batch with its context, quantised features and trained forest (null below two transactions). */
export interface PreparedFraudAnalysis {
  readonly ctx: FraudContext;
  readonly features: QuantisedFeatures | null;
  readonly model: IsolationForestModel | null;
}

/**
 * First half of `analyseTransactions`: validates, builds the context and trains the forest, drawing from `prng`
 * exactly as the whole analysis does. A runner may score the forest elsewhere and hand the scores to
 * `finishFraudAnalysis`.
 */
export function prepareFraudAnalysis(
  txs: readonly FraudTransaction[],
  config: FraudConfig,
  prng: Prng,
): Result<PreparedFraudAnalysis> {
  const valid = validateFraudConfig(config);
  if (!valid.ok) return valid;
  const checked = checkBatch(txs);
  if (!checked.ok) return checked;
  const ctx = buildFraudContext(txs, config);
  if (txs.length < 2) return ok({ ctx, features: null, model: null });
  const features = quantiseFeatures(buildFeatures(txs, ctx));
  const model = fitIsolationForest(
    features,
    { trees: config.isolationTrees, subsample: config.isolationSubsample },
    prng,
  );
  return ok({ ctx, features, model });
}

/** Scores every transaction of a batch. The forest's randomness comes from `prng`: same seed, same scores. */
export function analyseTransactions(
  txs: readonly FraudTransaction[],
  config: FraudConfig,
  prng: Prng,
): Result<FraudAnalysis> {
  const prepared = prepareFraudAnalysis(txs, config, prng);
  if (!prepared.ok) return prepared;
  const { model, features } = prepared.value;
  const forest = model === null || features === null ? null : isolationScores(model, features);
  return ok(finishFraudAnalysis(txs, config, prepared.value.ctx, forest));
}

/**
 * Second half of `analyseTransactions`: rules, statistics and the forest's anomaly scores (`forest[i]` for
 * transaction i, null when no forest was trained) combined per transaction.
 */
export function finishFraudAnalysis(
  txs: readonly FraudTransaction[],
  config: FraudConfig,
  ctx: FraudContext,
  forest: Float64Array | null,
): FraudAnalysis {
  assert(forest === null || forest.length === txs.length, 'one forest score per transaction');
  const byPriority: Record<FlagPriority, number> = { none: 0, low: 0, medium: 0, high: 0, critical: 0 };
  const scores: TransactionScore[] = new Array(txs.length);
  const smin = config.isolationScoreMin;
  const scratch: Hit[] = [];
  const noFlag = priorityOf(0, config.priorityBands);
  let quiet = 0;
  for (let i = 0; i < txs.length; i++) {
    const tx = txs[i] as FraudTransaction;
    // Most payments trip nothing: a shared scratch array avoids allocating one per transaction.
    scratch.length = 0;
    collectHits(tx, i, ctx, config, scratch);
    const hits = scratch;
    const s = forest === null ? 0 : (forest[i] as number);
    if (s >= smin) {
      hits.push({
        code: 'isolation_forest_anomaly',
        strength: Math.min(1, 0.5 + (0.5 * (s - smin)) / (1 - smin)),
        detail: `isolation forest anomaly score ${s.toFixed(3)}`,
      });
    }
    if (hits.length === 0) {
      // Nothing fired: no factor objects, and the band count is kept in a local rather than a keyed store.
      scores[i] = { id: tx.id, riskScore: 0, category: null, priority: noFlag, factors: noFactors };
      quiet++;
      continue;
    }
    const score = combineHits(tx.id, hits, config);
    byPriority[score.priority]++;
    scores[i] = score;
  }
  byPriority[noFlag] += quiet;
  return {
    configVersion: config.version,
    scores,
    benford: batchBenford(ctx.firstDigit, ctx.firstTwoDigits),
    flaggedCount: txs.length - byPriority.none,
    byPriority,
  };
}
