// Reports end to end: every format read back, masking by the requester's role, the download rule, schedules and the WS announcement.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RoleNexus, roleNexus } from '../examiner/cases-test-support.js';
import { nextRunAfter, validateCron } from './service.js';

let n: RoleNexus;
const app = () => n.t.nexus.app;
const iban = 'DE89 3704 0044 0532 0130 00';
const reconciliation = {
  period: '2026-01',
  currency: 'EUR',
  matchedCount: 97,
  unmatchedCount: 3,
  totalMinor: 1_250_000,
  unmatchedMinor: '45000',
  unmatched: [{ id: 'B-17', date: '2026-01-09', amountMinor: 45_000, description: 'Wire to Globex', account: iban }],
};

async function generate(who: string, kind: string, format: string, input: unknown) {
  return app().inject({ method: 'POST', url: '/api/v1/reports', headers: n.as(who), payload: { kind, format, input } });
}

async function download(who: string, id: string) {
  return app().inject({ url: `/api/v1/reports/${id}/download`, headers: n.as(who) });
}

async function pdfText(bytes: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

async function xlsxText(bytes: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => cells.push(...(row.values as unknown[]).map((v) => String(v ?? '')))));
  return cells.join('\n');
}

async function textOf(format: string, bytes: Buffer): Promise<string> {
  if (format === 'pdf') return pdfText(bytes);
  if (format === 'xlsx') return xlsxText(bytes);
  if (format === 'csv')
    return (parse(bytes.toString('utf8'), { relaxColumnCount: true }) as string[][]).flat().join('\n');
  return bytes.toString('utf8');
}

beforeAll(async () => {
  n = await roleNexus([
    'financial_examiner',
    'financial_examiner#2',
    'executive',
    'auditor',
    'judge',
    'viewer',
    'prosecutor',
  ]);
});
afterAll(async () => n.close());

describe('report generation', () => {
  it.each(['pdf', 'xlsx', 'csv', 'html'])(
    'renders %s, stored with its hash, masked by the requester’s role',
    async (format) => {
      const examiner = await generate('financial_examiner', 'reconciliation_summary', format, reconciliation);
      expect(examiner.statusCode, examiner.body).toBe(201);
      const stored = examiner.json();
      expect(stored).toMatchObject({ kind: 'reconciliation_summary', format, readerRole: 'financial_examiner' });
      const file = await download('financial_examiner', stored.id);
      expect(file.statusCode).toBe(200);
      expect(file.headers['x-content-sha256']).toBe(stored.sha256);
      const unmasked = await textOf(format, file.rawPayload);
      expect(unmasked).toContain('Wire to Globex');
      expect(unmasked).toContain('450.00 EUR');
      expect(unmasked.replace(/\s/g, '')).toContain('DE89370400440532013000');

      const exec = (await generate('executive', 'reconciliation_summary', format, reconciliation)).json();
      const masked = await textOf(format, (await download('executive', exec.id)).rawPayload);
      expect(masked).toContain('Wire to Globex');
      expect(masked).toContain('****3000');
      expect(masked.replace(/\s/g, '')).not.toContain('DE89370400440532013000');
    },
  );

  it('builds every kind from its input and names the first bad input field', async () => {
    const inputs: Record<string, unknown> = {
      fraud_findings: {
        period: 'Q1',
        currency: 'EUR',
        configVersion: 1,
        transactionsScored: 10,
        byPriority: { high: 1 },
        flagged: [
          {
            id: 'T1',
            date: '2026-01-02',
            vendor: 'V',
            amountMinor: 100,
            riskScore: 90,
            priority: 'high',
            category: 'c',
            factors: ['f'],
          },
        ],
        benford: [],
      },
      executive_summary: { period: 'Q1', riskScore: 72, headline: [{ label: 'Flags', value: 4 }], recommendations: [] },
      compliance_report: {
        period: 'Q1',
        currency: 'EUR',
        approvalOverrides: 2,
        breaches: [{ id: 'X', rule: 'limit', description: 'd', approver: 'Ann Lee', amountMinor: 5 }],
        recommendations: [{ priority: 'high', text: 'Rotate approvers' }],
      },
    };
    for (const [kind, input] of Object.entries(inputs)) {
      const r = await generate('financial_examiner', kind, 'html', input);
      expect(r.statusCode, `${kind} ${r.body}`).toBe(201);
    }
    const bad = await generate('financial_examiner', 'reconciliation_summary', 'csv', {
      ...reconciliation,
      unmatched: [{ ...reconciliation.unmatched[0], amountMinor: 1.5 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'report_input_invalid',
      errors: [{ field: 'input.unmatched[0].amountMinor' }],
    });
  });

  it('renders a case report from a case, only for callers who may read cases', async () => {
    const c = await app().inject({
      method: 'POST',
      url: '/api/v1/examiner/cases',
      headers: n.as('prosecutor'),
      payload: { title: 'People v. Initech' },
    });
    const caseId = c.json().id as string;
    const r = await generate('prosecutor', 'case_report', 'pdf', { caseId });
    expect(r.statusCode, r.body).toBe(201);
    expect(await pdfText((await download('prosecutor', r.json().id)).rawPayload)).toContain('People v. Initech');
    const exec = await generate('executive', 'case_report', 'pdf', { caseId });
    expect([exec.statusCode, exec.json().code]).toEqual([403, 'forbidden']);
    const missing = await generate('prosecutor', 'case_report', 'pdf', {
      caseId: '00000000-0000-4000-8000-000000000000',
    });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'case_not_found']);
  });
});

describe('download rule and permissions', () => {
  it('lets only readers who may see as much as the masking role download, and the owner always', async () => {
    const unmasked = (await generate('financial_examiner', 'reconciliation_summary', 'csv', reconciliation)).json();
    expect((await download('financial_examiner', unmasked.id)).statusCode).toBe(200);
    expect((await download('financial_examiner#2', unmasked.id)).statusCode).toBe(200);
    for (const who of ['executive', 'auditor', 'judge']) {
      const r = await download(who, unmasked.id);
      expect([who, r.statusCode, r.json().code]).toEqual([who, 403, 'report_masking_level_denied']);
    }
    const listed = (await app().inject({ url: '/api/v1/reports', headers: n.as('executive') })).json().items;
    expect(listed.map((x: { id: string }) => x.id)).not.toContain(unmasked.id);
    const masked = (await generate('executive', 'reconciliation_summary', 'csv', reconciliation)).json();
    expect((await download('judge', masked.id)).statusCode).toBe(200);
    expect((await download('auditor', masked.id)).statusCode).toBe(200);
  });

  it('denies a viewer every report route and a judge generation', async () => {
    expect((await app().inject({ url: '/api/v1/reports', headers: n.as('viewer') })).statusCode).toBe(403);
    expect((await generate('viewer', 'reconciliation_summary', 'csv', reconciliation)).statusCode).toBe(403);
    expect((await generate('judge', 'reconciliation_summary', 'csv', reconciliation)).statusCode).toBe(403);
    expect((await app().inject({ url: '/api/v1/reports/schedules', headers: n.as('viewer') })).statusCode).toBe(403);
  });
});

describe('schedules', () => {
  it('computes next runs from an injected time (UTC) and refuses bad cron expressions', () => {
    const t0 = Date.UTC(2026, 0, 5, 12, 0, 0);
    expect(nextRunAfter('0 * * * *', t0)).toBe(Date.UTC(2026, 0, 5, 13, 0, 0));
    expect(nextRunAfter('30 6 * * 1', t0)).toBe(Date.UTC(2026, 0, 12, 6, 30, 0));
    const bad = validateCron('every tuesday', t0);
    expect(bad.ok ? 'ok' : bad.code).toBe('schedule_cron_invalid');
  });

  it('runs a due schedule once when the clock reaches it, stores the file and announces it on WS', async () => {
    const base = (await app().listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
    const socket = new WebSocket(`${base}/ws?token=${n.tokens.get('financial_examiner')}`);
    const inbox: Record<string, unknown>[] = [];
    socket.on('message', (raw) => inbox.push(JSON.parse(raw.toString())));
    const waitFor = async (p: (m: Record<string, unknown>) => boolean) => {
      for (let i = 0; i < 500; i++) {
        const m = inbox.find(p);
        if (m) return m;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`no message; got ${JSON.stringify(inbox)}`);
    };
    await waitFor((m) => m.op === 'authenticated');
    socket.send(JSON.stringify({ op: 'subscribe', channel: 'reports' }));
    await waitFor((m) => m.op === 'subscribed');

    const created = await app().inject({
      method: 'POST',
      url: '/api/v1/reports/schedules',
      headers: n.as('financial_examiner'),
      payload: { cron: '0 * * * *', kind: 'reconciliation_summary', format: 'xlsx', input: reconciliation },
    });
    expect(created.statusCode, created.body).toBe(201);
    const schedule = created.json();
    expect(schedule.nextRunAt).toBe('2026-01-05T13:00:00.000Z');
    const scheduler = n.t.nexus.reporting.scheduler;
    expect(await scheduler.tick()).toEqual({ ran: 0, failed: 0 });
    n.t.clock.advance(60 * 60 * 1000);
    expect(await scheduler.tick()).toEqual({ ran: 1, failed: 0 });
    expect(await scheduler.tick()).toEqual({ ran: 0, failed: 0 });
    await n.relogin('financial_examiner');
    await n.relogin('executive');
    const event = (await waitFor(
      (m) =>
        m.op === 'event' && m.channel === 'reports' && (m.data as { scheduleId?: string }).scheduleId === schedule.id,
    )) as {
      data: { id: string; format: string };
    };
    expect(event.data.format).toBe('xlsx');
    const file = await download('financial_examiner', event.data.id);
    expect(file.statusCode, file.body).toBe(200);
    expect(await xlsxText(file.rawPayload)).toContain('Wire to Globex');
    const listed = (
      await app().inject({ url: '/api/v1/reports/schedules', headers: n.as('financial_examiner') })
    ).json().items;
    expect(listed[0]).toMatchObject({
      id: schedule.id,
      lastRunAt: '2026-01-05T13:00:00.000Z',
      nextRunAt: '2026-01-05T14:00:00.000Z',
    });
    const other = await app().inject({
      method: 'DELETE',
      url: `/api/v1/reports/schedules/${schedule.id}`,
      headers: n.as('executive'),
    });
    expect(other.statusCode).toBe(404);
    const del = await app().inject({
      method: 'DELETE',
      url: `/api/v1/reports/schedules/${schedule.id}`,
      headers: n.as('financial_examiner'),
    });
    expect(del.statusCode).toBe(204);
    socket.close();
  });
});
