// Open-addressing hash map from order id (a positive safe integer) to slot index, held in typed arrays.
import { AssertionError } from '../../../kernel/index.js';

/**
 * Maps positive safe-integer ids to non-negative slot numbers with linear probing and backward-shift deletion
 * (Knuth, TAOCP vol. 3, 6.4, Algorithm R), so there are no tombstones and no allocation except when it grows.
 * Id 0 marks an empty bucket, which is why ids must be positive. Meant for ids the engine assigns (in sequence) and
 * for price keys: the hash keeps neighbours together rather than defending against chosen colliding keys.
 */
export class IdSlotMap {
  /** Buckets as (id, slot) pairs in one array, so a probe touches one cache line, not two. */
  private table: Float64Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity * 4) cap *= 2;
    this.table = new Float64Array(cap * 2);
    this.mask = cap - 1;
  }

  /** Number of ids held. */
  get size(): number {
    return this.count;
  }

  /**
   * Home bucket of `id`. Keeps neighbouring ids in neighbouring buckets: the engine assigns order ids in sequence, so
   * placing orders walks the table like an array instead of missing the cache on every insert (on a 20,000-order
   * book that miss was a quarter of the time). Ids come from the engine, not from clients, so nobody can pick a
   * colliding set. Kept this short so V8 always inlines it; ids of 2^32 and above (none in practice) take
   * `wideBucket`.
   */
  private bucket(id: number): number {
    return id < 4294967296 ? (id ^ (id >>> 20)) & this.mask : this.wideBucket(id);
  }

  /** Home bucket of an id of 2^32 or more: the high word is folded in so distant ids spread out. */
  private wideBucket(id: number): number {
    const low = id >>> 0;
    const high = (id / 4294967296) >>> 0;
    return (low ^ (low >>> 20) ^ Math.imul(high, 0x9e3779b1)) & this.mask;
  }

  /** The slot for `id`, or -1 when absent. */
  get(id: number): number {
    const table = this.table;
    const mask = this.mask;
    let i = this.bucket(id);
    for (;;) {
      const k = table[i << 1] as number;
      if (k === id) return table[(i << 1) | 1] as number;
      if (k === 0) return -1;
      i = (i + 1) & mask;
    }
  }

  /** Inserts an id that is not present (the caller checks; the book looks every id up before it inserts it). */
  set(id: number, slot: number): void {
    // Checks as branches rather than assert(): set runs on the hot path, and a call that is not inlined costs there.
    if (!(id > 0)) throw new AssertionError('IdSlotMap ids must be positive');
    // A load factor of at most 1/4 keeps probe runs, and so lookups and deletions, very short.
    if ((this.count + 1) * 4 > this.mask + 1) this.grow();
    const table = this.table;
    const mask = this.mask;
    let i = this.bucket(id);
    for (;;) {
      const k = table[i << 1] as number;
      if (k === 0) break;
      if (k === id) throw new AssertionError('IdSlotMap.set on a present id');
      i = (i + 1) & mask;
    }
    table[i << 1] = id;
    table[(i << 1) | 1] = slot;
    this.count++;
  }

  /** Removes `id`; returns false when it was absent. */
  delete(id: number): boolean {
    const table = this.table;
    const mask = this.mask;
    let i = this.bucket(id);
    for (;;) {
      const k = table[i << 1] as number;
      if (k === 0) return false;
      if (k === id) break;
      i = (i + 1) & mask;
    }
    // Backward shift: move later members of the probe run into the hole when their home bucket allows it.
    let hole = i;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const k = table[j << 1] as number;
      if (k === 0) break;
      const home = this.bucket(k);
      const fits = hole <= j ? home <= hole || home > j : home <= hole && home > j;
      if (fits) {
        table[hole << 1] = k;
        table[(hole << 1) | 1] = table[(j << 1) | 1] as number;
        hole = j;
      }
    }
    table[hole << 1] = 0;
    this.count--;
    return true;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    this.mask = this.table.length / 2 - 1;
    this.count = 0;
    for (let i = 0; i < old.length; i += 2) {
      const k = old[i] as number;
      if (k !== 0) this.set(k, old[i + 1] as number);
    }
  }
}
