import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Prng, seedFromEnv } from '../../../../kernel/index.js';
import { defaultFraudConfig } from './config.js';
import type { Hit } from './rules.js';
import { ruleDetectors } from './rules.js';
import { analyseTransactions, combineHits, scoringDetectors } from './score.js';
import { statisticalDetectors } from './statistical-detectors.js';
import { generateSyntheticTransactions } from './synthetic.js';
import { tx } from './test-helpers.js';
import { factorCodes } from './types.js';

const seed = seedFromEnv();

describe('fraud scoring', () => {
  it('keeps every score in 0..100 with points that add up to it, never lower with more evidence', () => {
    const hit = fc.record({
      code: fc.constantFrom(...factorCodes),
      strength: fc.double({ min: 0, max: 1, noNaN: true }),
      detail: fc.constant('x'),
    });
    fc.assert(
      fc.property(fc.array(hit, { maxLength: 14 }), hit, (hits: Hit[], extra: Hit) => {
        const s = combineHits('x', hits, defaultFraudConfig);
        expect(s.riskScore).toBeGreaterThanOrEqual(0);
        expect(s.riskScore).toBeLessThanOrEqual(100);
        expect(Number.isInteger(s.riskScore)).toBe(true);
        const points = s.factors.reduce((a, f) => a + f.points, 0);
        expect(Math.abs(points - s.riskScore)).toBeLessThanOrEqual(0.5 + 1e-9);
        expect(combineHits('x', [...hits, extra], defaultFraudConfig).riskScore).toBeGreaterThanOrEqual(s.riskScore);
      }),
      { seed },
    );
  });

  it('ranks injected fraud far above normal payments on a synthetic set', () => {
    const set = generateSyntheticTransactions(new Prng(seed), { count: 5_000 });
    const r = analyseTransactions(set.transactions, defaultFraudConfig, new Prng(seed));
    if (!r.ok) throw new Error(r.code);
    let injectedFlagged = 0;
    let normalFlagged = 0;
    r.value.scores.forEach((s, i) => {
      const flagged = s.priority !== 'none' && s.priority !== 'low';
      if (set.injected.has(set.transactions[i]!.id)) injectedFlagged += flagged ? 1 : 0;
      else normalFlagged += flagged ? 1 : 0;
    });
    const recall = injectedFlagged / set.injected.size;
    const falseRate = normalFlagged / (set.transactions.length - set.injected.size);
    expect(recall, `SEED=${seed} recall`).toBeGreaterThan(0.6);
    expect(falseRate, `SEED=${seed} false rate`).toBeLessThan(0.05);
    expect(r.value.benford.firstDigit.n).toBe(5_000);
  });

  it('lists the factors, category and priority of a flagged payment', () => {
    const batch = [
      ...Array.from({ length: 30 }, (_, k) => tx({ amountMinor: BigInt(10_000 + k * 37), date: '2025-03-05' })),
      tx({ id: 'bad', amountMinor: 6_000_000n, date: '2025-03-08', vendorBankChangedAt: '2025-03-06' }),
    ];
    const r = analyseTransactions(batch, defaultFraudConfig, new Prng(1));
    if (!r.ok) throw new Error(r.code);
    const bad = r.value.scores.find((s) => s.id === 'bad')!;
    const codes = bad.factors.map((f) => f.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'amount_over_threshold',
        'weekend_posting',
        'bank_details_changed_before_payment',
        'round_amount',
      ]),
    );
    expect(bad.priority === 'high' || bad.priority === 'critical').toBe(true);
    expect(bad.category).toBe(bad.factors[0]!.category);
    expect(r.value.configVersion).toBe(1);
  });

  it('scores the same set identically for the same seed', () => {
    const set = generateSyntheticTransactions(new Prng(seed), { count: 1_000 });
    const a = analyseTransactions(set.transactions, defaultFraudConfig, new Prng(seed));
    const b = analyseTransactions(
      generateSyntheticTransactions(new Prng(seed), { count: 1_000 }).transactions,
      defaultFraudConfig,
      new Prng(seed),
    );
    expect(a).toEqual(b);
  });

  it('rejects malformed dates and invalid configs with stable codes', () => {
    const bad = analyseTransactions([tx({ date: '05/03/2025' })], defaultFraudConfig, new Prng(1));
    expect(bad.ok ? null : bad.code).toBe('transaction_date_must_be_iso');
    const impossible = analyseTransactions([tx({ date: '2025-02-30' })], defaultFraudConfig, new Prng(1));
    expect(impossible.ok ? null : impossible.field).toBe('[0].date');
    const bank = analyseTransactions([tx({ vendorBankChangedAt: '2025-13-01' })], defaultFraudConfig, new Prng(1));
    expect(bank.ok ? null : bank.field).toBe('[0].vendorBankChangedAt');
    const cfg = analyseTransactions([tx()], { ...defaultFraudConfig, isolationTrees: 0 }, new Prng(1));
    expect(cfg.ok ? null : cfg.code).toBe('config_isolation_trees_out_of_range');
  });
});

describe('batch Benford figures', () => {
  it('match the direct Benford test on the same amounts', async () => {
    const { benfordTest } = await import('./benford.js');
    const set = generateSyntheticTransactions(new Prng(seed), { count: 2_000 });
    const r = analyseTransactions(set.transactions, defaultFraudConfig, new Prng(seed));
    if (!r.ok) throw new Error(r.code);
    const amounts = set.transactions.map((t) => t.amountMinor);
    expect(r.value.benford.firstDigit).toEqual(benfordTest(amounts, 'first_digit'));
    expect(r.value.benford.firstTwoDigits).toEqual(benfordTest(amounts, 'first_two_digits'));
  });
});

describe('optimised scoring path', () => {
  it('runs the same detectors in the same order as the published lists', () => {
    expect([...scoringDetectors]).toEqual([...ruleDetectors, ...statisticalDetectors]);
  });
});
