// Decimal strings at the API edge <-> bigint internal minor units (10^-internalScale) inside the state machine.
import { formatMinor, parseDecimalToMinor } from '../../kernel/index.js';
import { exchangeLimits } from './limits.js';

const scale = exchangeLimits.internalScale;

/** 10^(scale - d) for d = 0..scale, computed once: a buy's risk check and hold each need one per order. */
const decimalUnits = Array.from({ length: scale + 1 }, (_, d) => 10n ** BigInt(scale - d));

/** One unit of the `decimals`-th decimal place in internal minor units (the smallest amount an asset of that scale has). */
export function unitOfDecimals(decimals: number): bigint {
  return decimalUnits[Math.max(0, Math.min(decimals, scale))] as bigint;
}

/**
 * Parses a non-negative decimal string into internal minor units; null when malformed, negative, or more precise than
 * `decimalsMax` (the asset's declared scale, or the internal scale when the tick/lot rules check precision later).
 */
export function parseAmount(text: string, decimalsMax: number = scale): bigint | null {
  if (text.startsWith('-') || text.startsWith('+')) return null;
  const declared = parseDecimalToMinor(text, Math.min(decimalsMax, scale));
  if (declared === null) return null;
  return declared * unitOfDecimals(decimalsMax);
}

/** Formats internal minor units with at least `decimalsMin` decimals and no trailing zeros beyond them. */
export function formatAmount(minor: bigint, decimalsMin: number): string {
  const full = formatMinor(minor, scale);
  const dot = full.indexOf('.');
  let end = full.length;
  const keep = dot + 1 + decimalsMin;
  while (end > keep && full[end - 1] === '0') end--;
  if (decimalsMin === 0 && end === dot + 1) end = dot;
  return full.slice(0, end);
}
