// XLSX renderer (exceljs): a Summary sheet with text and key figures, and one sheet per table.

import ExcelJS from 'exceljs';
import { reportLimits } from './core/limits.js';
import type { ResolvedReport } from './core/model.js';

// Excel forbids []:*?/\ in sheet names, limits them to 31 characters and requires them unique.
function sheetName(title: string, used: Set<string>): string {
  const base =
    title
      .replace(/[[\]:*?/\\]/g, ' ')
      .slice(0, reportLimits.sheetNameLengthMax)
      .trim() || 'Sheet';
  let name = base;
  for (let k = 2; used.has(name.toLowerCase()); k++)
    name = `${base.slice(0, reportLimits.sheetNameLengthMax - 4)} (${k})`;
  used.add(name.toLowerCase());
  return name;
}

/** Renders the report as an XLSX workbook. */
export async function renderXlsx(report: ResolvedReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Nexus';
  wb.title = report.title;
  const used = new Set<string>();
  const summary = wb.addWorksheet(sheetName('Summary', used));
  summary.addRow([report.title]).font = { bold: true, size: 14 };
  if (report.subtitle) summary.addRow([report.subtitle]);
  summary.addRow(['Reader', report.readerRole]);
  summary.addRow(['Generated', report.generatedAt]);
  for (const s of report.sections) {
    if (s.kind === 'table') continue;
    summary.addRow([]);
    if (s.title !== undefined) summary.addRow([s.title]).font = { bold: true };
    if (s.kind === 'paragraphs') for (const p of s.paragraphs) summary.addRow([p]);
    else for (const f of s.figures) summary.addRow([f.label, f.value]);
  }
  summary.getColumn(1).width = 40;
  summary.getColumn(2).width = 24;
  for (const s of report.sections) {
    if (s.kind !== 'table') continue;
    const ws = wb.addWorksheet(sheetName(s.title, used));
    ws.addRow(s.columns.map((c) => c.label)).font = { bold: true };
    for (const r of s.rows) ws.addRow([...r]);
    s.columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = Math.min(
        60,
        Math.max(10, c.label.length + 2, ...s.rows.slice(0, 200).map((r) => String(r[i] ?? '').length + 2)),
      );
      col.alignment = { horizontal: c.align ?? 'left' };
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
