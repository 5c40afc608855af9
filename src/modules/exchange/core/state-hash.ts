// FNV-1a hashing of a book's state, so two implementations can be compared by one short string.
import type { OrderType, Side } from './types.js';

const fnvOffsetBasis = 0x811c9dc5;
const fnvPrime = 0x01000193;

/**
 * 32-bit FNV-1a (Fowler, Noll and Vo; http://www.isthe.com/chongo/tech/comp/fnv/) over a stream of numbers.
 * Each number is fed as the eight little-endian bytes of its low and high 32-bit words, so any safe integer
 * (and any tag such as a side code) contributes exactly.
 */
export class StateHasher {
  private h = fnvOffsetBasis;

  /** Mixes one safe integer (or small code) into the hash. */
  add(n: number): void {
    const low = n >>> 0;
    const high = Math.floor(n / 4294967296) >>> 0;
    this.word(low);
    this.word(high);
  }

  private word(w: number): void {
    let h = this.h;
    for (let i = 0; i < 32; i += 8) {
      h ^= (w >>> i) & 0xff;
      h = Math.imul(h, fnvPrime);
    }
    this.h = h;
  }

  /** The hash as eight hex digits. */
  digest(): string {
    return (this.h >>> 0).toString(16).padStart(8, '0');
  }
}

/** Small integer codes used when hashing enumerations, identical in every book. */
export const hashCodes = {
  buy: 1,
  sell: 2,
  limit: 1,
  market: 2,
  stop_limit: 3,
  stop_market: 4,
  gtc: 1,
  ioc: 2,
  fok: 3,
  cancel_newest: 1,
  cancel_oldest: 2,
  decrement_both: 3,
} as const;

// The side and order-type codes as functions of a valid enumeration value, for the event tape's hot path (the fast
// book keeps the codes validation packed; state-hash.test.ts holds these equal to hashCodes). The side from its
// name's length ('buy' 3, 'sell' 4) rather than a comparison: events alternate sides at random, and a branch on the
// side mispredicts half the time.
export const sideCode = (s: Side): number => s.length - 2;
// The order type by its name's length too ('limit' 5, 'market' 6, 'stop_limit' 10, 'stop_market' 11): limits and
// market orders interleave at random.
const typeCodeByLength: readonly number[] = [0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 3, 4];
export const orderTypeCode = (t: OrderType): number => typeCodeByLength[t.length] as number;
