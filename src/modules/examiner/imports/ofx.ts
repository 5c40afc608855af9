// OFX 1.x (SGML, unclosed elements) and 2.x (XML) statements, QFX included, streamed tag by tag.
import type { BankLine } from '../core/records.js';
import { bankLine } from './csv-bank.js';
import { cleanText, minorDigits, parseAmount, parseCurrency, parseDate } from './fields.js';
import { RowFingerprinter } from './fingerprint.js';
import { importLimits } from './limits.js';
import { type ImportItem, type ImportSource, rejected, textChunks } from './types.js';

/** Options of an OFX import; the account and currency default to the file's ACCTID and CURDEF. */
export interface OfxOptions {
  account?: string;
  currency?: string;
}

interface Tag {
  name: string;
  value: string;
  line: number;
}

/**
 * Splits OFX text into (tag, text up to the next tag) pairs. This reads both dialects: in SGML an
 * element's value runs to the next '<', and in XML the same text is followed by its closing tag.
 * Only the unfinished tail of the stream is kept between chunks.
 */
export async function* ofxTags(source: ImportSource): AsyncGenerator<Tag> {
  let pending = '';
  let line = 1;
  for await (const chunk of textChunks(source)) {
    pending += chunk;
    let pos = 0;
    for (;;) {
      const lt = pending.indexOf('<', pos);
      if (lt < 0) break;
      const gt = pending.indexOf('>', lt);
      const next = gt < 0 ? -1 : pending.indexOf('<', gt);
      if (next < 0) break;
      line += countNewlines(pending, pos, lt);
      const value = pending.slice(gt + 1, next);
      yield {
        name: pending
          .slice(lt + 1, gt)
          .trim()
          .toUpperCase(),
        value: value.trim(),
        line,
      };
      line += countNewlines(pending, lt, next);
      pos = next;
    }
    pending = pending.slice(pos);
    if (pending.length > importLimits.pendingCharsMax)
      throw new RangeError(`OFX tag near line ${line} exceeds ${importLimits.pendingCharsMax} characters`);
  }
  const lt = pending.indexOf('<');
  const gt = pending.indexOf('>', lt);
  if (lt >= 0 && gt > lt)
    yield {
      name: pending
        .slice(lt + 1, gt)
        .trim()
        .toUpperCase(),
      value: pending.slice(gt + 1).trim(),
      line,
    };
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Streams the STMTTRN transactions of an OFX or QFX file as bank lines or rejections. */
export async function* importOfx(source: ImportSource, options: OfxOptions = {}): AsyncGenerator<ImportItem<BankLine>> {
  let account = options.account ?? '';
  let currency = options.currency ?? '';
  let fingerprinter: RowFingerprinter | null = null;
  let current: { line: number; fields: Map<string, string> } | null = null;
  for await (const tag of ofxTags(source)) {
    if (tag.name === 'STMTTRN' || tag.name === '/STMTTRN' || tag.name === '/BANKTRANLIST') {
      if (current !== null) {
        fingerprinter ??= new RowFingerprinter(account);
        yield transaction(current.line, current.fields, account, currency, fingerprinter);
        current = null;
      }
      if (tag.name === 'STMTTRN') current = { line: tag.line, fields: new Map() };
      continue;
    }
    if (tag.name.startsWith('/') || tag.name.startsWith('?') || tag.name.startsWith('!')) continue;
    if (current !== null) {
      if (!current.fields.has(tag.name)) current.fields.set(tag.name, tag.value);
    } else if (tag.name === 'CURDEF' && options.currency === undefined) currency = tag.value;
    else if (tag.name === 'ACCTID' && options.account === undefined && account === '') account = tag.value;
  }
  if (current !== null)
    yield transaction(current.line, current.fields, account, currency, fingerprinter ?? new RowFingerprinter(account));
}

function transaction(
  line: number,
  f: Map<string, string>,
  account: string,
  currencyText: string,
  fingerprinter: RowFingerprinter,
): ImportItem<BankLine> {
  const currency = parseCurrency(currencyText);
  if (currency === null) return rejected(line, 'bad_currency', `CURDEF "${currencyText}"`);
  const posted = f.get('DTPOSTED');
  if (posted === undefined) return rejected(line, 'missing_field', 'STMTTRN has no DTPOSTED');
  const date = parseDate(posted, 'yyyymmdd');
  if (date === null) return rejected(line, 'bad_date', `DTPOSTED "${posted}"`);
  const amountText = f.get('TRNAMT');
  if (amountText === undefined) return rejected(line, 'missing_field', 'STMTTRN has no TRNAMT');
  // OFX amounts use a point; some European banks emit a comma with no point.
  const separator = amountText.includes(',') && !amountText.includes('.') ? ',' : '.';
  const amountMinor = parseAmount(amountText, separator, minorDigits(currency));
  if (amountMinor === null) return rejected(line, 'bad_amount', `TRNAMT "${amountText}"`);
  const description = cleanText([f.get('NAME'), f.get('MEMO')].filter((x) => x !== undefined && x !== '').join(' '));
  const reference = cleanText(f.get('REFNUM') ?? f.get('CHECKNUM'));
  return {
    kind: 'accepted',
    line,
    record: bankLine(fingerprinter, account, date, amountMinor, currency, description, reference, f.get('FITID') ?? ''),
  };
}
