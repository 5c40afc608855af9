// The named analysis figures every point of view reads; producers (fraud, reconciliation, cases) fill what they know.

/** Figure names with their meaning and unit; a POV rule may only refer to these. */
export const povFigureCatalogue = {
  fraud_risk_max: 'highest transaction risk score, 0..100',
  fraud_risk_mean: 'mean transaction risk score, 0..100',
  flagged_share: 'share of transactions at medium priority or above, 0..1',
  critical_flags: 'transactions at critical priority, count',
  high_flags: 'transactions at high priority, count',
  duplicate_payments: 'suspected duplicate payments, count',
  split_invoices: 'payments in suspected invoice splits, count',
  benford_first_digit_mad: 'Nigrini MAD of the first-digit test',
  benford_nonconforming: '1 when the first-digit test is nonconforming, else 0',
  reconciliation_rate: 'share of records matched, 0..1',
  unmatched_count: 'unmatched records, count',
  unmatched_amount_share: 'unmatched amount as a share of the total, 0..1',
  exposure_amount: 'total amount of flagged payments, major units',
  evidence_items: 'evidence items in the case, count',
  custody_broken: 'evidence items whose custody chain fails verification, count',
  evidence_unverified: 'evidence items whose content hash was not re-verified, count',
  open_cases: 'cases not closed, count',
  overdue_milestones: 'case milestones past due, count',
  control_exceptions: 'internal-control exceptions, count',
  policy_breaches: 'policy breaches, count',
  approval_overrides: 'payments approved above the approver limit, count',
} as const;

/** A figure's name. */
export type PovFigureName = keyof typeof povFigureCatalogue;

/** Figures handed to a POV analysis; absent figures are simply unknown. */
export type PovFigures = Readonly<Partial<Record<PovFigureName, number>>>;
