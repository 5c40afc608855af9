// Checks closed-order retention against a model that scans every user for the one holding most.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../kernel/index.js';
import { PerUserRetention } from './state-retention.js';

/** The rule written out plainly: past the bound, the user holding most (ties: smaller id) loses their oldest. */
class Model {
  readonly byUser = new Map<string, number[]>();
  readonly dropped: number[] = [];
  constructor(private readonly max: number) {}
  add(userId: string, id: number): void {
    this.byUser.set(userId, [...(this.byUser.get(userId) ?? []), id]);
    let total = [...this.byUser.values()].reduce((n, ids) => n + ids.length, 0);
    while (total > this.max) {
      const [, ids] = [...this.byUser].sort(([ua, a], [ub, b]) => b.length - a.length || (ua < ub ? -1 : 1))[0] as [
        string,
        number[],
      ];
      this.dropped.push(ids.shift() as number);
      total--;
    }
  }
}

describe('PerUserRetention', () => {
  it('drops what the plain rule drops, in the same order, and keeps each user oldest first', () => {
    const seed = seedFromEnv();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.constantFrom('ann', 'bob', 'cat', 'dan', 'eve'), { maxLength: 300 }),
        (max, users) => {
          const dropped: number[] = [];
          const kept = new PerUserRetention(max, (id) => dropped.push(id));
          const model = new Model(max);
          users.forEach((u, id) => {
            kept.add(u, id);
            model.add(u, id);
          });
          expect(dropped, `SEED=${seed}`).toEqual(model.dropped);
          expect(kept.size, `SEED=${seed}`).toBe(Math.min(max, users.length));
          for (const [u, ids] of model.byUser) expect(kept.idsOf(u), `SEED=${seed} ${u}`).toEqual(ids);
          expect([...kept.allIds()].sort((a, b) => a - b)).toEqual(
            [...model.byUser.values()].flat().sort((a, b) => a - b),
          );
        },
      ),
      { seed, numRuns: 300 },
    );
  });

  it('one account closing orders at speed pushes out only its own, while the others keep theirs', () => {
    const dropped: number[] = [];
    const kept = new PerUserRetention(1_000, (id) => dropped.push(id));
    for (let id = 1; id <= 100; id++) kept.add('quiet', id);
    for (let id = 101; id <= 100_000; id++) kept.add('spammer', id);
    expect(kept.idsOf('quiet')).toHaveLength(100);
    expect(kept.idsOf('spammer')).toHaveLength(900);
    expect(kept.idsOf('spammer')[0]).toBe(99_101);
    expect(dropped.every((id) => id > 100)).toBe(true);
    // Compaction of the spammer's list kept its ids in order.
    expect(kept.idsOf('spammer')).toEqual(Array.from({ length: 900 }, (_, i) => 99_101 + i));
  });
});
