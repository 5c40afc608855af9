// Regularised incomplete gamma function, used for chi-square p-values.

import { assert } from '../../../../kernel/index.js';

// Lanczos approximation of ln Γ(x) with g = 7 and the nine coefficients published by Paul Godfrey
// (accurate to about 15 significant digits for x > 0).
const lanczos = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Natural log of the gamma function for x > 0. */
export function logGamma(x: number): number {
  assert(x > 0, 'logGamma needs x > 0');
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x); // reflection formula
  const z = x - 1;
  let a = lanczos[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (lanczos[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Regularised upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a). For x < a + 1 the power series of P(a, x)
 * converges fast and Q = 1 − P; otherwise the continued fraction for Q (evaluated by the modified Lentz
 * method) does. See Abramowitz and Stegun 6.5.29 and 6.5.31.
 */
export function regularisedGammaQ(a: number, x: number): number {
  assert(a > 0 && x >= 0, 'regularisedGammaQ needs a > 0 and x >= 0');
  if (x === 0) return 1;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(logPrefix));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.min(1, Math.exp(logPrefix) * h);
}

/** Upper-tail p-value of a chi-square statistic with `df` degrees of freedom. */
export function chiSquarePValue(statistic: number, df: number): number {
  assert(df > 0 && statistic >= 0, 'chiSquarePValue needs df > 0 and statistic >= 0');
  return regularisedGammaQ(df / 2, statistic / 2);
}
