// One entry point: mask a report model for its reader, then render it in the requested format.

import { err, ok, type Result } from '../../kernel/index.js';
import { defaultMaskingPolicy, type MaskingPolicy, resolveReport } from './core/masking.js';
import type { ReportFormat, ReportModel } from './core/model.js';
import { renderCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderPdf } from './render-pdf.js';
import { renderXlsx } from './render-xlsx.js';

/** A rendered file. */
export interface RenderedReport {
  readonly bytes: Buffer;
  readonly mediaType: string;
  readonly fileName: string;
}

const mediaTypes: Readonly<Record<ReportFormat, string>> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** Masks `model` for `readerRole` under `policy` and renders it; a bad model or format returns an error code. */
export async function renderReport(
  model: ReportModel,
  readerRole: string,
  format: string,
  policy: MaskingPolicy = defaultMaskingPolicy,
): Promise<Result<RenderedReport>> {
  if (!(format in mediaTypes)) return err('report_format_unknown', format, 'format');
  const resolved = resolveReport(model, readerRole, policy);
  if (!resolved.ok) return resolved;
  const f = format as ReportFormat;
  const r = resolved.value;
  const bytes =
    f === 'pdf'
      ? await renderPdf(r)
      : f === 'xlsx'
        ? await renderXlsx(r)
        : Buffer.from(f === 'csv' ? renderCsv(r) : renderHtml(r), 'utf8');
  const stem = `${model.template}-${model.generatedAt.slice(0, 10)}`;
  return ok({ bytes, mediaType: mediaTypes[f], fileName: `${stem}.${f}` });
}
