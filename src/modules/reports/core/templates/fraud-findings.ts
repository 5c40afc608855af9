// Fraud findings: flags by priority, the flagged transactions with their factors, and the Benford tests.

import { money, type ReportModel, sensitive } from '../model.js';
import { num, text } from './common.js';

/** Plain figures from a fraud analysis. */
export interface FraudFindingsInput {
  readonly period: string;
  readonly currency: string;
  readonly configVersion: number;
  readonly transactionsScored: number;
  readonly byPriority: Readonly<Record<string, number>>;
  readonly flagged: readonly {
    id: string;
    date: string;
    vendor: string;
    amountMinor: bigint;
    riskScore: number;
    priority: string;
    category: string;
    factors: readonly string[];
    approver?: string;
    account?: string;
  }[];
  readonly benford: readonly {
    test: string;
    n: number;
    mad: number;
    conformity: string;
    chiSquare: number;
    pValue: number;
  }[];
}

/** Builds the fraud findings report for `audience`. */
export function fraudFindings(input: FraudFindingsInput, audience: string, generatedAt: string): ReportModel {
  return {
    template: 'fraud_findings',
    title: 'Fraud findings',
    subtitle: `Period ${input.period}, rules version ${input.configVersion}`,
    audience,
    generatedAt,
    sections: [
      {
        kind: 'key_figures',
        title: 'Flags by priority',
        figures: [
          { label: 'Transactions scored', value: input.transactionsScored },
          ...['critical', 'high', 'medium', 'low'].map((p) => ({
            label: `Priority ${p}`,
            value: input.byPriority[p] ?? 0,
          })),
        ],
      },
      {
        kind: 'table',
        title: 'Flagged transactions',
        columns: [
          text('Id'),
          text('Date'),
          text('Vendor'),
          num('Amount'),
          num('Risk'),
          text('Priority'),
          text('Category'),
          text('Factors'),
          text('Approver'),
          text('Account'),
        ],
        rows: input.flagged.map((f) => [
          f.id,
          f.date,
          f.vendor,
          money(f.amountMinor, input.currency),
          f.riskScore,
          f.priority,
          f.category,
          f.factors.join('; '),
          f.approver === undefined ? null : sensitive('personal', f.approver),
          f.account === undefined ? null : sensitive('account', f.account),
        ]),
      },
      {
        kind: 'table',
        title: 'Benford tests',
        columns: [
          text('Test'),
          num('N'),
          num('MAD'),
          text('Conformity (Nigrini 2012)'),
          num('Chi-square'),
          num('p-value'),
        ],
        rows: input.benford.map((b) => [
          b.test,
          b.n,
          Number(b.mad.toFixed(5)),
          b.conformity,
          Number(b.chiSquare.toFixed(2)),
          Number(b.pValue.toPrecision(3)),
        ]),
      },
    ],
  };
}
