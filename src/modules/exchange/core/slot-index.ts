// Open-addressing index from order id to record slot, four bytes per bucket: the id itself stays in the record.
import { AssertionError } from '../../../kernel/index.js';
import { homeBucket as homeBucketOf } from './id-slot-map.js';

// Bound once: under a transpiling loader each use of an imported name can go through a live-binding getter.
const homeBucket = homeBucketOf;

/** Bit layout of a bucket: the slot plus one (0 = empty) in the low bits, the probe distance above it. */
enum B {
  /** Slots are below 2^20 (matchingLimits.ordersPerBookMax), so slot + 1 fits in 21 bits. */
  slotBits = 21,
  slotMask = 0x1fffff,
  /** Distances from 1023 up are stored as 1023: such a bucket's home is read from its record. */
  distMax = 1023,
}

/** Ids below this bound (2^31) live in the table; larger ones, rare in practice, in a built-in Map. */
enum Narrow {
  max = 0x7fffffff,
}

/**
 * Maps positive safe-integer order ids to the slots of their records, where the owner keeps each id
 * (`keys[slot << keyShift]`). A bucket is one int32: the slot and how far the bucket lies from the id's home bucket.
 * Collisions are resolved by linear probing in Robin Hood order (Celis, Larson and Munro, "Robin Hood Hashing",
 * 1985): along a run, buckets are sorted by home, so a lookup stops at the first bucket whose id would sit nearer
 * its home than ours, and a deletion shifts the following buckets back only until one sits at its home. The engine
 * assigns ids in sequence, so live ids fill runs of neighbouring buckets, each at its home: a deletion there moves
 * nothing, where plain linear probing scans to the end of the run.
 *
 * Keeping the distance also means a lookup reads a record only for buckets whose home is the id's own, and a
 * deletion (which knows the slot) reads none, while a bucket takes four bytes instead of the eight an (id, slot)
 * pair needs: at a load factor of at most 1/4, a 20,000-order book's index is 512 KB instead of 1 MB, and a book
 * bigger than the core's cache pays for every line it touches.
 */
export class SlotIndex {
  /** The owner's records, holding the id of slot s at `keys[s << keyShift]`; the owner resets it when it grows. */
  keys: Float64Array;
  private table: Int32Array;
  private mask: number;
  private count = 0;
  /** The largest id ever inserted: the engine assigns ids in sequence, so a new id answers without probing. */
  private top = 0;
  /** Ids of 2^31 and above. */
  private readonly wide = new Map<number, number>();

  constructor(
    initialCapacity: number,
    keys: Float64Array,
    private readonly keyShift: number,
  ) {
    let cap = 16;
    while (cap < initialCapacity * 4) cap *= 2;
    this.table = new Int32Array(cap);
    this.mask = cap - 1;
    this.keys = keys;
  }

  /** Number of ids held. */
  get size(): number {
    return this.count + this.wide.size;
  }

  /** Home bucket of a narrow id (see homeBucket). */
  private home(id: number): number {
    return homeBucket(id, this.mask);
  }

  /** The slot of `id`, or -1 when absent. */
  get(id: number): number {
    if (id > this.top) return -1;
    if (id > Narrow.max) return this.wide.get(id) ?? -1;
    const table = this.table;
    const mask = this.mask;
    let i = this.home(id);
    for (let d = 0; ; d++) {
      const e = table[i] as number;
      if (e === 0) return -1;
      const ed = e >>> B.slotBits;
      if (ed === d || (ed === B.distMax && d > B.distMax)) {
        // This bucket's home may be the id's own: compare ids (a saturated distance is compared the same way).
        const slot = (e & B.slotMask) - 1;
        if (this.keys[slot << this.keyShift] === id) return slot;
      } else if (ed < d) {
        // Robin Hood order: the id would have taken this bucket.
        return -1;
      }
      i = (i + 1) & mask;
    }
  }

  /** Inserts `id` at `slot`; the id must be absent (the book looks every id up before it inserts it). */
  set(id: number, slot: number): void {
    if (!(id > 0)) throw new AssertionError('SlotIndex ids must be positive');
    if (!(slot >= 0 && slot < B.slotMask)) throw new AssertionError('SlotIndex slot out of range');
    if (id > this.top) this.top = id;
    if (id > Narrow.max) {
      if (this.wide.has(id)) throw new AssertionError('SlotIndex.set on a present id');
      this.wide.set(id, slot);
      return;
    }
    // A load factor of at most 1/4 keeps runs short.
    if ((this.count + 1) * 4 > this.mask + 1) this.grow();
    this.place(this.home(id), slot + 1, id);
    this.count++;
  }

  /**
   * Puts bucket value `v` (slot + 1) in its Robin Hood place from `home` on: it takes the first bucket that is empty
   * or whose holder lies nearer its own home, and the holder moves on in its stead. With `id` (0 when rehashing),
   * throws if that id is already present: it could only sit in the run before that first swap.
   */
  private place(home: number, v: number, id: number): void {
    const table = this.table;
    const mask = this.mask;
    let i = home;
    let d = 0;
    let checking = id > 0;
    for (;;) {
      const e = table[i] as number;
      if (e === 0) {
        table[i] = v | ((d < B.distMax ? d : B.distMax) << B.slotBits);
        return;
      }
      const ed = this.distanceAt(i, e);
      if (checking && ed === d && this.keys[((e & B.slotMask) - 1) << this.keyShift] === id) {
        throw new AssertionError('SlotIndex.set on a present id');
      }
      if (ed < d) {
        checking = false;
        table[i] = v | ((d < B.distMax ? d : B.distMax) << B.slotBits);
        v = e & B.slotMask;
        d = ed;
      }
      i = (i + 1) & mask;
      d++;
    }
  }

  /** Removes `id`, which the caller says is at `slot`; returns false when it is not there. */
  delete(id: number, slot: number): boolean {
    if (id > Narrow.max) return this.wide.get(id) === slot && this.wide.delete(id);
    // The slot's record names its id, so finding the bucket needs only the slot.
    if (this.keys[slot << this.keyShift] !== id) return false;
    const table = this.table;
    const mask = this.mask;
    const want = slot + 1;
    let i = this.home(id);
    for (;;) {
      const e = table[i] as number;
      if (e === 0) return false;
      if ((e & B.slotMask) === want) break;
      i = (i + 1) & mask;
    }
    // Backward shift: the buckets after the hole move back by one until one is empty or at its home.
    let hole = i;
    for (;;) {
      const j = (hole + 1) & mask;
      const e = table[j] as number;
      if (e === 0 || e >>> B.slotBits === 0) break;
      const d = this.distanceAt(j, e) - 1;
      table[hole] = (e & B.slotMask) | ((d < B.distMax ? d : B.distMax) << B.slotBits);
      hole = j;
    }
    table[hole] = 0;
    this.count--;
    return true;
  }

  /** How far bucket `j`, holding `e`, lies from its home; a saturated distance is worked out from the record. */
  private distanceAt(j: number, e: number): number {
    const d = e >>> B.slotBits;
    if (d < B.distMax) return d;
    const id = this.keys[((e & B.slotMask) - 1) << this.keyShift] as number;
    return (j - this.home(id)) & this.mask;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    this.mask = this.table.length - 1;
    for (let i = 0; i < old.length; i++) {
      const e = old[i] as number;
      if (e === 0) continue;
      const v = e & B.slotMask;
      this.place(this.home(this.keys[(v - 1) << this.keyShift] as number), v, 0);
    }
  }
}
