// Resampling of irregular observations into weekly buckets with a stated aggregation and explicit gap handling.
import { err, ok, type Result } from '../../../kernel/index.js';
import { forecastingLimits } from './limits.js';

/** One raw observation. */
export interface Sample {
  /** Milliseconds since the Unix epoch, UTC. */
  readonly timeMs: number;
  readonly value: number;
}

/** How the samples inside one week become the week's value. */
export type Aggregation = 'mean' | 'sum' | 'last' | 'first' | 'min' | 'max';

/**
 * What a week without samples becomes: 'interpolate' (linear between the nearest filled weeks),
 * 'carry_forward' (the previous week's value), 'zero' (right for flows such as sums of transactions), or
 * 'reject' (return an error naming the first empty week).
 */
export type GapPolicy = 'interpolate' | 'carry_forward' | 'zero' | 'reject';

/** A regular weekly series; `filled[i] = 1` marks weeks that had no samples and were filled by the gap policy. */
export interface WeeklySeries {
  /** Start of the first week (Monday 00:00 UTC), milliseconds since the epoch. */
  readonly startMs: number;
  readonly values: Float64Array;
  readonly filled: Uint8Array;
  readonly gapCount: number;
  readonly aggregation: Aggregation;
  readonly gapPolicy: GapPolicy;
}

/** Milliseconds in one week. */
export const weekMs = 7 * 86_400_000;
/** 1970-01-05T00:00Z, the first Monday after the epoch: weeks are ISO weeks, Monday to Sunday, in UTC. */
export const weekAnchorMs = 4 * 86_400_000;

/** Start (Monday 00:00 UTC) of the week that contains `timeMs`. */
export function weekStartMs(timeMs: number): number {
  return weekAnchorMs + Math.floor((timeMs - weekAnchorMs) / weekMs) * weekMs;
}

function validateSamples(samples: readonly Sample[]): Result<null> {
  if (samples.length === 0) return err('samples_empty', 'at least one sample is needed', 'samples');
  if (samples.length > forecastingLimits.resampleSamplesMax) {
    return err(
      'samples_above_max',
      `at most ${forecastingLimits.resampleSamplesMax} samples, got ${samples.length}`,
      'samples',
    );
  }
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] as Sample;
    if (!Number.isFinite(s.timeMs))
      return err('sample_time_not_finite', `got ${String(s.timeMs)}`, `samples[${i}].timeMs`);
    if (!Number.isFinite(s.value))
      return err('sample_value_not_finite', `got ${String(s.value)}`, `samples[${i}].value`);
  }
  return ok(null);
}

function aggregate(values: number[], how: Aggregation): number {
  switch (how) {
    case 'mean':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'first':
      return values[0] as number;
    case 'last':
      return values[values.length - 1] as number;
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
  }
}

/**
 * Buckets samples (in any order) into consecutive ISO weeks from the first sample's week to the last's.
 * Within a week, samples are ordered by time (ties keep input order) before 'first'/'last' apply.
 * Empty weeks are filled per `gapPolicy` and flagged in `filled`, so downstream code can see them.
 */
export function resampleWeekly(
  samples: readonly Sample[],
  aggregation: Aggregation,
  gapPolicy: GapPolicy,
): Result<WeeklySeries> {
  const valid = validateSamples(samples);
  if (!valid.ok) return valid;
  const order = samples
    .map((_, i) => i)
    .sort((a, b) => (samples[a] as Sample).timeMs - (samples[b] as Sample).timeMs || a - b);
  const startMs = weekStartMs((samples[order[0] as number] as Sample).timeMs);
  const endMs = weekStartMs((samples[order[order.length - 1] as number] as Sample).timeMs);
  const weeks = Math.round((endMs - startMs) / weekMs) + 1;
  if (weeks > forecastingLimits.seriesLengthMax) {
    return err(
      'resampled_weeks_above_max',
      `samples span ${weeks} weeks, at most ${forecastingLimits.seriesLengthMax}`,
      'samples',
    );
  }
  const buckets: number[][] = Array.from({ length: weeks }, () => []);
  for (const i of order) {
    const s = samples[i] as Sample;
    (buckets[Math.round((weekStartMs(s.timeMs) - startMs) / weekMs)] as number[]).push(s.value);
  }
  const values = new Float64Array(weeks);
  const filled = new Uint8Array(weeks);
  for (let w = 0; w < weeks; w++) {
    const bucket = buckets[w] as number[];
    if (bucket.length > 0) values[w] = aggregate(bucket, aggregation);
    else filled[w] = 1;
  }
  const gapCount = filled.reduce((a, b) => a + b, 0);
  if (gapCount > 0) {
    if (gapPolicy === 'reject') {
      const first = filled.indexOf(1);
      return err(
        'series_has_gaps',
        `${gapCount} empty weeks, the first starting at ${new Date(startMs + first * weekMs).toISOString()}`,
        'samples',
      );
    }
    fillGaps(values, filled, gapPolicy);
  }
  return ok({ startMs, values, filled, gapCount, aggregation, gapPolicy });
}

// The first and last weeks always hold samples, so every gap has a filled neighbour on both sides.
function fillGaps(values: Float64Array, filled: Uint8Array, policy: 'interpolate' | 'carry_forward' | 'zero'): void {
  let previous = 0;
  for (let w = 0; w < values.length; w++) {
    if (filled[w] === 0) {
      previous = w;
      continue;
    }
    if (policy === 'zero') values[w] = 0;
    else if (policy === 'carry_forward') values[w] = values[previous] as number;
    else {
      let next = w + 1;
      while (filled[next] === 1) next++;
      const a = values[previous] as number;
      const b = values[next] as number;
      values[w] = a + ((b - a) * (w - previous)) / (next - previous);
    }
  }
}
