// Bank statements as CSV, read through a per-bank column mapping.
import type { BankLine } from '../core/records.js';
import { type ColumnRef, csvRows, resolveColumns } from './csv-rows.js';
import { cleanText, type DateFormat, minorDigits, parseAmount, parseCurrency, parseDate } from './fields.js';
import { normalizeForFingerprint, RowFingerprinter } from './fingerprint.js';
import { type ImportItem, type ImportSource, rejected } from './types.js';

/**
 * How one bank lays out its CSV export; saved per bank so the next file imports without questions.
 * Give either `amount` (signed, negative for money out) or `debit` and/or `credit` columns.
 */
export interface BankCsvMapping {
  date: ColumnRef;
  amount?: ColumnRef;
  debit?: ColumnRef;
  credit?: ColumnRef;
  description: ColumnRef;
  reference?: ColumnRef;
  /** A currency column; without it every row is in the import's currency. */
  currency?: ColumnRef;
  dateFormat: DateFormat;
  decimalSeparator: '.' | ',';
  delimiter?: string;
  /** Whether the first row names the columns (then string refs are header names). */
  hasHeader: boolean;
}

/** The account and currency a CSV file belongs to, and its mapping. */
export interface BankCsvOptions {
  account: string;
  currency: string;
  mapping: BankCsvMapping;
}

type Col = 'date' | 'amount' | 'debit' | 'credit' | 'description' | 'reference' | 'currency';

/** Streams bank lines out of a CSV file; each bad row is yielded as a rejection with its line. */
export async function* importBankCsv(
  source: ImportSource,
  options: BankCsvOptions,
): AsyncGenerator<ImportItem<BankLine>> {
  const { mapping } = options;
  const fingerprinter = new RowFingerprinter(options.account);
  let columns: Partial<Record<Col, number>> | null = null;
  const refs: Partial<Record<Col, ColumnRef>> = {
    date: mapping.date,
    amount: mapping.amount,
    debit: mapping.debit,
    credit: mapping.credit,
    description: mapping.description,
    reference: mapping.reference,
    currency: mapping.currency,
  };
  if (mapping.amount === undefined && mapping.debit === undefined && mapping.credit === undefined) {
    yield rejected(0, 'missing_field', 'mapping needs an amount column or debit/credit columns');
    return;
  }
  for await (const row of csvRows(source, mapping.delimiter ?? ',')) {
    if ('error' in row) {
      yield rejected(row.line, 'malformed_row', row.error);
      continue;
    }
    if (columns === null) {
      const resolved = resolveColumns(refs, mapping.hasHeader ? row.fields : null);
      if (!resolved.ok) {
        yield rejected(row.line, 'missing_field', `header has no column "${resolved.missing}"`);
        return;
      }
      columns = resolved.index;
      if (mapping.hasHeader) continue;
    }
    yield bankRow(row.line, row.fields, columns, options, fingerprinter);
  }
}

function bankRow(
  line: number,
  fields: string[],
  col: Partial<Record<Col, number>>,
  options: BankCsvOptions,
  fingerprinter: RowFingerprinter,
): ImportItem<BankLine> {
  const { mapping } = options;
  const at = (k: Col): string | undefined => (col[k] === undefined ? undefined : fields[col[k] as number]);
  const currency = col.currency === undefined ? parseCurrency(options.currency) : parseCurrency(at('currency'));
  if (currency === null) return rejected(line, 'bad_currency', `currency "${at('currency') ?? options.currency}"`);
  const rawDate = at('date');
  if (rawDate === undefined || rawDate.trim() === '') return rejected(line, 'missing_field', 'date is empty');
  const date = parseDate(rawDate, mapping.dateFormat);
  if (date === null) return rejected(line, 'bad_date', `"${rawDate}" is not ${mapping.dateFormat}`);
  const digits = minorDigits(currency);
  let amountMinor = 0n;
  if (col.amount !== undefined) {
    const a = parseAmount(at('amount') ?? '', mapping.decimalSeparator, digits);
    if (a === null) return rejected(line, 'bad_amount', `amount "${at('amount') ?? ''}"`);
    amountMinor = a;
  } else {
    const debitText = (at('debit') ?? '').trim();
    const creditText = (at('credit') ?? '').trim();
    if (debitText === '' && creditText === '')
      return rejected(line, 'missing_field', 'both debit and credit are empty');
    const debit = debitText === '' ? 0n : parseAmount(debitText, mapping.decimalSeparator, digits);
    const credit = creditText === '' ? 0n : parseAmount(creditText, mapping.decimalSeparator, digits);
    if (debit === null || credit === null)
      return rejected(line, 'bad_amount', `debit "${debitText}" credit "${creditText}"`);
    // Banks print debits either as positive figures in a debit column or already negative.
    amountMinor = credit - (debit < 0n ? -debit : debit);
  }
  const description = cleanText(at('description'));
  const reference = cleanText(at('reference'));
  return {
    kind: 'accepted',
    line,
    record: bankLine(fingerprinter, options.account, date, amountMinor, currency, description, reference),
  };
}

/**
 * Builds a bank line whose id is its row fingerprint (shared by every bank-statement importer);
 * `bankTransactionId` (OFX FITID, camt AcctSvcrRef) joins the fingerprint when the format has one.
 */
export function bankLine(
  fingerprinter: RowFingerprinter,
  account: string,
  date: string,
  amountMinor: bigint,
  currency: string,
  description: string,
  reference: string,
  bankTransactionId = '',
): BankLine {
  const id = fingerprinter.next([
    date,
    amountMinor.toString(),
    currency,
    normalizeForFingerprint(description),
    normalizeForFingerprint(reference),
    bankTransactionId,
  ]);
  const out: BankLine = { id, account, date, amountMinor, currency, description };
  if (reference !== '') out.reference = reference;
  return out;
}
