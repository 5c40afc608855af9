// Pure order-book state for the ladder: snapshot, l2 deltas applied in sequence, gap detection and buffering.
import { addDecimal, compareDecimal, normalizeDecimal, signOfDecimal } from './decimal.js';
import type { BookSnapshot, Level, MarketUpdate } from './types.js';

/** Updates kept while a snapshot loads; beyond this the oldest go (the snapshot covers them anyway). */
export const bookBufferMax = 2000;

/** A local copy of one symbol's book: bids best (highest) first, asks best (lowest) first. */
export interface BookState {
  symbol: string;
  seq: number;
  bids: Level[];
  asks: Level[];
}

/** What applying one update did. */
export type ApplyOutcome =
  | { kind: 'applied'; book: BookState }
  | { kind: 'stale' }
  | { kind: 'gap'; expected: number; received: number };

/** Sync state of the ladder: the book (null while a snapshot is missing) and updates waiting for it. */
export interface BookSync {
  book: BookState | null;
  buffer: MarketUpdate[];
  /** True when the caller should fetch GET /book (cleared by `syncOnSnapshotRequested`). */
  needsSnapshot: boolean;
}

/** The state before anything is known: a snapshot is needed. */
export const initialBookSync: BookSync = { book: null, buffer: [], needsSnapshot: true };

function byPrice(side: 'bids' | 'asks') {
  return (a: Level, b: Level) => (side === 'bids' ? compareDecimal(b[0], a[0]) : compareDecimal(a[0], b[0]));
}

/** Merges changed levels into one side: quantity "0" removes the level, any other value replaces it. */
export function mergeLevels(levels: readonly Level[], changes: readonly Level[], side: 'bids' | 'asks'): Level[] {
  const byKey = new Map<string, Level>();
  for (const [price, quantity] of levels) byKey.set(normalizeDecimal(price), [price, quantity]);
  for (const [price, quantity] of changes) {
    const key = normalizeDecimal(price);
    if (signOfDecimal(quantity) <= 0) byKey.delete(key);
    else byKey.set(key, [price, quantity]);
  }
  return [...byKey.values()].sort(byPrice(side));
}

/** A book from a GET /book snapshot (sorted, empty levels dropped). */
export function bookFromSnapshot(snapshot: BookSnapshot): BookState {
  return {
    symbol: snapshot.symbol,
    seq: snapshot.seq,
    bids: mergeLevels([], snapshot.bids, 'bids'),
    asks: mergeLevels([], snapshot.asks, 'asks'),
  };
}

/** Applies the next update: older sequence numbers are stale, a jump past seq + 1 is a gap. */
export function applyUpdate(book: BookState, update: MarketUpdate): ApplyOutcome {
  if (update.seq <= book.seq) return { kind: 'stale' };
  if (update.seq !== book.seq + 1) return { kind: 'gap', expected: book.seq + 1, received: update.seq };
  if (update.type === 'trade') return { kind: 'applied', book: { ...book, seq: update.seq } };
  return {
    kind: 'applied',
    book: {
      symbol: book.symbol,
      seq: update.seq,
      bids: mergeLevels(book.bids, update.bids, 'bids'),
      asks: mergeLevels(book.asks, update.asks, 'asks'),
    },
  };
}

/** Feeds one live update: applied when in sequence, buffered while no book, a gap drops the book for a re-fetch. */
export function syncOnUpdate(sync: BookSync, update: MarketUpdate): BookSync {
  if (sync.book === null) return { ...sync, buffer: [...sync.buffer, update].slice(-bookBufferMax) };
  const outcome = applyUpdate(sync.book, update);
  if (outcome.kind === 'stale') return sync;
  if (outcome.kind === 'gap') return { book: null, buffer: [update], needsSnapshot: true };
  return { ...sync, book: outcome.book };
}

/** Marks the snapshot fetch as started so it is not requested twice. */
export function syncOnSnapshotRequested(sync: BookSync): BookSync {
  return { ...sync, needsSnapshot: false };
}

/** Installs a fresh snapshot and replays the buffered updates newer than it; a gap among them asks again. */
export function syncOnSnapshot(snapshot: BookSnapshot): (sync: BookSync) => BookSync {
  return (sync) => {
    // A late answer to a duplicate request must not roll a newer book back.
    if (sync.book !== null && sync.book.seq >= snapshot.seq) return { ...sync, needsSnapshot: false };
    let book = bookFromSnapshot(snapshot);
    const pending = [...sync.buffer].sort((a, b) => a.seq - b.seq);
    for (let index = 0; index < pending.length; index++) {
      const update = pending[index]!;
      const outcome = applyUpdate(book, update);
      if (outcome.kind === 'gap') return { book: null, buffer: pending.slice(index), needsSnapshot: true };
      if (outcome.kind === 'applied') book = outcome.book;
    }
    return { book, buffer: [], needsSnapshot: false };
  };
}

/** One row of a depth curve: the level and the running total from the best price outwards. */
export interface DepthPoint {
  price: string;
  quantity: string;
  cumulative: string;
}

/** Cumulative depth of one side (levels best first), summed exactly. */
export function cumulativeDepth(levels: readonly Level[], maxLevels = Number.POSITIVE_INFINITY): DepthPoint[] {
  const points: DepthPoint[] = [];
  let total = '0';
  for (const [price, quantity] of levels.slice(0, maxLevels)) {
    total = addDecimal(total, quantity);
    points.push({ price, quantity, cumulative: total });
  }
  return points;
}

/** The best bid and best ask prices, null for an empty side. */
export function bestPrices(book: BookState): { bid: string | null; ask: string | null } {
  return { bid: book.bids[0]?.[0] ?? null, ask: book.asks[0]?.[0] ?? null };
}
