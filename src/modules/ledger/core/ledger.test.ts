// Unit and property tests of the ledger state machine: balance, holds, idempotency and rejection codes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../../kernel/index.js';
import { externalAccountId, Ledger } from './ledger.js';
import { fnv1a64, fnv1a64Reference } from './state-hash.js';
import type { Transfer } from './types.js';

const seed = seedFromEnv();

function setup(): Ledger {
  const l = new Ledger();
  expect(l.addAsset({ code: 'USD', scale: 2 }).ok).toBe(true);
  expect(l.addAsset({ code: 'BTC', scale: 8 }).ok).toBe(true);
  for (const u of ['alice', 'bob']) {
    l.openAccount({ id: `${u}:USD`, owner: u, asset: 'USD' });
    l.openAccount({ id: `${u}:BTC`, owner: u, asset: 'BTC' });
  }
  l.openAccount({ id: 'carol:USD', owner: 'carol', asset: 'USD', flags: { creditLimitMinor: 500n } });
  return l;
}

describe('Ledger', () => {
  it('moves money in and out with balanced transfers', () => {
    const l = setup();
    const d = l.deposit('d1', 'alice:USD', 1_000n);
    expect(d.ok && d.value[0]?.debitAccountId).toBe(externalAccountId('USD'));
    expect(l.account('alice:USD')?.availableMinor).toBe(1_000n);
    expect(l.withdraw('w1', 'alice:USD', 400n).ok).toBe(true);
    expect(l.account('alice:USD')?.availableMinor).toBe(600n);
    expect(l.assetTotal('USD')).toBe(0n);
    expect(l.account(externalAccountId('USD'))?.availableMinor).toBe(-600n);
  });

  it('returns stable codes for refused commands', () => {
    const l = setup();
    expect(l.withdraw('w', 'alice:USD', 1n)).toMatchObject({ ok: false, code: 'insufficient_funds' });
    expect(l.deposit('d', 'alice:USD', 0n)).toMatchObject({ ok: false, code: 'amount_must_be_positive' });
    expect(l.deposit('d', 'nobody', 5n)).toMatchObject({ ok: false, code: 'account_not_found' });
    expect(
      l.submit(null, [
        { debitAccountId: 'alice:USD', creditAccountId: 'alice:BTC', amountMinor: 1n, kind: 'transfer' },
      ]),
    ).toMatchObject({ ok: false, code: 'asset_mismatch' });
    expect(
      l.submit(null, [
        { debitAccountId: 'alice:USD', creditAccountId: 'alice:USD', amountMinor: 1n, kind: 'transfer' },
      ]),
    ).toMatchObject({ ok: false, code: 'accounts_must_be_different' });
    expect(l.openAccount({ id: 'x', owner: 'x', asset: 'EUR' })).toMatchObject({ ok: false, code: 'asset_not_found' });
    expect(l.openAccount({ id: 'alice:USD', owner: 'a', asset: 'USD' })).toMatchObject({ code: 'account_exists' });
    expect(l.addAsset({ code: 'USD', scale: 2 })).toMatchObject({ code: 'asset_exists' });
    expect(l.addAsset({ code: 'X', scale: 19 })).toMatchObject({ code: 'asset_scale_invalid' });
    expect(l.releaseHold('h')).toMatchObject({ code: 'hold_not_found' });
  });

  it('lets a credit account go negative down to its limit and no further', () => {
    const l = setup();
    const pay = (amount: bigint) =>
      l.submit(null, [
        { debitAccountId: 'carol:USD', creditAccountId: 'alice:USD', amountMinor: amount, kind: 'transfer' },
      ]);
    expect(pay(500n).ok).toBe(true);
    expect(l.account('carol:USD')?.availableMinor).toBe(-500n);
    expect(pay(1n)).toMatchObject({ ok: false, code: 'insufficient_funds' });
  });

  it('is idempotent by client key: same body replays, other body is refused', () => {
    const l = setup();
    const a = l.deposit('k', 'alice:USD', 100n);
    const b = l.deposit('k', 'alice:USD', 100n);
    expect(b).toEqual(a);
    expect(l.account('alice:USD')?.availableMinor).toBe(100n);
    expect(l.deposit('k', 'alice:USD', 101n)).toMatchObject({ ok: false, code: 'idempotency_key_reused' });
    // A refused command does not consume its key: the client may retry once funded.
    expect(l.withdraw('w', 'bob:USD', 10n)).toMatchObject({ code: 'insufficient_funds' });
    l.deposit('k2', 'bob:USD', 10n);
    expect(l.withdraw('w', 'bob:USD', 10n).ok).toBe(true);
  });

  it('holds reserve funds, settle from the hold, and release the rest', () => {
    const l = setup();
    l.deposit('d', 'alice:USD', 1_000n);
    expect(l.placeHold('o1', 'alice:USD', 700n).ok).toBe(true);
    expect(l.account('alice:USD')).toMatchObject({ availableMinor: 300n, heldMinor: 700n });
    expect(l.placeHold('o2', 'alice:USD', 301n)).toMatchObject({ code: 'insufficient_funds' });
    expect(l.placeHold('o1', 'alice:USD', 1n)).toMatchObject({ code: 'hold_exists' });
    const t = l.submit(null, [
      {
        debitAccountId: 'alice:USD',
        creditAccountId: 'bob:USD',
        amountMinor: 400n,
        kind: 'trade_quote',
        fromHoldId: 'o1',
      },
    ]);
    expect(t.ok).toBe(true);
    expect(l.hold('o1')?.remainingMinor).toBe(300n);
    expect(
      l.submit(null, [
        {
          debitAccountId: 'alice:USD',
          creditAccountId: 'bob:USD',
          amountMinor: 301n,
          kind: 'trade_quote',
          fromHoldId: 'o1',
        },
      ]),
    ).toMatchObject({ code: 'hold_insufficient' });
    expect(l.releaseHold('o1', 100n).ok).toBe(true);
    expect(l.releaseHold('o1')).toMatchObject({ ok: true, value: { remainingMinor: 0n } });
    expect(l.hold('o1')).toBeUndefined();
    expect(l.account('alice:USD')).toMatchObject({ availableMinor: 600n, heldMinor: 0n });
    expect(l.account('bob:USD')?.availableMinor).toBe(400n);
  });

  it('applies a multi-transfer command atomically', () => {
    const l = setup();
    l.deposit('d', 'alice:USD', 100n);
    const r = l.submit(null, [
      { debitAccountId: 'alice:USD', creditAccountId: 'bob:USD', amountMinor: 60n, kind: 'transfer' },
      { debitAccountId: 'alice:USD', creditAccountId: 'bob:USD', amountMinor: 60n, kind: 'transfer' },
    ]);
    expect(r).toMatchObject({ ok: false, code: 'insufficient_funds', field: 'requests[1].amountMinor' });
    expect(l.account('alice:USD')?.availableMinor).toBe(100n);
  });

  it('snapshots to JSON and restores to the same state and behaviour', () => {
    const l = setup();
    l.deposit('d', 'alice:USD', 1_000n);
    l.placeHold('h', 'alice:USD', 300n);
    const copy = Ledger.restore(JSON.parse(JSON.stringify(l.snapshot())));
    expect(copy.stateHash()).toBe(l.stateHash());
    expect(copy.deposit('d', 'alice:USD', 1_000n)).toEqual(l.deposit('d', 'alice:USD', 1_000n));
    expect(copy.withdraw('w', 'alice:USD', 800n)).toMatchObject({ code: 'insufficient_funds' });
    expect(copy.account('carol:USD')?.flags.creditLimitMinor).toBe(500n);
  });

  it('hashes state canonically (fast FNV-1a equals the reference)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        expect(fnv1a64(s)).toBe(fnv1a64Reference(s));
      }),
      { seed },
    );
    const a = setup();
    const b = setup();
    a.deposit('d', 'alice:USD', 5n);
    expect(a.stateHash()).not.toBe(b.stateHash());
    b.deposit('d', 'alice:USD', 5n);
    expect(a.stateHash()).toBe(b.stateHash());
  });
});

type Cmd =
  | { t: 'deposit'; key: number; user: number; asset: number; amount: bigint }
  | { t: 'withdraw'; key: number; user: number; asset: number; amount: bigint }
  | { t: 'transfer'; from: number; to: number; asset: number; amount: bigint; hold: boolean }
  | { t: 'hold'; id: number; user: number; asset: number; amount: bigint }
  | { t: 'release'; id: number; amount: bigint | null };

const users = ['u0', 'u1', 'u2', 'u3'];
const assets = ['USD', 'BTC'];
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({
    t: fc.constant('deposit' as const),
    key: fc.nat(30),
    user: fc.nat(3),
    asset: fc.nat(1),
    amount: fc.bigInt(-5n, 1_000n),
  }),
  fc.record({
    t: fc.constant('withdraw' as const),
    key: fc.nat(30),
    user: fc.nat(3),
    asset: fc.nat(1),
    amount: fc.bigInt(1n, 800n),
  }),
  fc.record({
    t: fc.constant('transfer' as const),
    from: fc.nat(3),
    to: fc.nat(3),
    asset: fc.nat(1),
    amount: fc.bigInt(1n, 500n),
    hold: fc.boolean(),
  }),
  fc.record({
    t: fc.constant('hold' as const),
    id: fc.nat(10),
    user: fc.nat(3),
    asset: fc.nat(1),
    amount: fc.bigInt(1n, 500n),
  }),
  fc.record({ t: fc.constant('release' as const), id: fc.nat(10), amount: fc.option(fc.bigInt(1n, 300n)) }),
);

function run(l: Ledger, c: Cmd, holdsOf: Map<string, string>): ReturnType<Ledger['submit']> | null {
  const acct = (u: number, a: number) => `${users[u]}:${assets[a]}`;
  switch (c.t) {
    case 'deposit':
      return l.deposit(`k${c.key}`, acct(c.user, c.asset), c.amount);
    case 'withdraw':
      return l.withdraw(`k${c.key}`, acct(c.user, c.asset), c.amount);
    case 'transfer': {
      const from = acct(c.from, c.asset);
      const hold = c.hold ? [...holdsOf].find(([, a]) => a === from)?.[0] : undefined;
      const req = {
        debitAccountId: from,
        creditAccountId: acct(c.to, c.asset),
        amountMinor: c.amount,
        kind: 'transfer' as const,
      };
      return l.submit(null, [hold === undefined ? req : { ...req, fromHoldId: hold }]);
    }
    case 'hold': {
      const r = l.placeHold(`h${c.id}`, acct(c.user, c.asset), c.amount);
      if (r.ok) holdsOf.set(`h${c.id}`, r.value.accountId);
      return null;
    }
    case 'release': {
      const r = l.releaseHold(`h${c.id}`, c.amount ?? undefined);
      if (r.ok && c.amount === null) holdsOf.delete(`h${c.id}`);
      return null;
    }
  }
}

describe('Ledger properties', () => {
  it('per asset, user balances change only by deposits minus withdrawals; transfers balanced; no overdraft; holds covered', () => {
    fc.assert(
      fc.property(fc.array(cmdArb, { maxLength: 120 }), (cmds) => {
        const l = new Ledger();
        for (const a of assets) l.addAsset({ code: a, scale: 2 });
        // u3 has a credit line of 200 minor units; everyone else must stay at or above zero.
        const creditOf = (owner: string): bigint => (owner === 'u3' ? 200n : 0n);
        for (const u of users) {
          for (const a of assets)
            l.openAccount({ id: `${u}:${a}`, owner: u, asset: a, flags: { creditLimitMinor: creditOf(u) } });
        }
        const net = new Map<string, bigint>(assets.map((a) => [a, 0n]));
        const seenIds = new Set<number>();
        const holdsOf = new Map<string, string>();
        for (const c of cmds) {
          const r = run(l, c, holdsOf);
          if (r?.ok) {
            for (const t of r.value as readonly Transfer[]) {
              if (seenIds.has(t.id)) continue; // an idempotent replay returns the first transfers again
              seenIds.add(t.id);
              expect(t.amountMinor > 0n).toBe(true);
              expect(l.account(t.debitAccountId)?.asset).toBe(t.asset);
              expect(l.account(t.creditAccountId)?.asset).toBe(t.asset);
              if (t.kind === 'deposit') net.set(t.asset, (net.get(t.asset) ?? 0n) + t.amountMinor);
              if (t.kind === 'withdrawal') net.set(t.asset, (net.get(t.asset) ?? 0n) - t.amountMinor);
            }
          }
          for (const a of assets) {
            expect(l.assetTotal(a)).toBe(0n);
            const userTotal = l
              .listAccounts()
              .filter((x) => x.asset === a && x.owner !== 'external')
              .reduce((s, x) => s + x.availableMinor + x.heldMinor, 0n);
            expect(userTotal).toBe(net.get(a));
          }
          for (const x of l.listAccounts()) {
            if (x.owner === 'external') continue;
            expect(x.availableMinor >= -creditOf(x.owner) && x.heldMinor >= 0n, `SEED=${seed}`).toBe(true);
            // Holds never exceed the balance: a hold is only placed out of non-negative available funds.
            if (creditOf(x.owner) === 0n) expect(x.heldMinor <= x.availableMinor + x.heldMinor).toBe(true);
            const holdSum = [...holdsOf]
              .filter(([, a]) => a === x.id)
              .reduce((s, [h]) => s + (l.hold(h)?.remainingMinor ?? 0n), 0n);
            expect(holdSum).toBe(x.heldMinor);
          }
        }
      }),
      { seed, numRuns: 200 },
    );
  });
});
