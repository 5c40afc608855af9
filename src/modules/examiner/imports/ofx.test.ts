import { describe, expect, it } from 'vitest';
import { importOfx } from './ofx.js';
import { chunked, collect, lineOf } from './test-helpers.js';

const sgml = `OFXHEADER:100
DATA:OFXSGML
VERSION:102

<OFX>
<BANKMSGSRSV1><STMTTRNRS><STMTRS>
<CURDEF>USD
<BANKACCTFROM><BANKID>121000248<ACCTID>987654321<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST>
<DTSTART>20250101<DTEND>20250131
<STMTTRN>
<TRNTYPE>DEBIT
<DTPOSTED>20250105120000[-5:EST]
<TRNAMT>-42.10
<FITID>2025010501
<NAME>ACME SUPPLIES
<MEMO>Order 77
</STMTTRN>
<STMTTRN>
<TRNTYPE>DEBIT
<DTPOSTED>20250107
<TRNAMT>-1O.00
<FITID>2025010701
<NAME>TYPO AMOUNT
</STMTTRN>
<STMTTRN>
<TRNTYPE>CREDIT
<DTPOSTED>20250108
<TRNAMT>1000.00
<FITID>2025010801
<NAME>CUSTOMER PAYMENT
<REFNUM>R-5
</STMTTRN>
</BANKTRANLIST>
</STMTRS></STMTTRNRS></BANKMSGSRSV1>
</OFX>
`;

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<?OFX OFXHEADER="200" VERSION="220"?>
<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS>
<CURDEF>EUR</CURDEF>
<CCACCTFROM><ACCTID>4111XXXX1111</ACCTID></CCACCTFROM>
<BANKTRANLIST>
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20250302</DTPOSTED><TRNAMT>-9.99</TRNAMT><FITID>A1</FITID><NAME>STREAMING CO</NAME></STMTTRN>
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20251302</DTPOSTED><TRNAMT>-1.00</TRNAMT><FITID>A2</FITID><NAME>BAD MONTH</NAME></STMTTRN>
</BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>`;

describe('importOfx', () => {
  it('reads OFX 1.x SGML with the account and currency of the statement', async () => {
    const r = await collect(importOfx(chunked(sgml, 9)));
    expect(r.records).toHaveLength(2);
    expect(r.records[0]).toMatchObject({
      account: '987654321',
      date: '2025-01-05',
      amountMinor: -4210n,
      currency: 'USD',
      description: 'ACME SUPPLIES Order 77',
    });
    expect(r.records[1]).toMatchObject({ amountMinor: 100000n, reference: 'R-5' });
    expect(r.lines).toEqual([lineOf(sgml, '<STMTTRN>', 1), lineOf(sgml, '<STMTTRN>', 3)]);
    expect(r.rejections).toEqual([
      { line: lineOf(sgml, '<STMTTRN>', 2), reason: 'bad_amount', detail: expect.stringContaining('1O.00') },
    ]);
  });

  it('reads OFX 2.x XML (QFX alike)', async () => {
    const r = await collect(importOfx(chunked(xml, 13)));
    expect(r.records).toEqual([
      expect.objectContaining({
        account: '4111XXXX1111',
        amountMinor: -999n,
        currency: 'EUR',
        description: 'STREAMING CO',
      }),
    ]);
    expect(r.rejections).toEqual([
      { line: lineOf(xml, 'BAD MONTH'), reason: 'bad_date', detail: expect.stringContaining('20251302') },
    ]);
  });

  it('fingerprints the same file the same way twice', async () => {
    const a = await collect(importOfx(chunked(sgml, 4)));
    const b = await collect(importOfx(chunked(sgml, 100)));
    expect(b.records.map((x) => x.id)).toEqual(a.records.map((x) => x.id));
  });
});
