// Tests of the forecasting page's pure helpers: milestones, number formatting, dates and horizon wording.
import { describe, expect, it } from 'vitest';
import {
  dayOf,
  describeSteps,
  formatNumber,
  formatPercent,
  horizonChoices,
  milestoneSteps,
} from './forecasting-data.js';

describe('forecasting page helpers', () => {
  it('quotes milestones inside the horizon, ascending, ending at the horizon', () => {
    expect(milestoneSteps(5218)).toEqual([13, 52, 261, 522, 2609, 5218]);
    expect(milestoneSteps(52)).toEqual([13, 52]);
    expect(milestoneSteps(10)).toEqual([10]);
  });

  it('offers horizons up to the 100-year server limit', () => {
    expect(Math.max(...horizonChoices.map((c) => Number(c.value)))).toBe(5218);
  });

  it('formats missing and non-finite figures as a dash, never as NaN', () => {
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatPercent(Number.POSITIVE_INFINITY)).toBe('—');
    expect(formatPercent(0.0512)).toBe('5.1%');
    expect(formatNumber(2.5e12)).toBe('2.50e+12');
  });

  it('writes UTC days and horizons in words', () => {
    expect(dayOf(Date.UTC(2024, 0, 1, 23, 59))).toBe('2024-01-01');
    expect(describeSteps(13)).toBe('13 weeks');
    expect(describeSteps(522)).toBe('522 weeks (10 years)');
  });
});
