// Compliance report: policy breaches, approval-limit circumvention and what to do about them.

import { money, type ReportModel, sensitive } from '../model.js';
import { num, recommendationRows, text } from './common.js';

/** Plain figures for the compliance report. */
export interface ComplianceReportInput {
  readonly period: string;
  readonly currency: string;
  readonly approvalOverrides: number;
  readonly breaches: readonly {
    id: string;
    rule: string;
    description: string;
    approver: string;
    amountMinor: bigint;
    account?: string;
  }[];
  readonly recommendations: readonly { priority: string; text: string }[];
}

/** Builds the compliance report for `audience`. */
export function complianceReport(input: ComplianceReportInput, audience: string, generatedAt: string): ReportModel {
  const total = input.breaches.reduce((s, b) => s + b.amountMinor, 0n);
  return {
    template: 'compliance_report',
    title: 'Compliance report',
    subtitle: `Period ${input.period}`,
    audience,
    generatedAt,
    sections: [
      {
        kind: 'key_figures',
        title: 'Summary',
        figures: [
          { label: 'Policy breaches', value: input.breaches.length },
          { label: 'Approval overrides', value: input.approvalOverrides },
          { label: 'Amount involved', value: money(total, input.currency) },
        ],
      },
      {
        kind: 'table',
        title: 'Breaches',
        columns: [text('Id'), text('Rule'), text('Description'), text('Approver'), num('Amount'), text('Account')],
        rows: input.breaches.map((b) => [
          b.id,
          b.rule,
          b.description,
          sensitive('personal', b.approver),
          money(b.amountMinor, input.currency),
          b.account === undefined ? null : sensitive('account', b.account),
        ]),
      },
      {
        kind: 'table',
        title: 'Recommendations',
        columns: [text('Priority'), text('Recommendation')],
        rows: recommendationRows(input.recommendations),
      },
    ],
  };
}
