import { describe, expect, it } from 'vitest';
import { Prng, seedFromEnv } from '../../../../kernel/index.js';
import { defaultFraudConfig } from '../fraud/config.js';
import { analyseTransactions } from '../fraud/score.js';
import { generateSyntheticTransactions } from '../fraud/synthetic.js';
import { analyseAsPov } from './analyse.js';
import { caseFigures, fraudFigures } from './from-analyses.js';

const seed = seedFromEnv();

describe('figures from analyses', () => {
  it('feeds a fraud analysis into every point of view', () => {
    const set = generateSyntheticTransactions(new Prng(seed), { count: 3_000 });
    const r = analyseTransactions(set.transactions, defaultFraudConfig, new Prng(seed));
    if (!r.ok) throw new Error(r.code);
    const figures = fraudFigures(r.value, set.transactions);
    expect(figures.critical_flags).toBe(r.value.byPriority.critical);
    expect(figures.split_invoices, `SEED=${seed}`).toBeGreaterThan(0);
    expect(figures.fraud_risk_max).toBe(Math.max(...r.value.scores.map((s) => s.riskScore)));
    const examiner = analyseAsPov('financial_examiner', figures);
    if (!examiner.ok) throw new Error(examiner.code);
    expect(
      examiner.value.recommendations.map((x) => x.id),
      `SEED=${seed}`,
    ).toContain('splits');
  });

  it('counts broken custody and unverified content', () => {
    const f = caseFigures({
      custody: [
        { ok: true, length: 3, headHash: 'x' },
        { ok: false, index: 1, seq: 1, reason: 'hash_mismatch' },
      ],
      contentVerified: [true, false],
      overdueMilestones: 2,
    });
    expect(f).toEqual({ evidence_items: 2, custody_broken: 1, evidence_unverified: 1, overdue_milestones: 2 });
  });
});
