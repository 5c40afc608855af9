import { describe, expect, it } from 'vitest';
import { fundedState, limit, u } from './state-fixtures.js';
import { assetTotalsView, verifyExchange } from './state-verify.js';

describe('verifyExchange', () => {
  it('accounts for every unit of each asset, and names a hold that no longer covers its order', () => {
    const s = fundedState(['alice', 'bob'], '1000', '10');
    s.apply(limit('alice', 'sell', '100.00', '1', 'a1'));
    s.apply(limit('bob', 'buy', '100.00', '0.4', 'b1'));
    s.apply(limit('bob', 'buy', '99.00', '1', 'b2'));
    s.apply({ kind: 'withdraw', at: 1, userId: 'alice', asset: 'USD', amount: u('10'), idempotencyKey: 'w' });
    const sound = verifyExchange(s);
    expect(sound.problems).toEqual([]);
    const usd = sound.assets.find((t) => t.asset === 'USD');
    // 2,000 deposited, 10 withdrawn; 40 USD traded with 0.04 + 0.08 USD of fees.
    expect(usd && assetTotalsView(usd, 2)).toEqual({
      asset: 'USD',
      users: '1989.88',
      held: expect.stringMatching(/^99\.2/),
      fees: '0.12',
      netDeposits: '1990.00',
    });
    // A hold released behind the exchange's back, and one placed for no order: each is named.
    const live = [...s.live].find((id) => s.orders.get(id)?.clientOrderId === 'b2') as number;
    s.ledger.releaseHold(`o${live}`);
    s.ledger.placeHold('stray', 'u:alice:USD', 5n);
    expect(verifyExchange(s).problems).toEqual([
      expect.stringMatching(new RegExp(`^order ${live} holds 0, its open buy can cost 9\\d{19}$`)),
      'u:alice:USD holds 5, its open orders 0',
    ]);
  });
});
