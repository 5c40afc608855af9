import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowFingerprinter } from './fingerprint.js';

describe('RowFingerprinter', () => {
  it('numbers identical rows by occurrence and repeats the same ids for the same sequence', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 3 }), { maxLength: 200 }),
        (rows) => {
          const first = new RowFingerprinter('acct');
          const second = new RowFingerprinter('acct');
          const a = rows.map((r) => first.next(r));
          const b = rows.map((r) => second.next(r));
          expect(b).toEqual(a);
          expect(new Set(a).size).toBe(a.length);
        },
      ),
    );
  });

  it('separates scopes and keeps its table correct while it grows', () => {
    const fp = new RowFingerprinter('x');
    const ids = new Set<string>();
    for (let i = 0; i < 200_000; i++) ids.add(fp.next([String(i % 70_000)]));
    expect(ids.size).toBe(200_000);
    expect(new RowFingerprinter('x').next(['0'])).not.toBe(new RowFingerprinter('y').next(['0']));
  });
});
