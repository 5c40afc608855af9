// Masking of account numbers and personal data by reader role, and resolution of a model into renderable text.

import { err, formatMinor, ok, type Result } from '../../../kernel/index.js';
import { reportLimits } from './limits.js';
import type { CellValue, Inline, ReportModel, ResolvedReport, ResolvedSection, Section, Sensitivity } from './model.js';

/** Which roles may see each class of sensitive data unmasked. Data, so deployments can change it. */
export type MaskingPolicy = Readonly<Record<Sensitivity, readonly string[]>>;

/**
 * Default policy: account numbers only for the examiner and the auditor, who reconcile them; personal data for
 * the examiner and for the prosecutor and judge, who must identify parties. Executives, compliance officers and
 * anyone else get masked values.
 */
export const defaultMaskingPolicy: MaskingPolicy = {
  account: ['financial_examiner', 'auditor'],
  personal: ['financial_examiner', 'prosecutor', 'judge'],
};

/** Shows only the last four characters of an account number (PCI DSS 3.4 allows at most the last four). */
export function maskAccount(value: string): string {
  const compact = value.replace(/[\s-]/g, '');
  return compact.length <= 4 ? '****' : `****${compact.slice(-4)}`;
}

/** Masks a personal name ("Jane Roe" → "J*** R***") or e-mail ("jane@example.com" → "j***@e***.com"). */
export function maskPersonal(value: string): string {
  const at = value.indexOf('@');
  if (at > 0) {
    const domain = value.slice(at + 1);
    const dot = domain.lastIndexOf('.');
    const tld = dot > 0 ? domain.slice(dot) : '';
    return `${value[0]}***@${domain[0] ?? ''}***${tld}`;
  }
  return value
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => `${w[0]}***`)
    .join(' ');
}

/** True when `role` may see values of `sensitivity` unmasked. */
export function mayUnmask(
  role: string,
  sensitivity: Sensitivity,
  policy: MaskingPolicy = defaultMaskingPolicy,
): boolean {
  return policy[sensitivity].includes(role);
}

function resolveInline(v: Inline, role: string, policy: MaskingPolicy): string {
  if (typeof v === 'string') return v;
  if (mayUnmask(role, v.sensitivity, policy)) return v.value;
  return v.sensitivity === 'account' ? maskAccount(v.value) : maskPersonal(v.value);
}

function resolveCell(v: CellValue, role: string, policy: MaskingPolicy): string | number {
  if (v === null) return '';
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (v.kind === 'money') return `${formatMinor(v.minor, v.scale)} ${v.currency}`;
  return resolveInline(v, role, policy);
}

function resolveSection(s: Section, role: string, policy: MaskingPolicy): ResolvedSection {
  switch (s.kind) {
    case 'paragraphs':
      return { ...s, paragraphs: s.paragraphs.map((p) => p.map((x) => resolveInline(x, role, policy)).join('')) };
    case 'key_figures':
      return { ...s, figures: s.figures.map((f) => ({ label: f.label, value: resolveCell(f.value, role, policy) })) };
    case 'table':
      return { ...s, rows: s.rows.map((r) => r.map((c) => resolveCell(c, role, policy))) };
  }
}

/** Checks a model's bounds and shape. */
export function validateReport(model: ReportModel): Result<ReportModel> {
  if (model.title.trim() === '') return err('report_title_required', undefined, 'title');
  if (model.sections.length > reportLimits.sectionsMax) return err('report_too_many_sections');
  for (const s of model.sections) {
    if (s.kind !== 'table') continue;
    if (s.columns.length === 0 || s.columns.length > reportLimits.tableColumnsMax)
      return err('report_table_columns_invalid', s.title);
    if (s.rows.length > reportLimits.tableRowsMax) return err('report_table_too_many_rows', s.title);
    if (s.rows.some((r) => r.length !== s.columns.length)) return err('report_table_row_width_mismatch', s.title);
  }
  return ok(model);
}

/** Masks and formats a model for one reader; renderers only ever see the result. */
export function resolveReport(
  model: ReportModel,
  readerRole: string,
  policy: MaskingPolicy = defaultMaskingPolicy,
): Result<ResolvedReport> {
  const valid = validateReport(model);
  if (!valid.ok) return valid;
  return ok({
    template: model.template,
    title: model.title,
    ...(model.subtitle !== undefined ? { subtitle: model.subtitle } : {}),
    audience: model.audience,
    readerRole,
    generatedAt: model.generatedAt,
    sections: model.sections.map((s) => resolveSection(s, readerRole, policy)),
  });
}
