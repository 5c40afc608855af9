import { describe, expect, it } from 'vitest';
import { parseCsvSeries } from './csv-series.js';

describe('parseCsvSeries', () => {
  it('reads one column or the last of several, skipping a header and blank lines', () => {
    expect(parseCsvSeries('1\n2.5\n\n-3e2\n')).toEqual({ ok: true, values: [1, 2.5, -300], headerSkipped: false });
    expect(parseCsvSeries('t,"gdp"\r\n0,"1.5"\r\n1,2\r\n')).toEqual({
      ok: true,
      values: [1.5, 2],
      headerSkipped: true,
    });
    expect(parseCsvSeries('a,b\n1,2\n3,4', 0)).toEqual({ ok: true, values: [1, 3], headerSkipped: true });
  });

  it('reports every bad row with its 1-based line number', () => {
    const result = parseCsvSeries('value\n1\nx\n1e400\n\n2,\n');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => [e.line, e.code])).toEqual([
        [3, 'value_not_a_number'],
        [4, 'value_must_be_finite'],
        [6, 'value_not_a_number'],
      ]);
    }
  });

  it('rejects text without values and rows missing the requested column', () => {
    expect(parseCsvSeries('\n\n')).toMatchObject({ ok: false, errors: [{ code: 'no_values' }] });
    expect(parseCsvSeries('1,2\n3', 1)).toMatchObject({ ok: false, errors: [{ line: 2, code: 'column_missing' }] });
  });
});
