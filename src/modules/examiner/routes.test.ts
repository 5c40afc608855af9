// The Examiner's HTTP API end to end on an in-memory PGlite: imports, reconciliation, fraud, POV and permissions.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryPglite, type TestDatabase } from '../../../test/helpers/databases.js';
import { adminPassword, bearer, login, type TestNexus, testNexus } from '../../../test/helpers/nexus.js';
import { formatMinor, Prng, seedFromEnv } from '../../kernel/index.js';
import { generateSyntheticTransactions } from './core/fraud/index.js';
import { generateLedger } from './synthetic/generator.js';

const seed = seedFromEnv();
const api = '/api/v1/examiner';
let db: TestDatabase;
let t: TestNexus;
let examinerToken: string;
let judgeToken: string;

const csvCell = (v: string | undefined) => `"${(v ?? '').replaceAll('"', '""')}"`;

async function upload(query: string, body: string | Readable, type = 'text/csv', token = examinerToken) {
  const res = await t.nexus.app.inject({
    method: 'POST',
    url: `${api}/imports${query}`,
    headers: { ...bearer(token), 'content-type': type },
    payload: body,
  });
  return { status: res.statusCode, body: res.json() };
}

async function call(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, token = examinerToken) {
  const res = await t.nexus.app.inject({
    method,
    url: `${api}${url}`,
    headers: bearer(token),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  return { status: res.statusCode, body: res.json() };
}

beforeAll(async () => {
  db = await memoryPglite();
  t = await testNexus(db);
  const admin = (await login(t.nexus.app, 'admin', adminPassword)).body.accessToken;
  for (const role of ['financial_examiner', 'judge']) {
    const res = await t.nexus.app.inject({
      method: 'POST',
      url: '/api/v1/admin/users',
      headers: bearer(admin),
      payload: { username: `u-${role}`, password: 'Examiner-Api-Pass-1', role },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  examinerToken = (await login(t.nexus.app, 'u-financial_examiner', 'Examiner-Api-Pass-1')).body.accessToken;
  judgeToken = (await login(t.nexus.app, 'u-judge', 'Examiner-Api-Pass-1')).body.accessToken;
});
afterAll(async () => {
  await t.close();
  await db.drop();
});

describe('imports', () => {
  const bankCsv = [
    'date,amount,description,reference',
    '2025-01-02,-12.50,Coffee Corner,',
    '2025-01-03,-1O.00,Typo amount,',
    '2025-01-04,-99.99,ACME SUPPLIES,INV-1',
    '2025-01-04,250.00,Refund,',
  ].join('\n');

  it('stores good rows, reports a bad one with its line, and adds nothing on re-import', async () => {
    const first = await upload('?kind=bank&format=csv&account=ACC-1&currency=EUR', bankCsv);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      accepted: 3,
      duplicates: 0,
      rejected: { total: 1, rows: [{ line: 3, reason: 'bad_amount' }] },
    });
    const again = await upload('?kind=bank&format=csv&account=ACC-1&currency=EUR', bankCsv);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 3, rejected: { total: 1 } });
    const lines = await call('GET', '/bank-lines?account=ACC-1');
    expect(lines.body.total).toBe(3);
    expect(lines.body.items.map((i: { amount: string }) => i.amount).sort()).toEqual(['-12.50', '-99.99', '250.00']);
    const batch = await call('GET', `/imports/${first.body.batchId}`);
    expect(batch.body).toMatchObject({ status: 'complete', accepted: 3, rejected: 1, rejections: [{ line: 3 }] });
    const list = await call('GET', '/imports');
    expect(list.body.items).toHaveLength(2);
  });

  it('reads OFX, camt.053 and MT940 through the API', async () => {
    const ofx = [
      'OFXHEADER:100',
      'DATA:OFXSGML',
      '',
      '<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD',
      '<BANKACCTFROM><ACCTID>987654321</BANKACCTFROM><BANKTRANLIST>',
      '<STMTTRN><DTPOSTED>20250105<TRNAMT>-42.10<FITID>F1<NAME>ACME</STMTTRN>',
      '<STMTTRN><DTPOSTED>20250107<TRNAMT>-1O.00<FITID>F2<NAME>TYPO</STMTTRN>',
      '</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>',
    ].join('\n');
    const o = await upload('?kind=bank&format=ofx', ofx, 'application/octet-stream');
    expect(o.body).toMatchObject({ accepted: 1, rejected: { total: 1, rows: [{ line: 7, reason: 'bad_amount' }] } });
    const camt = `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt>
<Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>
<Ntry><Amt Ccy="EUR">250.75</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>2025-01-15</Dt></BookgDt><AcctSvcrRef>B1</AcctSvcrRef></Ntry>
<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2025-01-16</Dt></BookgDt><AcctSvcrRef>B2</AcctSvcrRef></Ntry>
</Stmt></BkToCstmrStmt></Document>`;
    const c = await upload('?kind=bank&format=camt053', camt, 'application/xml');
    expect(c.body).toMatchObject({ accepted: 2, duplicates: 0, rejected: { total: 0 } });
    const mt = [
      ':20:X',
      ':25:10020030/1234567',
      ':60F:C241230EUR1000,00',
      ':61:2412301230D120,50NTRFINV-77//BANKREF1',
      ':86:ACME',
      ':61:25010X0102D1,00NTRFNONREF',
      '-',
    ].join('\r\n');
    const m = await upload('?kind=bank&format=mt940', mt, 'text/plain');
    expect(m.body).toMatchObject({ accepted: 1, rejected: { total: 1, rows: [{ line: 6 }] } });
    const lines = await call('GET', '/bank-lines?account=NL91ABNA0417164300');
    expect(lines.body.items.map((i: { amount: string }) => i.amount)).toEqual(['-250.75', '1.00']);
  });

  it('previews with an unsaved mapping without storing, then imports through a saved mapping', async () => {
    const csv = ['Datum;Betrag;Text', '02.01.2025;-1.234,50;Miete Januar', '03.01.2025;-9,99;Abo'].join('\n');
    const mapping = {
      date: 'Datum',
      amount: 'Betrag',
      description: 'Text',
      dateFormat: 'dd.mm.yyyy',
      decimalSeparator: ',',
      delimiter: ';',
      hasHeader: true,
    };
    const q = `?kind=bank&format=csv&account=DE-1&currency=EUR&mappingJson=${encodeURIComponent(JSON.stringify(mapping))}`;
    const res = await t.nexus.app.inject({
      method: 'POST',
      url: `${api}/imports/preview${q}`,
      headers: { ...bearer(examinerToken), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rows.map((r: { amount: string; date: string }) => [r.date, r.amount])).toEqual([
      ['2025-01-02', '-1234.50'],
      ['2025-01-03', '-9.99'],
    ]);
    expect((await call('GET', '/bank-lines?account=DE-1')).body.total).toBe(0);
    expect((await call('PUT', '/bank-mappings/Sparkasse', { mapping })).status).toBe(200);
    expect((await call('GET', '/bank-mappings/Sparkasse')).body.mapping).toEqual(mapping);
    const imported = await upload('?kind=bank&format=csv&account=DE-1&currency=EUR&mapping=Sparkasse', csv);
    expect(imported.body.accepted).toBe(2);
    expect((await call('GET', '/bank-mappings/Nope')).status).toBe(404);
  });

  it('answers a preview over real HTTP while the rest of a large upload is discarded', async () => {
    const address = await t.nexus.app.listen({ port: 0, host: '127.0.0.1' });
    const rows = Array.from({ length: 20_000 }, (_, i) => `2025-02-01,-${(i % 500) + 1}.00,Row ${i}`);
    const res = await fetch(`${address}${api}/imports/preview?kind=bank&format=csv&account=HTTP&currency=EUR`, {
      method: 'POST',
      headers: { ...bearer(examinerToken), 'content-type': 'text/csv' },
      body: ['date,amount,description', ...rows].join('\n'),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rows: unknown[]; complete: boolean };
    expect(body.rows).toHaveLength(20);
    expect(body.complete).toBe(false);
    // The client keeps the connection alive; close it so that shutting the app down does not wait for it.
    t.nexus.app.server.closeAllConnections();
  });

  it('imports expenses and refuses JSON bodies and unknown formats', async () => {
    const csv = [
      'date,amount,vendor,description,category',
      '2025-01-02,12.50,Coffee Corner,Team coffee,food',
      '2025-13-02,1.00,Bad Date,,',
    ].join('\n');
    const r = await upload('?kind=expenses&format=csv&currency=EUR', csv);
    expect(r.body).toMatchObject({ accepted: 1, rejected: { total: 1, rows: [{ line: 3, reason: 'bad_date' }] } });
    const json = await t.nexus.app.inject({
      method: 'POST',
      url: `${api}/imports?kind=bank&format=ofx`,
      headers: bearer(examinerToken),
      payload: {},
    });
    expect(json.statusCode).toBe(415);
    expect((await upload('?kind=expenses&format=mt940', 'x')).body.code).toBe('format_not_supported');
  });
});

describe('reconciliation', () => {
  it('reconciles a synthetic ledger, and confirm and reject teach', async () => {
    const ledger = generateLedger(new Prng(seed), { expenses: 300, perDay: 20, startDate: '2026-03-01' });
    const bank = [
      'date,amount,description,reference',
      ...ledger.bankLines.map((b) =>
        [b.date, formatMinor(b.amountMinor, 2), csvCell(b.description), csvCell(b.reference)].join(','),
      ),
    ];
    const exp = [
      'date,amount,vendor,description,reference',
      ...ledger.expenses.map((e) =>
        [e.date, formatMinor(e.amountMinor, 2), csvCell(e.vendor), csvCell(e.description), csvCell(e.reference)].join(
          ',',
        ),
      ),
    ];
    const bankMapping = {
      date: 'date',
      amount: 'amount',
      description: 'description',
      reference: 'reference',
      dateFormat: 'yyyy-mm-dd',
      decimalSeparator: '.',
      hasHeader: true,
    };
    const expMapping = {
      columns: { date: 'date', amount: 'amount', vendor: 'vendor', description: 'description', reference: 'reference' },
      dateFormat: 'yyyy-mm-dd',
      decimalSeparator: '.',
      hasHeader: true,
    };
    const b = await upload(
      `?kind=bank&format=csv&account=SYN&currency=EUR&mappingJson=${encodeURIComponent(JSON.stringify(bankMapping))}`,
      bank.join('\n'),
    );
    const e = await upload(
      `?kind=expenses&format=csv&currency=EUR&mappingJson=${encodeURIComponent(JSON.stringify(expMapping))}`,
      exp.join('\n'),
    );
    expect(b.body.rejected.total, `SEED=${seed}`).toBe(0);
    expect(e.body.rejected.total, `SEED=${seed}`).toBe(0);

    const run = await call('POST', '/reconciliations', { account: 'SYN', from: '2026-02-01' });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    // A 15-day ledger loses a few pairs at its edges (timing differences), so the bar sits below the README's F1.
    expect(run.body.rate, `SEED=${seed}`).toBeGreaterThan(0.8);
    expect(run.body.bankCount).toBe(ledger.bankLines.length);
    const detail = await call('GET', `/reconciliations/${run.body.id}?limit=500`);
    expect(detail.body.matches.total).toBe(run.body.matched);
    expect(detail.body.unmatched.total).toBe(run.body.unmatched);
    const items = detail.body.matches.items as { id: string; bankIds: string[]; expenseIds: string[] }[];
    // Confirm a one-to-one match: a split payment across several vendors teaches nothing, by design.
    const toConfirm = items.find((m) => m.bankIds.length === 1 && m.expenseIds.length === 1);
    const toReject = items.find((m) => m !== toConfirm);
    expect(toReject && toConfirm, `SEED=${seed}`).toBeTruthy();
    const confirmed = await call('POST', `/matches/${toConfirm?.id}/confirm`);
    expect(confirmed.body.status).toBe('confirmed');
    const learned = confirmed.body.knowledge as { vendorAliases: number; vendorLags: number };
    expect(learned.vendorAliases + learned.vendorLags, `SEED=${seed}`).toBeGreaterThan(0);
    expect((await call('POST', `/matches/${toConfirm?.id}/confirm`)).status).toBe(409);
    const rejected = await call('POST', `/matches/${toReject?.id}/reject`);
    expect(rejected.body.status).toBe('rejected');
    const freed = await call('GET', '/bank-lines?account=SYN&status=unmatched&limit=500');
    expect(freed.body.items.map((i: { id: string }) => i.id)).toContain(toReject?.bankIds[0]);

    // Count before the rerun: the rerun may match the freed line to another expense, which changes the count.
    const matchedBefore = await matchedBankCount();
    const rerun = await call('POST', '/reconciliations', { account: 'SYN', from: '2026-02-01' });
    expect(rerun.body.bankCount, `SEED=${seed}`).toBe(ledger.bankLines.length - matchedBefore);
    const second = await call('GET', `/reconciliations/${rerun.body.id}?limit=500`);
    const pairs = [...second.body.matches.items, ...second.body.review.items].map(
      (m: { bankIds: string[]; expenseIds: string[] }) => `${m.bankIds}|${m.expenseIds}`,
    );
    expect(pairs).not.toContain(`${toReject?.bankIds}|${toReject?.expenseIds}`);
  });
});

async function matchedBankCount(): Promise<number> {
  return (await call('GET', '/bank-lines?account=SYN&status=matched&limit=1')).body.total;
}

describe('fraud and POV', () => {
  it('scores expenses, takes feedback, re-weights and feeds a POV analysis', async () => {
    const set = generateSyntheticTransactions(new Prng(seed), {
      count: 800,
      vendors: 20,
      currency: 'USD',
      fraudRate: 0.05,
    });
    const rows = [
      'date,amount,vendor,description,category',
      ...set.transactions.map((x) =>
        [
          x.date,
          formatMinor(x.amountMinor, 2),
          csvCell(x.vendor),
          csvCell(x.reference ?? x.id),
          csvCell(x.category),
        ].join(','),
      ),
    ];
    const imported = await upload('?kind=expenses&format=csv&currency=USD', rows.join('\n'));
    expect(imported.body.rejected.total, `SEED=${seed}`).toBe(0);
    const run = await call('POST', '/fraud/runs', { currency: 'USD', seed: 7 });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    expect(run.body.transactionCount).toBe(imported.body.accepted);
    const flags = await call('GET', '/fraud/flags?limit=500');
    expect(flags.body.total, `SEED=${seed}`).toBeGreaterThan(1);
    const items = flags.body.items as {
      id: string;
      riskScore: number;
      priority: string;
      factors: { detail: string }[];
    }[];
    const rank = { low: 1, medium: 2, high: 3, critical: 4 } as Record<string, number>;
    for (let i = 1; i < items.length; i++) {
      const a = items[i - 1] as (typeof items)[number];
      const b = items[i] as (typeof items)[number];
      expect((rank[a.priority] ?? 0) * 1000 + a.riskScore).toBeGreaterThanOrEqual(
        (rank[b.priority] ?? 0) * 1000 + b.riskScore,
      );
    }
    expect(items[0]?.factors[0]?.detail).toBeTruthy();
    expect((await call('POST', '/fraud/reweight')).status).toBe(409);
    expect(
      (await call('POST', `/fraud/flags/${items[0]?.id}/feedback`, { label: 'confirmed_fraud' })).body.status,
    ).toBe('confirmed_fraud');
    expect(
      (await call('POST', `/fraud/flags/${items.at(-1)?.id}/feedback`, { label: 'false_positive' })).body.status,
    ).toBe('false_positive');
    expect((await call('GET', '/fraud/flags?status=confirmed_fraud')).body.total).toBe(1);
    const reweighted = await call('POST', '/fraud/reweight');
    expect(reweighted.status, JSON.stringify(reweighted.body)).toBe(201);
    expect(reweighted.body).toMatchObject({ version: 2, labels: 2 });
    const config = await call('GET', '/fraud/config');
    expect(config.body.version).toBe(2);
    expect(typeof config.body.config.thresholdMinor).toBe('string');

    const pov = await call('POST', '/pov-analyses', {}, judgeToken);
    expect(pov.status, JSON.stringify(pov.body)).toBe(201);
    expect(pov.body.role).toBe('judge');
    expect(pov.body.riskScore).toBeGreaterThanOrEqual(0);
    expect(pov.body.scope.fraudRunId).toBe(run.body.id);
    const asExec = await call('POST', '/pov-analyses', { role: 'executive' });
    expect(asExec.body.role).toBe('executive');
    const listed = await call('GET', '/pov-analyses', undefined, judgeToken);
    expect(listed.body.items.map((i: { role: string }) => i.role)).toEqual(['executive', 'judge']);
  });
});

describe('permissions', () => {
  it('lets a judge read but not import, run or decide', async () => {
    expect((await call('GET', '/bank-lines', undefined, judgeToken)).status).toBe(200);
    expect((await call('GET', '/fraud/flags', undefined, judgeToken)).status).toBe(200);
    expect((await upload('?kind=bank&format=ofx', '<OFX></OFX>', 'application/xml', judgeToken)).status).toBe(403);
    expect((await call('POST', '/reconciliations', {}, judgeToken)).status).toBe(403);
    expect((await call('POST', '/fraud/runs', {}, judgeToken)).status).toBe(403);
  });
});

describe('streaming', () => {
  // 20,000 lines by default keeps the suite quick on a shared machine; EXAMINER_STREAM_LINES=200000 runs the full size.
  const lines = Number(process.env.EXAMINER_STREAM_LINES ?? 20_000);
  it(`stores rows of a ${lines}-line CSV while the upload is still arriving`, async () => {
    const storedAtHalf: number[] = [];
    const stored = async () =>
      Number(
        (await t.nexus.database.query("select count(*)::int as n from bank_statements where account = 'STREAM'"))[0]?.n,
      );
    async function* body() {
      yield 'date,amount,description\n';
      for (let i = 0; i < lines; i += 1000) {
        // Halfway through, earlier rows must already be in the table: the body is not buffered before parsing.
        if (i === Math.floor(lines / 2000) * 1000) storedAtHalf.push(await stored());
        let chunk = '';
        for (let j = i; j < Math.min(lines, i + 1000); j++) {
          chunk += `2024-0${1 + (j % 9)}-1${j % 10},-${(j % 9000) + 1}.${String(j % 100).padStart(2, '0')},Stream row ${j}\n`;
        }
        yield chunk;
      }
    }
    // The JS heap, not RSS: an in-memory PGlite keeps every stored row in WebAssembly memory, which RSS counts
    // but which is the database, not the import.
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 20);
    const r = await upload('?kind=bank&format=csv&account=STREAM&currency=EUR', Readable.from(body()));
    clearInterval(timer);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.accepted + r.body.duplicates).toBe(lines);
    expect(await stored()).toBe(r.body.accepted);
    expect(storedAtHalf[0]).toBeGreaterThan(0);
    expect((peak - before) / 1_048_576).toBeLessThan(150);
  });
});
