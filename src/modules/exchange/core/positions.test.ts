// Tests of average-cost positions: worked examples and the PnL identity realised + unrealised = cash-flow PnL.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../../kernel/index.js';
import {
  applyFill,
  averagePriceTicks,
  emptyPosition,
  markedPnl,
  PositionBook,
  type PositionFill,
  unrealisedPnl,
} from './positions.js';

const seed = seedFromEnv();
const fill = (side: 'buy' | 'sell', qtyLots: bigint, priceTicks: bigint): PositionFill => ({
  account: 'a',
  symbol: 'X',
  side,
  qtyLots,
  priceTicks,
});

describe('positions', () => {
  it('averages cost on adds, realises on reductions and flips', () => {
    let p = emptyPosition('a', 'X');
    p = applyFill(p, fill('buy', 10n, 100n), 1n);
    p = applyFill(p, fill('buy', 10n, 110n), 1n);
    expect(p).toMatchObject({ qtyLots: 20n, costQuoteMinor: 2_100n });
    expect(averagePriceTicks(p, 1n)).toBe(105n);
    p = applyFill(p, fill('sell', 5n, 120n), 1n);
    expect(p).toMatchObject({ qtyLots: 15n, costQuoteMinor: 1_575n, realisedPnlQuoteMinor: 75n });
    expect(unrealisedPnl(p, 100n, 1n)).toBe(1_500n - 1_575n);
    // Flip from long 15 to short 5 at 90: realise (90 - 105) * 15, open short 5 at 90.
    p = applyFill(p, fill('sell', 20n, 90n), 1n);
    expect(p).toMatchObject({ qtyLots: -5n, costQuoteMinor: -450n, realisedPnlQuoteMinor: 75n - 225n });
    expect(averagePriceTicks(p, 1n)).toBe(90n);
    expect(markedPnl(p, 1n)).toBe(0n);
    expect(markedPnl(p, 1n, 80n)).toBe(50n);
    p = applyFill(p, fill('buy', 5n, 80n), 1n);
    expect(p).toMatchObject({ qtyLots: 0n, costQuoteMinor: 0n, realisedPnlQuoteMinor: -100n });
    expect(averagePriceTicks(p, 1n)).toBeNull();
  });

  it('books both sides of a trade', () => {
    const book = new PositionBook(() => 2n);
    book.applyTrade({
      symbol: 'X',
      makerAccount: 'm',
      takerAccount: 't',
      priceTicks: 50n,
      qtyLots: 3n,
      takerSide: 'buy',
    });
    expect(book.get('t', 'X')).toMatchObject({ qtyLots: 3n, costQuoteMinor: 300n });
    expect(book.get('m', 'X')).toMatchObject({ qtyLots: -3n, costQuoteMinor: -300n });
    expect(book.ofAccount('m')).toHaveLength(1);
  });

  it('realised + unrealised equals cash-flow PnL at the last price, exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ buy: fc.boolean(), qty: fc.bigInt(1n, 50n), price: fc.bigInt(1n, 10_000n) }), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.bigInt(1n, 7n),
        (fills, tv) => {
          let p = emptyPosition('a', 'X');
          let cash = 0n;
          for (const f of fills) {
            p = applyFill(p, fill(f.buy ? 'buy' : 'sell', f.qty, f.price), tv);
            cash += (f.buy ? -1n : 1n) * f.qty * f.price * tv;
          }
          const last = fills[fills.length - 1]?.price as bigint;
          const cashFlowPnl = cash + p.qtyLots * last * tv;
          expect(p.realisedPnlQuoteMinor + markedPnl(p, tv), `SEED=${seed}`).toBe(cashFlowPnl);
          const net = fills.reduce((s, f) => s + (f.buy ? f.qty : -f.qty), 0n);
          expect(p.qtyLots).toBe(net);
          if (p.qtyLots === 0n) expect(p.costQuoteMinor).toBe(0n);
        },
      ),
      { seed, numRuns: 500 },
    );
  });
});
