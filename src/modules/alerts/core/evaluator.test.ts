import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../../kernel/index.js';
import { AlertEvaluator, type AlertEvent } from './evaluator.js';
import { type AlertRule, validateAlertRule } from './rule.js';

function rule(overrides: Partial<AlertRule> & Record<string, unknown>): AlertRule {
  const checked = validateAlertRule({
    id: 'r1',
    metric: 'N',
    condition: '>',
    threshold: 10,
    severity: 'warning',
    ...overrides,
  });
  if (!checked.ok) throw new Error(checked.detail);
  return checked.value;
}

/** Feeds values at one sample per second and returns the indexes that raised events. */
function fire(r: AlertRule, values: number[]): { index: number; event: AlertEvent }[] {
  const evaluator = new AlertEvaluator([r]);
  const fired: { index: number; event: AlertEvent }[] = [];
  values.forEach((value, index) => {
    const result = evaluator.evaluate({ metric: r.metric, value, timestampMs: index * 1000 });
    if (!result.ok) throw new Error(result.code);
    for (const event of result.value) fired.push({ index, event });
  });
  return fired;
}

const indexes = (r: AlertRule, values: number[]) => fire(r, values).map((f) => f.index);

describe('AlertEvaluator conditions', () => {
  it('fires > and < on each qualifying sample with the triggering value', () => {
    expect(indexes(rule({}), [5, 11, 10, 12])).toEqual([1, 3]);
    expect(fire(rule({}), [11])[0]!.event).toMatchObject({
      ruleId: 'r1',
      value: 11,
      observed: 11,
      severity: 'warning',
      timestampMs: 0,
    });
    expect(indexes(rule({ condition: '<' }), [5, 11, 10, 9])).toEqual([0, 3]);
  });

  it('fires crosses only on a change of side, honouring direction', () => {
    const values = [5, 12, 15, 8, 10, 11];
    expect(indexes(rule({ condition: 'crosses' }), values)).toEqual([1, 3, 5]);
    expect(indexes(rule({ condition: 'crosses', direction: 'up' }), values)).toEqual([1, 5]);
    expect(indexes(rule({ condition: 'crosses', direction: 'down' }), values)).toEqual([3]);
  });

  it('fires rate_of_change on the rate over the window in units per second', () => {
    const r = rule({ condition: 'rate_of_change', threshold: 2, windowMs: 3000 });
    // A jump of 10 within 3 s is 3.33/s; then the series is flat and the rate decays out of the window.
    const fired = fire(r, [0, 0, 0, 10, 10, 10, 10, 10]);
    expect(fired.map((f) => f.index)).toEqual([3, 4, 5]);
    expect(fired[0]!.event.observed).toBeCloseTo(10 / 3, 12);
    expect(
      indexes(rule({ condition: 'rate_of_change', threshold: 2, windowMs: 3000, direction: 'down' }), [10, 10, 0]),
    ).toEqual([2]);
  });

  it('fires zscore against the previous window only once it is full', () => {
    const r = rule({ condition: 'zscore', threshold: 3, windowSize: 4 });
    const fired = fire(r, [10, 11, 10, 11, 10.5, 30, 10]);
    expect(fired.map((f) => f.index)).toEqual([5]);
    // Window before index 5 is [11, 10, 11, 10.5]: mean 10.625, squared deviations sum to 0.6875, sample sd = √(0.6875/3).
    expect(fired[0]!.event.observed).toBeCloseTo((30 - 10.625) / Math.sqrt(0.6875 / 3), 9);
    expect(indexes(r, [1, 1, 1, 1, 2])).toEqual([4]);
  });
});

describe('AlertEvaluator state', () => {
  it('keeps quiet during the cool-down measured on sample timestamps', () => {
    expect(indexes(rule({ cooldownMs: 2500 }), [11, 11, 11, 11, 11, 11, 11])).toEqual([0, 3, 6]);
  });

  it('never fires a disabled rule yet keeps its history current', () => {
    expect(indexes(rule({ enabled: false }), [11, 12])).toEqual([]);
    const evaluator = new AlertEvaluator([rule({ condition: 'crosses', enabled: false })]);
    evaluator.evaluate({ metric: 'N', value: 5, timestampMs: 0 });
    evaluator.replaceRules([rule({ condition: 'crosses', enabled: true })]);
    const result = evaluator.evaluate({ metric: 'N', value: 12, timestampMs: 1 });
    // A new definition starts fresh state, so there is no previous value to cross from.
    expect(result.ok && result.value.length).toBe(0);
  });

  it('keeps state for unchanged rules when the rule set is replaced and ignores other metrics', () => {
    const r = rule({ condition: 'crosses' });
    const evaluator = new AlertEvaluator([r]);
    evaluator.evaluate({ metric: 'N', value: 5, timestampMs: 0 });
    evaluator.replaceRules([r, rule({ id: 'r2', metric: 'B' })]);
    const result = evaluator.evaluate({ metric: 'N', value: 12, timestampMs: 1 });
    expect(result.ok && result.value.map((e) => e.ruleId)).toEqual(['r1']);
  });

  it('rejects non-finite values and samples that go back in time', () => {
    const evaluator = new AlertEvaluator([rule({})]);
    expect(evaluator.evaluate({ metric: 'N', value: Number.NaN, timestampMs: 0 })).toMatchObject({
      ok: false,
      code: 'sample_value_must_be_finite',
    });
    expect(evaluator.evaluate({ metric: 'N', value: 1, timestampMs: 10 }).ok).toBe(true);
    expect(evaluator.evaluate({ metric: 'N', value: 1, timestampMs: 9 })).toMatchObject({
      ok: false,
      code: 'sample_timestamp_must_not_decrease',
      field: 'timestampMs',
    });
  });

  it('never fires one rule twice within its cool-down (property)', () => {
    const seed = seedFromEnv();
    const stream = fc.array(
      fc.record({ gap: fc.integer({ min: 0, max: 500 }), value: fc.double({ min: -50, max: 50, noNaN: true }) }),
      { maxLength: 200 },
    );
    const condition = fc.constantFrom('>', '<', 'crosses', 'rate_of_change', 'zscore');
    try {
      fc.assert(
        fc.property(stream, condition, fc.integer({ min: 0, max: 3000 }), (samples, cond, cooldownMs) => {
          const r = rule({
            condition: cond as AlertRule['condition'],
            threshold: cond === '>' || cond === '<' || cond === 'crosses' ? 0 : 1,
            cooldownMs,
            windowMs: 1000,
            windowSize: 5,
          });
          const evaluator = new AlertEvaluator([r]);
          let t = 0;
          let lastFired = Number.NEGATIVE_INFINITY;
          for (const s of samples) {
            t += s.gap;
            const result = evaluator.evaluate({ metric: 'N', value: s.value, timestampMs: t });
            expect(result.ok).toBe(true);
            if (result.ok && result.value.length > 0) {
              expect(t - lastFired).toBeGreaterThanOrEqual(cooldownMs);
              lastFired = t;
            }
          }
        }),
        { seed, numRuns: 200 },
      );
    } catch (error) {
      throw new Error(`SEED=${seed}: ${(error as Error).message}`);
    }
  });
});

describe('validateAlertRule', () => {
  it('names every bad field', () => {
    const result = validateAlertRule({
      id: '',
      metric: 'N',
      condition: 'equals',
      threshold: Number.NaN,
      severity: 'urgent',
      enabled: 'yes',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((i) => [i.field, i.code])).toEqual([
        ['id', 'id_invalid'],
        ['condition', 'unknown_condition'],
        ['threshold', 'value_must_be_finite'],
        ['severity', 'unknown_severity'],
        ['enabled', 'value_must_be_boolean'],
      ]);
    }
  });

  it('requires windows for rate_of_change and zscore', () => {
    const rate = validateAlertRule({
      id: 'a',
      metric: 'N',
      condition: 'rate_of_change',
      threshold: 1,
      severity: 'info',
    });
    const z = validateAlertRule({
      id: 'a',
      metric: 'N',
      condition: 'zscore',
      threshold: -1,
      severity: 'info',
      windowSize: 1.5,
    });
    expect(!rate.ok && rate.issues.map((i) => i.field)).toEqual(['windowMs']);
    expect(!z.ok && z.issues.map((i) => i.code)).toEqual([
      'value_out_of_range',
      'value_must_be_integer',
      'threshold_must_not_be_negative',
    ]);
  });
});
