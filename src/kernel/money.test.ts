import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divRound, formatMinor, parseDecimalToMinor, roundHalfEvenToMinor } from './money.js';

describe('money', () => {
  it('parses and formats decimals exactly', () => {
    expect(parseDecimalToMinor('12.34', 2)).toBe(1234n);
    expect(parseDecimalToMinor('-0.5', 2)).toBe(-50n);
    expect(parseDecimalToMinor('7', 2)).toBe(700n);
    expect(parseDecimalToMinor('1.230', 2)).toBe(123n);
    expect(parseDecimalToMinor('1.234', 2)).toBeNull();
    expect(parseDecimalToMinor('1e3', 2)).toBeNull();
    expect(parseDecimalToMinor('', 2)).toBeNull();
    expect(formatMinor(-5n, 2)).toBe('-0.05');
    expect(formatMinor(123456n, 0)).toBe('123456');
  });

  it('round-trips any minor amount through its decimal string', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 18 }),
        (minor, scale) => {
          expect(parseDecimalToMinor(formatMinor(minor, scale), scale)).toBe(minor);
        },
      ),
    );
  });

  it('divides with each rounding mode', () => {
    expect(divRound(5n, 2n, 'half-even')).toBe(2n);
    expect(divRound(7n, 2n, 'half-even')).toBe(4n);
    expect(divRound(-5n, 2n, 'half-even')).toBe(-2n);
    expect(divRound(5n, 2n, 'half-up')).toBe(3n);
    expect(divRound(-5n, 2n, 'half-up')).toBe(-3n);
    expect(divRound(-7n, 2n, 'down')).toBe(-4n);
    expect(divRound(7n, 2n, 'up')).toBe(4n);
    expect(divRound(7n, -2n, 'down')).toBe(-4n);
  });

  it('keeps division remainder bounded for every mode', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.constantFrom('half-even', 'half-up', 'down', 'up'),
        (n, d, mode) => {
          const q = divRound(n, d, mode as 'half-even');
          const diff = n - q * d;
          expect(diff < 0n ? -diff : diff).toBeLessThan(d);
        },
      ),
    );
  });

  it('rounds model floats half-even', () => {
    expect(roundHalfEvenToMinor(0.125, 2)).toBe(12n);
    expect(roundHalfEvenToMinor(2.5, 0)).toBe(2n);
    expect(roundHalfEvenToMinor(3.5, 0)).toBe(4n);
    expect(() => roundHalfEvenToMinor(Number.NaN, 2)).toThrow();
  });
});
