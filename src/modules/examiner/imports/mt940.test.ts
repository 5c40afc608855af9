import { describe, expect, it } from 'vitest';
import { importMt940 } from './mt940.js';
import { chunked, collect, lineOf } from './test-helpers.js';

const mt940 = [
  ':20:STARTUMSE',
  ':25:10020030/1234567',
  ':28C:00001/001',
  ':60F:C241230EUR1000,00',
  ':61:2412301230D120,50NTRFINV-77//BANKREF1',
  ':86:005?00Lastschrift?20ACME SUPPLIES',
  '?21Invoice 77',
  ':61:2501020102C15,00NTRFNONREF',
  ':86:Refund',
  ':61:25010X0102D1,00NTRFNONREF',
  ':86:Broken date',
  ':61:2412311231D5,5NMSCNONREF',
  ':62F:C250102EUR893,50',
  '-',
].join('\r\n');

describe('importMt940', () => {
  it('reads :61: lines with their :86: details, sign and booking date', async () => {
    const r = await collect(importMt940(chunked(mt940, 6)));
    expect(r.records.map((x) => [x.date, x.amountMinor, x.description, x.reference])).toEqual([
      ['2024-12-30', -12050n, '005 Lastschrift ACME SUPPLIES Invoice 77', 'INV-77'],
      ['2025-01-02', 1500n, 'Refund', undefined],
      ['2024-12-31', -550n, '', undefined],
    ]);
    expect(r.records[0]).toMatchObject({ account: '10020030/1234567', currency: 'EUR' });
    expect(r.lines).toEqual([lineOf(mt940, ':61:', 1), lineOf(mt940, ':61:', 2), lineOf(mt940, ':61:', 4)]);
    expect(r.rejections).toEqual([
      { line: lineOf(mt940, ':61:', 3), reason: 'malformed_row', detail: expect.stringContaining('25010X') },
    ]);
  });

  it('fingerprints the same file the same way twice', async () => {
    const a = await collect(importMt940(chunked(mt940, 3)));
    const b = await collect(importMt940(chunked(mt940, 64)));
    expect(b.records.map((x) => x.id)).toEqual(a.records.map((x) => x.id));
  });
});
