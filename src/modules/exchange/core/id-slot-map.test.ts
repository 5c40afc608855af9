// Checks the open-addressing id map against the built-in Map over random inserts and deletes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../../kernel/index.js';
import { IdSlotMap } from './id-slot-map.js';

describe('IdSlotMap', () => {
  it('agrees with Map through growth, wrap-around probe runs and backward-shift deletes', () => {
    const seed = seedFromEnv();
    const op = fc.tuple(fc.boolean(), fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constant(2 ** 53 - 1)));
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
        for (let id = 1; id <= 64; id++) expect(map.get(id), `SEED=${seed} id ${id}`).toBe(model.get(id) ?? -1);
      }),
      { seed, numRuns: 200 },
    );
  });
});
