// A tiny deterministic order-map state machine used to test and benchmark the journal, with snapshot and stateHash.
import { createHash } from 'node:crypto';

/** A toy command: place an order or cancel one, JSON-encoded in the journal. */
export type ToyCommand = { op: 'new'; id: string; qty: number } | { op: 'cancel'; id: string };

/**
 * Orders by id. It counts how many times each `new` was applied, so a test can prove that no command was applied
 * twice (a replay bug would show as a count of 2). Iteration order is insertion order, which replay reproduces.
 */
export class ToyOrders {
  readonly orders = new Map<string, { qty: number; cancelled: boolean }>();
  readonly applyCounts = new Map<string, number>();
  lastSeq = 0;

  /** Applies one journaled record. */
  apply(seq: number, payload: Uint8Array | string): void {
    const cmd = JSON.parse(typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8')) as ToyCommand;
    if (cmd.op === 'new') {
      this.applyCounts.set(cmd.id, (this.applyCounts.get(cmd.id) ?? 0) + 1);
      this.orders.set(cmd.id, { qty: cmd.qty, cancelled: false });
    } else {
      const o = this.orders.get(cmd.id);
      if (o) o.cancelled = true;
    }
    this.lastSeq = seq;
  }

  /** Serialises the whole state for a snapshot. */
  snapshot(): Buffer {
    return Buffer.from(
      JSON.stringify({ lastSeq: this.lastSeq, orders: [...this.orders], counts: [...this.applyCounts] }),
      'utf8',
    );
  }

  /** Replaces the state with a snapshot's. */
  restore(bytes: Uint8Array): void {
    const s = JSON.parse(Buffer.from(bytes).toString('utf8')) as {
      lastSeq: number;
      orders: [string, { qty: number; cancelled: boolean }][];
      counts: [string, number][];
    };
    this.orders.clear();
    this.applyCounts.clear();
    for (const [k, v] of s.orders) this.orders.set(k, v);
    for (const [k, v] of s.counts) this.applyCounts.set(k, v);
    this.lastSeq = s.lastSeq;
  }

  /** SHA-256 of the canonical state (orders sorted by id), hex. */
  stateHash(): string {
    const h = createHash('sha256');
    for (const id of [...this.orders.keys()].sort()) {
      const o = this.orders.get(id);
      h.update(`${id}|${o?.qty}|${o?.cancelled ? 1 : 0}|${this.applyCounts.get(id)}\n`);
    }
    return h.digest('hex');
  }
}
