// Exact money: bigint minor units, with decimal strings only at the edges.

/** Rounding modes supported when converting or dividing amounts. */
export type Rounding = 'half-even' | 'half-up' | 'down' | 'up';

/** Parses a decimal string like "-12.345" into minor units with `scale` decimals, or null when malformed or too precise. */
export function parseDecimalToMinor(text: string, scale: number): bigint | null {
  const m = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return null;
  const sign = m[1] === '-' ? -1n : 1n;
  const whole = m[2] as string;
  const frac = m[3] ?? '';
  if (frac.length > scale) {
    // Extra digits are allowed only when they are zeros: nothing is silently rounded away.
    if (!/^0*$/.test(frac.slice(scale))) return null;
  }
  const fracPadded = (frac.slice(0, scale) + '0'.repeat(scale)).slice(0, scale);
  return sign * BigInt(whole + fracPadded);
}

/** Formats minor units as a decimal string with `scale` decimals ("-12.30"). */
export function formatMinor(minor: bigint, scale: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const frac = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${whole}${frac}`;
}

/** Integer division of bigints with an explicit rounding mode. */
export function divRound(numerator: bigint, denominator: bigint, mode: Rounding = 'half-even'): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const q = numerator / denominator; // truncates toward zero
  const r = numerator % denominator;
  if (r === 0n) return q;
  const negative = numerator < 0n;
  switch (mode) {
    case 'down':
      return negative ? q - 1n : q; // floor
    case 'up':
      return negative ? q : q + 1n; // ceiling
    case 'half-up':
    case 'half-even': {
      const twice = (r < 0n ? -r : r) * 2n;
      const away = negative ? q - 1n : q + 1n;
      if (twice > denominator) return away;
      if (twice < denominator) return q;
      if (mode === 'half-up') return away;
      return q % 2n === 0n ? q : away;
    }
  }
}

/** Rounds a float (a model's output) to minor units half-even; the only sanctioned float-to-money path. */
export function roundHalfEvenToMinor(value: number, scale: number): bigint {
  if (!Number.isFinite(value)) throw new RangeError('cannot round a non-finite value to money');
  const scaled = value * 10 ** scale;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  let n = floor;
  if (diff > 0.5) n = floor + 1;
  else if (diff === 0.5) n = floor % 2 === 0 ? floor : floor + 1;
  return BigInt(n);
}

/** Absolute value of a bigint. */
export function absBig(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/** Smaller of two bigints. */
export function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** Larger of two bigints. */
export function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
