import { describe, expect, it } from 'vitest';
import { Prng, seedFromEnv } from '../../../../kernel/index.js';
import { benfordExpected, benfordTest, leadingDigits, nigriniConformity } from './benford.js';

const seed = seedFromEnv();

describe('Benford tests', () => {
  it('has expected proportions log10(1 + 1/d) summing to 1', () => {
    const first = benfordExpected('first_digit');
    expect(first[0]).toBeCloseTo(0.30103, 5);
    expect(first[8]).toBeCloseTo(0.045757, 5);
    expect(first.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(benfordExpected('first_two_digits').reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('reads leading digits of minor-unit amounts', () => {
    expect(leadingDigits(4_567n, 'first_digit')).toBe(4);
    expect(leadingDigits(-4_567n, 'first_two_digits')).toBe(45);
    expect(leadingDigits(7n, 'first_two_digits')).toBe(0);
  });

  it('applies Nigrini (2012) MAD bands', () => {
    expect(nigriniConformity('first_digit', 0.005)).toBe('close');
    expect(nigriniConformity('first_digit', 0.011)).toBe('acceptable');
    expect(nigriniConformity('first_digit', 0.014)).toBe('marginal');
    expect(nigriniConformity('first_digit', 0.02)).toBe('nonconforming');
    expect(nigriniConformity('first_two_digits', 0.0015)).toBe('acceptable');
    expect(nigriniConformity('first_two_digits', 0.003)).toBe('nonconforming');
  });

  it('accepts a log-uniform set over whole decades and rejects a uniform one', () => {
    // log10 uniform over an integer number of decades is exactly Benford-distributed.
    const prng = new Prng(seed);
    const benford: bigint[] = [];
    const uniform: bigint[] = [];
    for (let i = 0; i < 20_000; i++) {
      benford.push(BigInt(Math.floor(10 ** (3 + 4 * prng.next()))));
      uniform.push(BigInt(prng.int(10_000, 99_999)));
    }
    const good1 = benfordTest(benford, 'first_digit');
    const good2 = benfordTest(benford, 'first_two_digits');
    const bad1 = benfordTest(uniform, 'first_digit');
    const bad2 = benfordTest(uniform, 'first_two_digits');
    expect(['close', 'acceptable'], `SEED=${seed}`).toContain(good1.conformity);
    expect(['close', 'acceptable'], `SEED=${seed}`).toContain(good2.conformity);
    expect(good1.pValue, `SEED=${seed}`).toBeGreaterThan(1e-4);
    expect(bad1.conformity).toBe('nonconforming');
    expect(bad2.conformity).toBe('nonconforming');
    expect(bad1.pValue).toBeLessThan(1e-10);
    expect(good1.df).toBe(8);
    expect(good2.df).toBe(89);
  });
});
