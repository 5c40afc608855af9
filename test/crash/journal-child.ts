// Child process for the crash test: takes orders on stdin, journals them, and prints "ack <id>" once each is durable.
import { createInterface } from 'node:readline';
import { Journal } from '../../src/modules/exchange/journal/journal.js';
import { ToyOrders } from '../../src/modules/exchange/journal/toy-orders.js';

const dir = process.argv[2];
const snapshotEvery = Number(process.argv[3] ?? '250');
// Small segments make the journal rotate and delete covered segments while it is being killed.
const segmentBytes = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
if (!dir) throw new Error('usage: journal-child.ts <dir> [snapshotEvery] [segmentBytes]');

const journal = Journal.open(dir, segmentBytes === undefined ? {} : { segmentBytes });
const state = new ToyOrders();
const report = journal.recover({
  restore: (_seq, bytes) => state.restore(bytes),
  apply: (seq, p) => state.apply(seq, p),
});
const pending = new Map<string, Promise<number>>();
let sinceSnapshot = 0;
const out = (line: string): boolean => process.stdout.write(`${line}\n`);
out(`ready ${report.lastSeq} ${state.stateHash()}`);

function place(id: string, qty: number): void {
  // Idempotent by order id: a retried order that is already journaled (acked or not) is acknowledged, not re-applied.
  if (state.orders.has(id)) {
    out(`ack ${id}`);
    return;
  }
  const inFlight = pending.get(id);
  if (inFlight) {
    void inFlight.then(() => out(`ack ${id}`));
    return;
  }
  const text = JSON.stringify({ op: 'new', id, qty });
  const done = journal.append(text).then((seq) => {
    // Durable now: apply in sequence order (appends resolve in order), then acknowledge.
    state.apply(seq, text);
    pending.delete(id);
    out(`ack ${id}`);
    if (++sinceSnapshot >= snapshotEvery && seq === journal.lastDurableSeq) {
      sinceSnapshot = 0;
      journal.writeSnapshot(state.lastSeq, state.snapshot());
    }
    return seq;
  });
  pending.set(id, done);
}

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const [verb, id, qty] = line.split(' ');
  if (verb === 'new' && id) place(id, Number(qty));
  else if (verb === 'dump') {
    void Promise.all(pending.values()).then(() => {
      out(`dump ${JSON.stringify([...state.applyCounts])}`);
      out(`hash ${state.stateHash()}`);
    });
  } else if (verb === 'exit') {
    void journal.close().then(() => process.exit(0));
  }
});
