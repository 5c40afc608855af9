import { describe, expect, it } from 'vitest';
import { importCamt053 } from './camt053.js';
import { chunked, collect, lineOf } from './test-helpers.js';

const camt = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
 <BkToCstmrStmt>
  <GrpHdr><MsgId>M1</MsgId><CreDtTm>2025-02-01T06:00:00</CreDtTm></GrpHdr>
  <Stmt>
   <Id>S1</Id>
   <Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy></Acct>
   <Ntry>
    <NtryRef>E1</NtryRef>
    <Amt Ccy="EUR">250.75</Amt>
    <CdtDbtInd>DBIT</CdtDbtInd>
    <Sts><Cd>BOOK</Cd></Sts>
    <BookgDt><Dt>2025-01-15</Dt></BookgDt>
    <AcctSvcrRef>BANK-001</AcctSvcrRef>
    <NtryDtls><TxDtls>
     <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
     <RltdPties><Cdtr><Pty><Nm>Acme Supplies BV</Nm></Pty></Cdtr></RltdPties>
     <RmtInf><Ustrd>Invoice 2025-17</Ustrd><Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf>
    </TxDtls></NtryDtls>
   </Ntry>
   <Ntry>
    <Amt Ccy="EUR">abc</Amt>
    <CdtDbtInd>DBIT</CdtDbtInd>
    <BookgDt><Dt>2025-01-16</Dt></BookgDt>
   </Ntry>
   <Ntry>
    <Amt Ccy="EUR">1000.00</Amt>
    <CdtDbtInd>CRDT</CdtDbtInd>
    <BookgDt><DtTm>2025-01-17T10:00:00</DtTm></BookgDt>
    <NtryDtls><TxDtls><Refs><EndToEndId>E2E-9</EndToEndId></Refs><RltdPties><Dbtr><Nm>Customer Ltd</Nm></Dbtr></RltdPties></TxDtls></NtryDtls>
   </Ntry>
  </Stmt>
 </BkToCstmrStmt>
</Document>`;

describe('importCamt053', () => {
  it('reads entries with sign, booking date, counterparty, remittance and reference', async () => {
    const r = await collect(importCamt053(chunked(camt, 17)));
    expect(r.records).toEqual([
      expect.objectContaining({
        account: 'NL91ABNA0417164300',
        date: '2025-01-15',
        amountMinor: -25075n,
        currency: 'EUR',
        description: 'Acme Supplies BV Invoice 2025-17',
        reference: 'RF18539007547034',
      }),
      expect.objectContaining({
        date: '2025-01-17',
        amountMinor: 100000n,
        description: 'Customer Ltd',
        reference: 'E2E-9',
      }),
    ]);
    expect(r.lines).toEqual([lineOf(camt, '<Ntry>', 1), lineOf(camt, '<Ntry>', 3)]);
    expect(r.rejections).toEqual([
      { line: lineOf(camt, '<Ntry>', 2), reason: 'bad_amount', detail: expect.stringContaining('abc') },
    ]);
  });

  it('ends with a rejection at the line of an XML syntax error, keeping what came before', async () => {
    const broken = camt.replace('<Amt Ccy="EUR">1000.00</Amt>', '<Amt Ccy="EUR">1000.00</Amount>');
    const r = await collect(importCamt053(chunked(broken, 17)));
    expect(r.records).toHaveLength(1);
    expect(r.rejections.at(-1)).toMatchObject({ line: lineOf(broken, '</Amount>'), reason: 'malformed_row' });
  });

  it('fingerprints the same file the same way twice', async () => {
    const a = await collect(importCamt053(chunked(camt, 5)));
    const b = await collect(importCamt053(chunked(camt, 50)));
    expect(b.records.map((x) => x.id)).toEqual(a.records.map((x) => x.id));
  });
});
