// Tests for the ladder state: delta merging, stale and gap handling, buffering across a snapshot, depth sums.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyUpdate,
  type BookSync,
  bookFromSnapshot,
  cumulativeDepth,
  initialBookSync,
  mergeLevels,
  syncOnSnapshot,
  syncOnSnapshotRequested,
  syncOnUpdate,
} from './book-state.js';
import { testSeed as seed } from './test-seed.js';
import type { BookSnapshot, L2Update, Level, MarketUpdate } from './types.js';

function l2(seq: number, bids: Level[], asks: Level[] = []): L2Update {
  return { type: 'l2', symbol: 'BTC-USD', seq, bids, asks };
}

const snapshot: BookSnapshot = {
  symbol: 'BTC-USD',
  seq: 10,
  bids: [
    ['99.5', '2'],
    ['100', '1'],
  ],
  asks: [
    ['101', '3'],
    ['100.5', '1.5'],
  ],
};

describe('order book state', () => {
  it('sorts a snapshot best first on each side', () => {
    const book = bookFromSnapshot(snapshot);
    expect(book.bids.map((level) => level[0])).toEqual(['100', '99.5']);
    expect(book.asks.map((level) => level[0])).toEqual(['100.5', '101']);
  });

  it('replaces, adds and removes levels; "0" removes even when written "0.00"', () => {
    const merged = mergeLevels(
      [
        ['100', '1'],
        ['99', '1'],
      ],
      [
        ['100.00', '0.00'],
        ['99', '4'],
        ['99.5', '1'],
      ],
      'bids',
    );
    expect(merged).toEqual([
      ['99.5', '1'],
      ['99', '4'],
    ]);
  });

  it('applies the next sequence number, ignores stale ones and reports gaps', () => {
    const book = bookFromSnapshot(snapshot);
    const next = applyUpdate(book, l2(11, [['100', '0']]));
    expect(next.kind).toBe('applied');
    if (next.kind === 'applied') expect(next.book.bids).toEqual([['99.5', '2']]);
    expect(applyUpdate(book, l2(10, [['100', '0']]))).toEqual({ kind: 'stale' });
    expect(applyUpdate(book, l2(13, []))).toEqual({ kind: 'gap', expected: 11, received: 13 });
    // Trades share the counter: they advance seq without touching levels.
    const trade: MarketUpdate = {
      type: 'trade',
      symbol: 'BTC-USD',
      seq: 11,
      price: '100.5',
      quantity: '1',
      takerSide: 'buy',
      at: '2026-01-01T00:00:00Z',
    };
    const traded = applyUpdate(book, trade);
    expect(traded.kind === 'applied' && traded.book.seq).toBe(11);
  });

  it('buffers updates until the snapshot and replays only the newer ones', () => {
    let sync: BookSync = syncOnSnapshotRequested(initialBookSync);
    sync = syncOnUpdate(sync, l2(10, [['50', '1']])); // already inside the snapshot
    sync = syncOnUpdate(sync, l2(11, [['99.5', '0']]));
    expect(sync.book).toBeNull();
    sync = syncOnSnapshot(snapshot)(sync);
    expect(sync.needsSnapshot).toBe(false);
    expect(sync.book?.seq).toBe(11);
    expect(sync.book?.bids).toEqual([['100', '1']]);
  });

  it('keeps a newer book when a duplicate snapshot answers late', () => {
    let sync = syncOnSnapshot(snapshot)(syncOnSnapshotRequested(initialBookSync));
    sync = syncOnUpdate(sync, l2(11, [['100', '0']]));
    const late = syncOnSnapshot(snapshot)(sync);
    expect(late.book?.seq).toBe(11);
    expect(late.book?.bids).toEqual([['99.5', '2']]);
  });

  it('drops the book and asks for a snapshot on a gap', () => {
    let sync = syncOnSnapshot(snapshot)(syncOnSnapshotRequested(initialBookSync));
    sync = syncOnUpdate(sync, l2(12, [['98', '1']]));
    expect(sync).toMatchObject({ book: null, needsSnapshot: true });
    expect(sync.buffer).toHaveLength(1);
    // A snapshot that still predates the buffered gap asks again.
    const again = syncOnSnapshot({ ...snapshot, seq: 9 })(syncOnSnapshotRequested(sync));
    expect(again.needsSnapshot).toBe(true);
  });

  it('sums cumulative depth exactly', () => {
    const depth = cumulativeDepth([
      ['100', '0.1'],
      ['99', '0.2'],
      ['98', '0.3'],
    ]);
    expect(depth.map((point) => point.cumulative)).toEqual(['0.1', '0.3', '0.6']);
    expect(cumulativeDepth(bookFromSnapshot(snapshot).asks, 1)).toHaveLength(1);
  });

  it(`always equals the true book at its own sequence number, whatever is lost (SEED=${seed})`, () => {
    const change = fc.tuple(
      fc.constantFrom<'bids' | 'asks'>('bids', 'asks'),
      fc.integer({ min: 1, max: 30 }),
      fc.integer({ min: 0, max: 5 }),
    );
    const steps = fc.array(fc.tuple(fc.array(change, { maxLength: 4 }), fc.boolean()), { maxLength: 40 });
    fc.assert(
      fc.property(steps, (plan) => {
        // The server's true book after each sequence number, as snapshots.
        const truth = { bids: new Map<string, string>(), asks: new Map<string, string>() };
        const history: BookSnapshot[] = [{ symbol: 'BTC-USD', seq: 0, bids: [], asks: [] }];
        let sync = syncOnSnapshot(history[0]!)(initialBookSync);
        plan.forEach(([changes, lost], index) => {
          const update = l2(index + 1, []);
          for (const [side, tick, quantity] of changes) {
            const price = (tick / 4).toString();
            if (quantity === 0) truth[side].delete(price);
            else truth[side].set(price, String(quantity));
            update[side].push([price, String(quantity)]);
          }
          history.push({ symbol: 'BTC-USD', seq: index + 1, bids: [...truth.bids], asks: [...truth.asks] });
          if (!lost) sync = syncOnUpdate(sync, update);
          // The page re-fetches as soon as a gap is seen; the server answers with its current book.
          if (sync.needsSnapshot) sync = syncOnSnapshot(history[index + 1]!)(syncOnSnapshotRequested(sync));
          expect(sync.book, `SEED=${seed}`).not.toBeNull();
          const expected = bookFromSnapshot(history[sync.book!.seq]!);
          expect(sync.book, `SEED=${seed}`).toEqual(expected);
        });
      }),
      { seed, numRuns: 300 },
    );
  });
});
