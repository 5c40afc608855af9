// Tests of trade settlement: exact amounts, fee rounding, holds, atomicity and conservation under random fills.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../../kernel/index.js';
import { Ledger } from './ledger.js';
import { feeMinor, type SettlementAccounts, type SymbolSpec, settleTrade, type TradeFill } from './settlement.js';

const seed = seedFromEnv();
const spec: SymbolSpec = {
  symbol: 'BTC-USD',
  baseAsset: 'BTC',
  quoteAsset: 'USD',
  lotBaseMinor: 1_000_000n,
  tickValueQuoteMinor: 1n,
};
const where: SettlementAccounts = {
  accountOf: (owner, asset) => `${owner}:${asset}`,
  holdOf: (orderId) => `hold:${orderId}`,
  feeAccountId: 'venue:USD',
};

function market(users: string[]): Ledger {
  const l = new Ledger();
  l.addAsset({ code: 'USD', scale: 2 });
  l.addAsset({ code: 'BTC', scale: 8 });
  l.openAccount({ id: 'venue:USD', owner: 'venue', asset: 'USD' });
  for (const u of users) for (const a of ['USD', 'BTC']) l.openAccount({ id: `${u}:${a}`, owner: u, asset: a });
  return l;
}

describe('settlement', () => {
  it('rounds fees up to whole minor units', () => {
    expect(feeMinor(10_000n, 10n)).toBe(10n);
    expect(feeMinor(1n, 10n)).toBe(1n);
    expect(feeMinor(0n, 10n)).toBe(0n);
    expect(feeMinor(15_000n, 1n, 'half-even')).toBe(2n);
  });

  it('settles a fill out of both holds with maker and taker fees', () => {
    const l = market(['maker', 'taker']);
    l.deposit('d1', 'maker:BTC', 5_000_000n);
    l.deposit('d2', 'taker:USD', 100_000n);
    l.placeHold('hold:m1', 'maker:BTC', 5_000_000n); // maker sells 5 lots
    l.placeHold('hold:t1', 'taker:USD', 100_000n); // taker buys at up to 20_000 ticks incl. fees
    const fill: TradeFill = {
      symbol: 'BTC-USD',
      makerOrderId: 'm1',
      takerOrderId: 't1',
      makerAccount: 'maker',
      takerAccount: 'taker',
      priceTicks: 6_000n,
      qtyLots: 3n,
      takerSide: 'buy',
    };
    const r = settleTrade(l, fill, spec, { makerBps: 10n, takerBps: 25n }, where);
    expect(r.ok).toBe(true);
    // notional 18_000; taker fee ceil(18_000*25/10_000) = 45; maker fee 18.
    expect(l.account('taker:BTC')?.availableMinor).toBe(3_000_000n);
    expect(l.account('taker:USD')).toMatchObject({ availableMinor: 0n, heldMinor: 100_000n - 18_045n });
    expect(l.account('maker:USD')?.availableMinor).toBe(18_000n - 18n);
    expect(l.account('maker:BTC')).toMatchObject({ heldMinor: 2_000_000n });
    expect(l.account('venue:USD')?.availableMinor).toBe(63n);
    // The same fill replayed settles once.
    expect(settleTrade(l, fill, spec, { makerBps: 10n, takerBps: 25n }, where)).toEqual(r);
    expect(l.account('venue:USD')?.availableMinor).toBe(63n);
  });

  it('refuses a fill the holds cannot cover, changing nothing', () => {
    const l = market(['a', 'b']);
    l.deposit('d1', 'a:BTC', 1_000_000n);
    l.deposit('d2', 'b:USD', 100n);
    l.placeHold('hold:s', 'a:BTC', 1_000_000n);
    l.placeHold('hold:b', 'b:USD', 100n);
    const before = l.stateHash();
    const fill: TradeFill = {
      symbol: 'BTC-USD',
      makerOrderId: 's',
      takerOrderId: 'b',
      makerAccount: 'a',
      takerAccount: 'b',
      priceTicks: 100n,
      qtyLots: 1n,
      takerSide: 'buy',
    };
    expect(settleTrade(l, fill, spec, { makerBps: 0n, takerBps: 10n }, where)).toMatchObject({
      code: 'hold_insufficient',
    });
    expect(l.stateHash()).toBe(before);
    expect(settleTrade(l, { ...fill, qtyLots: 0n }, spec, { makerBps: 0n, takerBps: 0n }, where)).toMatchObject({
      code: 'fill_invalid',
    });
    expect(settleTrade(l, fill, spec, { makerBps: 0n, takerBps: 10_001n }, where)).toMatchObject({
      code: 'fee_bps_invalid',
    });
  });

  it('conserves every asset and charges exactly the computed fees over random fills', () => {
    const users = ['u0', 'u1', 'u2'];
    const fillArb = fc.record({
      buyer: fc.nat(2),
      seller: fc.nat(2),
      takerBuys: fc.boolean(),
      price: fc.bigInt(1n, 50_000n),
      qty: fc.bigInt(1n, 20n),
      makerBps: fc.bigInt(0n, 50n),
      takerBps: fc.bigInt(0n, 80n),
    });
    fc.assert(
      fc.property(fc.array(fillArb, { maxLength: 40 }), (fills) => {
        const l = market(users);
        for (const u of users) {
          l.deposit(`${u}b`, `${u}:BTC`, 10n ** 12n);
          l.deposit(`${u}q`, `${u}:USD`, 10n ** 12n);
        }
        let fees = 0n;
        for (const [i, f] of fills.entries()) {
          if (f.buyer === f.seller) continue;
          const buyer = users[f.buyer] as string;
          const seller = users[f.seller] as string;
          const notional = f.price * f.qty;
          const bf = feeMinor(notional, f.takerBuys ? f.takerBps : f.makerBps);
          const sf = feeMinor(notional, f.takerBuys ? f.makerBps : f.takerBps);
          l.placeHold(`hold:b${i}`, `${buyer}:USD`, notional + bf);
          l.placeHold(`hold:s${i}`, `${seller}:BTC`, f.qty * spec.lotBaseMinor);
          const fill: TradeFill = {
            symbol: 'BTC-USD',
            priceTicks: f.price,
            qtyLots: f.qty,
            takerSide: f.takerBuys ? 'buy' : 'sell',
            makerOrderId: f.takerBuys ? `s${i}` : `b${i}`,
            takerOrderId: f.takerBuys ? `b${i}` : `s${i}`,
            makerAccount: f.takerBuys ? seller : buyer,
            takerAccount: f.takerBuys ? buyer : seller,
          };
          const r = settleTrade(l, fill, spec, { makerBps: f.makerBps, takerBps: f.takerBps }, where);
          expect(r.ok, `SEED=${seed}`).toBe(true);
          expect(l.hold(`hold:b${i}`)?.remainingMinor).toBe(0n);
          expect(l.hold(`hold:s${i}`)?.remainingMinor).toBe(0n);
          fees += bf + sf;
        }
        expect(l.assetTotal('USD')).toBe(0n);
        expect(l.assetTotal('BTC')).toBe(0n);
        expect(l.account('venue:USD')?.availableMinor).toBe(fees);
        const userUsd = users.reduce(
          (s, u) => s + (l.account(`${u}:USD`)?.availableMinor ?? 0n) + (l.account(`${u}:USD`)?.heldMinor ?? 0n),
          0n,
        );
        expect(userUsd + fees).toBe(3n * 10n ** 12n);
        for (const a of l.listAccounts())
          if (a.owner !== 'external') expect(a.availableMinor >= 0n, `SEED=${seed}`).toBe(true);
      }),
      { seed, numRuns: 100 },
    );
  });
});
