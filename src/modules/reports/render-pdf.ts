// PDF renderer (pdfkit): title, metadata, paragraphs, key figures and paginated tables.

import PDFDocument from 'pdfkit';
import type { ResolvedReport, ResolvedSection } from './core/model.js';

// The 14 standard PDF fonts only encode WinAnsi; map the symbols our texts use and replace anything else.
const replacements: Readonly<Record<string, string>> = {
  '≥': '>=',
  '≤': '<=',
  '±': '+/-',
  '→': '->',
  '×': 'x',
  '…': '...',
  '•': '*',
};

/** Makes text safe for a standard PDF font. */
export function toWinAnsi(text: string): string {
  return text.replace(
    /[^\x20-\x7e\xa0-\xff\n\u2013\u2014\u2018\u2019\u201c\u201d\u20ac]/g,
    (c) => replacements[c] ?? '?',
  );
}

type Doc = InstanceType<typeof PDFDocument>;

function table(doc: Doc, s: Extract<ResolvedSection, { kind: 'table' }>): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const colWidth = width / s.columns.length;
  const drawRow = (cells: readonly (string | number)[], bold: boolean): void => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(7);
    const heights = cells.map((c) => doc.heightOfString(toWinAnsi(String(c)), { width: colWidth - 4 }));
    const h = Math.max(10, ...heights) + 3;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    cells.forEach((c, i) => {
      doc.text(toWinAnsi(String(c)), left + i * colWidth, y, {
        width: colWidth - 4,
        align: s.columns[i]?.align ?? 'left',
      });
    });
    doc.x = left;
    doc.y = y + h;
  };
  drawRow(
    s.columns.map((c) => c.label),
    true,
  );
  for (const r of s.rows) drawRow(r, false);
}

function section(doc: Doc, s: ResolvedSection): void {
  doc.moveDown(0.8);
  if (s.title !== undefined) doc.font('Helvetica-Bold').fontSize(12).text(toWinAnsi(s.title)).moveDown(0.3);
  if (s.kind === 'paragraphs')
    for (const p of s.paragraphs) doc.font('Helvetica').fontSize(10).text(toWinAnsi(p)).moveDown(0.3);
  if (s.kind === 'key_figures')
    for (const f of s.figures)
      doc
        .font('Helvetica')
        .fontSize(10)
        .text(toWinAnsi(`${f.label}: ${f.value}`));
  if (s.kind === 'table') table(doc, s);
}

/** Renders the report as a PDF. The creation date is the report's own, so equal input gives an equal file. */
export function renderPdf(report: ResolvedReport): Promise<Buffer> {
  const created = new Date(report.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    info: {
      Title: toWinAnsi(report.title),
      Creator: 'Nexus',
      CreationDate: Number.isNaN(created.getTime()) ? new Date(0) : created,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(18).text(toWinAnsi(report.title));
  if (report.subtitle) doc.font('Helvetica').fontSize(11).text(toWinAnsi(report.subtitle));
  doc
    .font('Helvetica')
    .fontSize(8)
    .text(toWinAnsi(`Prepared for ${report.audience}; read as ${report.readerRole}; generated ${report.generatedAt}`));
  for (const s of report.sections) section(doc, s);
  doc.end();
  return done;
}
