import { describe, expect, it } from 'vitest';
import { defaultMaskingPolicy, maskAccount, maskPersonal, mayUnmask, resolveReport } from './masking.js';
import { money, type ReportModel, sensitive } from './model.js';

const model: ReportModel = {
  template: 'fraud_findings',
  title: 'T',
  audience: 'executive',
  generatedAt: '2025-03-31T12:00:00Z',
  sections: [
    { kind: 'paragraphs', paragraphs: [['Approved by ', sensitive('personal', 'Jane Roe'), '.']] },
    { kind: 'key_figures', figures: [{ label: 'Total', value: money(123_456n, 'EUR') }] },
    {
      kind: 'table',
      title: 'Rows',
      columns: [{ label: 'Account' }, { label: 'Email' }],
      rows: [[sensitive('account', 'DE89 3704 0044 0532 0130 00'), sensitive('personal', 'jane.roe@example.com')]],
    },
  ],
};

describe('masking', () => {
  it('shows only the last four characters of account numbers', () => {
    expect(maskAccount('DE89 3704 0044 0532 0130 00')).toBe('****3000');
    expect(maskAccount('123')).toBe('****');
  });

  it('masks names and e-mails to initials', () => {
    expect(maskPersonal('Jane  Roe')).toBe('J*** R***');
    expect(maskPersonal('jane.roe@example.com')).toBe('j***@e***.com');
  });

  it('keeps the policy as data', () => {
    expect(mayUnmask('auditor', 'account')).toBe(true);
    expect(mayUnmask('auditor', 'personal')).toBe(false);
    expect(mayUnmask('executive', 'account', { ...defaultMaskingPolicy, account: ['executive'] })).toBe(true);
  });

  it('resolves a model per reader: masked for the executive, clear for the examiner', () => {
    const exec = resolveReport(model, 'executive');
    const examiner = resolveReport(model, 'financial_examiner');
    if (!exec.ok || !examiner.ok) throw new Error('resolve failed');
    expect(JSON.stringify(exec.value)).not.toMatch(/Jane|jane|0532/);
    expect(exec.value.sections[0]).toEqual({ kind: 'paragraphs', paragraphs: ['Approved by J*** R***.'] });
    expect(exec.value.sections[1]).toEqual({
      kind: 'key_figures',
      figures: [{ label: 'Total', value: '1234.56 EUR' }],
    });
    expect(exec.value.sections[2]).toMatchObject({ rows: [['****3000', 'j***@e***.com']] });
    expect(examiner.value.sections[2]).toMatchObject({
      rows: [['DE89 3704 0044 0532 0130 00', 'jane.roe@example.com']],
    });
  });

  it('rejects tables whose rows do not match their columns', () => {
    const bad: ReportModel = {
      ...model,
      sections: [{ kind: 'table', title: 'X', columns: [{ label: 'a' }], rows: [['1', '2']] }],
    };
    const r = resolveReport(bad, 'auditor');
    expect(r.ok ? null : r.code).toBe('report_table_row_width_mismatch');
  });
});
