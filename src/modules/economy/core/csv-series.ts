// Pure parser for a numeric series given as CSV text: one value per row, taken from the last (or a named) column.

import { economyLimits } from './limits.js';

/** One rejected CSV row: its 1-based line number, a stable code and a readable detail. */
export interface CsvRowError {
  line: number;
  code: 'value_not_a_number' | 'value_must_be_finite' | 'column_missing' | 'too_many_values' | 'no_values';
  detail: string;
}

/** Parsed values, or every rejected row (up to `csvRowErrorsMax`) so the caller can report them all at once. */
export type CsvSeriesResult =
  | { ok: true; values: number[]; headerSkipped: boolean }
  | { ok: false; errors: CsvRowError[] };

/** Most row errors reported for one CSV text; the rest are summarised by the count in the last detail. */
export const csvRowErrorsMax = 100;

const numberPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses `text` into numbers. Rows are split on LF or CRLF, fields on commas; blank lines are skipped. The first
 * non-blank row is a header when its value field is not numeric. `column` is a 0-based index; the default is
 * the last field of each row, so both `value` and `time,value` layouts work.
 */
export function parseCsvSeries(text: string, column?: number): CsvSeriesResult {
  const errors: CsvRowError[] = [];
  const values: number[] = [];
  let errorCount = 0;
  let headerSkipped = false;
  let seenRow = false;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const raw = (lines[index] as string).trim();
    if (raw === '') continue;
    const line = index + 1;
    const fields = raw.split(',').map(unquote);
    const at = column ?? fields.length - 1;
    const field = fields[at];
    const first = !seenRow;
    seenRow = true;
    if (field === undefined) {
      errorCount += push(errors, { line, code: 'column_missing', detail: `row has no column ${at}` });
      continue;
    }
    if (!numberPattern.test(field)) {
      if (first) {
        headerSkipped = true;
        continue;
      }
      errorCount += push(errors, {
        line,
        code: 'value_not_a_number',
        detail: `"${field.slice(0, 40)}" is not a number`,
      });
      continue;
    }
    const value = Number(field);
    if (!Number.isFinite(value)) {
      errorCount += push(errors, { line, code: 'value_must_be_finite', detail: `${field.slice(0, 40)} overflows` });
      continue;
    }
    if (values.length >= economyLimits.seriesValuesMax) {
      errorCount += push(errors, {
        line,
        code: 'too_many_values',
        detail: `at most ${economyLimits.seriesValuesMax} values`,
      });
      break;
    }
    values.push(value);
  }
  if (errorCount === 0 && values.length === 0) errors.push({ line: 0, code: 'no_values', detail: 'no numeric rows' });
  if (errors.length > 0) {
    if (errorCount > errors.length) {
      const last = errors[errors.length - 1] as CsvRowError;
      last.detail += ` (${errorCount - errors.length} more row errors not listed)`;
    }
    return { ok: false, errors };
  }
  return { ok: true, values, headerSkipped };
}

function unquote(field: string): string {
  const trimmed = field.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) return trimmed.slice(1, -1).trim();
  return trimmed;
}

function push(errors: CsvRowError[], error: CsvRowError): number {
  if (errors.length < csvRowErrorsMax) errors.push(error);
  return 1;
}
