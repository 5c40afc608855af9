// Field parsing shared by the importers: amounts in minor units, dates in several layouts, currencies.
import { parseDecimalToMinor } from '../../../kernel/index.js';
import { daysInMonth } from '../core/dates.js';
import { importLimits } from './limits.js';

/** ISO 4217 currencies whose minor unit is not two decimals (ISO 4217 list one, the exceptions in use). */
const minorDigitsExceptions: Record<string, number> = {
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
};

/** Decimal places of a currency's minor unit. */
export function minorDigits(currency: string): number {
  return minorDigitsExceptions[currency] ?? 2;
}

/** Upper-cased ISO 4217 code, or null when the text is not three letters. */
export function parseCurrency(text: string | undefined): string | null {
  const c = (text ?? '').trim().toUpperCase();
  return /^[A-Z]{3}$/.test(c) ? c : null;
}

/**
 * Parses a bank-style amount into minor units: thousands separators, a decimal comma or point,
 * a leading or trailing minus, parentheses for negatives and currency symbols are accepted.
 * Returns null for anything ambiguous, and for more decimals than the currency has.
 */
export function parseAmount(text: string, decimalSeparator: '.' | ',', digits: number): bigint | null {
  let t = text.trim().replace(/[\s\u00a0'€$£¥]/g, '');
  let negative = false;
  if (t.startsWith('(') && t.endsWith(')')) {
    negative = true;
    t = t.slice(1, -1);
  }
  if (t.endsWith('-')) {
    negative = !negative;
    t = t.slice(0, -1);
  }
  if (t.startsWith('-')) {
    negative = !negative;
    t = t.slice(1);
  } else if (t.startsWith('+')) t = t.slice(1);
  const thousands = decimalSeparator === '.' ? ',' : '.';
  if (t.includes(thousands)) {
    // Thousands separators must group digits in threes, or the number is ambiguous.
    const [whole, ...rest] = t.split(decimalSeparator);
    if (rest.length > 1 || !/^\d{1,3}(Q\d{3})*$/.test((whole ?? '').replaceAll(thousands, 'Q'))) return null;
    t = (whole ?? '').replaceAll(thousands, '') + (rest.length ? `.${rest[0]}` : '');
  } else if (decimalSeparator === ',') t = t.replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const minor = parseDecimalToMinor(t, digits);
  if (minor === null) return null;
  return negative ? -minor : minor;
}

/** Date layouts the column mappings may name. */
export type DateFormat = 'yyyy-mm-dd' | 'dd/mm/yyyy' | 'mm/dd/yyyy' | 'dd.mm.yyyy' | 'yyyymmdd' | 'yymmdd';

/** Parses a date in the given layout into `yyyy-mm-dd`, or null when malformed or impossible. */
export function parseDate(text: string, format: DateFormat): string | null {
  const t = text.trim();
  let y: number;
  let m: number;
  let d: number;
  let match: RegExpExecArray | null;
  switch (format) {
    case 'yyyy-mm-dd':
      match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(t);
      if (!match) return null;
      [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
      break;
    case 'dd/mm/yyyy':
    case 'mm/dd/yyyy':
    case 'dd.mm.yyyy':
      match = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t);
      if (!match) return null;
      [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
      if (format === 'mm/dd/yyyy') [d, m] = [m, d];
      break;
    case 'yyyymmdd':
      match = /^(\d{4})(\d{2})(\d{2})/.exec(t);
      if (!match) return null;
      [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
      break;
    case 'yymmdd':
      match = /^(\d{2})(\d{2})(\d{2})$/.exec(t);
      if (!match) return null;
      // SWIFT MT940 two-digit years: 00-79 are 20xx, 80-99 are 19xx (the usual banking pivot).
      y = Number(match[1]) < 80 ? 2000 + Number(match[1]) : 1900 + Number(match[1]);
      [m, d] = [Number(match[2]), Number(match[3])];
      break;
  }
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || y < 1900 || y > 2999) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Trims a text field and bounds its length. */
export function cleanText(text: string | undefined): string {
  return (text ?? '').trim().replace(/\s+/g, ' ').slice(0, importLimits.fieldCharsMax);
}
