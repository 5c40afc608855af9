import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hungarian } from './hungarian.js';

/** Exhaustive minimum over all injective row-to-column maps. */
function bruteForce(cost: number[], rows: number, cols: number): number {
  let best = Number.POSITIVE_INFINITY;
  const used = new Array<boolean>(cols).fill(false);
  const go = (r: number, sum: number): void => {
    if (r === rows) {
      best = Math.min(best, sum);
      return;
    }
    for (let c = 0; c < cols; c++) {
      if (used[c]) continue;
      used[c] = true;
      go(r + 1, sum + (cost[r * cols + c] as number));
      used[c] = false;
    }
  };
  go(0, 0);
  return best;
}

describe('hungarian', () => {
  it('finds the minimum-cost assignment (checked against brute force)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((rows) =>
            fc
              .integer({ min: rows, max: 6 })
              .chain((cols) =>
                fc.tuple(
                  fc.constant(rows),
                  fc.constant(cols),
                  fc.array(fc.integer({ min: -100, max: 0 }), { minLength: rows * cols, maxLength: rows * cols }),
                ),
              ),
          ),
        ([rows, cols, cost]) => {
          const a = hungarian(Float64Array.from(cost), rows, cols);
          expect(new Set(a).size).toBe(rows);
          let total = 0;
          for (let r = 0; r < rows; r++) total += cost[r * cols + (a[r] as number)] as number;
          expect(total).toBe(bruteForce(cost, rows, cols));
        },
      ),
      { numRuns: 300 },
    );
  });
});
