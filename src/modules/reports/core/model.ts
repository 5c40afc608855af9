// The one report model every renderer draws from: title, audience role and sections of paragraphs, key figures and tables.

/** Templates the platform ships, one or more per point of view. */
export type ReportTemplate =
  | 'reconciliation_summary'
  | 'fraud_findings'
  | 'case_report'
  | 'executive_summary'
  | 'compliance_report';

/** Output formats. */
export type ReportFormat = 'pdf' | 'xlsx' | 'csv' | 'html';

/** Classes of sensitive data; who may see each unmasked is a policy (see masking.ts). */
export type Sensitivity = 'account' | 'personal';

/** A value to be masked unless the reader may see it. */
export interface SensitiveValue {
  readonly kind: 'sensitive';
  readonly sensitivity: Sensitivity;
  readonly value: string;
}

/** An exact amount in minor units. */
export interface MoneyValue {
  readonly kind: 'money';
  readonly minor: bigint;
  readonly currency: string;
  readonly scale: number;
}

/** One table cell or key-figure value. */
export type CellValue = string | number | null | MoneyValue | SensitiveValue;

/** A run of paragraph text: plain, or sensitive. */
export type Inline = string | SensitiveValue;

/** A column header; numbers and money align right. */
export interface Column {
  readonly label: string;
  readonly align?: 'left' | 'right';
}

/** Report sections. */
export type Section =
  | { readonly kind: 'paragraphs'; readonly title?: string; readonly paragraphs: readonly (readonly Inline[])[] }
  | {
      readonly kind: 'key_figures';
      readonly title?: string;
      readonly figures: readonly { label: string; value: CellValue }[];
    }
  | {
      readonly kind: 'table';
      readonly title: string;
      readonly columns: readonly Column[];
      readonly rows: readonly (readonly CellValue[])[];
    };

/** A report before masking: it may hold sensitive values. */
export interface ReportModel {
  readonly template: ReportTemplate;
  readonly title: string;
  readonly subtitle?: string;
  /** The role the report is written for (e.g. a POV role); masking uses the reader's role, which may differ. */
  readonly audience: string;
  /** ISO timestamp printed on the report, supplied by the caller (cores read no clock). */
  readonly generatedAt: string;
  readonly sections: readonly Section[];
}

/** A section after masking and formatting: only strings and numbers remain. */
export type ResolvedSection =
  | { readonly kind: 'paragraphs'; readonly title?: string; readonly paragraphs: readonly string[] }
  | {
      readonly kind: 'key_figures';
      readonly title?: string;
      readonly figures: readonly { label: string; value: string | number }[];
    }
  | {
      readonly kind: 'table';
      readonly title: string;
      readonly columns: readonly Column[];
      readonly rows: readonly (readonly (string | number)[])[];
    };

/** What renderers receive: masked for one reader, nothing sensitive left to leak. */
export interface ResolvedReport {
  readonly template: ReportTemplate;
  readonly title: string;
  readonly subtitle?: string;
  readonly audience: string;
  readonly readerRole: string;
  readonly generatedAt: string;
  readonly sections: readonly ResolvedSection[];
}

/** Builds a sensitive value. */
export function sensitive(sensitivity: Sensitivity, value: string): SensitiveValue {
  return { kind: 'sensitive', sensitivity, value };
}

/** Builds a money value (scale = decimals of the currency's minor unit). */
export function money(minor: bigint, currency: string, scale = 2): MoneyValue {
  return { kind: 'money', minor, currency, scale };
}
