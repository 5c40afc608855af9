import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importExpensesXlsx } from './expenses-xlsx.js';
import { collect } from './test-helpers.js';

async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Expenses');
  ws.addRow(['Date', 'Amount', 'Vendor', 'Description']);
  ws.addRow([new Date(Date.UTC(2025, 0, 2)), 42.1, 'Acme Supplies', 'Toner']);
  ws.addRow(['2025-01-03', '19.99', 'Streamly', 'Plan']);
  ws.addRow(['not a date', 5, 'Coffee', '']);
  ws.addRow([new Date(Date.UTC(2025, 0, 4)), 'abc', 'Coffee', '']);
  ws.addRow([new Date(Date.UTC(2025, 0, 5)), 0.1 + 0.2, 'Float Noise Ltd', '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const options = {
  columns: { date: 'Date', amount: 'Amount', vendor: 'Vendor', description: 'Description' },
  currency: 'EUR',
  dateFormat: 'yyyy-mm-dd' as const,
  decimalSeparator: '.' as const,
  hasHeader: true,
};

describe('importExpensesXlsx', () => {
  it('streams rows, reading date cells, text dates and float cells exactly', async () => {
    const r = await collect(importExpensesXlsx(Readable.from([await workbook()]), options));
    expect(r.records.map((x) => [x.date, x.amountMinor, x.vendor])).toEqual([
      ['2025-01-02', 4210n, 'Acme Supplies'],
      ['2025-01-03', 1999n, 'Streamly'],
      ['2025-01-05', 30n, 'Float Noise Ltd'],
    ]);
    expect(r.lines).toEqual([2, 3, 6]);
    expect(r.rejections.map((x) => [x.line, x.reason])).toEqual([
      [4, 'bad_date'],
      [5, 'bad_amount'],
    ]);
  });

  it('gives the same ids on re-import', async () => {
    const buffer = await workbook();
    const a = await collect(importExpensesXlsx(Readable.from([buffer]), options));
    const b = await collect(importExpensesXlsx(Readable.from([buffer]), options));
    expect(b.records.map((x) => x.id)).toEqual(a.records.map((x) => x.id));
  });
});
