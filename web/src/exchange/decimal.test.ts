// Tests for the decimal-string helpers: exact against bigint arithmetic, canonical output, input checks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDecimal,
  compareDecimal,
  decimalPlaces,
  formatScaled,
  isDecimal,
  isMultipleOf,
  multiplyDecimal,
  normalizeDecimal,
  padDecimal,
  parseDecimal,
  subtractDecimal,
  sumDecimals,
} from './decimal.js';
import { testSeed as seed } from './test-seed.js';

/** A decimal string built from units and a scale, written with possibly redundant trailing zeros. */
const decimalArb = fc
  .record({ units: fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), scale: fc.integer({ min: 0, max: 10 }) })
  .map(({ units, scale }) => ({ units, scale, text: writeRaw(units, scale) }));

function writeRaw(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** Compares two scaled values exactly by cross-scaling (the oracle). */
function oracleCompare(a: { units: bigint; scale: number }, b: { units: bigint; scale: number }): number {
  const scale = Math.max(a.scale, b.scale);
  const left = a.units * 10n ** BigInt(scale - a.scale);
  const right = b.units * 10n ** BigInt(scale - b.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

describe('decimal strings', () => {
  it('parses and writes the canonical form', () => {
    expect(parseDecimal('101.25')).toEqual({ units: 10125n, scale: 2 });
    expect(parseDecimal('-0.5')).toEqual({ units: -5n, scale: 1 });
    expect(normalizeDecimal('1.500')).toBe('1.5');
    expect(normalizeDecimal('-0.00')).toBe('0');
    expect(normalizeDecimal('007')).toBe('7');
    expect(formatScaled(-5n, 3)).toBe('-0.005');
  });

  it('rejects what is not a plain decimal', () => {
    for (const text of ['', '1e5', ' 1', '1.', '.5', 'abc', '1,5', '--1']) {
      expect(isDecimal(text), text).toBe(false);
      expect(() => parseDecimal(text)).toThrow();
    }
  });

  it('adds and compares beyond float precision', () => {
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
    expect(addDecimal('9007199254740993', '0.00000001')).toBe('9007199254740993.00000001');
    expect(compareDecimal('9007199254740993', '9007199254740992')).toBe(1);
    expect(compareDecimal('1.10', '1.1')).toBe(0);
    expect(subtractDecimal('1', '1.25')).toBe('-0.25');
    expect(multiplyDecimal('101.25', '0.5')).toBe('50.625');
    expect(sumDecimals(['1.5', '2.25', '-0.75'])).toBe('3');
    expect(sumDecimals([])).toBe('0');
  });

  it('checks tick and lot grids exactly', () => {
    expect(isMultipleOf('101.25', '0.01')).toBe(true);
    expect(isMultipleOf('101.255', '0.01')).toBe(false);
    expect(isMultipleOf('0.3', '0.1')).toBe(true);
    expect(isMultipleOf('10', '2.5')).toBe(true);
    expect(() => isMultipleOf('1', '0')).toThrow();
    expect(decimalPlaces('0.0001')).toBe(4);
    expect(decimalPlaces('0.010')).toBe(2);
    expect(decimalPlaces('5')).toBe(0);
  });

  it('pads for display without dropping digits', () => {
    expect(padDecimal('1.5', 2)).toBe('1.50');
    expect(padDecimal('3', 2)).toBe('3.00');
    expect(padDecimal('1.2345', 2)).toBe('1.2345');
  });

  it(`agrees with bigint arithmetic for any operands (SEED=${seed})`, () => {
    fc.assert(
      fc.property(decimalArb, decimalArb, (a, b) => {
        expect(compareDecimal(a.text, b.text), `SEED=${seed}`).toBe(oracleCompare(a, b));
        const sum = parseDecimal(addDecimal(a.text, b.text));
        const scale = Math.max(a.scale, b.scale);
        const expected = {
          units: a.units * 10n ** BigInt(scale - a.scale) + b.units * 10n ** BigInt(scale - b.scale),
          scale,
        };
        expect(oracleCompare(sum, expected), `SEED=${seed}`).toBe(0);
        // a + b - b returns to a, and the result is always canonical.
        const back = subtractDecimal(addDecimal(a.text, b.text), b.text);
        expect(back, `SEED=${seed}`).toBe(normalizeDecimal(a.text));
        expect(normalizeDecimal(back), `SEED=${seed}`).toBe(back);
      }),
      { seed, numRuns: 500 },
    );
  });
});
