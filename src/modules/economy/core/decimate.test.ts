import { describe, expect, it } from 'vitest';
import { decimateSeries } from './decimate.js';
import { runSimulation } from './run.js';
import { baseInput, mustValidate } from './test-helpers.js';

describe('decimateSeries', () => {
  it('keeps the ends, spaces the rest evenly and copies exact recorded points', () => {
    const run = runSimulation(mustValidate(baseInput({ steps: 1000 })));
    const thin = decimateSeries(run.series, 11);
    expect(Array.from(thin.t)).toEqual(Array.from({ length: 11 }, (_, i) => run.series.t[i * 100]));
    expect(thin.N[10]).toBe(run.series.N[1000]);
    expect(thin.B[5]).toBe(run.series.B[500]);
    expect(decimateSeries(run.series, 5000)).toBe(run.series);
  });
});
