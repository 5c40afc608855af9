// Exact decimal-string arithmetic for the trading UI: amounts stay strings on the wire and bigints in between.

/** A decimal as an integer of units scaled by 10^-scale (e.g. "101.25" is {units: 10125n, scale: 2}). */
export interface ScaledDecimal {
  units: bigint;
  scale: number;
}

const decimalPattern = /^-?\d+(\.\d+)?$/;

/** True when the text is a plain decimal the server accepts ("12", "-0.5", "101.25"; no exponent, no spaces). */
export function isDecimal(text: string): boolean {
  return decimalPattern.test(text);
}

/** Parses a decimal string exactly; throws on anything that is not a plain decimal (a programmer error). */
export function parseDecimal(text: string): ScaledDecimal {
  if (!isDecimal(text)) throw new Error(`not a decimal: ${JSON.stringify(text)}`);
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const [whole = '0', fraction = ''] = body.split('.');
  const units = BigInt(whole + fraction);
  return { units: negative ? -units : units, scale: fraction.length };
}

/** Re-expresses a decimal at a larger scale (never loses digits). */
function rescale(value: ScaledDecimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

/** Both operands at their common (largest) scale. */
function align(a: string, b: string): { a: bigint; b: bigint; scale: number } {
  const left = parseDecimal(a);
  const right = parseDecimal(b);
  const scale = Math.max(left.scale, right.scale);
  return { a: rescale(left, scale), b: rescale(right, scale), scale };
}

/** Writes scaled units back as a canonical decimal string: no trailing fractional zeros, no "-0". */
export function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  const text = fraction === '' ? whole : `${whole}.${fraction}`;
  return negative && units !== 0n ? `-${text}` : text;
}

/** The canonical form of a decimal string ("1.50" -> "1.5", "-0.0" -> "0"). */
export function normalizeDecimal(text: string): string {
  const value = parseDecimal(text);
  return formatScaled(value.units, value.scale);
}

/** -1, 0 or 1 as a is below, equal to or above b, compared exactly. */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const aligned = align(a, b);
  return aligned.a < aligned.b ? -1 : aligned.a > aligned.b ? 1 : 0;
}

/** a + b, exactly. */
export function addDecimal(a: string, b: string): string {
  const aligned = align(a, b);
  return formatScaled(aligned.a + aligned.b, aligned.scale);
}

/** a - b, exactly. */
export function subtractDecimal(a: string, b: string): string {
  const aligned = align(a, b);
  return formatScaled(aligned.a - aligned.b, aligned.scale);
}

/** a × b, exactly (the scale is the sum of both scales before trimming). */
export function multiplyDecimal(a: string, b: string): string {
  const left = parseDecimal(a);
  const right = parseDecimal(b);
  return formatScaled(left.units * right.units, left.scale + right.scale);
}

/** The sign of a decimal: -1, 0 or 1. */
export function signOfDecimal(text: string): -1 | 0 | 1 {
  return compareDecimal(text, '0');
}

/** True when value is a whole multiple of step (e.g. a price on the tick grid); step must be positive. */
export function isMultipleOf(value: string, step: string): boolean {
  const aligned = align(value, step);
  if (aligned.b <= 0n) throw new Error(`step must be positive: ${step}`);
  return aligned.a % aligned.b === 0n;
}

/** The sum of many decimals ("0" for none). */
export function sumDecimals(values: readonly string[]): string {
  return values.reduce((total, value) => addDecimal(total, value), '0');
}

/** Shows a decimal with exactly `places` fractional digits, padding with zeros; never rounds more digits away. */
export function padDecimal(text: string, places: number): string {
  const canonical = normalizeDecimal(text);
  const [whole, fraction = ''] = canonical.split('.');
  if (fraction.length >= places) return canonical;
  return `${whole}.${fraction.padEnd(places, '0')}`;
}

/** A float approximation for drawing only (chart geometry); never use it for money that is displayed. */
export function decimalToNumber(text: string): number {
  return Number(text);
}

/** The number of fractional digits of a step size such as a tick ("0.01" -> 2, "5" -> 0). */
export function decimalPlaces(step: string): number {
  return parseDecimal(normalizeDecimal(step)).scale;
}
