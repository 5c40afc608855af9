// CSV renderer: every section as rows (a title row, then header and data), sections separated by a blank row.

import { stringify } from 'csv-stringify/sync';
import type { ResolvedReport } from './core/model.js';

/** Renders the report as RFC 4180 CSV text. */
export function renderCsv(report: ResolvedReport): string {
  const rows: (string | number)[][] = [
    [report.title],
    ...(report.subtitle ? [[report.subtitle]] : []),
    ['generated', report.generatedAt],
    ['reader', report.readerRole],
  ];
  for (const s of report.sections) {
    rows.push([]);
    if (s.title !== undefined) rows.push([s.title]);
    if (s.kind === 'paragraphs') for (const p of s.paragraphs) rows.push([p]);
    if (s.kind === 'key_figures') for (const f of s.figures) rows.push([f.label, f.value]);
    if (s.kind === 'table') {
      rows.push(s.columns.map((c) => c.label));
      for (const r of s.rows) rows.push([...r]);
    }
  }
  return stringify(rows);
}
