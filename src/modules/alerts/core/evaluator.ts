// Stateful, pure alert evaluation: feed metric samples in time order, get the events the rules raise.

import { assert, err, ok, type Result } from '../../../kernel/index.js';
import { alertLimits } from './limits.js';
import type { AlertConditionType, AlertRule, AlertSeverity } from './rule.js';

/** One observation of a metric at a time given by the caller (the evaluator never reads a clock). */
export interface MetricSample {
  metric: string;
  value: number;
  timestampMs: number;
}

/** A rule firing on one sample (seed 000's AlertEvent, before storage assigns an id). */
export interface AlertEvent {
  ruleId: string;
  metric: string;
  condition: AlertConditionType;
  severity: AlertSeverity;
  threshold: number;
  /** The sample value that triggered the rule. */
  value: number;
  /** The quantity compared with the threshold: the value, the rate per second, or the z-score. */
  observed: number;
  timestampMs: number;
  message: string;
}

/** Codes of rejected samples. */
export type SampleErrorCode =
  | 'sample_value_must_be_finite'
  | 'sample_timestamp_must_not_decrease'
  | 'sample_timestamp_must_be_finite';

/** Per-rule memory: what crosses, rate_of_change, zscore and the cool-down need from earlier samples. */
interface RuleState {
  rule: AlertRule;
  key: string;
  previous: number | null;
  lastFiredMs: number | null;
  /** rate_of_change: samples inside the window, oldest first from `head`. */
  times: number[];
  values: number[];
  head: number;
  /** zscore: ring buffer of the previous windowSize values. */
  ring: Float64Array;
  ringCount: number;
  ringNext: number;
}

/**
 * Evaluates every enabled rule whose metric matches each sample. Samples of one metric must not go back in time.
 * Rule state (previous value, windows) advances even while a rule is disabled or cooling down, so re-enabling
 * it or leaving the cool-down compares against current history.
 */
export class AlertEvaluator {
  private readonly byMetric = new Map<string, RuleState[]>();
  private readonly lastTimestamp = new Map<string, number>();

  constructor(rules: readonly AlertRule[] = []) {
    this.replaceRules(rules);
  }

  /** Swaps the rule set, keeping the state of rules whose definition did not change. */
  replaceRules(rules: readonly AlertRule[]): void {
    assert(rules.length <= alertLimits.rulesPerEvaluatorMax, 'too many rules for one evaluator');
    const kept = new Map<string, RuleState>();
    for (const states of this.byMetric.values()) for (const s of states) kept.set(s.key, s);
    this.byMetric.clear();
    for (const rule of rules) {
      const key = JSON.stringify(rule);
      const state = kept.get(key) ?? newState(rule, key);
      const list = this.byMetric.get(rule.metric) ?? [];
      list.push(state);
      this.byMetric.set(rule.metric, list);
    }
  }

  /** Feeds one sample; returns the events it raises, in rule order, or why the sample was rejected. */
  evaluate(sample: MetricSample): Result<AlertEvent[], SampleErrorCode> {
    if (!Number.isFinite(sample.value)) return err('sample_value_must_be_finite', `${sample.value}`, 'value');
    if (!Number.isFinite(sample.timestampMs))
      return err('sample_timestamp_must_be_finite', `${sample.timestampMs}`, 'timestampMs');
    const last = this.lastTimestamp.get(sample.metric);
    if (last !== undefined && sample.timestampMs < last) {
      return err('sample_timestamp_must_not_decrease', `${sample.timestampMs} < ${last}`, 'timestampMs');
    }
    this.lastTimestamp.set(sample.metric, sample.timestampMs);
    const events: AlertEvent[] = [];
    for (const state of this.byMetric.get(sample.metric) ?? []) {
      const observed = observe(state, sample);
      record(state, sample);
      if (observed === null || !state.rule.enabled) continue;
      const cooling = state.lastFiredMs !== null && sample.timestampMs < state.lastFiredMs + state.rule.cooldownMs;
      if (cooling) continue;
      state.lastFiredMs = sample.timestampMs;
      events.push(toEvent(state.rule, sample, observed));
    }
    return ok(events);
  }
}

function newState(rule: AlertRule, key: string): RuleState {
  const size = rule.condition === 'zscore' ? (rule.windowSize ?? alertLimits.zscoreWindowSizeMin) : 0;
  return {
    rule,
    key,
    previous: null,
    lastFiredMs: null,
    times: [],
    values: [],
    head: 0,
    ring: new Float64Array(size),
    ringCount: 0,
    ringNext: 0,
  };
}

/** The compared quantity when the rule's condition holds for this sample, else null. Reads state, never writes. */
function observe(state: RuleState, sample: MetricSample): number | null {
  const { rule } = state;
  const v = sample.value;
  const up = rule.direction !== 'down';
  const down = rule.direction !== 'up';
  switch (rule.condition) {
    case '>':
      return v > rule.threshold ? v : null;
    case '<':
      return v < rule.threshold ? v : null;
    case 'crosses': {
      const p = state.previous;
      if (p === null) return null;
      const rose = up && p <= rule.threshold && v > rule.threshold;
      const fell = down && p >= rule.threshold && v < rule.threshold;
      return rose || fell ? v : null;
    }
    case 'rate_of_change': {
      const rate = windowRate(state, sample, rule.windowMs ?? 0);
      if (rate === null) return null;
      return (up && rate > rule.threshold) || (down && rate < -rule.threshold) ? rate : null;
    }
    case 'zscore': {
      const z = zScore(state, v);
      if (z === null) return null;
      return (up && z > rule.threshold) || (down && z < -rule.threshold) ? z : null;
    }
  }
}

/** Rate per second from the oldest sample still inside the window to this one; null without such a sample. */
function windowRate(state: RuleState, sample: MetricSample, windowMs: number): number | null {
  const from = sample.timestampMs - windowMs;
  while (state.head < state.times.length && (state.times[state.head] as number) < from) state.head++;
  if (state.head >= state.times.length) return null;
  const elapsedMs = sample.timestampMs - (state.times[state.head] as number);
  if (elapsedMs <= 0) return null;
  return ((sample.value - (state.values[state.head] as number)) * 1000) / elapsedMs;
}

/** z = (v − mean)/sd over a full window (sample sd); ±Infinity when the window is flat and v differs. */
function zScore(state: RuleState, v: number): number | null {
  const n = state.ring.length;
  if (state.ringCount < n) return null;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += state.ring[i] as number;
  mean /= n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((state.ring[i] as number) - mean) ** 2;
  const sd = Math.sqrt(squares / (n - 1));
  if (sd === 0) return v === mean ? null : v > mean ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return (v - mean) / sd;
}

/** Adds the sample to the rule's memory. */
function record(state: RuleState, sample: MetricSample): void {
  state.previous = sample.value;
  if (state.rule.condition === 'rate_of_change') {
    state.times.push(sample.timestampMs);
    state.values.push(sample.value);
    if (state.times.length - state.head > alertLimits.rateWindowSamplesMax) state.head++;
    // Compact once the dropped prefix dominates, so memory stays proportional to the window.
    if (state.head > 1024 && state.head * 2 > state.times.length) {
      state.times = state.times.slice(state.head);
      state.values = state.values.slice(state.head);
      state.head = 0;
    }
  } else if (state.rule.condition === 'zscore') {
    state.ring[state.ringNext] = sample.value;
    state.ringNext = (state.ringNext + 1) % state.ring.length;
    state.ringCount = Math.min(state.ringCount + 1, state.ring.length);
  }
}

function toEvent(rule: AlertRule, sample: MetricSample, observed: number): AlertEvent {
  const what =
    rule.condition === 'rate_of_change'
      ? `rate ${observed.toPrecision(6)}/s`
      : rule.condition === 'zscore'
        ? `z-score ${observed.toPrecision(4)}`
        : `value ${sample.value}`;
  return {
    ruleId: rule.id,
    metric: rule.metric,
    condition: rule.condition,
    severity: rule.severity,
    threshold: rule.threshold,
    value: sample.value,
    observed,
    timestampMs: sample.timestampMs,
    message: `${rule.metric}: ${what} triggered ${rule.condition} ${rule.threshold} (${rule.severity})`,
  };
}
