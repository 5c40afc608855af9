// Which finished records the exchange state keeps in memory (for lookups, paging and clientOrderId idempotency):
// closed orders, and finished algo parents, each kind under its own bound. Written below for closed orders.
//
// One bound covers all users, but the order that drops out when it is passed is the oldest closed order of the user
// who holds the most, not the exchange's oldest. With a single first-in-first-out list, one account placing and
// cancelling at its rate limit pushed every other account's recent orders out within seconds, and a client retrying
// a filled order after that could place it twice. Now an account can only push out its own orders while it holds
// more than anyone else: each of n active accounts keeps at least bound / n.
//
// Deterministic: ties between users holding equally many go to the smaller user id, so a state restored from a
// snapshot drops the same orders as the one that kept running (the stateHash covers retained orders).

/** One user's retained closed order ids, oldest closed first; ids before `head` are already dropped. */
interface UserFifo {
  readonly userId: string;
  ids: number[];
  head: number;
  /** Position in the heap. */
  at: number;
}

const countOf = (f: UserFifo): number => f.ids.length - f.head;

/** True when `a` gives up an order before `b`: it holds more, or as many with the smaller user id. */
function before(a: UserFifo, b: UserFifo): boolean {
  const ca = countOf(a);
  const cb = countOf(b);
  return ca !== cb ? ca > cb : a.userId < b.userId;
}

/** Ids of finished records per user under one bound for all users; past it, the user holding most gives up their oldest. */
export class PerUserRetention {
  private readonly byUser = new Map<string, UserFifo>();
  /** Binary heap of every user with a fifo, the next to give up an order at the top. */
  private readonly heap: UserFifo[] = [];
  private total = 0;

  /**
   * @param max closed orders kept across all users
   * @param drop called with each order id that drops out (the state forgets the order and its clientOrderId)
   */
  constructor(
    private readonly max: number,
    private readonly drop: (orderId: number) => void,
  ) {}

  /** Closed orders retained, all users together. */
  get size(): number {
    return this.total;
  }

  /** Keeps a just-closed order; past the bound, the user holding most gives up their oldest. */
  add(userId: string, orderId: number): void {
    let f = this.byUser.get(userId);
    if (!f) {
      f = { userId, ids: [], head: 0, at: this.heap.length };
      this.byUser.set(userId, f);
      this.heap.push(f);
    }
    f.ids.push(orderId);
    this.total++;
    this.up(f.at);
    while (this.total > this.max) this.dropOldestOfTop();
  }

  /** The user's retained closed order ids, oldest closed first. */
  idsOf(userId: string): readonly number[] {
    const f = this.byUser.get(userId);
    return f ? f.ids.slice(f.head) : [];
  }

  /** Every retained id, user by user, each user's oldest first: what a snapshot carries. */
  allIds(): number[] {
    const out: number[] = [];
    for (const f of this.byUser.values()) for (let i = f.head; i < f.ids.length; i++) out.push(f.ids[i] as number);
    return out;
  }

  private dropOldestOfTop(): void {
    const f = this.heap[0] as UserFifo;
    this.drop(f.ids[f.head++] as number);
    this.total--;
    // Dropped ids leave the array in bulk: shift() on 50,000 ids copied them all, once per closed order.
    if (f.head >= 4_096 && f.head * 8 >= f.ids.length) {
      f.ids.splice(0, f.head);
      f.head = 0;
    }
    this.down(0);
  }

  /** Moves a user up while they should give up orders before their parent. */
  private up(i: number): void {
    const f = this.heap[i] as UserFifo;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = this.heap[p] as UserFifo;
      if (!before(f, parent)) break;
      this.put(i, parent);
      i = p;
    }
    this.put(i, f);
  }

  /** Moves a user down while a child should give up orders before them. */
  private down(i: number): void {
    const h = this.heap;
    const f = h[i] as UserFifo;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && before(h[r] as UserFifo, h[l] as UserFifo) ? r : l;
      const child = h[c] as UserFifo;
      if (!before(child, f)) break;
      this.put(i, child);
      i = c;
    }
    this.put(i, f);
  }

  private put(i: number, f: UserFifo): void {
    this.heap[i] = f;
    f.at = i;
  }
}
