// Strategic insights per horizon (short, medium, long), each citing the figures it rests on.

import type { AccuracyMetrics } from './accuracy.js';
import type { EnsembleForecast } from './ensemble.js';
import { forecastingLimits, weeksPerYear } from './limits.js';
import type { Patterns } from './patterns.js';

/** Insight categories of the seed's "Strategic Insight Generation" box. */
export type InsightKind = 'growth_opportunity' | 'risk_factor' | 'stability_indicator' | 'recommendation';

/** Short is one year, medium ten years, long the requested horizon (up to 100 years). */
export type HorizonName = 'short' | 'medium' | 'long';

/** One insight: a stable code, a sentence, and the numbers behind it. */
export interface Insight {
  readonly kind: InsightKind;
  readonly horizon: HorizonName;
  readonly code: string;
  readonly message: string;
  /** The figures the message quotes, by name, unrounded. */
  readonly figures: Readonly<Record<string, number>>;
}

/** What the insight rules read. */
export interface InsightInput {
  readonly history: Float64Array;
  readonly ensemble: EnsembleForecast;
  readonly horizonSteps: number;
  readonly patterns: Patterns;
  readonly backtest: AccuracyMetrics;
}

/** Steps at which insights are drawn: distinct, ascending, clipped to the forecast horizon. */
export function insightHorizons(horizonSteps: number): { name: HorizonName; steps: number }[] {
  const out: { name: HorizonName; steps: number }[] = [];
  const wanted: [HorizonName, number][] = [
    ['short', forecastingLimits.insightShortSteps],
    ['medium', forecastingLimits.insightMediumSteps],
    ['long', horizonSteps],
  ];
  for (const [name, steps] of wanted) {
    const clipped = Math.min(steps, horizonSteps);
    if (out.every((o) => o.steps < clipped)) out.push({ name, steps: clipped });
  }
  return out;
}

const fmt = (x: number, digits = 1): string => x.toFixed(digits);

/** Builds the insights for every horizon; rules and thresholds are named in limits.ts. */
export function generateInsights(input: InsightInput): Insight[] {
  const insights: Insight[] = [];
  const last = input.history[input.history.length - 1] as number;
  for (const { name, steps } of insightHorizons(input.horizonSteps)) {
    const i = steps - 1;
    const mean = input.ensemble.mean[i] as number;
    const lower = input.ensemble.lower[i] as number;
    const upper = input.ensemble.upper[i] as number;
    const years = steps / weeksPerYear;
    const base = { lastValue: last, forecastMean: mean, lower95: lower, upper95: upper, steps, years };
    const change = last === 0 ? null : ((mean - last) / Math.abs(last)) * 100;
    const width = mean === 0 ? null : (upper - lower) / Math.abs(mean);
    const push = (kind: InsightKind, code: string, message: string, extra: Record<string, number> = {}): void => {
      insights.push({ kind, horizon: name, code, message, figures: { ...base, ...extra } });
    };
    const where = `in ${fmt(years)} years (${steps} weeks)`;
    if (change !== null && change > forecastingLimits.insightChangePercentMin) {
      const sure = lower > last;
      push(
        'growth_opportunity',
        sure ? 'growth_likely' : 'growth_possible',
        `Expected ${fmt(change)}% above the last value ${where}; the 95% interval [${fmt(lower, 2)}, ${fmt(upper, 2)}] ${sure ? 'lies entirely above' : 'still includes'} today's level.`,
        { changePercent: change },
      );
    }
    if (change !== null && change < -forecastingLimits.insightChangePercentMin) {
      const sure = upper < last;
      push(
        'risk_factor',
        sure ? 'decline_likely' : 'decline_possible',
        `Expected ${fmt(-change)}% below the last value ${where}; the 95% interval [${fmt(lower, 2)}, ${fmt(upper, 2)}] ${sure ? 'lies entirely below' : 'still includes'} today's level.`,
        { changePercent: change },
      );
    }
    if (width !== null && width > forecastingLimits.insightRelativeWidthMax) {
      push(
        'risk_factor',
        'forecast_highly_uncertain',
        `The 95% interval ${where} is ${fmt(width, 2)} times the forecast level wide: the point forecast carries little information there.`,
        { relativeIntervalWidth: width },
      );
    } else if (width !== null && width < forecastingLimits.insightRelativeWidthNarrowMax) {
      push(
        'stability_indicator',
        'narrow_interval',
        `The 95% interval ${where} is only ${fmt(width * 100)}% of the forecast level wide.`,
        { relativeIntervalWidth: width },
      );
    }
    if (name === 'short') insights.push(...shortHorizonNotes(input, base));
    push('recommendation', ...recommendation(name, input.backtest, years, width));
  }
  return insights;
}

function shortHorizonNotes(input: InsightInput, base: Record<string, number>): Insight[] {
  const out: Insight[] = [];
  const { volatility, trend } = input.patterns;
  const note = (kind: InsightKind, code: string, message: string, extra: Record<string, number>): void => {
    out.push({ kind, horizon: 'short', code, message, figures: { ...base, ...extra } });
  };
  if (volatility.ok && volatility.value.level === 'high') {
    note(
      'risk_factor',
      'high_volatility',
      `History is volatile: coefficient of variation ${fmt(volatility.value.coefficientOfVariation, 2)}.`,
      { coefficientOfVariation: volatility.value.coefficientOfVariation },
    );
  }
  if (volatility.ok && volatility.value.level === 'low' && trend.ok && trend.value.direction === 'flat') {
    note(
      'stability_indicator',
      'stable_series',
      `History is stable: coefficient of variation ${fmt(volatility.value.coefficientOfVariation, 3)} and trend ${fmt(trend.value.relativeSlopePerYear * 100, 2)}% of level per year.`,
      {
        coefficientOfVariation: volatility.value.coefficientOfVariation,
        relativeSlopePerYear: trend.value.relativeSlopePerYear,
      },
    );
  }
  const { mase, coverage95 } = input.backtest;
  if (mase !== null && mase > 1) {
    note(
      'risk_factor',
      'worse_than_naive',
      `In the backtest the ensemble's MASE is ${fmt(mase, 2)}: a naive forecast did better.`,
      { mase },
    );
  }
  if (coverage95 !== null && coverage95 < forecastingLimits.insightCoverageMin) {
    note(
      'risk_factor',
      'intervals_overconfident',
      `Only ${fmt(coverage95 * 100)}% of backtest values fell inside the nominal 95% intervals: treat the intervals as too narrow.`,
      { coverage95 },
    );
  }
  return out;
}

function recommendation(
  name: 'short' | 'medium' | 'long',
  backtest: AccuracyMetrics,
  years: number,
  width: number | null,
): [string, string, Record<string, number>] {
  const figures: Record<string, number> = {};
  if (backtest.mase !== null) figures.mase = backtest.mase;
  if (backtest.coverage95 !== null) figures.coverage95 = backtest.coverage95;
  if (width !== null) figures.relativeIntervalWidth = width;
  if (name === 'short') {
    const trusted =
      backtest.mase !== null &&
      backtest.mase <= 1 &&
      (backtest.coverage95 ?? 0) >= forecastingLimits.insightCoverageMin;
    return trusted
      ? [
          'plan_with_forecast',
          `Use the one-year forecast for planning: backtest MASE ${fmt(backtest.mase ?? 0, 2)}, interval coverage ${fmt((backtest.coverage95 ?? 0) * 100)}%.`,
          figures,
        ]
      : [
          'plan_with_caution',
          'Plan for the whole one-year interval, not the point forecast: the backtest does not support a sharper reading.',
          figures,
        ];
  }
  if (name === 'medium') {
    return [
      'use_as_scenario_range',
      `Beyond one year no backtest covers the forecast; use the ${fmt(years)}-year interval as a range of scenarios.`,
      figures,
    ];
  }
  return [
    'treat_as_scenario_not_prediction',
    `A ${fmt(years)}-year figure extrapolates today's level, trend and season; it is a scenario for stress-testing plans, not a prediction.`,
    figures,
  ];
}
