// The six points of view as data: focus areas, analysis methods, output formats, risk inputs and recommendation rules.

import type { Condition } from './conditions.js';
import type { PovFigureName } from './figures.js';

/** The six professional perspectives of the Financial Examiner. */
export const povRoles = [
  'financial_examiner',
  'prosecutor',
  'judge',
  'executive',
  'compliance_officer',
  'auditor',
] as const;

/** One perspective. */
export type PovRole = (typeof povRoles)[number];

/** Output formats a report renderer supports. */
export type ReportFormat = 'pdf' | 'xlsx' | 'csv' | 'html';

/** Report templates (see src/modules/reports). */
export type ReportTemplate =
  | 'reconciliation_summary'
  | 'fraud_findings'
  | 'case_report'
  | 'executive_summary'
  | 'compliance_report';

/**
 * A figure's share in the risk score: normalised linearly from `low` (0) to `high` (1) and clamped; `low` above
 * `high` means lower is worse (as for a reconciliation rate).
 */
export interface RiskInput {
  readonly figure: PovFigureName;
  readonly weight: number;
  readonly low: number;
  readonly high: number;
}

/** A recommendation that applies when its condition holds; `{figure}` in the text is filled in. */
export interface RecommendationRule {
  readonly id: string;
  readonly when: Condition;
  readonly priority: 'urgent' | 'advisory' | 'info';
  readonly text: string;
}

/** Everything that makes one perspective. */
export interface PovDefinition {
  readonly role: PovRole;
  readonly title: string;
  readonly focusAreas: readonly string[];
  readonly analysisMethods: readonly string[];
  readonly outputFormats: readonly ReportFormat[];
  readonly reportTemplates: readonly ReportTemplate[];
  readonly riskInputs: readonly RiskInput[];
  readonly recommendationRules: readonly RecommendationRule[];
}

const custodyRule: RecommendationRule = {
  id: 'custody_broken',
  when: { figure: 'custody_broken', op: '>', value: 0 },
  priority: 'urgent',
  text: '{custody_broken} evidence item(s) fail custody verification: establish what happened before relying on them.',
};

/** The six definitions, keyed by role. */
export const povDefinitions: Readonly<Record<PovRole, PovDefinition>> = {
  financial_examiner: {
    role: 'financial_examiner',
    title: 'Financial Examiner',
    focusAreas: ['transaction anomalies', 'reconciliation gaps', 'vendor patterns', 'digit analysis'],
    analysisMethods: [
      'rule-based screening',
      'robust z-scores',
      'Benford first and first-two digit tests',
      'isolation forest',
    ],
    outputFormats: ['xlsx', 'pdf', 'csv', 'html'],
    reportTemplates: ['fraud_findings', 'reconciliation_summary'],
    riskInputs: [
      { figure: 'fraud_risk_max', weight: 3, low: 20, high: 90 },
      { figure: 'flagged_share', weight: 2, low: 0.01, high: 0.1 },
      { figure: 'reconciliation_rate', weight: 2, low: 0.99, high: 0.85 },
      { figure: 'benford_first_digit_mad', weight: 1, low: 0.006, high: 0.015 },
    ],
    recommendationRules: [
      {
        id: 'review_critical',
        when: { figure: 'critical_flags', op: '>', value: 0 },
        priority: 'urgent',
        text: 'Review the {critical_flags} critical flag(s) before period close.',
      },
      {
        id: 'duplicates',
        when: { figure: 'duplicate_payments', op: '>', value: 0 },
        priority: 'advisory',
        text: 'Recover or justify {duplicate_payments} suspected duplicate payment(s).',
      },
      {
        id: 'splits',
        when: { figure: 'split_invoices', op: '>', value: 0 },
        priority: 'advisory',
        text: 'Examine {split_invoices} payment(s) that look split to stay under the approval limit.',
      },
      {
        id: 'benford',
        when: { figure: 'benford_nonconforming', op: '==', value: 1 },
        priority: 'advisory',
        text: 'First digits do not conform to Benford (MAD {benford_first_digit_mad}): drill into the over-represented digits.',
      },
      {
        id: 'reconcile',
        when: { figure: 'reconciliation_rate', op: '<', value: 0.95 },
        priority: 'advisory',
        text: 'Reconciliation rate is {reconciliation_rate}: clear the {unmatched_count} unmatched item(s).',
      },
    ],
  },
  prosecutor: {
    role: 'prosecutor',
    title: 'Prosecutor',
    focusAreas: ['provable intent', 'evidence admissibility', 'chain of custody', 'loss quantification'],
    analysisMethods: ['pattern evidence across transactions', 'custody chain verification', 'timeline reconstruction'],
    outputFormats: ['pdf', 'html'],
    reportTemplates: ['case_report', 'fraud_findings'],
    riskInputs: [
      { figure: 'critical_flags', weight: 3, low: 0, high: 10 },
      { figure: 'exposure_amount', weight: 2, low: 10_000, high: 1_000_000 },
      { figure: 'custody_broken', weight: 3, low: 0, high: 1 },
    ],
    recommendationRules: [
      custodyRule,
      {
        id: 'pattern_charge',
        when: {
          all: [
            { figure: 'critical_flags', op: '>=', value: 3 },
            { figure: 'custody_broken', op: '==', value: 0 },
          ],
        },
        priority: 'advisory',
        text: 'A pattern of {critical_flags} critical transactions with intact custody supports charging a scheme rather than single acts.',
      },
      {
        id: 'verify_content',
        when: { figure: 'evidence_unverified', op: '>', value: 0 },
        priority: 'advisory',
        text: 'Re-hash {evidence_unverified} evidence item(s) before disclosure.',
      },
    ],
  },
  judge: {
    role: 'judge',
    title: 'Judge',
    focusAreas: ['evidence integrity', 'procedural timeliness', 'proportionality of claims'],
    analysisMethods: ['custody chain verification', 'milestone tracking', 'independent recomputation of key figures'],
    outputFormats: ['pdf'],
    reportTemplates: ['case_report'],
    riskInputs: [
      { figure: 'custody_broken', weight: 4, low: 0, high: 1 },
      { figure: 'evidence_unverified', weight: 2, low: 0, high: 5 },
      { figure: 'overdue_milestones', weight: 1, low: 0, high: 5 },
    ],
    recommendationRules: [
      custodyRule,
      {
        id: 'overdue',
        when: { figure: 'overdue_milestones', op: '>', value: 0 },
        priority: 'advisory',
        text: '{overdue_milestones} milestone(s) are overdue: consider scheduling orders.',
      },
      {
        id: 'integrity_ok',
        when: {
          all: [
            { figure: 'custody_broken', op: '==', value: 0 },
            { figure: 'evidence_unverified', op: '==', value: 0 },
          ],
        },
        priority: 'info',
        text: 'All {evidence_items} evidence item(s) verify: hashes and custody chains are intact.',
      },
    ],
  },
  executive: {
    role: 'executive',
    title: 'Executive',
    focusAreas: ['financial exposure', 'trend of risk', 'control health'],
    analysisMethods: ['aggregation of flags by priority', 'exposure totals'],
    outputFormats: ['pdf', 'html'],
    reportTemplates: ['executive_summary'],
    riskInputs: [
      { figure: 'exposure_amount', weight: 3, low: 10_000, high: 1_000_000 },
      { figure: 'flagged_share', weight: 2, low: 0.01, high: 0.1 },
      { figure: 'control_exceptions', weight: 1, low: 0, high: 20 },
    ],
    recommendationRules: [
      {
        id: 'exposure',
        when: { figure: 'exposure_amount', op: '>=', value: 100_000 },
        priority: 'urgent',
        text: 'Flagged exposure of {exposure_amount} warrants a board-level briefing.',
      },
      {
        id: 'controls',
        when: { figure: 'control_exceptions', op: '>', value: 5 },
        priority: 'advisory',
        text: 'Fund remediation of {control_exceptions} control exceptions.',
      },
      {
        id: 'steady',
        when: { figure: 'flagged_share', op: '<', value: 0.01 },
        priority: 'info',
        text: 'Flag rate is below 1%: no change of course needed.',
      },
    ],
  },
  compliance_officer: {
    role: 'compliance_officer',
    title: 'Compliance Officer',
    focusAreas: ['policy breaches', 'approval limits', 'regulatory reporting'],
    analysisMethods: ['approval-limit checks', 'invoice splitting detection', 'exception tracking'],
    outputFormats: ['pdf', 'xlsx', 'csv'],
    reportTemplates: ['compliance_report'],
    riskInputs: [
      { figure: 'policy_breaches', weight: 3, low: 0, high: 10 },
      { figure: 'approval_overrides', weight: 2, low: 0, high: 10 },
      { figure: 'split_invoices', weight: 2, low: 0, high: 10 },
    ],
    recommendationRules: [
      {
        id: 'splits',
        when: { figure: 'split_invoices', op: '>', value: 0 },
        priority: 'urgent',
        text: 'Report {split_invoices} suspected approval-limit circumvention(s) to the compliance committee.',
      },
      {
        id: 'overrides',
        when: { figure: 'approval_overrides', op: '>', value: 0 },
        priority: 'advisory',
        text: 'Obtain retrospective approval for {approval_overrides} override(s).',
      },
      {
        id: 'breaches',
        when: { figure: 'policy_breaches', op: '>', value: 0 },
        priority: 'advisory',
        text: 'Log {policy_breaches} policy breach(es) in the compliance register.',
      },
    ],
  },
  auditor: {
    role: 'auditor',
    title: 'Auditor',
    focusAreas: ['completeness', 'accuracy', 'audit trail', 'sampling'],
    analysisMethods: ['reconciliation', 'Benford conformity', 'custody and audit-log verification'],
    outputFormats: ['xlsx', 'csv', 'pdf'],
    reportTemplates: ['reconciliation_summary', 'compliance_report'],
    riskInputs: [
      { figure: 'reconciliation_rate', weight: 3, low: 0.99, high: 0.85 },
      { figure: 'unmatched_amount_share', weight: 2, low: 0.001, high: 0.05 },
      { figure: 'benford_first_digit_mad', weight: 1, low: 0.006, high: 0.015 },
      { figure: 'custody_broken', weight: 2, low: 0, high: 1 },
    ],
    recommendationRules: [
      custodyRule,
      {
        id: 'unmatched',
        when: { figure: 'unmatched_amount_share', op: '>', value: 0.01 },
        priority: 'urgent',
        text: 'Unmatched amounts are {unmatched_amount_share} of the total: extend substantive testing.',
      },
      {
        id: 'benford',
        when: { figure: 'benford_nonconforming', op: '==', value: 1 },
        priority: 'advisory',
        text: 'Digit analysis is nonconforming: select a targeted sample from the anomalous digits.',
      },
    ],
  },
};
