// The alert rule model (seed 000's AlertRule: metric, condition, threshold, severity, enabled) and its validation.

import { type Err, type Ok, ok } from '../../../kernel/index.js';
import { alertLimits } from './limits.js';

/** How a rule compares each sample. */
export type AlertConditionType = '>' | '<' | 'crosses' | 'rate_of_change' | 'zscore';

/** Which movement counts for crosses, rate_of_change and zscore; `any` means either sign. */
export type AlertDirection = 'up' | 'down' | 'any';

/** Severity carried onto every event of the rule. */
export type AlertSeverity = 'info' | 'warning' | 'critical';

/**
 * One alert rule on one metric.
 * - `>` / `<`: the sample is above / below `threshold`.
 * - `crosses`: the previous sample and this one lie on different sides of `threshold` (up: from ≤ to >, down:
 *   from ≥ to <).
 * - `rate_of_change`: (value − oldest value within `windowMs`) / elapsed seconds exceeds `threshold` in size
 *   (up: rate > threshold, down: rate < −threshold).
 * - `zscore`: |value − mean| / sd over the previous `windowSize` samples exceeds `threshold` (sample sd, n − 1).
 * After an event the rule stays silent until the sample timestamp reaches the event's plus `cooldownMs`.
 */
export interface AlertRule {
  id: string;
  metric: string;
  condition: AlertConditionType;
  threshold: number;
  severity: AlertSeverity;
  enabled: boolean;
  cooldownMs: number;
  direction: AlertDirection;
  /** rate_of_change only. */
  windowMs?: number;
  /** zscore only: number of previous samples forming the baseline. */
  windowSize?: number;
}

/** One problem found in a rule, with its field. */
export interface RuleIssue {
  field: string;
  code: string;
  detail: string;
}

/** Failure of validateAlertRule: the first issue's field plus all issues. */
export interface RuleInvalid extends Err<'alert_rule_invalid'> {
  readonly issues: RuleIssue[];
}

const conditions: readonly AlertConditionType[] = ['>', '<', 'crosses', 'rate_of_change', 'zscore'];
const severities: readonly AlertSeverity[] = ['info', 'warning', 'critical'];
const directions: readonly AlertDirection[] = ['up', 'down', 'any'];

/** Validates untrusted JSON into an AlertRule; `direction` defaults to any and `cooldownMs` to 0. */
export function validateAlertRule(input: unknown): Ok<AlertRule> | RuleInvalid {
  const issues: RuleIssue[] = [];
  const add = (field: string, code: string, detail: string) => issues.push({ field, code, detail });
  const body =
    typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : null;
  if (body === null) {
    add('', 'rule_must_be_object', 'an alert rule must be a JSON object');
    return invalid(issues);
  }
  const text = (key: string, max: number): string => {
    const v = body[key];
    if (typeof v !== 'string' || v.length === 0 || v.length > max)
      add(key, `${key}_invalid`, `${key} must be a string of 1..${max} characters`);
    return typeof v === 'string' ? v : '';
  };
  const choice = <T extends string>(key: string, allowed: readonly T[], fallback?: T): T => {
    const v = body[key] ?? fallback;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
      add(key, `unknown_${key}`, `${key} must be one of ${allowed.join(', ')}`);
    return (v as T) ?? (allowed[0] as T);
  };
  const number = (key: string, min: number, max: number, fallback?: number): number => {
    const v = body[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v))
      add(key, 'value_must_be_finite', `${key} must be a finite number`);
    else if (v < min || v > max) add(key, 'value_out_of_range', `${key} must be in [${min}, ${max}]`);
    return typeof v === 'number' ? v : 0;
  };
  const rule: AlertRule = {
    id: text('id', alertLimits.ruleIdLengthMax),
    metric: text('metric', alertLimits.metricNameLengthMax),
    condition: choice('condition', conditions),
    threshold: number('threshold', -Number.MAX_VALUE, Number.MAX_VALUE),
    severity: choice('severity', severities),
    enabled: body.enabled === undefined ? true : body.enabled === true,
    cooldownMs: number('cooldownMs', 0, alertLimits.cooldownMsMax, 0),
    direction: choice('direction', directions, 'any'),
  };
  if (body.enabled !== undefined && typeof body.enabled !== 'boolean')
    add('enabled', 'value_must_be_boolean', 'enabled must be true or false');
  if (rule.condition === 'rate_of_change') rule.windowMs = number('windowMs', 1, alertLimits.rateWindowMsMax);
  if (rule.condition === 'zscore') {
    rule.windowSize = number('windowSize', alertLimits.zscoreWindowSizeMin, alertLimits.zscoreWindowSizeMax);
    if (!Number.isInteger(rule.windowSize)) add('windowSize', 'value_must_be_integer', 'windowSize must be an integer');
  }
  if ((rule.condition === 'rate_of_change' || rule.condition === 'zscore') && rule.threshold < 0) {
    add('threshold', 'threshold_must_not_be_negative', `${rule.condition} compares a magnitude with threshold`);
  }
  return issues.length > 0 ? invalid(issues) : ok(rule);
}

function invalid(issues: RuleIssue[]): RuleInvalid {
  const first = issues[0] as RuleIssue;
  return {
    ok: false,
    code: 'alert_rule_invalid',
    field: first.field,
    detail: issues.map((i) => `${i.field}: ${i.code}`).join('; '),
    issues,
  };
}
