// Shapes of the reports API (/api/v1/reports) and a starting input for each report kind.

/** Report kinds. */
export const reportKinds = [
  'reconciliation_summary',
  'fraud_findings',
  'case_report',
  'executive_summary',
  'compliance_report',
] as const;
/** One kind. */
export type ReportKind = (typeof reportKinds)[number];

/** Output formats. */
export const reportFormats = ['pdf', 'xlsx', 'csv', 'html'] as const;

/** A stored report. */
export interface ReportItem {
  id: string;
  kind: string;
  format: string;
  audience: string;
  readerRole: string;
  createdBy: string;
  scheduleId: string | null;
  fileName: string;
  mediaType: string;
  sha256: string;
  sizeBytes: number;
  createdAt: string;
}

/** A report schedule. */
export interface ScheduleItem {
  id: string;
  cron: string;
  kind: string;
  format: string;
  input: unknown;
  audience: string;
  readerRole: string;
  nextRunAt: string;
  lastRunAt: string | null;
  lastError: string | null;
  createdAt: string;
}

/**
 * The figures each template needs, as an empty skeleton to fill in (amounts in minor units: integers, or decimal
 * strings beyond 2^53). Case reports take a case id instead and are chosen from the case list.
 */
export const inputSkeletons: Record<Exclude<ReportKind, 'case_report'>, unknown> = {
  reconciliation_summary: {
    period: '',
    currency: 'EUR',
    matchedCount: 0,
    unmatchedCount: 0,
    totalMinor: 0,
    unmatchedMinor: 0,
    unmatched: [],
  },
  fraud_findings: {
    period: '',
    currency: 'EUR',
    configVersion: 1,
    transactionsScored: 0,
    byPriority: { critical: 0, high: 0, medium: 0, low: 0 },
    flagged: [],
    benford: [],
  },
  executive_summary: { period: '', riskScore: 0, headline: [{ label: '', value: 0 }], recommendations: [] },
  compliance_report: { period: '', currency: 'EUR', approvalOverrides: 0, breaches: [], recommendations: [] },
};

/** The shape of the rows each kind's lists take, shown under the editor. */
export const inputRowHelp: Record<Exclude<ReportKind, 'case_report'>, string> = {
  reconciliation_summary: 'unmatched: [{id, date (yyyy-mm-dd), amountMinor, description, account}]',
  fraud_findings:
    'flagged: [{id, date, vendor, amountMinor, riskScore, priority, category, factors: [text], approver?, account?}]; benford: [{test, n, mad, conformity, chiSquare, pValue}]',
  executive_summary: 'headline: [{label, value}]; recommendations: [{priority, text}]',
  compliance_report:
    'breaches: [{id, rule, description, approver, amountMinor, account?}]; recommendations: [{priority, text}]',
};

/** A readable label for a kind, e.g. `case_report` -> "Case report". */
export function kindLabel(kind: string): string {
  const text = kind.replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
