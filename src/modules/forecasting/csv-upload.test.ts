// Tests of the CSV reader: per-row rejections with line numbers, whole-file errors, strict time and value cells.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMetricCsv, parseTimeCell, parseValueCell } from './csv-upload.js';
import { assertSeeded } from './test-support.js';

describe('parseMetricCsv', () => {
  it('keeps valid rows and reports each bad row with its line, column and reason', () => {
    const text = [
      'time,value',
      '2024-01-01,10',
      '2024-01-08,NaN',
      'yesterday,3',
      '',
      '2024-01-15,12.5',
      '2024-01-22,1,2',
      '2024-01-01,11',
      '2024-01-29T00:00:00Z,1e999',
    ].join('\n');
    const parsed = parseMetricCsv(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.points.map((p) => [p.line, p.value])).toEqual([
      [2, 10],
      [6, 12.5],
    ]);
    expect(parsed.value.rejected.map((r) => [r.line, r.field, r.code])).toEqual([
      [3, 'value', 'value_not_finite'],
      [4, 'time', 'time_unparseable'],
      [7, 'row', 'row_column_count'],
      [8, 'time', 'time_duplicate_in_file'],
      [9, 'value', 'value_not_finite'],
    ]);
    expect(parsed.value.rejectedCount).toBe(5);
    expect(parsed.value.dataRows).toBe(7);
  });

  it('refuses a wrong header, an empty file and unbalanced quotes, naming the line', () => {
    expect(parseMetricCsv('date,amount\n2024-01-01,1')).toMatchObject({ ok: false, code: 'csv_header_invalid' });
    expect(parseMetricCsv('')).toMatchObject({ ok: false, code: 'csv_empty' });
    const quoted = parseMetricCsv('time,value\n2024-01-01,1\n2024-01-08,"2\n');
    expect(quoted).toMatchObject({ ok: false, code: 'csv_malformed' });
    if (!quoted.ok) expect(quoted.field).toMatch(/^line \d+$/);
  });

  it('accepts a BOM, CRLF line ends and a header in capitals', () => {
    const parsed = parseMetricCsv('\uFEFFTime,Value\r\n2024-01-01,1\r\n1704672000000,2\r\n');
    expect(parsed.ok && parsed.value.points.map((p) => p.timeMs)).toEqual([Date.UTC(2024, 0, 1), 1704672000000]);
  });
});

describe('cells', () => {
  it('refuses times without a zone, impossible dates and years outside 1000..9999', () => {
    expect(parseTimeCell('2024-01-01T10:00:00')).toMatchObject({ ok: false, code: 'time_unparseable' });
    expect(parseTimeCell('2024-02-30')).toMatchObject({ ok: false, code: 'time_invalid' });
    expect(parseTimeCell('0999-12-31')).toMatchObject({ ok: false, code: 'time_out_of_range' });
    expect(parseTimeCell('2024-01-01T10:00:00+02:00')).toEqual({ ok: true, value: Date.UTC(2024, 0, 1, 8) });
  });

  it('reads every finite double written by JavaScript back exactly, and never returns a non-finite value', () => {
    assertSeeded(
      fc.property(fc.double(), (x) => {
        const parsed = parseValueCell(String(x));
        if (Number.isFinite(x)) return parsed.ok && parsed.value === x;
        return !parsed.ok && parsed.code === 'value_not_finite';
      }),
      200,
    );
    expect(parseValueCell('12abc')).toMatchObject({ ok: false, code: 'value_not_a_number' });
    expect(parseValueCell('-Infinity')).toMatchObject({ ok: false, code: 'value_not_finite' });
  });
});
