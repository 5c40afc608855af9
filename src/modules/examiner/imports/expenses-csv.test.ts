import { describe, expect, it } from 'vitest';
import { type ExpenseCsvOptions, importExpensesCsv } from './expenses-csv.js';
import { chunked, collect } from './test-helpers.js';

const options: ExpenseCsvOptions = {
  columns: {
    date: 'date',
    amount: 'amount',
    vendor: 'vendor',
    description: 'memo',
    category: 'category',
    reference: 'invoice',
    currency: 'currency',
  },
  currency: 'EUR',
  dateFormat: 'yyyy-mm-dd',
  decimalSeparator: '.',
  hasHeader: true,
};

const file = `date,amount,vendor,memo,category,invoice,currency
2025-01-02,"1,250.00",Acme Supplies,Paper,office,INV-1,
2025-01-03,9.99,Streamly,,software,,usd
2025-01-04,12.00,,Lunch,meals,,
2025-01-05,3.999,Coffee Shop,,meals,,
2025-01-06,15000,Tokyo Hotel,,travel,,JPY
2025-01-07,4.50,Coffee Shop,,meals,,EURO
`;

describe('importExpensesCsv', () => {
  it('accepts good rows with exact minor units per currency and rejects bad ones with line and reason', async () => {
    const r = await collect(importExpensesCsv(chunked(file, 9), options));
    expect(r.records.map((x) => [x.amountMinor, x.currency])).toEqual([
      [125000n, 'EUR'],
      [999n, 'USD'],
      [15000n, 'JPY'],
    ]);
    expect(r.records[0]).toMatchObject({
      vendor: 'Acme Supplies',
      description: 'Paper',
      category: 'office',
      reference: 'INV-1',
      date: '2025-01-02',
    });
    expect(r.lines).toEqual([2, 3, 6]);
    expect(r.rejections.map((x) => [x.line, x.reason])).toEqual([
      [4, 'missing_field'],
      [5, 'bad_amount'],
      [7, 'bad_currency'],
    ]);
  });

  it('makes re-import a no-op: same ids, and identical rows keep distinct ids', async () => {
    const twice = `${file}2025-01-03,9.99,Streamly,,software,,usd\n`;
    const a = await collect(importExpensesCsv(chunked(twice, 4), options));
    const b = await collect(importExpensesCsv(chunked(twice, 40), options));
    expect(b.records.map((x) => x.id)).toEqual(a.records.map((x) => x.id));
    expect(new Set(a.records.map((x) => x.id)).size).toBe(a.records.length);
  });
});
