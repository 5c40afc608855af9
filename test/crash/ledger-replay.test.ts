// Ledger under the journal: random ledger commands are journaled, then recovered from snapshot + replay or from a torn copy.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Prng, seedFromEnv } from '../../src/kernel/index.js';
import { Journal, journalFileName } from '../../src/modules/exchange/journal/index.js';
import { Ledger, type LedgerSnapshot, settleTrade } from '../../src/modules/ledger/core/index.js';

const seed = seedFromEnv();
const root = mkdtempSync(join(tmpdir(), 'nexus-ledger-replay-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const users = ['u0', 'u1', 'u2'];
const spec = { symbol: 'B-Q', baseAsset: 'B', quoteAsset: 'Q', lotBaseMinor: 100n, tickValueQuoteMinor: 1n };
const fees = { makerBps: 5n, takerBps: 20n };
const where = {
  accountOf: (o: string, a: string) => `${o}:${a}`,
  holdOf: (id: string) => `h:${id}`,
  feeAccountId: 'venue:Q',
};

function genesis(): Ledger {
  const l = new Ledger();
  l.addAsset({ code: 'B', scale: 2 });
  l.addAsset({ code: 'Q', scale: 2 });
  l.openAccount({ id: 'venue:Q', owner: 'venue', asset: 'Q' });
  for (const u of users) for (const a of ['B', 'Q']) l.openAccount({ id: `${u}:${a}`, owner: u, asset: a });
  return l;
}

/** Applies one journaled command (JSON with bigints as strings); refusals are part of deterministic behaviour. */
let settled = 0;
function apply(l: Ledger, text: string): void {
  const c = JSON.parse(text) as Record<string, string>;
  const n = (k: string) => BigInt(c[k] as string);
  if (c.t === 'deposit') l.deposit(c.key as string, c.account as string, n('amount'));
  else if (c.t === 'withdraw') l.withdraw(c.key as string, c.account as string, n('amount'));
  else if (c.t === 'hold') l.placeHold(c.id as string, c.account as string, n('amount'));
  else if (c.t === 'release') l.releaseHold(c.id as string);
  else if (c.t === 'trade') {
    const fill = {
      symbol: 'B-Q',
      makerOrderId: c.maker as string,
      takerOrderId: c.taker as string,
      makerAccount: c.makerAccount as string,
      takerAccount: c.takerAccount as string,
      priceTicks: n('price'),
      qtyLots: n('qty'),
      takerSide: 'buy' as const,
    };
    if (settleTrade(l, fill, spec, fees, where).ok) settled++;
  }
}

/** Seeded command generator; it remembers orders it placed holds for, so trades can settle out of them. */
function commandGenerator(p: Prng): (i: number) => string {
  const orders: { id: string; user: string; side: 'buy' | 'sell' }[] = [];
  return (i) => {
    const u = p.pick(users);
    const kind = p.int(0, 9);
    if (kind < 3) {
      return JSON.stringify({
        t: 'deposit',
        key: `d${p.int(0, i)}`,
        account: `${u}:${p.pick(['B', 'Q'])}`,
        amount: String(p.int(1, 100_000)),
      });
    }
    if (kind < 4)
      return JSON.stringify({
        t: 'withdraw',
        key: `w${p.int(0, i)}`,
        account: `${u}:Q`,
        amount: String(p.int(1, 5_000)),
      });
    if (kind < 6) {
      const side = p.pick(['buy', 'sell'] as const);
      orders.push({ id: `o${i}`, user: u, side });
      const account = `${u}:${side === 'buy' ? 'Q' : 'B'}`;
      return JSON.stringify({ t: 'hold', id: `h:o${i}`, account, amount: String(p.int(1, 5_000)) });
    }
    if (kind < 7 && orders.length > 0) return JSON.stringify({ t: 'release', id: `h:${p.pick(orders).id}` });
    const sells = orders.filter((o) => o.side === 'sell');
    const maker = sells.length > 0 ? p.pick(sells) : { id: 'none', user: 'u0' };
    const buys = orders.filter((o) => o.side === 'buy' && o.user !== maker.user);
    const taker = buys.length > 0 ? p.pick(buys) : { id: 'none', user: 'u1' };
    return JSON.stringify({
      t: 'trade',
      maker: maker.id,
      taker: taker.id,
      makerAccount: maker.user,
      takerAccount: taker.user,
      price: String(p.int(1, 50)),
      qty: String(p.int(1, 5)),
    });
  };
}

describe('ledger replay through the journal', () => {
  it('recovers the same stateHash from snapshot + replay, and from any torn tail', async () => {
    const prng = new Prng(seed);
    const dir = join(root, 'live');
    const ledger = genesis();
    const journal = Journal.open(dir);
    const hashes: string[] = [genesis().stateHash()];
    const randomCommand = commandGenerator(prng);
    for (let i = 0; i < 1_500; i += 30) {
      // Groups of 30 concurrent appends share one fsync; each is applied in sequence order once durable.
      const texts = Array.from({ length: 30 }, (_, k) => randomCommand(i + k));
      const seqs = await Promise.all(texts.map((t) => journal.append(t)));
      for (const [k, seq] of seqs.entries()) {
        apply(ledger, texts[k] as string);
        hashes[seq] = ledger.stateHash();
        if (seq % 400 === 0) journal.writeSnapshot(seq, Buffer.from(JSON.stringify(ledger.snapshot())));
      }
    }
    await journal.close();
    expect(settled, `SEED=${seed}: some trades must settle for the test to mean something`).toBeGreaterThan(20);
    // Snapshot (seq 1200) + 300 records.
    let recovered = genesis();
    const r = Journal.openAndRecover(dir, {
      restore: (_s, bytes) => {
        recovered = Ledger.restore(JSON.parse(bytes.toString('utf8')) as LedgerSnapshot);
      },
      apply: (_s, p) => apply(recovered, p.toString('utf8')),
    });
    await r.journal.close();
    expect(r.report).toMatchObject({ snapshotSeq: 1_200, replayed: 300 });
    expect(recovered.stateHash(), `SEED=${seed}`).toBe(ledger.stateHash());
    expect(recovered.assetTotal('Q')).toBe(0n);
    // Torn copies (journal only): the state equals the one after the last whole record.
    const size = statSync(join(dir, journalFileName)).size;
    for (let k = 0; k < 5; k++) {
      const copy = join(root, `torn${k}`);
      mkdirSync(copy);
      copyFileSync(join(dir, journalFileName), join(copy, journalFileName));
      const cut = prng.int(Math.floor(size / 2), size - 1);
      truncateSync(join(copy, journalFileName), cut);
      const state = genesis();
      const t = Journal.openAndRecover(copy, { apply: (_s, p) => apply(state, p.toString('utf8')) });
      await t.journal.close();
      expect(state.stateHash(), `SEED=${seed} cut=${cut}`).toBe(hashes[t.report.lastSeq]);
    }
  });
});
