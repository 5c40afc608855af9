// Forecasting raw samples: resampling errors pass through, the calendar of the forecast is stated.
import { describe, expect, it } from 'vitest';
import { forecastSamples } from './forecast-samples.js';
import { weekMs } from './resample.js';

const monday = Date.UTC(2020, 0, 6);
const day = 86_400_000;

describe('forecastSamples', () => {
  it('resamples twice-weekly samples and dates the forecast from the week after the history', () => {
    const samples = Array.from({ length: 120 }, (_, i) => ({
      timeMs: monday + Math.floor(i / 2) * weekMs + (i % 2) * 3 * day,
      value: 50 + (i % 7),
    }));
    const result = forecastSamples(samples, { aggregation: 'mean', gapPolicy: 'reject', horizonSteps: 26 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.resampling).toEqual({
      historyStartMs: monday,
      forecastStartMs: monday + 60 * weekMs,
      weeks: 60,
      gapCount: 0,
      aggregation: 'mean',
      gapPolicy: 'reject',
    });
    expect(result.value.historyLength).toBe(60);
    expect(result.value.ensemble.mean).toHaveLength(26);
  });

  it('passes typed errors through with their field', () => {
    expect(
      forecastSamples([{ timeMs: monday, value: Number.NaN }], {
        aggregation: 'mean',
        gapPolicy: 'zero',
        horizonSteps: 5,
      }),
    ).toMatchObject({
      ok: false,
      code: 'sample_value_not_finite',
      field: 'samples[0].value',
    });
    const fewWeeks = Array.from({ length: 5 }, (_, i) => ({ timeMs: monday + i * weekMs, value: 1 }));
    expect(forecastSamples(fewWeeks, { aggregation: 'mean', gapPolicy: 'zero', horizonSteps: 5 })).toMatchObject({
      ok: false,
      code: 'series_too_short',
      field: 'values',
    });
    const gappy = [
      { timeMs: monday, value: 1 },
      { timeMs: monday + 40 * weekMs, value: 2 },
    ];
    expect(forecastSamples(gappy, { aggregation: 'mean', gapPolicy: 'reject', horizonSteps: 5 })).toMatchObject({
      ok: false,
      code: 'series_has_gaps',
    });
  });
});
