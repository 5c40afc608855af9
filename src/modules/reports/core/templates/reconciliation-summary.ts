// Reconciliation summary: match rate, totals and the unmatched items.

import { money, type ReportModel, sensitive } from '../model.js';
import { num, percent, text } from './common.js';

/** Plain figures from a reconciliation run. */
export interface ReconciliationSummaryInput {
  readonly period: string;
  readonly currency: string;
  readonly matchedCount: number;
  readonly unmatchedCount: number;
  readonly totalMinor: bigint;
  readonly unmatchedMinor: bigint;
  readonly unmatched: readonly {
    id: string;
    date: string;
    amountMinor: bigint;
    description: string;
    account: string;
  }[];
}

/** Builds the reconciliation summary for `audience`. */
export function reconciliationSummary(
  input: ReconciliationSummaryInput,
  audience: string,
  generatedAt: string,
): ReportModel {
  const total = input.matchedCount + input.unmatchedCount;
  const rate = total === 0 ? 1 : input.matchedCount / total;
  return {
    template: 'reconciliation_summary',
    title: 'Reconciliation summary',
    subtitle: `Period ${input.period}`,
    audience,
    generatedAt,
    sections: [
      {
        kind: 'key_figures',
        title: 'Key figures',
        figures: [
          { label: 'Reconciliation rate', value: percent(rate) },
          { label: 'Matched records', value: input.matchedCount },
          { label: 'Unmatched records', value: input.unmatchedCount },
          { label: 'Total amount', value: money(input.totalMinor, input.currency) },
          { label: 'Unmatched amount', value: money(input.unmatchedMinor, input.currency) },
        ],
      },
      {
        kind: 'table',
        title: 'Unmatched items',
        columns: [text('Id'), text('Date'), num('Amount'), text('Description'), text('Account')],
        rows: input.unmatched.map((u) => [
          u.id,
          u.date,
          money(u.amountMinor, input.currency),
          u.description,
          sensitive('account', u.account),
        ]),
      },
    ],
  };
}
