// Benford's law tests on leading digits: chi-square with its p-value and Nigrini's MAD conformity bands.

import { chiSquarePValue } from './gamma.js';

/** Which leading-digit test: first digit (1..9) or first two digits (10..99). */
export type BenfordTest = 'first_digit' | 'first_two_digits';

/** Nigrini's conformity verdicts, closest first. */
export type BenfordConformity = 'close' | 'acceptable' | 'marginal' | 'nonconforming';

/**
 * Mean-absolute-deviation conformity bands from Nigrini, M. J. (2012), "Benford's Law: Applications for
 * Forensic Accounting, Auditing, and Fraud Detection", Wiley, Table 7.1: the upper bound of each band.
 */
export const nigriniMadBands: Readonly<Record<BenfordTest, { close: number; acceptable: number; marginal: number }>> = {
  first_digit: { close: 0.006, acceptable: 0.012, marginal: 0.015 },
  first_two_digits: { close: 0.0012, acceptable: 0.0018, marginal: 0.0022 },
};

/** The outcome of one Benford test. */
export interface BenfordResult {
  readonly test: BenfordTest;
  /** Numbers tested (those with enough digits). */
  readonly n: number;
  /** First digit or first-two-digit value of each bucket. */
  readonly digits: readonly number[];
  readonly observed: readonly number[];
  readonly expected: readonly number[];
  readonly chiSquare: number;
  readonly df: number;
  readonly pValue: number;
  readonly mad: number;
  readonly conformity: BenfordConformity;
}

function range(test: BenfordTest): [number, number] {
  return test === 'first_digit' ? [1, 9] : [10, 99];
}

/** Benford's expected proportion of leading digit(s) d: log10(1 + 1/d) (Benford 1938; Hill 1995). */
export function benfordExpected(test: BenfordTest): number[] {
  const [lo, hi] = range(test);
  const out: number[] = [];
  for (let d = lo; d <= hi; d++) out.push(Math.log10(1 + 1 / d));
  return out;
}

/** Leading one or two digits of |x| (an integer in minor units), or 0 when it has too few digits. */
export function leadingDigits(x: bigint, test: BenfordTest): number {
  const s = (x < 0n ? -x : x).toString();
  if (s === '0') return 0;
  if (test === 'first_digit') return s.charCodeAt(0) - 48;
  return s.length < 2 ? 0 : (s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48);
}

/** Verdict for a MAD under Nigrini's bands. */
export function nigriniConformity(test: BenfordTest, mad: number): BenfordConformity {
  const b = nigriniMadBands[test];
  if (mad <= b.close) return 'close';
  if (mad <= b.acceptable) return 'acceptable';
  if (mad <= b.marginal) return 'marginal';
  return 'nonconforming';
}

/** Counts leading digits into buckets (index 0 = lowest digit value); numbers with too few digits are skipped. */
export function countLeadingDigits(amounts: Iterable<bigint>, test: BenfordTest): number[] {
  const [lo, hi] = range(test);
  const counts = new Array<number>(hi - lo + 1).fill(0);
  for (const a of amounts) {
    const d = leadingDigits(a, test);
    if (d >= lo) counts[d - lo] = (counts[d - lo] as number) + 1;
  }
  return counts;
}

/** Runs the chi-square goodness-of-fit and Nigrini's MAD test on bucket counts. */
export function benfordFromCounts(counts: readonly number[], test: BenfordTest): BenfordResult {
  const expected = benfordExpected(test);
  const [lo] = range(test);
  const n = counts.reduce((s, c) => s + c, 0);
  let chiSquare = 0;
  let madSum = 0;
  const observed: number[] = [];
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    const o = n > 0 ? (counts[i] as number) / n : 0;
    observed.push(o);
    madSum += Math.abs(o - e);
    if (n > 0) chiSquare += ((counts[i] as number) - n * e) ** 2 / (n * e);
  }
  const df = expected.length - 1;
  const mad = madSum / expected.length;
  return {
    test,
    n,
    digits: expected.map((_, i) => lo + i),
    observed,
    expected,
    chiSquare,
    df,
    pValue: n > 0 ? chiSquarePValue(chiSquare, df) : 1,
    mad,
    conformity: n > 0 ? nigriniConformity(test, mad) : 'close',
  };
}

/** Benford test over a set of amounts. */
export function benfordTest(amounts: Iterable<bigint>, test: BenfordTest): BenfordResult {
  return benfordFromCounts(countLeadingDigits(amounts, test), test);
}
