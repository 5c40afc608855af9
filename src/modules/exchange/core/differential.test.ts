// Differential test: the fast book must match the reference book event for event over a million seeded commands.
import { describe, expect, it } from 'vitest';
import { Prng, seedFromEnv } from '../../../kernel/index.js';
import { applyCommand, CommandGenerator } from './command-generator.js';
import { EventTape, tapeStride } from './event-sinks.js';
import { FastBook } from './fast-book.js';
import { ReferenceBook } from './reference-book.js';

const commandsCount = 1_000_000;
const checkpointEvery = 20_000;
// A small capacity makes book_capacity_exceeded reachable in the stream as well.
const ordersMax = 160;

describe('FastBook against ReferenceBook', () => {
  it(`emits identical events and state hashes over ${commandsCount} seeded commands`, () => {
    const seed = seedFromEnv();
    const reference = new ReferenceBook(ordersMax);
    const fast = new FastBook(ordersMax);
    const gen = new CommandGenerator(new Prng(seed), (id) => reference.openQtyLots(id) > 0);
    const expected = new EventTape();
    const actual = new EventTape();
    const kinds = new Set<number>();
    for (let i = 1; i <= commandsCount; i++) {
      const command = gen.next();
      expected.clear();
      actual.clear();
      const want = applyCommand(reference, command, expected);
      const got = applyCommand(fast, command, actual);
      if (want !== got || !expected.equals(actual)) {
        const where = `SEED=${seed} command ${i} ${JSON.stringify(command)}`;
        expect(got, where).toBe(want);
        expect(actual.toArrays(), where).toEqual(expected.toArrays());
      }
      for (let r = 0; r < expected.length; r++) kinds.add(expected.data[r * tapeStride] as number);
      if (i % checkpointEvery === 0) {
        expect(fast.stateHash(), `SEED=${seed} after ${i} commands`).toBe(reference.stateHash());
        expect(fast.depth(10), `SEED=${seed} after ${i} commands`).toEqual(reference.depth(10));
      }
    }
    // Every kind of event (accepted .. amended) must have occurred, or the stream is not testing them.
    expect([...kinds].sort(), `SEED=${seed}`).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
