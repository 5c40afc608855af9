import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from './core/model.js';
import { caseReport } from './core/templates/case-report.js';
import { complianceReport } from './core/templates/compliance-report.js';
import { executiveSummary } from './core/templates/executive-summary.js';
import { fraudFindings } from './core/templates/fraud-findings.js';
import { reconciliationSummary } from './core/templates/reconciliation-summary.js';
import { renderReport } from './render.js';

const at = '2025-04-01T09:30:00.000Z';
const iban = 'DE89 3704 0044 0532 0130 00';

const findings = fraudFindings(
  {
    period: '2025-Q1',
    currency: 'EUR',
    configVersion: 3,
    transactionsScored: 12_000,
    byPriority: { critical: 1, high: 4, medium: 9, low: 20 },
    flagged: [
      {
        id: 'T00000042',
        date: '2025-03-08',
        vendor: 'Globex Supplies',
        amountMinor: 6_000_000n,
        riskScore: 91,
        priority: 'critical',
        category: 'vendor',
        factors: ['amount_over_threshold', 'bank_details_changed_before_payment'],
        approver: 'Hank Scorpio',
        account: iban,
      },
    ],
    benford: [{ test: 'first_digit', n: 12_000, mad: 0.0041, conformity: 'close', chiSquare: 7.9, pValue: 0.44 }],
  },
  'financial_examiner',
  at,
);

async function pdfText(bytes: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

async function xlsxCells(bytes: Buffer): Promise<Map<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheets = new Map<string, string[][]>();
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    ws.eachRow((row) => {
      const values = row.values as unknown[];
      rows.push(values.slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
    });
    sheets.set(ws.name, rows);
  });
  return sheets;
}

async function render(model: ReportModel, role: string, format: string): Promise<Buffer> {
  const r = await renderReport(model, role, format);
  if (!r.ok) throw new Error(r.code);
  return r.value.bytes;
}

describe('rendered reports', () => {
  it('writes a PDF whose text holds the findings, with the account masked for an executive', async () => {
    const bytes = await render(findings, 'executive', 'pdf');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(bytes);
    expect(text).toContain('Fraud findings');
    expect(text).toContain('T00000042');
    expect(text).toContain('60000.00 EUR');
    expect(text).toContain('****3000');
    expect(text).toContain('H*** S***');
    expect(text).not.toContain('0532');
    expect(text).not.toContain('Scorpio');
  });

  it('writes a PDF with clear values for the examiner', async () => {
    const text = await pdfText(await render(findings, 'financial_examiner', 'pdf'));
    expect(text).toContain('Hank Scorpio');
    expect(text.replace(/\s+/g, ' ')).toContain('DE89 3704 0044 0532');
  });

  it('writes an XLSX whose cells hold the figures, tables on their own sheets, masked per reader', async () => {
    const sheets = await xlsxCells(await render(findings, 'auditor', 'xlsx'));
    expect([...sheets.keys()]).toEqual(['Summary', 'Flagged transactions', 'Benford tests']);
    const summary = sheets.get('Summary')!;
    expect(summary[0]).toEqual(['Fraud findings']);
    expect(summary).toContainEqual(['Transactions scored', '12000']);
    expect(summary).toContainEqual(['Priority critical', '1']);
    const flagged = sheets.get('Flagged transactions')!;
    expect(flagged[0]).toEqual([
      'Id',
      'Date',
      'Vendor',
      'Amount',
      'Risk',
      'Priority',
      'Category',
      'Factors',
      'Approver',
      'Account',
    ]);
    // The auditor sees account numbers but not names.
    expect(flagged[1]).toEqual([
      'T00000042',
      '2025-03-08',
      'Globex Supplies',
      '60000.00 EUR',
      '91',
      'critical',
      'vendor',
      'amount_over_threshold; bank_details_changed_before_payment',
      'H*** S***',
      iban,
    ]);
    expect(sheets.get('Benford tests')![1]).toEqual(['first_digit', '12000', '0.0041', 'close', '7.9', '0.44']);
  });

  it('writes CSV and escaped HTML from the same model', async () => {
    const csv = (await render(findings, 'executive', 'csv')).toString('utf8');
    const rows = parse(csv, { relax_column_count: true }) as string[][];
    expect(rows[0]).toEqual(['Fraud findings']);
    expect(rows).toContainEqual(expect.arrayContaining(['T00000042', '****3000', 'H*** S***']));
    const html = (await render({ ...findings, title: 'Findings <script>x</script>' }, 'executive', 'html')).toString(
      'utf8',
    );
    expect(html).toContain('Findings &lt;script&gt;x&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('****3000');
  });

  it('renders every template in every format', async () => {
    const models: ReportModel[] = [
      reconciliationSummary(
        {
          period: '2025-03',
          currency: 'EUR',
          matchedCount: 195,
          unmatchedCount: 5,
          totalMinor: 10_000_000n,
          unmatchedMinor: 12_345n,
          unmatched: [{ id: 'B-9', date: '2025-03-02', amountMinor: 12_345n, description: 'card fee', account: iban }],
        },
        'auditor',
        at,
      ),
      findings,
      caseReport(
        {
          caseId: 'case-1',
          title: 'Globex vendor fraud',
          stage: 'discovery',
          openedAt: '2025-01-10',
          parties: [{ name: 'Hank Scorpio', role: 'defendant', email: 'hank@globex.example' }],
          milestones: [{ title: 'Disclosure', dueDate: '2025-05-01', completed: false }],
          documents: [{ title: 'Complaint', versions: 2, latestSha256: 'b'.repeat(64) }],
          evidence: [
            { id: 'ev-1', title: 'Invoice 4471', sha256: 'a'.repeat(64), custodyEntries: 4, custodyIntact: true },
            {
              id: 'ev-2',
              title: 'Bank letter',
              sha256: 'c'.repeat(64),
              custodyEntries: 3,
              custodyIntact: false,
              firstBadEntry: 2,
            },
          ],
          timeline: [{ at: '2025-01-10', actor: 'Kim Examiner', kind: 'opened', detail: 'Globex vendor fraud' }],
        },
        'judge',
        at,
      ),
      executiveSummary(
        {
          period: '2025-Q1',
          riskScore: 72,
          headline: [{ label: 'Exposure', value: '250000.00 EUR' }],
          recommendations: [{ priority: 'urgent', text: 'Brief the board.' }],
        },
        'executive',
        at,
      ),
      complianceReport(
        {
          period: '2025-Q1',
          currency: 'EUR',
          approvalOverrides: 2,
          breaches: [
            {
              id: 'BR-1',
              rule: 'invoice_splitting',
              description: '3 payments under limit',
              approver: 'Hank Scorpio',
              amountMinor: 2_900_000n,
            },
          ],
          recommendations: [],
        },
        'compliance_officer',
        at,
      ),
    ];
    for (const m of models) {
      for (const format of ['pdf', 'xlsx', 'csv', 'html']) {
        const r = await renderReport(m, 'executive', format);
        if (!r.ok) throw new Error(`${m.template} ${format}: ${r.code}`);
        expect(r.value.fileName).toBe(`${m.template}-2025-04-01.${format}`);
        expect(r.value.bytes.length).toBeGreaterThan(100);
      }
    }
    const caseText = await pdfText(await render(models[2]!, 'judge', 'pdf'));
    expect(caseText).toContain('1 of 2 evidence item(s) FAIL custody verification: ev-2 at entry 2');
    expect(caseText).toContain('Hank Scorpio');
    const caseExec = await pdfText(await render(models[2]!, 'executive', 'pdf'));
    expect(caseExec).not.toContain('Hank');
    expect(caseExec).not.toContain('Kim Examiner');
  });

  it('refuses an unknown format', async () => {
    const r = await renderReport(findings, 'executive', 'docx');
    expect(r.ok ? null : r.code).toBe('report_format_unknown');
  });
});
