// ISO 20022 camt.053 bank-to-customer statements, streamed with the saxes XML parser.
import { SaxesParser } from 'saxes';
import type { BankLine } from '../core/records.js';
import { bankLine } from './csv-bank.js';
import { cleanText, minorDigits, parseAmount, parseCurrency, parseDate } from './fields.js';
import { RowFingerprinter } from './fingerprint.js';
import { type ImportItem, type ImportSource, rejected, textChunks } from './types.js';

/** Options of a camt.053 import; the account defaults to the statement's Acct/Id (IBAN or Othr/Id). */
export interface Camt053Options {
  account?: string;
}

interface Entry {
  line: number;
  currency: string;
  fields: Map<string, string>;
}

/**
 * Streams the Ntry elements of a camt.053 file (any version from .001.02 on) as bank lines.
 * Only the open entry and the element path are held; parsed entries leave after each chunk.
 * An XML syntax error cannot be resynchronised, so it ends the import with a rejection at its line.
 */
export async function* importCamt053(
  source: ImportSource,
  options: Camt053Options = {},
): AsyncGenerator<ImportItem<BankLine>> {
  const parser = new SaxesParser({ position: true });
  const path: string[] = [];
  const out: ImportItem<BankLine>[] = [];
  let account = options.account ?? '';
  const fingerprinters = new Map<string, RowFingerprinter>();
  let entry: Entry | null = null;
  let text = '';
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    path.push(name);
    text = '';
    if (name === 'Ntry') entry = { line: parser.line, currency: '', fields: new Map() };
    else if (name === 'Stmt' && options.account === undefined) account = '';
    else if (entry !== null && name === 'Amt' && path[path.length - 2] === 'Ntry')
      entry.currency = String(tag.attributes.Ccy ?? '');
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('closetag', () => {
    const name = path.pop() ?? '';
    const e = entry as Entry | null;
    if (e !== null && name === 'Ntry') {
      // One fingerprinter per account: a file may hold several statements of several accounts.
      const fp = fingerprinters.get(account) ?? new RowFingerprinter(account);
      fingerprinters.set(account, fp);
      out.push(entryToLine(e, account, fp));
      entry = null;
    } else if (e !== null) {
      const rel = path
        .slice(path.lastIndexOf('Ntry') + 1)
        .concat(name)
        .join('/');
      const value = text.trim();
      if (value !== '') {
        const prev = e.fields.get(rel);
        e.fields.set(rel, prev === undefined ? value : rel.endsWith('Ustrd') ? `${prev} ${value}` : prev);
      }
    } else if (options.account === undefined && account === '' && isAccountId(path, name)) {
      account = text.trim();
    }
    text = '';
  });
  try {
    for await (const chunk of textChunks(source)) {
      parser.write(chunk);
      while (out.length > 0) yield out.shift() as ImportItem<BankLine>;
    }
    parser.close();
  } catch (error) {
    while (out.length > 0) yield out.shift() as ImportItem<BankLine>;
    yield rejected(parser.line, 'malformed_row', `XML error, import stopped: ${(error as Error).message}`);
    return;
  }
  while (out.length > 0) yield out.shift() as ImportItem<BankLine>;
}

/** True at the statement account's IBAN or Othr/Id element. */
function isAccountId(path: readonly string[], name: string): boolean {
  const at = path.join('/');
  return (name === 'IBAN' && at.endsWith('Stmt/Acct/Id')) || (name === 'Id' && at.endsWith('Stmt/Acct/Id/Othr'));
}

function localName(qualified: string): string {
  const i = qualified.indexOf(':');
  return i < 0 ? qualified : qualified.slice(i + 1);
}

function find(fields: Map<string, string>, suffix: string): string | undefined {
  for (const [k, v] of fields) if (k === suffix || k.endsWith(`/${suffix}`)) return v;
  return undefined;
}

function entryToLine(e: Entry, account: string, fingerprinter: RowFingerprinter): ImportItem<BankLine> {
  const currency = parseCurrency(e.currency);
  if (currency === null) return rejected(e.line, 'bad_currency', `Amt Ccy "${e.currency}"`);
  const amountText = e.fields.get('Amt');
  if (amountText === undefined) return rejected(e.line, 'missing_field', 'Ntry has no Amt');
  const magnitude = parseAmount(amountText, '.', minorDigits(currency));
  if (magnitude === null || magnitude < 0n) return rejected(e.line, 'bad_amount', `Amt "${amountText}"`);
  const indicator = e.fields.get('CdtDbtInd');
  if (indicator !== 'CRDT' && indicator !== 'DBIT')
    return rejected(e.line, 'missing_field', `CdtDbtInd "${indicator ?? ''}"`);
  const rawDate = e.fields.get('BookgDt/Dt') ?? e.fields.get('BookgDt/DtTm') ?? e.fields.get('ValDt/Dt');
  if (rawDate === undefined) return rejected(e.line, 'missing_field', 'Ntry has no BookgDt');
  const date = parseDate(rawDate, 'yyyy-mm-dd');
  if (date === null) return rejected(e.line, 'bad_date', `BookgDt "${rawDate}"`);
  // The counterparty is the creditor on a debit and the debtor on a credit.
  const party = indicator === 'DBIT' ? 'Cdtr' : 'Dbtr';
  const name = find(e.fields, `${party}/Nm`) ?? find(e.fields, `${party}/Pty/Nm`);
  const description = cleanText(
    [name, find(e.fields, 'RmtInf/Ustrd'), e.fields.get('AddtlNtryInf')].filter((x) => x !== undefined).join(' '),
  );
  const endToEnd = find(e.fields, 'Refs/EndToEndId');
  const reference = cleanText(
    find(e.fields, 'CdtrRefInf/Ref') ??
      (endToEnd !== undefined && endToEnd !== 'NOTPROVIDED' ? endToEnd : undefined) ??
      e.fields.get('NtryRef'),
  );
  const amountMinor = indicator === 'DBIT' ? -magnitude : magnitude;
  const bankId = e.fields.get('AcctSvcrRef') ?? find(e.fields, 'Refs/AcctSvcrRef') ?? '';
  return {
    kind: 'accepted',
    line: e.line,
    record: bankLine(fingerprinter, account, date, amountMinor, currency, description, reference, bankId),
  };
}
