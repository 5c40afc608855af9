// Turns fraud analyses and case facts into the named figures a point of view reads.

import type { CustodyVerification } from '../custody/chain.js';
import type { FraudAnalysis } from '../fraud/score.js';
import type { FraudTransaction } from '../fraud/types.js';
import type { PovFigures } from './figures.js';

/**
 * Figures from one scored batch: risk maximum and mean, flagged share (medium or above), counts by priority and
 * factor, the batch's Benford verdict and the flagged exposure in major units (a display figure, not money).
 */
export function fraudFigures(analysis: FraudAnalysis, txs: readonly FraudTransaction[], scale = 2): PovFigures {
  let max = 0;
  let sum = 0;
  let flagged = 0;
  let duplicates = 0;
  let splits = 0;
  let exposureMinor = 0n;
  analysis.scores.forEach((s, i) => {
    max = Math.max(max, s.riskScore);
    sum += s.riskScore;
    if (s.priority === 'medium' || s.priority === 'high' || s.priority === 'critical') {
      flagged++;
      exposureMinor += txs[i]?.amountMinor ?? 0n;
    }
    if (s.factors.some((f) => f.code === 'duplicate_payment')) duplicates++;
    if (s.factors.some((f) => f.code === 'invoice_splitting')) splits++;
  });
  const n = analysis.scores.length;
  return {
    fraud_risk_max: max,
    fraud_risk_mean: n ? sum / n : 0,
    flagged_share: n ? flagged / n : 0,
    critical_flags: analysis.byPriority.critical,
    high_flags: analysis.byPriority.high,
    duplicate_payments: duplicates,
    split_invoices: splits,
    benford_first_digit_mad: analysis.benford.firstDigit.mad,
    benford_nonconforming: analysis.benford.firstDigit.conformity === 'nonconforming' ? 1 : 0,
    exposure_amount: Number(exposureMinor) / 10 ** scale,
  };
}

/** Figures from a case's evidence verifications and milestones. */
export function caseFigures(input: {
  readonly custody: readonly CustodyVerification[];
  readonly contentVerified: readonly boolean[];
  readonly overdueMilestones: number;
  readonly openCases?: number;
}): PovFigures {
  return {
    evidence_items: input.custody.length,
    custody_broken: input.custody.filter((c) => !c.ok).length,
    evidence_unverified: input.contentVerified.filter((v) => !v).length,
    overdue_milestones: input.overdueMilestones,
    ...(input.openCases !== undefined ? { open_cases: input.openCases } : {}),
  };
}
