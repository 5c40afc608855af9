import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochDayToIso, isoToEpochDay } from './dates.js';

describe('dates', () => {
  it('knows fixed points and rejects impossible dates', () => {
    expect(isoToEpochDay('1970-01-01')).toBe(0);
    expect(isoToEpochDay('2000-03-01')).toBe(11017);
    expect(isoToEpochDay('2024-02-29')).not.toBeNull();
    expect(isoToEpochDay('2023-02-29')).toBeNull();
    expect(isoToEpochDay('2023-13-01')).toBeNull();
    expect(isoToEpochDay('2023-1-01')).toBeNull();
  });

  it('round-trips every day between 1900 and 2200', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25567, max: 84006 }), (day) => {
        expect(isoToEpochDay(epochDayToIso(day))).toBe(day);
      }),
    );
  });
});
