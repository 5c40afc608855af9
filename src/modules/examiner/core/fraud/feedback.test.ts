import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../../../kernel/index.js';
import { defaultFraudConfig } from './config.js';
import { type FeedbackLabel, reweightFromFeedback } from './feedback.js';
import { factorCodes } from './types.js';

const seed = seedFromEnv();

describe('feedback re-weighting', () => {
  it('raises factors that found fraud, lowers noisy ones, leaves unlabelled ones and bumps the version', () => {
    const labels: FeedbackLabel[] = [
      ...Array.from({ length: 20 }, (_, k) => ({
        transactionId: `c${k}`,
        outcome: 'confirmed_fraud' as const,
        factors: ['duplicate_payment' as const],
      })),
      ...Array.from({ length: 20 }, (_, k) => ({
        transactionId: `f${k}`,
        outcome: 'false_positive' as const,
        factors: ['weekend_posting' as const],
      })),
    ];
    const r = reweightFromFeedback(defaultFraudConfig, labels);
    expect(r.config.version).toBe(2);
    expect(r.config.weights.duplicate_payment).toBeGreaterThan(defaultFraudConfig.weights.duplicate_payment);
    expect(r.config.weights.weekend_posting).toBeLessThan(defaultFraudConfig.weights.weekend_posting);
    expect(r.config.weights.round_amount).toBe(defaultFraudConfig.weights.round_amount);
    expect(r.adjustments.map((a) => a.code).sort()).toEqual(['duplicate_payment', 'weekend_posting']);
    expect(r.adjustments.find((a) => a.code === 'weekend_posting')!.reason).toContain('20 false positive');
  });

  it('keeps every weight within bounds and every step within the multiplier cap', () => {
    const label = fc.record({
      transactionId: fc.string(),
      outcome: fc.constantFrom('confirmed_fraud' as const, 'false_positive' as const),
      factors: fc.array(fc.constantFrom(...factorCodes), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(fc.array(label, { maxLength: 200 }), (labels) => {
        const r = reweightFromFeedback(defaultFraudConfig, labels);
        for (const code of factorCodes) {
          const w = r.config.weights[code];
          const w0 = defaultFraudConfig.weights[code];
          expect(w).toBeGreaterThanOrEqual(0.02);
          expect(w).toBeLessThanOrEqual(0.95);
          expect(w / w0).toBeLessThanOrEqual(2 + 1e-9);
          expect(w / w0).toBeGreaterThanOrEqual(0.5 - 1e-9);
        }
      }),
      { seed },
    );
  });
});
