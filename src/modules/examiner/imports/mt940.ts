// SWIFT MT940 customer statements, read line by line: :25: account, :60F: currency, :61: lines with their :86: details.
import type { BankLine } from '../core/records.js';
import { bankLine } from './csv-bank.js';
import { cleanText, minorDigits, parseAmount, parseCurrency, parseDate } from './fields.js';
import { RowFingerprinter } from './fingerprint.js';
import { numberedLines } from './lines.js';
import { type ImportItem, type ImportSource, rejected } from './types.js';

/** Options of an MT940 import; the account defaults to the :25: field. */
export interface Mt940Options {
  account?: string;
}

interface Open {
  line: number;
  tag61: string;
  info: string;
}

/**
 * :61: layout (SWIFT MT940 field 61): value date YYMMDD, optional entry date MMDD, debit/credit mark
 * (C, D, RC, RD), optional funds code, amount with a decimal comma, transaction type (N/F/S + 3),
 * customer reference, optional //bank reference.
 */
const field61 = /^(\d{6})(\d{4})?(RC|RD|C|D)([A-Z])?(\d+,\d*)([NFS][A-Z0-9]{3})([^/]*)(?:\/\/(.*))?$/;

/** Streams the statement lines of an MT940 file (one or many statements) as bank lines or rejections. */
export async function* importMt940(
  source: ImportSource,
  options: Mt940Options = {},
): AsyncGenerator<ImportItem<BankLine>> {
  let account = options.account ?? '';
  let currency = '';
  let open: Open | null = null;
  let lastTag = '';
  const fingerprinters = new Map<string, RowFingerprinter>();
  const flush = (): ImportItem<BankLine> | null => {
    if (open === null) return null;
    let fp = fingerprinters.get(account);
    if (fp === undefined) {
      fp = new RowFingerprinter(account);
      fingerprinters.set(account, fp);
    }
    const item = statementLine(open, account, currency, fp);
    open = null;
    return item;
  };
  for await (const { line, text: raw, tooLong } of numberedLines(source)) {
    if (tooLong) {
      yield rejected(line, 'malformed_row', 'line too long');
      continue;
    }
    const text = raw.startsWith('{4:') ? raw.slice(3) : raw;
    const tag = /^:(\d{2}[A-Z]?):(.*)$/.exec(text);
    if (tag === null) {
      // Continuation lines belong to the previous field; envelope lines ({1:..., -}) carry nothing.
      if (
        open !== null &&
        (lastTag === '86' || lastTag === '61') &&
        !/^-}?$/.test(text.trim()) &&
        !text.startsWith('{')
      ) {
        if (lastTag === '86') open.info += ` ${text}`;
      }
      continue;
    }
    const [, name, value] = tag as unknown as [string, string, string];
    lastTag = name;
    if (name === '61' || name === '20' || name.startsWith('62')) {
      const done = flush();
      if (done !== null) yield done;
    }
    if (name === '25' && options.account === undefined) account = value.trim();
    else if (name === '60F' || name === '60M') currency = value.slice(7, 10);
    else if (name === '61') open = { line, tag61: value.trim(), info: '' };
    else if (name === '86' && open !== null) open.info = value;
  }
  const done = flush();
  if (done !== null) yield done;
}

function statementLine(open: Open, account: string, currencyText: string, fp: RowFingerprinter): ImportItem<BankLine> {
  const currency = parseCurrency(currencyText);
  if (currency === null) return rejected(open.line, 'bad_currency', `no currency in :60F: ("${currencyText}")`);
  const m = field61.exec(open.tag61);
  if (m === null)
    return rejected(open.line, 'malformed_row', `:61: "${open.tag61}" does not follow the field 61 layout`);
  const [, valueDate, entryDate, mark, , amountText, , customerRef, bankRef] = m as unknown as string[];
  const value = parseDate(valueDate as string, 'yymmdd');
  if (value === null) return rejected(open.line, 'bad_date', `value date "${valueDate}"`);
  const date = entryDate === undefined ? value : bookingDate(value, entryDate);
  if (date === null) return rejected(open.line, 'bad_date', `entry date "${entryDate}"`);
  const magnitude = parseAmount(amountText as string, ',', minorDigits(currency));
  if (magnitude === null) return rejected(open.line, 'bad_amount', `amount "${amountText}"`);
  // D is money out; RC (reversal of a credit) also takes money out; RD gives it back.
  const amountMinor = mark === 'D' || mark === 'RC' ? -magnitude : magnitude;
  const description = cleanText(open.info.replace(/\?\d{2}/g, ' '));
  const ref = (customerRef ?? '').trim();
  const reference = ref === 'NONREF' ? '' : cleanText(ref);
  return {
    kind: 'accepted',
    line: open.line,
    record: bankLine(fp, account, date, amountMinor, currency, description, reference, (bankRef ?? '').trim()),
  };
}

/** The entry (booking) date MMDD takes the value date's year, moved across a year end when needed. */
function bookingDate(valueIso: string, mmdd: string): string | null {
  let year = Number(valueIso.slice(0, 4));
  const valueMonth = Number(valueIso.slice(5, 7));
  const month = Number(mmdd.slice(0, 2));
  if (valueMonth === 12 && month === 1) year++;
  if (valueMonth === 1 && month === 12) year--;
  return parseDate(`${year}${mmdd}`, 'yyyymmdd');
}
