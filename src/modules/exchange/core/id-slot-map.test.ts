// Checks the open-addressing id map against the built-in Map over random inserts and deletes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../../kernel/index.js';
import { IdSlotMap } from './id-slot-map.js';

describe('IdSlotMap', () => {
  it('agrees with Map through growth, wrap-around probe runs, backward-shift deletes and ids past 2^31', () => {
    const seed = seedFromEnv();
    const op = fc.tuple(
      fc.boolean(),
      fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constantFrom(2 ** 31 - 1, 2 ** 31, 2 ** 53 - 1)),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const map = new IdSlotMap(4);
        const model = new Map<number, number>();
        ops.forEach(([insert, id], step) => {
          if (insert && !model.has(id)) {
            map.set(id, step);
            model.set(id, step);
          } else if (!insert) {
            expect(map.delete(id), `SEED=${seed}`).toBe(model.delete(id));
          }
          expect(map.size, `SEED=${seed}`).toBe(model.size);
        });
        for (const id of [...Array.from({ length: 70 }, (_, i) => i + 1), 2 ** 31 - 1, 2 ** 31, 2 ** 53 - 1]) {
          expect(map.get(id), `SEED=${seed} id ${id}`).toBe(model.get(id) ?? -1);
        }
      }),
      { seed, numRuns: 200 },
    );
  });
});
