// Validates untrusted JSON into SimulationParams, collecting every problem with its field path and a stable code.

import { type Err, type Ok, ok } from '../../../kernel/index.js';
import { parseCsvSeries } from './csv-series.js';
import { economyLimits } from './limits.js';
import { type PidParams, type SignalSpec, type SimulationParams, signalTypes } from './params.js';

/** One problem in the input: where (`signals.C.terms[1].sigma`), a stable code and a readable detail. */
export interface ValidationIssue {
  field: string;
  code: string;
  detail: string;
}

/** The failure returned for bad parameters: the first issue's field plus every issue found. */
export interface ParamsInvalid extends Err<'simulation_params_invalid'> {
  readonly issues: ValidationIssue[];
}

/** Valid, normalised parameters (CSV series parsed into values, defaults filled) or every issue found. */
export type ParamsResult = Ok<SimulationParams> | ParamsInvalid;

type Json = Record<string, unknown>;

/** Collects issues while walking the input; every helper returns a usable placeholder so walking can go on. */
class Issues {
  readonly list: ValidationIssue[] = [];
  add(field: string, code: string, detail: string): void {
    this.list.push({ field, code, detail });
  }
}

interface NumberRule {
  min?: number;
  /** When true, `min` itself is rejected. */
  exclusiveMin?: boolean;
  integer?: boolean;
  /** Code used when the value is below the minimum. */
  minCode?: string;
}

function readNumber(obj: Json, key: string, path: string, issues: Issues, rule: NumberRule = {}): number {
  const field = join(path, key);
  const value = obj[key];
  if (value === undefined || value === null) {
    issues.add(field, 'field_required', `${field} is required`);
    return 0;
  }
  if (typeof value !== 'number') {
    issues.add(field, 'value_must_be_number', `${field} must be a number, got ${typeof value}`);
    return 0;
  }
  if (!Number.isFinite(value)) {
    issues.add(field, 'value_must_be_finite', `${field} must be finite, got ${value}`);
    return 0;
  }
  if (Math.abs(value) > economyLimits.parameterAbsMax) {
    issues.add(field, 'value_out_of_range', `|${field}| must be at most ${economyLimits.parameterAbsMax}`);
    return 0;
  }
  if (rule.integer && !Number.isInteger(value)) {
    issues.add(field, 'value_must_be_integer', `${field} must be an integer`);
    return 0;
  }
  if (rule.min !== undefined && (rule.exclusiveMin ? value <= rule.min : value < rule.min)) {
    const code = rule.minCode ?? 'value_out_of_range';
    issues.add(field, code, `${field} must be ${rule.exclusiveMin ? '>' : '>='} ${rule.min}, got ${value}`);
    return 0;
  }
  return value;
}

function readEnum<T extends string>(obj: Json, key: string, path: string, allowed: readonly T[], issues: Issues): T {
  const field = join(path, key);
  const value = obj[key];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    issues.add(
      field,
      `unknown_${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`,
      `${field} must be one of ${allowed.join(', ')}`,
    );
    return allowed[0] as T;
  }
  return value as T;
}

function rejectUnknown(obj: Json, path: string, known: readonly string[], issues: Issues): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) issues.add(join(path, key), 'unknown_field', `${join(path, key)} is not a known field`);
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** Validates a whole simulation request. Never throws on bad input; returns every issue found. */
export function validateSimulationParams(input: unknown): ParamsResult {
  const issues = new Issues();
  if (!isObject(input)) {
    issues.add('', 'params_must_be_object', 'parameters must be a JSON object');
    return invalid(issues);
  }
  const known = ['alpha', 'beta', 'gamma', 'delta', 'n0', 'dt', 'steps', 'integrator', 'pid', 'signals'];
  rejectUnknown(input, '', known, issues);
  const alpha = readNumber(input, 'alpha', '', issues);
  const beta = readNumber(input, 'beta', '', issues);
  const gamma = readNumber(input, 'gamma', '', issues);
  const delta = readNumber(input, 'delta', '', issues, { min: 0, minCode: 'delta_must_not_be_negative' });
  const n0 = readNumber(input, 'n0', '', issues);
  const dt = readNumber(input, 'dt', '', issues, { min: 0, exclusiveMin: true, minCode: 'step_must_be_positive' });
  const steps = readSteps(input, issues);
  const integrator = readEnum(input, 'integrator', '', ['euler', 'rk4'] as const, issues);
  // Explicit Euler is stable for δ·dt ≤ 2; classical RK4 on the negative real axis up to about 2.785.
  const stableLimit = integrator === 'euler' ? 2 : 2.785;
  if (delta * dt > stableLimit) {
    issues.add('dt', 'step_unstable_for_delta', `delta·dt = ${delta * dt} exceeds ${stableLimit} for ${integrator}`);
  }
  const params: SimulationParams = {
    alpha,
    beta,
    gamma,
    delta,
    n0,
    dt,
    steps,
    integrator,
    signals: { C: constantZero(), D: constantZero(), E: constantZero() },
  };
  if (input.pid !== undefined) params.pid = readPid(input.pid, issues);
  if (!isObject(input.signals)) {
    issues.add('signals', 'field_required', 'signals must be an object with C, D and E');
  } else {
    rejectUnknown(input.signals, 'signals', ['C', 'D', 'E'], issues);
    for (const name of ['C', 'D', 'E'] as const) {
      const counter = { nodes: 0 };
      params.signals[name] = readSignal(input.signals[name], `signals.${name}`, 1, counter, issues);
    }
  }
  return issues.list.length > 0 ? invalid(issues) : ok(params);
}

function readSteps(input: Json, issues: Issues): number {
  // Checked before the generic magnitude bound so an oversized count reports the specific code.
  const raw = input.steps;
  if (typeof raw === 'number' && Number.isFinite(raw) && raw > economyLimits.simulationStepsMax) {
    issues.add('steps', 'steps_above_max', `steps must be at most ${economyLimits.simulationStepsMax}`);
    return 0;
  }
  return readNumber(input, 'steps', '', issues, { min: 1, integer: true, minCode: 'steps_must_be_positive' });
}

function readPid(value: unknown, issues: Issues): PidParams {
  const path = 'pid';
  if (!isObject(value)) {
    issues.add(path, 'value_must_be_object', 'pid must be an object');
    return { kp: 0, ki: 0, kd: 0, setpoint: 0, outMin: 0, outMax: 0, antiWindup: 'clamp' };
  }
  const known = ['kp', 'ki', 'kd', 'setpoint', 'outMin', 'outMax', 'antiWindup', 'trackingTime'];
  rejectUnknown(value, path, known, issues);
  const gain: NumberRule = { min: 0, minCode: 'gain_must_not_be_negative' };
  const pid: PidParams = {
    kp: readNumber(value, 'kp', path, issues, gain),
    ki: readNumber(value, 'ki', path, issues, gain),
    kd: readNumber(value, 'kd', path, issues, gain),
    setpoint: readNumber(value, 'setpoint', path, issues),
    outMin: readNumber(value, 'outMin', path, issues),
    outMax: readNumber(value, 'outMax', path, issues),
    antiWindup: readEnum(value, 'antiWindup', path, ['clamp', 'back-calculation'] as const, issues),
  };
  if (pid.outMin > pid.outMax) issues.add('pid.outMax', 'output_limits_inverted', 'pid.outMax must be >= pid.outMin');
  if (value.trackingTime !== undefined) {
    pid.trackingTime = readNumber(value, 'trackingTime', path, issues, { min: 0, exclusiveMin: true });
  }
  return pid;
}

function constantZero(): SignalSpec {
  return { type: 'constant', value: 0 };
}

function invalid(issues: Issues): ParamsInvalid {
  const first = issues.list[0] as ValidationIssue;
  return {
    ok: false,
    code: 'simulation_params_invalid',
    field: first.field,
    detail: issues.list.map((i) => `${i.field}: ${i.code}`).join('; '),
    issues: issues.list,
  };
}

/** Reads one signal node (recursively), enforcing depth and node-count limits. */
function readSignal(
  value: unknown,
  path: string,
  depth: number,
  counter: { nodes: number },
  issues: Issues,
): SignalSpec {
  counter.nodes++;
  if (counter.nodes === economyLimits.signalNodesMax + 1) {
    issues.add(path, 'signal_nodes_above_max', `a signal tree may hold at most ${economyLimits.signalNodesMax} nodes`);
  }
  if (depth > economyLimits.signalDepthMax) {
    issues.add(path, 'signal_depth_above_max', `signals nest at most ${economyLimits.signalDepthMax} deep`);
    return constantZero();
  }
  if (!isObject(value)) {
    issues.add(path, 'value_must_be_object', `${path} must be a signal object`);
    return constantZero();
  }
  const type = value.type;
  if (typeof type !== 'string' || !(signalTypes as readonly string[]).includes(type)) {
    issues.add(join(path, 'type'), 'unknown_signal_type', `${String(type)} is not one of ${signalTypes.join(', ')}`);
    return constantZero();
  }
  return readSignalOfType(type as SignalSpec['type'], value, path, depth, counter, issues);
}

function readSignalOfType(
  type: SignalSpec['type'],
  value: Json,
  path: string,
  depth: number,
  counter: { nodes: number },
  issues: Issues,
): SignalSpec {
  const num = (key: string, rule?: NumberRule) => readNumber(value, key, path, issues, rule);
  const positive: NumberRule = { min: 0, exclusiveMin: true, minCode: 'value_must_be_positive' };
  const nonNegative: NumberRule = { min: 0, minCode: 'value_must_not_be_negative' };
  const seed: NumberRule = { min: 0, integer: true, minCode: 'seed_must_be_uint32' };
  const fields = (...keys: string[]) => rejectUnknown(value, path, ['type', ...keys], issues);
  switch (type) {
    case 'constant':
      fields('value');
      return { type, value: num('value') };
    case 'sine':
      fields('amplitude', 'periodT', 'phase', 'offset');
      return {
        type,
        amplitude: num('amplitude'),
        periodT: num('periodT', positive),
        phase: num('phase'),
        offset: num('offset'),
      };
    case 'square': {
      fields('amplitude', 'periodT', 'phase', 'offset', 'duty');
      const spec = {
        type,
        amplitude: num('amplitude'),
        periodT: num('periodT', positive),
        phase: num('phase'),
        offset: num('offset'),
        duty: 0.5,
      };
      if (value.duty !== undefined) {
        spec.duty = num('duty', positive);
        if (spec.duty >= 1) issues.add(join(path, 'duty'), 'value_out_of_range', 'duty must be in (0, 1)');
      }
      return spec;
    }
    case 'step':
      fields('at', 'before', 'after');
      return { type, at: num('at'), before: num('before'), after: num('after') };
    case 'ramp':
      fields('startT', 'start', 'slope');
      return { type, startT: num('startT'), start: num('start'), slope: num('slope') };
    case 'pulse': {
      fields('base', 'amplitude', 'startT', 'width', 'periodT');
      const spec: SignalSpec = {
        type,
        base: num('base'),
        amplitude: num('amplitude'),
        startT: num('startT'),
        width: num('width', positive),
      };
      if (value.periodT !== undefined) spec.periodT = num('periodT', positive);
      return spec;
    }
    case 'random_walk':
      fields('seed', 'sigma', 'start');
      return { type, seed: readSeed(value, path, issues, seed), sigma: num('sigma', nonNegative), start: num('start') };
    case 'gaussian_noise':
      fields('seed', 'mean', 'sd');
      return { type, seed: readSeed(value, path, issues, seed), mean: num('mean'), sd: num('sd', nonNegative) };
    case 'sum':
    case 'product': {
      const key = type === 'sum' ? 'terms' : 'factors';
      fields(key);
      const children = readChildren(value[key], join(path, key), depth, counter, issues);
      return type === 'sum' ? { type, terms: children } : { type, factors: children };
    }
    case 'series':
      fields('values', 'csv', 'dtSeries', 'interpolation');
      return readSeries(value, path, issues);
  }
}

function readSeed(value: Json, path: string, issues: Issues, rule: NumberRule): number {
  const seed = readNumber(value, 'seed', path, issues, rule);
  if (seed > 0xffffffff) issues.add(join(path, 'seed'), 'seed_must_be_uint32', 'seed must be below 2^32');
  return seed >>> 0;
}

function readChildren(
  value: unknown,
  path: string,
  depth: number,
  counter: { nodes: number },
  issues: Issues,
): SignalSpec[] {
  if (!Array.isArray(value) || value.length === 0) {
    issues.add(path, 'value_must_be_non_empty_array', `${path} must be a non-empty array of signals`);
    return [];
  }
  return value.map((child, i) => readSignal(child, `${path}[${i}]`, depth + 1, counter, issues));
}

function readSeries(value: Json, path: string, issues: Issues): SignalSpec {
  const dtSeries = readNumber(value, 'dtSeries', path, issues, {
    min: 0,
    exclusiveMin: true,
    minCode: 'step_must_be_positive',
  });
  const interpolation = readEnum(value, 'interpolation', path, ['hold', 'linear'] as const, issues);
  const values = readSeriesValues(value, path, issues);
  return { type: 'series', values, dtSeries, interpolation };
}

function readSeriesValues(value: Json, path: string, issues: Issues): number[] {
  const hasValues = value.values !== undefined;
  const hasCsv = value.csv !== undefined;
  if (hasValues === hasCsv) {
    issues.add(path, 'series_needs_values_or_csv', `${path} needs exactly one of values or csv`);
    return [0];
  }
  if (hasCsv) return readCsv(value.csv, join(path, 'csv'), issues);
  const field = join(path, 'values');
  const values = value.values;
  if (!Array.isArray(values) || values.length === 0) {
    issues.add(field, 'value_must_be_non_empty_array', `${field} must be a non-empty array of numbers`);
    return [0];
  }
  if (values.length > economyLimits.seriesValuesMax) {
    issues.add(field, 'series_above_max', `${field} may hold at most ${economyLimits.seriesValuesMax} values`);
    return [0];
  }
  let reported = 0;
  for (let i = 0; i < values.length && reported < 20; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      issues.add(
        `${field}[${i}]`,
        typeof v === 'number' ? 'value_must_be_finite' : 'value_must_be_number',
        `${field}[${i}] must be a finite number`,
      );
      reported++;
    }
  }
  return reported > 0 ? [0] : (values as number[]);
}

function readCsv(csv: unknown, field: string, issues: Issues): number[] {
  if (typeof csv !== 'string') {
    issues.add(field, 'value_must_be_string', `${field} must be CSV text`);
    return [0];
  }
  if (csv.length > economyLimits.csvCharsMax) {
    issues.add(field, 'csv_above_max', `${field} may hold at most ${economyLimits.csvCharsMax} characters`);
    return [0];
  }
  const parsed = parseCsvSeries(csv);
  if (parsed.ok) return parsed.values;
  for (const row of parsed.errors)
    issues.add(`${field}:${row.line}`, `csv_${row.code}`, `line ${row.line}: ${row.detail}`);
  return [0];
}
