// Weekly resampling: ISO week buckets, each aggregation, each gap policy, and typed errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertSeeded } from '../test-support.js';
import { resampleWeekly, type Sample, weekMs, weekStartMs } from './resample.js';

const monday = Date.UTC(2024, 0, 1); // 2024-01-01 was a Monday.
const day = 86_400_000;

describe('weekStartMs', () => {
  it('maps any instant to Monday 00:00 UTC of its week', () => {
    expect(weekStartMs(monday)).toBe(monday);
    expect(weekStartMs(monday + 6 * day + 23 * 3_600_000)).toBe(monday);
    expect(weekStartMs(monday + 7 * day)).toBe(monday + weekMs);
    expect(new Date(weekStartMs(Date.UTC(1969, 11, 31))).getUTCDay()).toBe(1);
  });
});

describe('resampleWeekly', () => {
  const samples: Sample[] = [
    { timeMs: monday + 2 * day, value: 4 },
    { timeMs: monday + day, value: 2 },
    { timeMs: monday + 3 * weekMs, value: 10 },
  ];

  it('aggregates within a week by the stated rule, in time order', () => {
    const values = (aggregation: Parameters<typeof resampleWeekly>[1]) => {
      const r = resampleWeekly(samples, aggregation, 'interpolate');
      if (!r.ok) throw new Error(r.code);
      return r.value.values[0];
    };
    expect(values('mean')).toBe(3);
    expect(values('sum')).toBe(6);
    expect(values('first')).toBe(2);
    expect(values('last')).toBe(4);
    expect(values('min')).toBe(2);
    expect(values('max')).toBe(4);
  });

  it('fills gaps explicitly and flags them', () => {
    const interpolated = resampleWeekly(samples, 'mean', 'interpolate');
    expect(interpolated).toMatchObject({ ok: true, value: { startMs: monday, gapCount: 2 } });
    if (!interpolated.ok) return;
    [3, 3 + 7 / 3, 3 + 14 / 3, 10].forEach((v, i) => {
      expect(interpolated.value.values[i]).toBeCloseTo(v, 12);
    });
    expect(Array.from(interpolated.value.filled)).toEqual([0, 1, 1, 0]);
    const carried = resampleWeekly(samples, 'mean', 'carry_forward');
    expect(carried.ok && Array.from(carried.value.values)).toEqual([3, 3, 3, 10]);
    const zero = resampleWeekly(samples, 'sum', 'zero');
    expect(zero.ok && Array.from(zero.value.values)).toEqual([6, 0, 0, 10]);
    expect(resampleWeekly(samples, 'mean', 'reject')).toMatchObject({
      ok: false,
      code: 'series_has_gaps',
      field: 'samples',
    });
  });

  it('returns typed errors naming the field for bad input', () => {
    expect(resampleWeekly([], 'mean', 'zero')).toMatchObject({ ok: false, code: 'samples_empty', field: 'samples' });
    expect(resampleWeekly([{ timeMs: monday, value: Number.NaN }], 'mean', 'zero')).toMatchObject({
      ok: false,
      code: 'sample_value_not_finite',
      field: 'samples[0].value',
    });
    expect(
      resampleWeekly(
        [
          { timeMs: monday, value: 1 },
          { timeMs: Number.POSITIVE_INFINITY, value: 1 },
        ],
        'mean',
        'zero',
      ),
    ).toMatchObject({
      ok: false,
      code: 'sample_time_not_finite',
      field: 'samples[1].timeMs',
    });
    expect(
      resampleWeekly(
        [
          { timeMs: 0, value: 1 },
          { timeMs: 300 * 52 * weekMs, value: 1 },
        ],
        'mean',
        'zero',
      ),
    ).toMatchObject({
      ok: false,
      code: 'resampled_weeks_above_max',
    });
  });

  it('sum with zero-filled gaps preserves the total, whatever the sample order', () => {
    assertSeeded(
      fc.property(
        fc.array(
          fc.record({
            timeMs: fc.integer({ min: monday, max: monday + 40 * weekMs }),
            value: fc.integer({ min: -1000, max: 1000 }),
          }),
          { minLength: 1, maxLength: 200 },
        ),
        (raw) => {
          const r = resampleWeekly(raw, 'sum', 'zero');
          if (!r.ok) return false;
          const total = raw.reduce((a, s) => a + s.value, 0);
          return r.value.values.reduce((a, v) => a + v, 0) === total && r.value.values.length <= 41;
        },
      ),
      100,
    );
  });
});
