// Deterministic per-row fingerprints so that importing the same file twice upserts onto the same rows.
import { createHash } from 'node:crypto';
import { importLimits } from './limits.js';

/**
 * Fingerprints rows of one file. The fingerprint is SHA-256 over the scope (the bank account, or
 * "expenses"), the normalised row fields and the row's occurrence index among identical rows earlier
 * in the same file (fields and index joined by U+001F): two genuinely identical purchases on one day stay two rows, yet a re-import maps
 * each onto the row it created the first time. Occurrences are counted in an open-addressing table of
 * 64-bit FNV-1a keys held in typed arrays (12 bytes per distinct row, no strings kept), so memory
 * stays far below the file's size. A key collision only shifts an occurrence index, which is
 * still deterministic for the same file.
 */
export class RowFingerprinter {
  private hi = new Uint32Array(importLimits.fingerprintSlotsInitial);
  private lo = new Uint32Array(importLimits.fingerprintSlotsInitial);
  private count = new Uint32Array(importLimits.fingerprintSlotsInitial);
  private used = 0;

  constructor(private readonly scope: string) {}

  /** The fingerprint (64 hex characters) of the next row with these normalised fields. */
  next(fields: readonly string[]): string {
    const key = fields.join('\u001f');
    // Two independent 32-bit FNV-1a hashes (different offset bases) give the 64-bit table key;
    // only the final fingerprint needs SHA-256.
    const occurrence = this.bump(fnv1a(key, 0x811c9dc5), fnv1a(key, 0x01000193));
    return createHash('sha256').update(`${this.scope}\u001f${key}\u001f${occurrence}`).digest('hex');
  }

  /** Returns how many times this prefix was seen before, and counts this sighting. */
  private bump(hi: number, lo: number): number {
    if ((this.used + 1) * 2 > this.hi.length) this.grow();
    const mask = this.hi.length - 1;
    let slot = (hi ^ Math.imul(lo, 0x9e3779b1)) & mask;
    for (;;) {
      const c = this.count[slot] as number;
      if (c === 0) {
        this.hi[slot] = hi;
        this.lo[slot] = lo;
        this.count[slot] = 1;
        this.used++;
        return 0;
      }
      if (this.hi[slot] === hi && this.lo[slot] === lo) {
        this.count[slot] = c + 1;
        return c;
      }
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const { hi, lo, count } = this;
    this.hi = new Uint32Array(hi.length * 2);
    this.lo = new Uint32Array(hi.length * 2);
    this.count = new Uint32Array(hi.length * 2);
    const mask = this.hi.length - 1;
    for (let i = 0; i < hi.length; i++) {
      if (count[i] === 0) continue;
      let slot = ((hi[i] as number) ^ Math.imul(lo[i] as number, 0x9e3779b1)) & mask;
      while (this.count[slot] !== 0) slot = (slot + 1) & mask;
      this.hi[slot] = hi[i] as number;
      this.lo[slot] = lo[i] as number;
      this.count[slot] = count[i] as number;
    }
  }
}

/** FNV-1a over UTF-16 code units (Fowler, Noll, Vo), from a chosen offset basis. */
function fnv1a(text: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Collapses whitespace and upper-cases text so that cosmetic differences do not change a fingerprint. */
export function normalizeForFingerprint(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toUpperCase();
}
