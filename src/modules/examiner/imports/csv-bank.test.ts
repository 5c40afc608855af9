import { describe, expect, it } from 'vitest';
import { type BankCsvOptions, importBankCsv } from './csv-bank.js';
import { chunked, collect } from './test-helpers.js';

const signed: BankCsvOptions = {
  account: 'DE44500105175407324931',
  currency: 'EUR',
  mapping: {
    date: 'Date',
    amount: 'Amount',
    description: 'Text',
    reference: 'Ref',
    dateFormat: 'dd.mm.yyyy',
    decimalSeparator: ',',
    delimiter: ';',
    hasHeader: true,
  },
};

const file = [
  'Date;Amount;Text;Ref',
  '02.01.2025;-1.234,56;Acme Supplies;INV-1',
  '03.01.2025;12,00;Refund "Shop";',
  '31.02.2025;-5,00;Impossible date;',
  '04.01.2025;12,3,4;Bad amount;',
  '05.01.2025;-7,5;Coffee;',
  '05.01.2025;-7,5;Coffee;',
].join('\n');

describe('importBankCsv', () => {
  it('accepts good rows, rejects bad ones with line and reason, across chunk boundaries', async () => {
    const r = await collect(importBankCsv(chunked(file, 5), signed));
    expect(r.records.map((x) => x.amountMinor)).toEqual([-123456n, 1200n, -750n, -750n]);
    expect(r.lines).toEqual([2, 3, 6, 7]);
    expect(r.records[0]).toMatchObject({
      date: '2025-01-02',
      currency: 'EUR',
      description: 'Acme Supplies',
      reference: 'INV-1',
    });
    expect(r.rejections).toEqual([
      { line: 4, reason: 'bad_date', detail: expect.stringContaining('31.02.2025') },
      { line: 5, reason: 'bad_amount', detail: expect.stringContaining('12,3,4') },
    ]);
  });

  it('gives identical rows distinct fingerprints and the same ones on re-import', async () => {
    const first = await collect(importBankCsv(chunked(file, 11), signed));
    const second = await collect(importBankCsv(chunked(file, 3), signed));
    const ids = first.records.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(second.records.map((x) => x.id)).toEqual(ids);
    const other = await collect(importBankCsv(chunked(file, 11), { ...signed, account: 'OTHER' }));
    expect(other.records[0]?.id).not.toBe(ids[0]);
  });

  it('reads debit and credit columns by index without a header', async () => {
    const text = '2025-01-02,100.00,,Rent\n2025-01-03,,25.50,Refund\n2025-01-04,,,Empty\n';
    const r = await collect(
      importBankCsv(chunked(text), {
        account: 'A',
        currency: 'usd',
        mapping: {
          date: 0,
          debit: 1,
          credit: 2,
          description: 3,
          dateFormat: 'yyyy-mm-dd',
          decimalSeparator: '.',
          hasHeader: false,
        },
      }),
    );
    expect(r.records.map((x) => [x.amountMinor, x.currency])).toEqual([
      [-10000n, 'USD'],
      [2550n, 'USD'],
    ]);
    expect(r.rejections).toEqual([{ line: 3, reason: 'missing_field', detail: expect.any(String) }]);
  });

  it('reports an unclosed quote, which by RFC 4180 runs to the end of the file', async () => {
    const text = 'Date;Amount;Text;Ref\n01.01.2025;-3,00;fine;\n02.01.2025;-1,00;"broken;x\n03.01.2025;-2,00;ok;\n';
    const r = await collect(importBankCsv(chunked(text), signed));
    expect(r.records.map((x) => x.amountMinor)).toEqual([-300n]);
    expect(r.rejections).toEqual([
      { line: 4, reason: 'malformed_row', detail: expect.stringContaining('Quote Not Closed') },
    ]);
  });

  it('stops with one rejection when the header lacks a mapped column', async () => {
    const r = await collect(importBankCsv(chunked('When;Amount;Text;Ref\n02.01.2025;1,00;x;\n'), signed));
    expect(r.records).toEqual([]);
    expect(r.rejections).toEqual([{ line: 1, reason: 'missing_field', detail: expect.stringContaining('Date') }]);
  });
});
