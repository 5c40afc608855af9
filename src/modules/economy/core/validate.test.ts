import { describe, expect, it } from 'vitest';
import { economyLimits } from './limits.js';
import { baseInput } from './test-helpers.js';
import { validateSimulationParams } from './validate.js';

function issuesOf(input: unknown): { field: string; code: string }[] {
  const result = validateSimulationParams(input);
  if (result.ok) throw new Error('expected invalid params');
  expect(result.code).toBe('simulation_params_invalid');
  expect(result.field).toBe(result.issues[0]!.field);
  return result.issues.map(({ field, code }) => ({ field, code }));
}

describe('validateSimulationParams', () => {
  it('accepts the baseline and fills defaults', () => {
    const result = validateSimulationParams(
      baseInput({
        signals: {
          C: { type: 'square', amplitude: 1, periodT: 2, phase: 0, offset: 0 },
          D: { type: 'constant', value: 0 },
          E: { type: 'constant', value: 0 },
        },
      }),
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.signals.C).toMatchObject({ type: 'square', duty: 0.5 });
  });

  it('rejects NaN, Infinity, a non-positive step and too many steps, naming each field', () => {
    const issues = issuesOf(
      baseInput({
        alpha: Number.NaN,
        beta: Number.POSITIVE_INFINITY,
        dt: 0,
        steps: economyLimits.simulationStepsMax + 1,
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { field: 'alpha', code: 'value_must_be_finite' },
        { field: 'beta', code: 'value_must_be_finite' },
        { field: 'dt', code: 'step_must_be_positive' },
        { field: 'steps', code: 'steps_above_max' },
      ]),
    );
  });

  it('names nested signal fields by path and reports unknown types', () => {
    const issues = issuesOf(
      baseInput({
        signals: {
          C: {
            type: 'sum',
            terms: [
              { type: 'constant', value: 1 },
              { type: 'random_walk', seed: 1, sigma: -1, start: 0 },
            ],
          },
          D: { type: 'wavelet' },
          E: { type: 'product', factors: [] },
        },
      }),
    );
    expect(issues).toEqual([
      { field: 'signals.C.terms[1].sigma', code: 'value_must_not_be_negative' },
      { field: 'signals.D.type', code: 'unknown_signal_type' },
      { field: 'signals.E.factors', code: 'value_must_be_non_empty_array' },
    ]);
  });

  it('reports malformed CSV rows with their line numbers', () => {
    const csv = 'time,value\n0,1.5\n1,abc\n2,1e999\n3,2';
    const issues = issuesOf(
      baseInput({
        signals: {
          C: { type: 'series', csv, dtSeries: 1, interpolation: 'hold' },
          D: { type: 'constant', value: 0 },
          E: { type: 'constant', value: 0 },
        },
      }),
    );
    expect(issues).toEqual([
      { field: 'signals.C.csv:3', code: 'csv_value_not_a_number' },
      { field: 'signals.C.csv:4', code: 'csv_value_must_be_finite' },
    ]);
  });

  it('rejects unknown fields, bad enums, inverted PID limits and unstable steps', () => {
    const issues = issuesOf(
      baseInput({
        integrator: 'leapfrog',
        extra: 1,
        delta: 10,
        dt: 0.5,
        pid: { kp: 1, ki: 0, kd: 0, setpoint: 0, outMin: 5, outMax: 1, antiWindup: 'none' },
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { field: 'extra', code: 'unknown_field' },
        { field: 'integrator', code: 'unknown_integrator' },
        { field: 'pid.antiWindup', code: 'unknown_anti_windup' },
        { field: 'pid.outMax', code: 'output_limits_inverted' },
        { field: 'dt', code: 'step_unstable_for_delta' },
      ]),
    );
  });

  it('reports an oversized step count with the specific code and an infinite one as not finite', () => {
    expect(issuesOf(baseInput({ steps: 1e15 }))).toEqual([{ field: 'steps', code: 'steps_above_max' }]);
    expect(issuesOf(baseInput({ steps: Number.POSITIVE_INFINITY }))).toEqual([
      { field: 'steps', code: 'value_must_be_finite' },
    ]);
    expect(issuesOf(baseInput({ steps: 0 }))).toEqual([{ field: 'steps', code: 'steps_must_be_positive' }]);
    expect(issuesOf(baseInput({ steps: 2.5 }))).toEqual([{ field: 'steps', code: 'value_must_be_integer' }]);
  });

  it('bounds signal tree depth', () => {
    let tree: unknown = { type: 'constant', value: 1 };
    for (let i = 0; i < economyLimits.signalDepthMax; i++) tree = { type: 'sum', terms: [tree] };
    const issues = issuesOf(
      baseInput({ signals: { C: tree, D: { type: 'constant', value: 0 }, E: { type: 'constant', value: 0 } } }),
    );
    expect(issues.map((i) => i.code)).toContain('signal_depth_above_max');
  });

  it('rejects a non-object and a missing signals block', () => {
    expect(issuesOf(42)).toEqual([{ field: '', code: 'params_must_be_object' }]);
    expect(issuesOf(baseInput({ signals: undefined }))).toEqual([{ field: 'signals', code: 'field_required' }]);
  });
});
