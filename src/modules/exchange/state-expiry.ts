// When good-till-date orders expire: a binary min-heap of (expireAt, order id), earliest first.
//
// Entries are not removed when their order closes early (filled or cancelled): the state drops such an entry when it
// reaches the top and its order is no longer live, so a cancel costs nothing here. Ties on the time go to the smaller
// id, so orders due at the same moment expire in the order they were placed, on replay as well.

/** One order's expiry. */
interface Entry {
  at: number;
  id: number;
}

const earlier = (a: Entry, b: Entry): boolean => (a.at !== b.at ? a.at < b.at : a.id < b.id);

export class ExpiryQueue {
  private readonly heap: Entry[] = [];

  /** Entries held, stale ones (of orders already closed) included. */
  get size(): number {
    return this.heap.length;
  }

  /** Schedules order `id` to expire at `at` (ms). */
  add(id: number, at: number): void {
    const heap = this.heap;
    heap.push({ at, id });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!earlier(heap[i] as Entry, heap[parent] as Entry)) break;
      [heap[i], heap[parent]] = [heap[parent] as Entry, heap[i] as Entry];
      i = parent;
    }
  }

  /** The earliest entry, or undefined when none is held. */
  peek(): Readonly<Entry> | undefined {
    return this.heap[0];
  }

  /** Removes and returns the earliest entry. */
  pop(): Entry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && earlier(heap[l] as Entry, heap[m] as Entry)) m = l;
      if (r < heap.length && earlier(heap[r] as Entry, heap[m] as Entry)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m] as Entry, heap[i] as Entry];
      i = m;
    }
    return top;
  }
}
