import { describe, expect, it } from 'vitest';
import { chiSquarePValue, logGamma, regularisedGammaQ } from './gamma.js';

describe('regularised gamma and chi-square p-values', () => {
  it('matches ln Γ at known points', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });

  it('matches closed forms: Q(1, x) = e^−x', () => {
    for (const x of [0.1, 1, 2.5, 10, 40]) expect(regularisedGammaQ(1, x)).toBeCloseTo(Math.exp(-x), 12);
  });

  it('reproduces published chi-square critical values at the 5% level', () => {
    // Critical values from standard chi-square tables (e.g. NIST/SEMATECH e-Handbook, section 1.3.6.7.4).
    expect(chiSquarePValue(3.841, 1)).toBeCloseTo(0.05, 3);
    expect(chiSquarePValue(15.507, 8)).toBeCloseTo(0.05, 3);
    expect(chiSquarePValue(18.307, 10)).toBeCloseTo(0.05, 3);
    expect(chiSquarePValue(112.022, 89)).toBeCloseTo(0.05, 2);
    expect(chiSquarePValue(0, 8)).toBe(1);
  });
});
