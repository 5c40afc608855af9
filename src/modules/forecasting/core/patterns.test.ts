// Patterns: trend direction and scale invariance, coefficient of variation, CAGR and its typed edge cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Prng } from '../../../kernel/index.js';
import { assertSeeded } from '../test-support.js';
import { weeksPerYear } from './limits.js';
import { cagrPattern, recognisePatterns, trendPattern, volatilityPattern } from './patterns.js';

const line = (n: number, a: number, b: number) => Float64Array.from({ length: n }, (_, t) => a + b * t);

describe('trend', () => {
  it('labels rising, falling and flat series', () => {
    expect(trendPattern(line(104, 100, 0.5))).toMatchObject({ ok: true, value: { direction: 'rising' } });
    expect(trendPattern(line(104, 100, -0.5))).toMatchObject({ ok: true, value: { direction: 'falling' } });
    expect(trendPattern(line(104, 100, 0))).toMatchObject({ ok: true, value: { direction: 'flat', slopePerWeek: 0 } });
  });

  it('an exact line has R² = 1 and the stated relative slope per year', () => {
    const result = trendPattern(line(200, 50, 0.25));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.rSquared).toBeCloseTo(1, 12);
    const meanAbs = 50 + 0.25 * 99.5;
    expect(result.value.relativeSlopePerYear).toBeCloseTo((0.25 * weeksPerYear) / meanAbs, 12);
  });

  it('is scale invariant: multiplying the series by k > 0 changes neither relative slope nor CV', () => {
    assertSeeded(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.double({ min: 1e-3, max: 1e6, noNaN: true }), (seed, k) => {
        const rng = new Prng(seed);
        const y = Float64Array.from({ length: 80 }, (_, t) => 100 + 0.3 * t + rng.normal(0, 5));
        const scaled = y.map((v) => v * k);
        const a = trendPattern(y);
        const b = trendPattern(scaled);
        const c = volatilityPattern(y);
        const d = volatilityPattern(scaled);
        if (!a.ok || !b.ok || !c.ok || !d.ok) return false;
        return (
          Math.abs(a.value.relativeSlopePerYear - b.value.relativeSlopePerYear) <
            1e-9 * Math.abs(a.value.relativeSlopePerYear) + 1e-12 &&
          Math.abs(c.value.coefficientOfVariation - d.value.coefficientOfVariation) < 1e-9
        );
      }),
      50,
    );
  });

  it('returns a typed reason for an all-zero series', () => {
    expect(trendPattern(new Float64Array(30))).toMatchObject({ ok: false, code: 'trend_scale_zero', field: 'values' });
  });
});

describe('volatility', () => {
  it('computes s / |mean| and labels it', () => {
    const y = Float64Array.from([99, 101, 99, 101]);
    const result = volatilityPattern(y);
    expect(result).toMatchObject({ ok: true, value: { level: 'low' } });
    if (result.ok) expect(result.value.coefficientOfVariation).toBeCloseTo(Math.sqrt(4 / 3) / 100, 12);
    expect(volatilityPattern(Float64Array.from([1, 30, 2, 40]))).toMatchObject({ ok: true, value: { level: 'high' } });
  });

  it('returns a typed reason when the mean is zero', () => {
    expect(volatilityPattern(Float64Array.from([-1, 1, -1, 1]))).toMatchObject({
      ok: false,
      code: 'volatility_mean_zero',
    });
  });
});

describe('CAGR', () => {
  it('compounds back to the end value', () => {
    const y = Float64Array.from({ length: 521 }, (_, t) => 100 * 1.001 ** t);
    const result = cagrPattern(y);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.years).toBeCloseTo(520 / weeksPerYear, 12);
    expect(100 * (1 + result.value.rate) ** result.value.years).toBeCloseTo(y[520] as number, 8);
    expect(result.value.rate).toBeCloseTo(1.001 ** weeksPerYear - 1, 12);
  });

  it('returns typed reasons for every edge case instead of NaN or Infinity', () => {
    const year = (start: number, end: number) =>
      Float64Array.from({ length: 60 }, (_, t) => (t === 0 ? start : t === 59 ? end : 1));
    expect(cagrPattern(Float64Array.from({ length: 52 }, () => 5))).toMatchObject({
      ok: false,
      code: 'cagr_history_too_short',
      field: 'values',
    });
    expect(cagrPattern(year(0, 10))).toMatchObject({ ok: false, code: 'cagr_start_zero', field: 'values[0]' });
    expect(cagrPattern(year(-5, 10))).toMatchObject({ ok: false, code: 'cagr_start_negative', field: 'values[0]' });
    expect(cagrPattern(year(5, -10))).toMatchObject({ ok: false, code: 'cagr_end_negative', field: 'values[59]' });
    expect(cagrPattern(year(5, 0))).toMatchObject({ ok: true, value: { rate: -1 } });
  });

  it('recognisePatterns bundles all three', () => {
    const p = recognisePatterns(line(100, 10, 1));
    expect(p.trend.ok && p.volatility.ok && p.cagr.ok).toBe(true);
  });
});
