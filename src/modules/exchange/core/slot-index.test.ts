// Checks the order-id index against the built-in Map over random inserts, deletes and lookups.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../../kernel/index.js';
import { SlotIndex } from './slot-index.js';

/** Records of eight numbers, the id first, as the fast book keeps them. */
const shift = 3;

/** Ids whose home bucket is `h` in every table below 2^20 buckets: id ^ (id >>> 20) keeps h in its low bits. */
const collidingId = (h: number, k: number): number => k * 2 ** 20 + (h ^ k);

/** An index with its owner's side: records by slot, a free list, and the model it must agree with. */
class Harness {
  readonly keys = new Float64Array(4096 << shift);
  readonly index = new SlotIndex(4, this.keys, shift);
  readonly model = new Map<number, number>();
  private readonly free: number[] = Array.from({ length: 4096 }, (_, i) => 4095 - i);

  insert(id: number): void {
    if (this.model.has(id)) return;
    const slot = this.free.pop() as number;
    this.keys[slot << shift] = id;
    this.index.set(id, slot);
    this.model.set(id, slot);
  }

  remove(id: number): void {
    const slot = this.model.get(id);
    expect(this.index.delete(id, slot ?? 0)).toBe(slot !== undefined);
    if (slot === undefined) return;
    this.model.delete(id);
    this.keys[slot << shift] = 0;
    this.free.push(slot);
  }

  check(ids: Iterable<number>, context: string): void {
    expect(this.index.size, context).toBe(this.model.size);
    for (const id of ids) expect(this.index.get(id), `${context} id ${id}`).toBe(this.model.get(id) ?? -1);
  }
}

describe('SlotIndex', () => {
  it('agrees with Map over sequential, colliding and wide ids through growth and deletes', () => {
    const seed = seedFromEnv();
    const id = fc.oneof(
      fc.integer({ min: 1, max: 200 }),
      fc.integer({ min: 0, max: 40 }).map((k) => collidingId(7, k)),
      fc.constantFrom(2 ** 31 - 1, 2 ** 31, 2 ** 53 - 1),
    );
    const op = fc.tuple(fc.constantFrom('insert', 'insert', 'delete'), id);
    fc.assert(
      fc.property(fc.array(op, { maxLength: 500 }), (ops) => {
        const h = new Harness();
        const seen = new Set<number>();
        ops.forEach(([kind, n], step) => {
          seen.add(n);
          if (kind === 'insert') h.insert(n);
          else h.remove(n);
          if (step % 25 === 0) h.check(seen, `SEED=${seed} step ${step}`);
        });
        h.check([...seen, 201, collidingId(7, 41)], `SEED=${seed} end`);
      }),
      { seed, numRuns: 200 },
    );
  });

  it('finds ids more than 1,023 buckets from home, where the stored distance saturates', () => {
    const h = new Harness();
    const ids = Array.from({ length: 1_200 }, (_, k) => collidingId(3, k));
    for (const n of ids) h.insert(n);
    // Sequential ids whose homes lie inside the long run, so they are displaced past it too.
    for (let n = 1; n <= 1_500; n++) h.insert(n);
    h.check([...ids, 1, 750, 1_500, 1_501], 'after inserts');
    for (const n of ids.filter((_, k) => k % 3 === 0)) h.remove(n);
    for (let n = 2; n <= 1_500; n += 2) h.remove(n);
    h.check([...ids, ...Array.from({ length: 1_501 }, (_, i) => i + 1)], 'after deletes');
  });

  it('refuses to insert an id it already holds, also one displaced from its home', () => {
    const h = new Harness();
    const ids = [5, collidingId(5, 1), collidingId(5, 2), 6, 1_000_000_000, 2 ** 40];
    for (const n of ids) h.insert(n);
    for (const n of ids) expect(() => h.index.set(n, 4_000), `id ${n}`).toThrow(/present id/);
    h.check(ids, 'after the refused inserts');
  });
});
