import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SideIndex } from './blocking.js';
import type { PreparedSide } from './prepare.js';

function side(rows: Array<{ day: number; value: number; currency: string }>): PreparedSide {
  const n = rows.length;
  return {
    ids: rows.map((_, i) => `x${i}`),
    day: Int32Array.from(rows, (r) => r.day),
    value: Float64Array.from(rows, (r) => r.value),
    currency: rows.map((r) => r.currency),
    tokens: new Array(n).fill([]),
    text: new Array(n).fill(''),
    textId: new Int32Array(n),
    name: new Array(n).fill(''),
    refDigits: new Array(n).fill(''),
    amountDigits: new Array(n).fill(''),
  };
}

describe('SideIndex', () => {
  it('returns exactly what a full scan returns (differential test against the obvious filter)', () => {
    const row = fc.record({
      day: fc.integer({ min: 0, max: 30 }),
      value: fc.integer({ min: -500, max: 500 }),
      currency: fc.constantFrom('EUR', 'USD'),
    });
    const query = fc.record({
      currency: fc.constantFrom('EUR', 'USD', 'GBP'),
      from: fc.integer({ min: -5, max: 35 }),
      span: fc.integer({ min: 0, max: 15 }),
      lo: fc.integer({ min: -600, max: 600 }),
      width: fc.integer({ min: 0, max: 300 }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 80 }), query, (rows, q) => {
        const s = side(rows);
        const got: number[] = [];
        new SideIndex(s).query(q.currency, q.from, q.from + q.span, q.lo, q.lo + q.width, (i) => got.push(i));
        const want = rows
          .map((r, i) => ({ r, i }))
          .filter(
            ({ r }) =>
              r.currency === q.currency &&
              r.day >= q.from &&
              r.day <= q.from + q.span &&
              r.value >= q.lo &&
              r.value <= q.lo + q.width,
          )
          .map(({ i }) => i);
        expect(got.sort((a, b) => a - b)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});
