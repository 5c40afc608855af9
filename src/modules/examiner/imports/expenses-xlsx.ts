// Expenses from an XLSX workbook, read row by row with exceljs's streaming WorkbookReader.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { epochDayToIso } from '../core/dates.js';
import type { Expense } from '../core/records.js';
import { type ColumnRef, resolveColumns } from './csv-rows.js';
import { type ExpenseCells, type ExpenseColumns, expenseFromCells } from './expenses-csv.js';
import { type DateFormat, minorDigits, parseCurrency } from './fields.js';
import { RowFingerprinter } from './fingerprint.js';
import { type ImportItem, type ImportSource, rejected } from './types.js';

/** Options of an XLSX expense import. Rows are spreadsheet rows (1-based), reported as `line`. */
export interface ExpenseXlsxOptions {
  columns: ExpenseColumns;
  currency: string;
  /** Layout of dates typed as text; real date cells and date serials need none. */
  dateFormat: DateFormat;
  decimalSeparator: '.' | ',';
  hasHeader: boolean;
  /** Worksheet name; the first worksheet when absent. */
  sheet?: string;
}

type Col = keyof ExpenseColumns;

/** Streams expenses out of the first (or the named) worksheet; each bad row is yielded as a rejection. */
export async function* importExpensesXlsx(
  source: ImportSource,
  options: ExpenseXlsxOptions,
): AsyncGenerator<ImportItem<Expense>> {
  const input = source instanceof Readable ? source : Readable.from(source);
  // Styles are cached so that date-formatted cells arrive as dates rather than serial numbers.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const fingerprinter = new RowFingerprinter('expenses');
  const textOptions = { ...options, dateFormat: 'yyyy-mm-dd' as DateFormat };
  for await (const sheet of reader) {
    const name = (sheet as unknown as { name?: string }).name;
    if (options.sheet !== undefined && name !== options.sheet) {
      for await (const _row of sheet) {
        // Rows of other sheets are drained without being kept.
      }
      continue;
    }
    let columns: Partial<Record<Col, number>> | null = null;
    for await (const row of sheet) {
      const values = Array.from(row.values as unknown[]).slice(1);
      if (columns === null) {
        const header = options.hasHeader ? values.map((v) => cellText(v, 2) ?? '') : null;
        const resolved = resolveColumns<Col>({ ...options.columns } as Partial<Record<Col, ColumnRef>>, header);
        if (!resolved.ok) {
          yield rejected(row.number, 'missing_field', `header has no column "${resolved.missing}"`);
          return;
        }
        columns = resolved.index;
        if (options.hasHeader) continue;
      }
      const cells: ExpenseCells = {};
      const currencyCell = columns.currency === undefined ? undefined : cellText(values[columns.currency], 2);
      const digits = minorDigits(parseCurrency(currencyCell || options.currency) ?? 'XXX');
      for (const k of Object.keys(columns) as Col[])
        cells[k] = cellText(values[columns[k] as number], digits, k === 'date');
      if (Object.values(cells).every((v) => v === undefined || v === '')) continue;
      const typedDate = cells.date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(cells.date);
      yield expenseFromCells(row.number, cells, typedDate ? textOptions : options, fingerprinter);
    }
    return;
  }
}

/**
 * A cell as text: dates as yyyy-mm-dd (UTC, as Excel stores them), numbers as decimals without float
 * noise, rich text and formula results flattened. In the date column a bare number is an Excel date
 * serial (1900 system: serial 25569 is 1970-01-01).
 */
function cellText(v: unknown, digits: number, isDate = false): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') {
    if (isDate && Number.isInteger(v) && v > 0) return epochDayToIso(v - 25569);
    const fixed = v.toFixed(digits);
    return Math.abs(Number(fixed) - v) < 1e-9 * Math.max(1, Math.abs(v)) ? fixed : String(v);
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; result?: unknown; text?: string };
    if (o.richText !== undefined) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return cellText(o.result, digits, isDate);
    if (o.text !== undefined) return o.text;
  }
  return String(v);
}
