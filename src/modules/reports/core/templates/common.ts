// Small helpers shared by the report templates.

import type { CellValue, Column } from '../model.js';

/** A left-aligned column. */
export function text(label: string): Column {
  return { label, align: 'left' };
}

/** A right-aligned column for numbers and money. */
export function num(label: string): Column {
  return { label, align: 'right' };
}

/** A share 0..1 as a percentage with one decimal ("97.5%"). */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Recommendations as a table, urgent first as supplied. */
export function recommendationRows(recs: readonly { priority: string; text: string }[]): CellValue[][] {
  return recs.map((r) => [r.priority, r.text]);
}
