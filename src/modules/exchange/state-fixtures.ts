// Test fixtures for the exchange state machine: a listed BTC-USD symbol and funded users, in API units.
import { ExchangeState } from './state.js';
import { parseAmount } from './state-amounts.js';
import type { AddSymbolCommand, AlgoCreateCommand, ExchangeCommand, PlaceOrderCommand } from './state-types.js';

/** Internal minor units of a decimal string (throws on malformed input: fixtures only). */
export function u(text: string): string {
  const v = parseAmount(text);
  if (v === null) throw new Error(`bad amount ${text}`);
  return v.toString();
}

/** The contract's example symbol: BTC-USD, tick 0.01, lot 0.0001, fees 10/20 bps. */
export function btcUsd(at = 0, overrides: Partial<AddSymbolCommand> = {}): AddSymbolCommand {
  return {
    kind: 'addSymbol',
    at,
    symbol: 'BTC-USD',
    baseAsset: 'BTC',
    quoteAsset: 'USD',
    baseScale: 8,
    quoteScale: 2,
    tickSize: u('0.01'),
    lotSize: u('0.0001'),
    minQuantity: u('0.0001'),
    maxQuantity: u('1000'),
    priceBandPercent: 10,
    referencePrice: u('100.00'),
    makerFeeBps: 10,
    takerFeeBps: 20,
    ...overrides,
  };
}

/** A limit order command in API units. */
export function limit(
  userId: string,
  side: 'buy' | 'sell',
  price: string,
  quantity: string,
  clientOrderId: string,
  at = 0,
  extra: Partial<PlaceOrderCommand> = {},
): PlaceOrderCommand {
  return {
    kind: 'place',
    at,
    userId,
    clientOrderId,
    symbol: 'BTC-USD',
    side,
    type: 'limit',
    quantity: u(quantity),
    price: u(price),
    ...extra,
  };
}

/** A TWAP buy on BTC-USD in API units (ten slices over ten minutes, seed 1); `extra` sets anything else. */
export function algoBuy(
  userId: string,
  clientOrderId: string,
  quantity: string,
  extra: Partial<AlgoCreateCommand> = {},
): AlgoCreateCommand {
  return {
    kind: 'algoCreate',
    at: 0,
    userId,
    clientOrderId,
    symbol: 'BTC-USD',
    side: 'buy',
    quantity: u(quantity),
    algo: 'twap',
    durationSeconds: 600,
    slices: 10,
    seed: 1,
    ...extra,
  };
}

/** A state with BTC-USD listed and each user holding `usd` USD and `btc` BTC. */
export function fundedState(users: readonly string[], usd = '100000', btc = '100'): ExchangeState {
  const s = new ExchangeState();
  const run = (c: ExchangeCommand) => {
    const r = s.apply(c).result;
    if (!r.ok) throw new Error(`fixture command failed: ${r.code}`);
  };
  run(btcUsd());
  for (const user of users) {
    if (usd !== '0')
      run({ kind: 'deposit', at: 0, userId: user, asset: 'USD', amount: u(usd), idempotencyKey: `f-usd-${user}` });
    if (btc !== '0')
      run({ kind: 'deposit', at: 0, userId: user, asset: 'BTC', amount: u(btc), idempotencyKey: `f-btc-${user}` });
  }
  return s;
}
