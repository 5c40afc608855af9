// A small deterministic 64-bit hash (FNV-1a) so two ledgers can be compared after replay without node:crypto.

const fnvOffset = 0xcbf29ce484222325n;
const fnvPrime = 0x100000001b3n;
const mask64 = (1n << 64n) - 1n;

/** FNV-1a over the UTF-16 code units of `text`, as 16 hex digits. Not cryptographic: it detects divergence, not tampering. */
export function fnv1a64(text: string): string {
  // Work on two 32-bit halves in numbers for speed; fold into bigint only at the end.
  let hi = Number(fnvOffset >> 32n);
  let lo = Number(fnvOffset & 0xffffffffn);
  for (let i = 0; i < text.length; i++) {
    lo = (lo ^ text.charCodeAt(i)) >>> 0;
    // Multiply (hi:lo) by the FNV prime 2^40 + 0x1b3 modulo 2^64.
    const loTimes = lo * 0x1b3;
    const carry = Math.floor(loTimes / 0x100000000);
    const newLo = loTimes >>> 0;
    const newHi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
    hi = newHi;
    lo = newLo;
  }
  const value = ((BigInt(hi) << 32n) | BigInt(lo)) & mask64;
  return value.toString(16).padStart(16, '0');
}

/** Reference bigint implementation of FNV-1a 64, used by tests to check the fast path. */
export function fnv1a64Reference(text: string): string {
  let h = fnvOffset;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * fnvPrime) & mask64;
  }
  return h.toString(16).padStart(16, '0');
}
