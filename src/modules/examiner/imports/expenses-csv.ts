// Expenses as CSV, read through a column mapping.
import type { Expense } from '../core/records.js';
import { type ColumnRef, csvRows, resolveColumns } from './csv-rows.js';
import { cleanText, type DateFormat, minorDigits, parseAmount, parseCurrency, parseDate } from './fields.js';
import { normalizeForFingerprint, RowFingerprinter } from './fingerprint.js';
import { type ImportItem, type ImportSource, rejected } from './types.js';

/** Where each expense field sits in the file. */
export interface ExpenseColumns {
  date: ColumnRef;
  amount: ColumnRef;
  vendor: ColumnRef;
  description?: ColumnRef;
  category?: ColumnRef;
  reference?: ColumnRef;
  currency?: ColumnRef;
}

/** Options of an expense CSV import. */
export interface ExpenseCsvOptions {
  columns: ExpenseColumns;
  /** Currency of rows without a currency column or cell. */
  currency: string;
  dateFormat: DateFormat;
  decimalSeparator: '.' | ',';
  delimiter?: string;
  hasHeader: boolean;
}

type Col = keyof ExpenseColumns;

/** Streams expenses out of a CSV file; each bad row is yielded as a rejection with its line. */
export async function* importExpensesCsv(
  source: ImportSource,
  options: ExpenseCsvOptions,
): AsyncGenerator<ImportItem<Expense>> {
  const fingerprinter = new RowFingerprinter('expenses');
  let columns: Partial<Record<Col, number>> | null = null;
  for await (const row of csvRows(source, options.delimiter ?? ',')) {
    if ('error' in row) {
      yield rejected(row.line, 'malformed_row', row.error);
      continue;
    }
    if (columns === null) {
      const resolved = resolveColumns<Col>({ ...options.columns }, options.hasHeader ? row.fields : null);
      if (!resolved.ok) {
        yield rejected(row.line, 'missing_field', `header has no column "${resolved.missing}"`);
        return;
      }
      columns = resolved.index;
      if (options.hasHeader) continue;
    }
    const col = columns;
    const cells: ExpenseCells = {};
    for (const k of Object.keys(col) as Col[]) cells[k] = row.fields[col[k] as number];
    yield expenseFromCells(row.line, cells, options, fingerprinter);
  }
}

/** The raw cells of one expense row, by field. */
export type ExpenseCells = Partial<Record<Col, string | undefined>>;

/** Validates one row's cells into an expense (shared with the XLSX importer). */
export function expenseFromCells(
  line: number,
  cells: ExpenseCells,
  options: { currency: string; dateFormat: DateFormat; decimalSeparator: '.' | ',' },
  fingerprinter: RowFingerprinter,
): ImportItem<Expense> {
  const currencyText = cells.currency !== undefined && cells.currency.trim() !== '' ? cells.currency : options.currency;
  const currency = parseCurrency(currencyText);
  if (currency === null) return rejected(line, 'bad_currency', `currency "${currencyText}"`);
  const rawDate = cells.date ?? '';
  if (rawDate.trim() === '') return rejected(line, 'missing_field', 'date is empty');
  const date = parseDate(rawDate, options.dateFormat);
  if (date === null) return rejected(line, 'bad_date', `"${rawDate}" is not ${options.dateFormat}`);
  const amountMinor = parseAmount(cells.amount ?? '', options.decimalSeparator, minorDigits(currency));
  if (amountMinor === null) return rejected(line, 'bad_amount', `amount "${cells.amount ?? ''}"`);
  const vendor = cleanText(cells.vendor);
  if (vendor === '') return rejected(line, 'missing_field', 'vendor is empty');
  const description = cleanText(cells.description);
  const category = cleanText(cells.category);
  const reference = cleanText(cells.reference);
  const id = fingerprinter.next([
    date,
    amountMinor.toString(),
    currency,
    normalizeForFingerprint(vendor),
    normalizeForFingerprint(description),
    normalizeForFingerprint(category),
    normalizeForFingerprint(reference),
  ]);
  const record: Expense = { id, date, amountMinor, currency, vendor, description };
  if (category !== '') record.category = category;
  if (reference !== '') record.reference = reference;
  return { kind: 'accepted', line, record };
}
