// Executive summary: the risk score from the reader's point of view, headline figures and recommendations.

import type { CellValue, ReportModel } from '../model.js';
import { recommendationRows, text } from './common.js';

/** Plain figures for the summary. */
export interface ExecutiveSummaryInput {
  readonly period: string;
  readonly riskScore: number;
  readonly headline: readonly { label: string; value: CellValue }[];
  readonly recommendations: readonly { priority: string; text: string }[];
}

/** Builds the executive summary for `audience`. */
export function executiveSummary(input: ExecutiveSummaryInput, audience: string, generatedAt: string): ReportModel {
  const level = input.riskScore >= 70 ? 'high' : input.riskScore >= 40 ? 'elevated' : 'low';
  return {
    template: 'executive_summary',
    title: 'Executive summary',
    subtitle: `Period ${input.period}`,
    audience,
    generatedAt,
    sections: [
      { kind: 'paragraphs', paragraphs: [[`Overall risk is ${level}: score ${input.riskScore} of 100.`]] },
      {
        kind: 'key_figures',
        title: 'Headline figures',
        figures: [{ label: 'Risk score', value: input.riskScore }, ...input.headline],
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
