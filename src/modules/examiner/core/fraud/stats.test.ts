import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, epochDayToIso, isoWeekday } from '../dates.js';
import { median, modifiedZ, robustStats, selectInPlace, trailingWindowCounts } from './stats.js';

describe('robust statistics', () => {
  it('computes median and MAD', () => {
    const s = robustStats([1, 2, 3, 4, 100]);
    expect(s.median).toBe(3);
    expect(s.mad).toBe(1);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(modifiedZ(100, s)).toBeCloseTo(0.6745 * 97, 10);
  });

  it('selects the k-th smallest like a full sort does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 60 }),
        fc.nat(),
        (xs, k0) => {
          const k = k0 % xs.length;
          const sorted = [...xs].sort((a, b) => a - b);
          expect(selectInPlace(Float64Array.from(xs), k)).toBe(sorted[k]);
          expect(robustStats(xs).median).toBe(median(xs));
        },
      ),
    );
  });

  it('falls back to the mean absolute deviation when MAD is zero', () => {
    const s = robustStats([5, 5, 5, 5, 9]);
    expect(s.mad).toBe(0);
    expect(modifiedZ(9, s)).toBeCloseTo(4 / (1.253314 * 0.8), 10);
    expect(modifiedZ(5, robustStats([5, 5, 5]))).toBe(0);
  });

  it('is invariant to shifting and scaling the sample', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 3, maxLength: 40 }),
        fc.double({ min: 0.5, max: 10, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        (xs, a, b) => {
          const s = robustStats(xs);
          const t = robustStats(xs.map((x) => a * x + b));
          if (s.mad < 1e-6) return;
          const z1 = modifiedZ(xs[0] as number, s);
          const z2 = modifiedZ(a * (xs[0] as number) + b, t);
          expect(Math.abs(z1 - z2)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(z1)));
        },
      ),
    );
  });

  it('counts payments in a trailing window including same-day ones', () => {
    expect(Array.from(trailingWindowCounts([1, 2, 2, 5, 10], 4))).toEqual([1, 3, 3, 3, 1]);
    expect(Array.from(trailingWindowCounts([3, 3, 3, 3], 1))).toEqual([4, 4, 4, 4]);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 50 }),
        fc.integer({ min: 1, max: 20 }),
        (raw, w) => {
          const days = [...raw].sort((a, b) => a - b);
          const got = Array.from(trailingWindowCounts(days, w));
          expect(got).toEqual(days.map((d) => days.filter((x) => x > d - w && x <= d).length));
        },
      ),
    );
  });
});

describe('calendar arithmetic', () => {
  it('round-trips day numbers and knows weekdays', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(isoWeekday(dayNumber('2025-03-08'))).toBe(6);
    expect(isoWeekday(dayNumber('2000-02-29'))).toBe(2);
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (d) => {
        expect(dayNumber(epochDayToIso(d))).toBe(d);
      }),
    );
  });
});

describe('ordering by day', () => {
  it('matches a stable comparison sort for narrow and wide date ranges', async () => {
    const { orderByDay } = await import('./context.js');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 40 }), { maxLength: 80 }), fc.boolean(), (raw, wide) => {
        const day = Int32Array.from(raw.map((d) => (wide ? d * 100_000 : d)));
        const expected = Array.from(day.keys()).sort((a, b) => (day[a] as number) - (day[b] as number) || a - b);
        expect(Array.from(orderByDay(day))).toEqual(expected);
      }),
    );
  });
});
