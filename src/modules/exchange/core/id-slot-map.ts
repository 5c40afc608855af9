// Open-addressing hash map from a positive safe-integer key to a slot index, held in a typed array.
import { AssertionError } from '../../../kernel/index.js';

/** Ids below this bound (2^31) live in the Int32 table; larger ones, rare in practice, in a built-in Map. */
enum Narrow {
  max = 0x7fffffff,
}

/**
 * Home bucket of a narrow id (below 2^31) in a table of `mask + 1` buckets. Keeps neighbouring ids in neighbouring
 * buckets: the engine assigns order ids in sequence, so placing orders walks the table like an array instead of
 * missing the cache on every insert (on a 20,000-order book that miss was a quarter of the time). Ids come from the
 * engine, not from clients, so nobody can pick a colliding set. Shared by IdSlotMap and SlotIndex.
 */
export function homeBucket(id: number, mask: number): number {
  return (id ^ (id >>> 20)) & mask;
}

/**
 * Maps positive safe-integer ids to non-negative slot numbers. Ids up to 2^31 - 1 (every id the engine assigns in
 * practice) go into an open-addressing table of (id, slot) pairs in one Int32Array, with linear probing and
 * backward-shift deletion (Knuth, TAOCP vol. 3, 6.4, Algorithm R), so there are no tombstones and no allocation
 * except when it grows. Id 0 marks an empty bucket, which is why ids must be positive. Larger ids go to a built-in
 * Map beside it. The fast book keys its price levels outside the direct window by it; order ids go to SlotIndex,
 * which keeps the key in the owner's record and so needs half the bytes per bucket. The hash keeps neighbouring keys
 * together rather than defending against chosen colliding keys.
 */
export class IdSlotMap {
  /** Buckets as (id, slot) pairs in one array, so a probe touches one cache line, not two. */
  private table: Int32Array;
  private mask: number;
  private count = 0;
  /**
   * The largest id ever inserted. The engine assigns ids in sequence, so a new order's id is above it and the book's
   * duplicate check answers without probing.
   */
  private top = 0;
  /** Ids of 2^31 and above. */
  private readonly wide = new Map<number, number>();

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity * 4) cap *= 2;
    this.table = new Int32Array(cap * 2);
    this.mask = cap - 1;
  }

  /** Number of ids held. */
  get size(): number {
    return this.count + this.wide.size;
  }

  /** The slot for `id`, or -1 when absent. */
  get(id: number): number {
    if (id > this.top) return -1;
    if (id > Narrow.max) return this.wide.get(id) ?? -1;
    const table = this.table;
    const mask = this.mask;
    let i = homeBucket(id, this.mask);
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
    if (id > this.top) this.top = id;
    if (id > Narrow.max) {
      if (this.wide.has(id)) throw new AssertionError('IdSlotMap.set on a present id');
      this.wide.set(id, slot);
      return;
    }
    // A load factor of at most 1/4 keeps probe runs, and so lookups and deletions, very short.
    if ((this.count + 1) * 4 > this.mask + 1) this.grow();
    const table = this.table;
    const mask = this.mask;
    let i = homeBucket(id, this.mask);
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
    if (id > Narrow.max) return this.wide.delete(id);
    const table = this.table;
    const mask = this.mask;
    let i = homeBucket(id, this.mask);
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
      const home = homeBucket(k, this.mask);
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
    this.table = new Int32Array(old.length * 2);
    this.mask = this.table.length / 2 - 1;
    this.count = 0;
    for (let i = 0; i < old.length; i += 2) {
      const k = old[i] as number;
      if (k !== 0) this.set(k, old[i + 1] as number);
    }
  }
}
