// Unit and property tests of the exchange state machine: settlement with fees, holds, idempotency, snapshots.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Prng, seedFromEnv } from '../../kernel/index.js';
import { exchangeLimits } from './limits.js';
import { ExchangeState, feeAccountId, userAccountId } from './state.js';
import { algoBuy, btcUsd, fundedState, limit, u } from './state-fixtures.js';
import { restoreExchange } from './state-snapshot.js';
import type {
  AlgoCreateCommand,
  ExchangeCommand,
  OrderRecord,
  PlaceOrderCommand,
  UpdateSymbolCommand,
} from './state-types.js';
import { verifyExchange } from './state-verify.js';

const bal = (s: ExchangeState, user: string, asset: string) => {
  const a = s.ledger.account(userAccountId(user, asset));
  return { available: a?.availableMinor ?? 0n, held: a?.heldMinor ?? 0n };
};
const big = (text: string) => BigInt(u(text));

describe('ExchangeState', () => {
  it('settles a cross exactly: base and quote move, maker and taker fees go to the fee account', () => {
    const s = fundedState(['alice', 'bob']);
    const sell = s.apply(limit('alice', 'sell', '101.00', '0.5', 's1')).result;
    expect(sell.ok).toBe(true);
    expect(bal(s, 'alice', 'BTC').held).toBe(big('0.5'));
    const buy = s.apply(limit('bob', 'buy', '102.00', '0.2', 'b1')).result;
    if (!buy.ok || buy.value.kind !== 'order') throw new Error('buy failed');
    expect(buy.value.order.status).toBe('filled');
    expect(buy.value.fills).toHaveLength(1);
    // Trade at the maker's price 101.00 for 0.2 BTC = 20.20 USD; taker (bob) pays 20 bps, maker (alice) 10 bps.
    const notional = big('20.20');
    const takerFee = (notional * 20n) / 10_000n;
    const makerFee = (notional * 10n) / 10_000n;
    expect(bal(s, 'bob', 'BTC').available).toBe(big('100.2'));
    expect(bal(s, 'bob', 'USD')).toEqual({ available: big('100000') - notional - takerFee, held: 0n });
    expect(bal(s, 'alice', 'USD').available).toBe(big('100000') + notional - makerFee);
    expect(bal(s, 'alice', 'BTC')).toEqual({ available: big('99.5'), held: big('0.3') });
    expect(s.ledger.account(feeAccountId('USD'))?.availableMinor).toBe(takerFee + makerFee);
    expect(s.ledger.assetTotal('USD')).toBe(0n);
    const orders = [...s.orders.values()];
    expect(orders.find((o) => o.clientOrderId === 's1')?.status).toBe('partially_filled');
  });

  it('cancel releases the hold; amend re-sizes it; unknown and foreign orders look the same', () => {
    const s = fundedState(['alice', 'bob']);
    const placed = s.apply(limit('alice', 'buy', '99.00', '1', 'b1')).result;
    if (!placed.ok || placed.value.kind !== 'order') throw new Error('place failed');
    const id = placed.value.order.id;
    // 99.00 + the 20 bps fee 0.198 + a 10^-18 per lot for per-fill fee rounding, held in whole cents.
    const held = bal(s, 'alice', 'USD').held;
    expect(held).toBe(big('99.20'));
    const amended = s.apply({ kind: 'amend', at: 1, userId: 'alice', orderId: id, price: u('98.00') }).result;
    expect(amended.ok).toBe(true);
    expect(bal(s, 'alice', 'USD').held).toBe(big('98.20'));
    expect(s.apply({ kind: 'cancel', at: 2, userId: 'bob', orderId: id }).result).toMatchObject({
      ok: false,
      code: 'unknown_order',
    });
    expect(s.apply({ kind: 'cancel', at: 2, userId: 'alice', orderId: id }).result.ok).toBe(true);
    expect(bal(s, 'alice', 'USD')).toEqual({ available: big('100000'), held: 0n });
    expect(s.apply({ kind: 'cancel', at: 3, userId: 'alice', orderId: id }).result).toMatchObject({
      code: 'order_not_open',
    });
  });

  it('clientOrderId: same body returns the original order, a different body is idempotency_key_reused', () => {
    const s = fundedState(['alice']);
    const a = s.apply(limit('alice', 'buy', '99.00', '1', 'c1')).result;
    const b = s.apply(limit('alice', 'buy', '99.00', '1', 'c1', 5)).result;
    if (!a.ok || !b.ok || a.value.kind !== 'order' || b.value.kind !== 'order') throw new Error('place failed');
    expect(b.value.order.id).toBe(a.value.order.id);
    expect(s.live.size).toBe(1);
    expect(s.apply(limit('alice', 'buy', '98.00', '1', 'c1')).result).toMatchObject({
      code: 'idempotency_key_reused',
    });
  });

  it('risk rejections keep their codes and change nothing', () => {
    const s = fundedState(['alice'], '10', '0');
    const before = s.stateHash();
    expect(s.apply(limit('alice', 'buy', '99.00', '1', 'x1')).result).toMatchObject({ code: 'insufficient_funds' });
    expect(s.apply(limit('alice', 'buy', '150.00', '0.01', 'x2')).result).toMatchObject({
      code: 'price_outside_band',
    });
    expect(s.apply(limit('alice', 'buy', '99.001', '0.01', 'x3')).result).toMatchObject({
      code: 'price_not_multiple_of_tick',
    });
    s.apply({ kind: 'killSwitch', at: 0, scope: 'global', engaged: true });
    expect(s.apply(limit('alice', 'buy', '99.00', '0.01', 'x4')).result).toMatchObject({ code: 'trading_halted' });
    s.apply({ kind: 'killSwitch', at: 0, scope: 'global', engaged: false });
    expect(s.apply(limit('alice', 'buy', '99.00', '0.01', 'x5')).result.ok).toBe(true);
    expect(before).not.toBe(s.stateHash());
  });

  it('kill switch on an account cancels its live orders', () => {
    const s = fundedState(['alice', 'bob']);
    s.apply(limit('alice', 'buy', '99.00', '1', 'a1'));
    s.apply(limit('alice', 'sell', '101.00', '1', 'a2'));
    s.apply(limit('bob', 'buy', '98.00', '1', 'b1'));
    const r = s.apply({ kind: 'killSwitch', at: 1, scope: 'account', userId: 'alice', engaged: true }).result;
    expect(r).toMatchObject({ ok: true, value: { cancelledOrders: 2 } });
    expect(s.live.size).toBe(1);
    expect(bal(s, 'alice', 'USD').held).toBe(0n);
  });

  it("cancel-all takes everything the user has working, or one symbol's, and nothing of anyone else's", () => {
    const s = fundedState(['alice', 'bob']);
    expect(s.apply(btcUsd(0, { symbol: 'ETH-USD', baseAsset: 'ETH' })).result.ok).toBe(true);
    const placed = (c: PlaceOrderCommand | AlgoCreateCommand) => expect(s.apply(c).result.ok).toBe(true);
    placed(limit('alice', 'buy', '99.00', '1', 'a1'));
    placed(limit('alice', 'sell', '101.00', '1', 'a2'));
    placed(limit('alice', 'sell', '95.00', '1', 'a3', 0, { type: 'stop_limit', stopPrice: u('96.00') }));
    placed(algoBuy('alice', 'p1', '1', { durationSeconds: 60, slices: 2, limitPrice: u('95.00') }));
    placed({ ...limit('alice', 'buy', '99.00', '1', 'e1'), symbol: 'ETH-USD' });
    placed(limit('bob', 'buy', '98.00', '1', 'b1'));
    const child = [...s.orders.values()].find((o) => o.algoId !== null) as OrderRecord;
    expect(child.status).toBe('open');
    expect(s.apply({ kind: 'cancelAll', at: 1, userId: 'alice', symbol: 'DOGE-USD' }).result).toMatchObject({
      code: 'unknown_symbol',
      field: 'symbol',
    });
    // BTC-USD only: the two resting orders and the stop; the algo order with its child; not ETH-USD, not bob's.
    expect(s.apply({ kind: 'cancelAll', at: 2, userId: 'alice', symbol: 'BTC-USD' }).result).toEqual({
      ok: true,
      value: { kind: 'cancelAll', cancelledOrders: 3, cancelledAlgoOrders: 1 },
    });
    expect(child).toMatchObject({ status: 'cancelled', cancelReason: 'algo_parent' });
    const open = (user: string) => [...s.liveOrdersOf(user)].map((id) => s.orders.get(id)?.clientOrderId);
    expect(open('alice')).toEqual(['e1']);
    expect(open('bob')).toEqual(['b1']);
    expect([...s.algos.values()][0]?.algo.state).toBe('cancelled');
    // Everything else of hers; then nothing is left, which is no error.
    expect(s.apply({ kind: 'cancelAll', at: 3, userId: 'alice' }).result).toMatchObject({
      value: { cancelledOrders: 1, cancelledAlgoOrders: 0 },
    });
    expect(s.apply({ kind: 'cancelAll', at: 4, userId: 'alice' }).result).toMatchObject({
      value: { cancelledOrders: 0, cancelledAlgoOrders: 0 },
    });
    expect(bal(s, 'alice', 'USD').held).toBe(0n);
    expect(bal(s, 'alice', 'BTC').held).toBe(0n);
    expect(verifyExchange(s).problems).toEqual([]);
    // She can trade again at once: cancel-all is not a kill switch.
    placed(limit('alice', 'buy', '99.00', '1', 'a4'));
  });

  it('a halted symbol refuses orders and amends, takes cancels, holds algo orders back, and resumes', () => {
    const s = fundedState(['alice', 'bob']);
    const resting = s.apply(limit('alice', 'buy', '99.00', '1', 'h1')).result;
    if (!resting.ok || resting.value.kind !== 'order') throw new Error('not placed');
    const parent = s.apply(algoBuy('alice', 'h2', '1', { durationSeconds: 60, slices: 2, limitPrice: u('95.00') }));
    expect(parent.result.ok).toBe(true);
    const children = () => [...s.orders.values()].filter((o) => o.algoId !== null).length;
    expect(children()).toBe(1);
    const update = (fields: Partial<UpdateSymbolCommand>) =>
      s.apply({ kind: 'updateSymbol', at: 1, symbol: 'BTC-USD', ...fields }).result;
    expect(update({})).toMatchObject({ code: 'symbol_update_empty' });
    expect(update({ priceBandPercent: 0 })).toMatchObject({ code: 'price_band_invalid', field: 'priceBandPercent' });
    expect(update({ referencePrice: u('100.001') })).toMatchObject({
      code: 'price_not_multiple_of_tick',
      field: 'referencePrice',
    });
    expect(s.apply({ kind: 'updateSymbol', at: 1, symbol: 'DOGE-USD', halted: true }).result).toMatchObject({
      code: 'unknown_symbol',
    });
    const before = s.stateHash();
    expect(update({ halted: true })).toMatchObject({ ok: true, value: { symbol: { halted: true } } });
    expect(s.stateHash()).not.toBe(before);
    expect(s.apply(limit('bob', 'sell', '99.00', '1', 'h3', 2)).result).toEqual({
      ok: false,
      code: 'symbol_halted',
      detail: 'trading in BTC-USD is halted; orders can still be cancelled',
      field: 'symbol',
    });
    expect(
      s.apply({ kind: 'amend', at: 2, userId: 'alice', orderId: resting.value.order.id, price: u('98.00') }).result,
    ).toMatchObject({ code: 'symbol_halted' });
    expect(s.apply(algoBuy('bob', 'h4', '1', { at: 2 })).result).toMatchObject({ code: 'symbol_halted' });
    // The parent's second slice falls due during the halt and is not sent; after resumption it is.
    s.apply({ kind: 'algoTick', at: 45_000 });
    expect(children()).toBe(1);
    const restored = restoreExchange(JSON.parse(JSON.stringify(s.snapshot())));
    expect(restored.stateHash()).toBe(s.stateHash());
    expect(s.apply({ kind: 'cancel', at: 3, userId: 'alice', orderId: resting.value.order.id }).result.ok).toBe(true);
    expect(update({ halted: false })).toMatchObject({ ok: true, value: { symbol: { halted: false } } });
    // The first tick cancels the first slice's resting child, the next sends the rest.
    s.apply({ kind: 'algoTick', at: 46_000 });
    s.apply({ kind: 'algoTick', at: 47_000 });
    expect(children()).toBe(2);
    expect(update({ priceBandPercent: 5, referencePrice: u('120.00') })).toMatchObject({
      ok: true,
      value: { symbol: { priceBandPercent: 5, referencePrice: BigInt(u('120.00')) } },
    });
    // The band now centres on 120.00 at 5%: 110.00 is outside it, 115.00 inside.
    expect(s.apply(limit('bob', 'sell', '110.00', '1', 'h5', 48_000)).result).toMatchObject({
      code: 'price_outside_band',
    });
    expect(s.apply(limit('bob', 'sell', '115.00', '1', 'h6', 48_000)).result.ok).toBe(true);
    expect(update({ referencePrice: null })).toMatchObject({ ok: true, value: { symbol: { referencePrice: null } } });
  });

  it('amends a waiting stop (trigger, price, size; its hold follows) and keeps the trigger order across a snapshot', () => {
    const s = fundedState(['alice', 'bob', 'carol']);
    // A trade at 100.00 sets the last price; stops to buy above it wait.
    s.apply(limit('bob', 'sell', '100.00', '0.1', 'm1'));
    s.apply(limit('alice', 'buy', '100.00', '0.1', 'm2'));
    const placed = (c: PlaceOrderCommand) => {
      const r = s.apply(c).result;
      if (!r.ok || r.value.kind !== 'order') throw new Error(`not placed: ${JSON.stringify(r)}`);
      return r.value.order;
    };
    const first = placed(
      limit('alice', 'buy', '104.00', '1', 'st1', 1, { type: 'stop_limit', stopPrice: u('103.00') }),
    );
    const second = placed({
      ...limit('alice', 'buy', '1', '0.5', 'st2', 1, { type: 'stop_market', stopPrice: u('102.00') }),
      price: undefined,
      protectionPrice: u('105.00'),
    });
    const resting = placed(limit('alice', 'buy', '95.00', '1', 'st3', 1));
    const held = () => bal(s, 'alice', 'USD').held;
    const heldBefore = held();
    const amend = (orderId: number, fields: { price?: string; quantity?: string; stopPrice?: string }) =>
      s.apply({ kind: 'amend', at: 2, userId: 'alice', orderId, ...fields }).result;
    expect(amend(resting.id, { stopPrice: u('96.00') })).toMatchObject({
      code: 'stop_price_not_allowed',
      field: 'stopPrice',
    });
    expect(amend(second.id, { price: u('106.00') })).toMatchObject({ code: 'price_not_allowed', field: 'price' });
    expect(amend(first.id, { stopPrice: u('99.00') })).toMatchObject({ code: 'stop_would_trigger_immediately' });
    expect(amend(first.id, { stopPrice: u('103.001') })).toMatchObject({
      code: 'price_not_multiple_of_tick',
      field: 'stopPrice',
    });
    // The first stop moves to 102.50 / 103.00 and halves: its hold shrinks with it, and it now triggers second.
    expect(amend(first.id, { price: u('103.00'), quantity: u('0.5'), stopPrice: u('102.50') })).toMatchObject({
      ok: true,
      value: { order: { status: 'pending_trigger', price: BigInt(u('103.00')), stopPrice: BigInt(u('102.50')) } },
    });
    expect(held()).toBeLessThan(heldBefore);
    expect(verifyExchange(s).problems).toEqual([]);
    const restored = restoreExchange(JSON.parse(JSON.stringify(s.snapshot())));
    expect(restored.stateHash()).toBe(s.stateHash());
    for (const state of [s, restored]) {
      state.apply(limit('bob', 'sell', '103.00', '2', 'm3', 3));
      const lift = state.apply(limit('carol', 'buy', '103.00', '0.1', 'm4', 3));
      expect(lift.result.ok).toBe(true);
      // The stop-market (placed before the first was amended) triggers first, then the amended stop-limit.
      const triggeredOrder = lift.events
        .filter((e) => e.type === 'order' && e.order.algoId === null && e.order.clientOrderId.startsWith('st'))
        .map((e) => (e.type === 'order' ? e.order.clientOrderId : ''));
      expect(triggeredOrder.filter((id, i, all) => all.indexOf(id) === i)).toEqual(['st2', 'st1']);
    }
    expect(restored.stateHash()).toBe(s.stateHash());
  });

  it('emits L2 deltas with a per-symbol sequence shared with trades', () => {
    const s = fundedState(['alice', 'bob']);
    const e1 = s.apply(limit('alice', 'sell', '101.00', '1', 's1')).events;
    const l2 = e1.find((e) => e.type === 'l2');
    expect(l2).toMatchObject({ type: 'l2', symbol: 'BTC-USD', seq: 1, asks: [[big('101.00'), big('1')]] });
    const e2 = s.apply(limit('bob', 'buy', '101.00', '1', 'b1')).events;
    const seqs = e2.flatMap((e) => (e.type === 'trade' || e.type === 'l2' ? [e.seq] : []));
    expect(seqs).toEqual([2, 3]);
    expect(e2.find((e) => e.type === 'l2')).toMatchObject({ asks: [[big('101.00'), 0n]] });
  });

  it('market and stop orders: protected at the band edge, stop triggers on the last trade', () => {
    const s = fundedState(['alice', 'bob', 'carol']);
    s.apply(limit('alice', 'sell', '100.00', '1', 's1'));
    s.apply(limit('alice', 'sell', '105.00', '1', 's2'));
    const stop = s.apply({
      ...limit('carol', 'buy', '106.00', '0.5', 'st1'),
      type: 'stop_limit',
      stopPrice: u('100.00'),
    }).result;
    expect(stop).toMatchObject({ ok: true, value: { order: { status: 'pending_trigger' } } });
    const m = s.apply({
      kind: 'place',
      at: 1,
      userId: 'bob',
      clientOrderId: 'm1',
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: u('1'),
    }).result;
    expect(m).toMatchObject({ ok: true, value: { order: { status: 'filled' } } });
    const carol = [...s.orders.values()].find((o) => o.clientOrderId === 'st1') as OrderRecord;
    expect(carol.status).toBe('filled');
    expect(carol.filledQuantity).toBe(big('0.5'));
  });

  it('a market order on a symbol that has not traded is bounded by its protection price, and refused without one', () => {
    const s = new ExchangeState();
    s.apply(btcUsd(0, { referencePrice: undefined }));
    for (const [user, asset, amount] of [
      ['alice', 'BTC', '10'],
      ['bob', 'USD', '1000'],
    ] as const) {
      s.apply({ kind: 'deposit', at: 0, userId: user, asset, amount: u(amount), idempotencyKey: `d-${user}` });
    }
    expect(s.apply(limit('alice', 'sell', '100.00', '2', 'a1')).result.ok).toBe(true);
    const market = (clientOrderId: string, extra: Partial<PlaceOrderCommand> = {}) => {
      const { price: _limitPrice, ...order } = limit('bob', 'buy', '1', '1', clientOrderId);
      return s.apply({ ...order, type: 'market', ...extra }).result;
    };
    const refused = market('m1');
    expect(refused).toMatchObject({ ok: false, code: 'reference_price_missing', field: 'protectionPrice' });
    expect(refused.ok ? '' : refused.detail).toBe(
      'BTC-USD has not traded yet and lists no reference price; give the market order a protection price, or place a limit order',
    );
    expect(market('m2', { protectionPrice: u('0.015') })).toMatchObject({
      ok: false,
      code: 'protection_price_invalid',
    });
    // Held at the protection price (100.50 plus the worst-case fee), filled at the ask, the rest released.
    const filled = market('m3', { protectionPrice: u('100.50') });
    expect(filled).toMatchObject({ ok: true, value: { order: { status: 'filled', filledQuantity: big('1') } } });
    expect(bal(s, 'bob', 'USD')).toEqual({ held: 0n, available: big('1000') - big('100.20') });
    // The book's reference is now the last trade, so the band applies again: a protection price beyond it is capped.
    expect(market('m4', { protectionPrice: u('5000') })).toMatchObject({ ok: true });
  });

  it('snapshot and restore give the same stateHash and keep working identically', () => {
    const s = fundedState(['alice', 'bob']);
    s.apply(limit('alice', 'sell', '101.00', '1', 's1'));
    s.apply(limit('alice', 'sell', '101.00', '2', 's2'));
    s.apply(limit('bob', 'buy', '101.00', '0.5', 'b1'));
    s.apply(limit('bob', 'buy', '99.00', '1', 'b2'));
    s.apply({ ...limit('bob', 'buy', '104.00', '0.1', 'st'), type: 'stop_limit', stopPrice: u('103.00') });
    s.apply({ ...limit('alice', 'buy', '98.00', '0.1', 'x'), kind: 'place' });
    const snap = JSON.parse(JSON.stringify(s.snapshot()));
    const r = restoreExchange(snap);
    expect(r.stateHash()).toBe(s.stateHash());
    const next: ExchangeCommand = limit('bob', 'buy', '101.00', '1', 'b3', 9);
    s.apply(next);
    r.apply(next);
    expect(r.stateHash()).toBe(s.stateHash());
  });

  it("keeps each user's deposits and withdrawals once, across a snapshot, and rebuilds them from an older one", () => {
    const s = fundedState(['alice', 'bob']);
    const fund = (kind: 'deposit' | 'withdraw', amount: string, key: string, at: number) =>
      s.apply({ kind, at, userId: 'alice', asset: 'USD', amount: u(amount), idempotencyKey: key }).result;
    expect(fund('withdraw', '10', 'w1', 5).ok).toBe(true);
    // A retry answers the first transfer and adds nothing; a refusal books nothing.
    expect(fund('withdraw', '10', 'w1', 6)).toMatchObject({ ok: true });
    expect(fund('withdraw', '1000000', 'w2', 7)).toMatchObject({ ok: false, code: 'insufficient_funds' });
    expect(fund('deposit', '2.5', 'd1', 8).ok).toBe(true);
    const rows = (x: ExchangeState) =>
      (x.fundingHistory.get('alice') ?? []).map((t) => [t.kind, t.asset, t.amount, t.idempotencyKey, t.at]);
    expect(rows(s)).toEqual([
      ['deposit', 'USD', big('100000'), 'f-usd-alice', 0],
      ['deposit', 'BTC', big('100'), 'f-btc-alice', 0],
      ['withdraw', 'USD', big('10'), 'w1', 5],
      ['deposit', 'USD', big('2.5'), 'd1', 8],
    ]);
    const ids = (s.fundingHistory.get('alice') ?? []).map((t) => t.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(s.fundingHistory.get('bob')?.map((t) => t.idempotencyKey)).toEqual(['f-usd-bob', 'f-btc-bob']);
    const snap = JSON.parse(JSON.stringify(s.snapshot()));
    expect(rows(restoreExchange(snap))).toEqual(rows(s));
    // A snapshot from before the history: the transfers come back from the ledger's idempotency keys, without times.
    delete snap.funding;
    const rebuilt = restoreExchange(snap);
    expect(rows(rebuilt)).toEqual(rows(s).map((r) => [...r.slice(0, 4), null]));
    expect(rebuilt.fundingHistory.get('alice')?.map((t) => t.id)).toEqual(ids);
  });

  it('restores icebergs with a partly taken slice, and with a slice larger than what is left', () => {
    const s = fundedState(['alice', 'bob']);
    s.apply(limit('alice', 'sell', '101.00', '1', 'ice1', 0, { displayQuantity: u('0.3') }));
    s.apply(limit('alice', 'sell', '102.00', '0.5', 'ice2', 0, { displayQuantity: u('0.4') }));
    s.apply(limit('bob', 'buy', '101.00', '0.1', 'b1'));
    s.apply(limit('bob', 'buy', '102.00', '0.9', 'b2'));
    s.apply(limit('bob', 'buy', '102.00', '0.25', 'b3'));
    const restored = restoreExchange(JSON.parse(JSON.stringify(s.snapshot())));
    expect(restored.stateHash()).toBe(s.stateHash());
    const l3 = (x: ExchangeState) => {
      const rows: number[][] = [];
      x.engine
        .book('BTC-USD')
        ?.forEachOrder((_s, price, id, _a, visible, total) => rows.push([price, id, visible, total]));
      return rows;
    };
    expect(l3(restored)).toEqual(l3(s));
    // ice2 rests 0.25 of a 0.4 slice with 0.15 showing: both kinds the old restore could not rebuild.
    expect(l3(s).some(([, , visible, total]) => (visible as number) < (total as number))).toBe(true);
    const next = limit('bob', 'buy', '102.00', '0.2', 'b4', 9);
    s.apply(next);
    restored.apply(next);
    expect(restored.stateHash()).toBe(s.stateHash());
  });

  it("states the book's own refusals in words, and an amend the book refuses changes nothing", () => {
    const s = fundedState(['alice', 'bob']);
    s.apply(limit('alice', 'sell', '101.00', '1', 'a1'));
    const postOnly = s.apply(limit('bob', 'buy', '101.00', '1', 'b1', 0, { postOnly: true })).result;
    expect(postOnly).toEqual({
      ok: false,
      code: 'post_only_would_cross',
      detail: 'a post-only order at this price would trade at once instead of resting',
      field: 'price',
    });
    const fok = s.apply(limit('bob', 'buy', '101.00', '2', 'b2', 0, { timeInForce: 'fok' })).result;
    expect(fok).toMatchObject({
      ok: false,
      code: 'fok_not_fully_fillable',
      detail: expect.stringContaining('nothing'),
    });
    const resting = s.apply(limit('bob', 'buy', '99.00', '1', 'b3', 0, { postOnly: true })).result;
    if (!resting.ok || resting.value.kind !== 'order') throw new Error('order not placed');
    const before = s.stateHash();
    const amend = s.apply({ kind: 'amend', at: 1, userId: 'bob', orderId: resting.value.order.id, price: u('101.00') });
    expect(amend.result).toMatchObject({ ok: false, code: 'post_only_would_cross', field: 'price' });
    expect(s.stateHash()).toBe(before);
  });

  it("states refusals in the symbol's prices, quantities and assets, on the API's field names", () => {
    const s = fundedState(['alice'], '10', '0');
    expect(s.apply(limit('alice', 'buy', '99.00', '1', 'f1')).result).toEqual({
      ok: false,
      code: 'insufficient_funds',
      detail: 'the order needs 99.20 USD (with the fee); 10.00 USD is available',
    });
    expect(s.apply(limit('alice', 'sell', '100.00', '0.5', 'f2')).result).toMatchObject({
      detail: 'the order needs 0.5000 BTC; 0.0000 BTC is available',
    });
    // A market buy is valued at the band edge, 110.00.
    const market = { ...limit('alice', 'buy', '1', '0.5', 'f3'), type: 'market' as const, price: undefined };
    expect(s.apply(market).result).toMatchObject({
      detail: 'the order needs 55.12 USD (with the fee); 10.00 USD is available',
    });
    expect(s.apply(limit('alice', 'buy', '150.00', '0.01', 'f4')).result).toEqual({
      ok: false,
      code: 'price_outside_band',
      detail: '150.00 is more than 10% from the reference price 100.00',
      field: 'price',
    });
    // The symbol's bounds come before the account's funds.
    expect(s.apply(limit('alice', 'buy', '99.00', '1001', 'f6')).result).toEqual({
      ok: false,
      code: 'quantity_above_max',
      detail: 'the largest order is 1000.0000',
      field: 'quantity',
    });
    s.apply({ kind: 'setRiskLimits', at: 1, userId: 'alice', limits: { orderQuantityMax: u('0.05') } });
    expect(s.apply(limit('alice', 'buy', '99.00', '0.06', 'f5')).result).toEqual({
      ok: false,
      code: 'order_quantity_above_max',
      detail: "0.0600 is above this account's largest order, 0.0500",
      field: 'quantity',
    });
    // Ticks and lots in the symbol's terms, on the field that is wrong (a stop price was reported as `price`).
    const refused = (c: ExchangeCommand) => {
      const r = s.apply(c).result;
      return r.ok ? r : { code: r.code, detail: r.detail, field: r.field };
    };
    expect(refused(limit('alice', 'buy', '99.00', '0.00015', 'g1'))).toEqual({
      code: 'quantity_not_multiple_of_lot',
      detail: 'the quantity must be a whole number of lots of 0.0001 BTC',
      field: 'quantity',
    });
    expect(refused(limit('alice', 'buy', '99.005', '0.01', 'g2'))).toEqual({
      code: 'price_not_multiple_of_tick',
      detail: 'the price must be a whole number of ticks of 0.01 USD',
      field: 'price',
    });
    expect(
      refused(limit('alice', 'buy', '99.00', '0.01', 'g3', 2, { type: 'stop_limit', stopPrice: u('98.999') })),
    ).toEqual({
      code: 'price_not_multiple_of_tick',
      detail: 'the stop price must be a whole number of ticks of 0.01 USD',
      field: 'stopPrice',
    });
    const protectedMarket = { ...market, clientOrderId: 'g4', quantity: u('0.01'), protectionPrice: u('101.001') };
    expect(refused(protectedMarket)).toEqual({
      code: 'protection_price_invalid',
      detail: 'the protection price must be a whole number of ticks of 0.01 USD',
      field: 'protectionPrice',
    });
    expect(refused(algoBuy('alice', 'g5', '0.01', { slices: 1, limitPrice: u('0') }))).toEqual({
      code: 'price_must_be_positive',
      detail: 'the limit price must be above zero',
      field: 'limitPrice',
    });
  });

  it('a VWAP parent keeps its slice count: a window inside one profile hour is even slices, not one at once', () => {
    const s = fundedState(['alice', 'bob']);
    // History: one trade, so the whole profile sits in a single hour.
    s.apply(limit('bob', 'sell', '100.00', '5', 's1'));
    s.apply(limit('alice', 'buy', '100.00', '0.1', 'b1'));
    const created = s.apply(algoBuy('alice', 'v1', '1', { at: 60_000, algo: 'vwap' })).result;
    expect(created).toMatchObject({
      ok: true,
      value: { kind: 'algo', algo: { slicesTotal: 10, slicesDone: 1, filledQuantity: BigInt(u('0.1')) } },
    });
    if (!created.ok || created.value.kind !== 'algo') throw new Error('algo not created');
    const algoId = Number(created.value.algo.id);
    const control = (action: 'pause' | 'resume' | 'cancel') =>
      s.apply({ kind: 'algoControl', at: 61_000, userId: 'alice', algoId, action }).result;
    expect(control('resume')).toMatchObject({ code: 'algo_not_paused', detail: 'the algo order is running' });
    expect(control('pause')).toMatchObject({ ok: true, value: { algo: { status: 'paused' } } });
    expect(control('pause')).toMatchObject({ code: 'algo_not_running', detail: 'the algo order is paused' });
    expect(control('resume')).toMatchObject({ ok: true, value: { algo: { status: 'running' } } });
    expect(control('cancel')).toMatchObject({ ok: true, value: { algo: { status: 'cancelled' } } });
    expect(control('cancel')).toMatchObject({ code: 'algo_finished', detail: 'the algo order is cancelled' });
  });

  it('a TWAP whose children self-trade sends one child per slice, not one per tick, across a snapshot too', () => {
    const s = fundedState(['alice']);
    // Alice's own resting ask is in the way: each child of her TWAP buy is cancelled by self-trade prevention.
    s.apply(limit('alice', 'sell', '100.00', '1', 'ask'));
    const created = s.apply(
      algoBuy('alice', 't1', '0.4', { durationSeconds: 240, slices: 4, limitPrice: u('101.00') }),
    ).result;
    expect(created).toMatchObject({ ok: true, value: { kind: 'algo', algo: { status: 'running' } } });
    let state = s;
    for (let at = 1_000; at <= 250_000; at += 1_000) {
      state.apply({ kind: 'algoTick', at });
      // Half-way, carry on from a snapshot: the slice already served must stay served.
      if (at === 90_000) state = restoreExchange(JSON.parse(JSON.stringify(state.snapshot())));
    }
    const children = [...state.orders.values()].filter((o) => o.clientOrderId.startsWith('algo-'));
    expect(children.map((o) => o.cancelReason)).toEqual(Array(4).fill('self_trade_prevention'));
    expect(children.map((o) => o.quantity)).toEqual(['0.1', '0.2', '0.3', '0.4'].map(big));
    expect([...state.algos.values()][0]?.algo.state).toBe('expired');
  });

  it('lets one account run at most algoOrdersRunningPerUserMax algo orders, leaving room for the others', () => {
    const s = fundedState(['alice', 'bob']);
    const create = (userId: string, n: number) =>
      s.apply(algoBuy(userId, `t${n}`, '0.01', { durationSeconds: 3_600, limitPrice: u('90.00'), seed: n })).result;
    for (let n = 0; n < exchangeLimits.algoOrdersRunningPerUserMax; n++) expect(create('alice', n).ok).toBe(true);
    expect(create('alice', 999)).toEqual({
      ok: false,
      code: 'algo_orders_running_max_reached',
      detail: `you have ${exchangeLimits.algoOrdersRunningPerUserMax} running or paused algo orders, the most one account may have`,
    });
    expect(create('bob', 1).ok).toBe(true);
  });

  it('records why each cancelled order was cancelled', () => {
    const s = fundedState(['alice', 'bob']);
    const order = (r: ReturnType<ExchangeState['apply']>['result']) => {
      if (!r.ok || r.value.kind !== 'order') throw new Error('not an order');
      return r.value.order;
    };
    const byUser = order(s.apply(limit('alice', 'buy', '99.00', '1', 'u1')).result);
    s.apply({ kind: 'cancel', at: 1, userId: 'alice', orderId: byUser.id });
    expect(byUser.cancelReason).toBe('cancelled_by_user');
    // Alice's resting sell, then her own crossing buy: the newest is cancelled by self-trade prevention.
    s.apply(limit('alice', 'sell', '101.00', '1', 'u2'));
    const stp = order(s.apply(limit('alice', 'buy', '101.00', '1', 'u3')).result);
    expect(stp).toMatchObject({ status: 'cancelled', cancelReason: 'self_trade_prevention' });
    const ioc = order(s.apply(limit('bob', 'buy', '101.00', '3', 'u4', 0, { timeInForce: 'ioc' })).result);
    expect(ioc).toMatchObject({ status: 'cancelled', cancelReason: 'ioc_remainder' });
    const market = order(
      s.apply({ ...limit('bob', 'buy', '1', '1', 'u5'), type: 'market' as const, price: undefined }).result,
    );
    expect(market).toMatchObject({ status: 'cancelled', cancelReason: 'market_remainder' });
    const resting = order(s.apply(limit('bob', 'buy', '98.00', '1', 'u6')).result);
    s.apply({ kind: 'killSwitch', at: 2, scope: 'account', userId: 'bob', engaged: true });
    expect(resting).toMatchObject({ status: 'cancelled', cancelReason: 'kill_switch' });
    expect(byUser.cancelReason).toBe('cancelled_by_user');
    // A parent order's resting child, cancelled with its parent.
    const parent = s.apply(
      algoBuy('alice', 'p1', '1', { at: 3, durationSeconds: 60, slices: 2, limitPrice: u('95.00') }),
    ).result;
    if (!parent.ok || parent.value.kind !== 'algo') throw new Error('algo not created');
    const algoId = Number(parent.value.algo.id);
    const child = [...s.orders.values()].find((o) => o.algoId === algoId);
    expect(child?.status).toBe('open');
    s.apply({ kind: 'algoControl', at: 4, userId: 'alice', algoId, action: 'cancel' });
    expect(child).toMatchObject({ status: 'cancelled', cancelReason: 'algo_parent' });
  });

  it("states funding and idempotency refusals in the client's terms", () => {
    const s = fundedState(['alice'], '10', '0');
    const withdraw = (amount: string, key: string) =>
      s.apply({ kind: 'withdraw', at: 1, userId: 'alice', asset: 'USD', amount: u(amount), idempotencyKey: key })
        .result;
    expect(withdraw('12.5', 'w1')).toEqual({
      ok: false,
      code: 'insufficient_funds',
      detail: '12.50 USD asked, 10.00 USD available',
      field: 'amount',
    });
    expect(withdraw('2', 'w2').ok).toBe(true);
    expect(withdraw('3', 'w2')).toEqual({
      ok: false,
      code: 'idempotency_key_reused',
      detail: 'idempotency key "w2" was used for another withdraw',
      field: 'idempotencyKey',
    });
    expect(s.apply(limit('alice', 'buy', '95.00', '0.01', 'c1')).result.ok).toBe(true);
    expect(s.apply(limit('alice', 'buy', '96.00', '0.01', 'c1')).result).toMatchObject({
      code: 'idempotency_key_reused',
      detail: 'clientOrderId "c1" was used for a different order',
      field: 'clientOrderId',
    });
  });

  it("an amend passes the account's limits as a new order would, counting the order itself once", () => {
    const s = fundedState(['alice'], '10', '0');
    const limits = { orderQuantityMax: u('0.05'), openOrdersMax: 2, positionMaxBySymbol: { 'BTC-USD': u('0.08') } };
    s.apply({ kind: 'setRiskLimits', at: 1, userId: 'alice', limits });
    const place = (price: string, qty: string, key: string) => {
      const r = s.apply(limit('alice', 'buy', price, qty, key)).result;
      if (!r.ok || r.value.kind !== 'order') throw new Error(`place ${key} failed`);
      return r.value.order.id;
    };
    const a = place('90.00', '0.04', 'a');
    place('90.00', '0.03', 'b');
    const amend = (quantity: string, price = '90.00') =>
      s.apply({ kind: 'amend', at: 2, userId: 'alice', orderId: a, price: u(price), quantity: u(quantity) }).result;
    // Two open orders (the limit) and 0.07 of 0.08 open: growing a to 0.05 keeps both within, as its own 0.04 is
    // replaced rather than added.
    expect(amend('0.05').ok).toBe(true);
    expect(amend('0.06')).toMatchObject({ code: 'order_quantity_above_max', field: 'quantity' });
    s.apply({ kind: 'setRiskLimits', at: 3, userId: 'alice', limits: { ...limits, orderQuantityMax: u('1') } });
    expect(amend('0.06')).toMatchObject({
      code: 'position_limit_exceeded',
      detail: 'with its open orders filled the position would reach 0.0900, above 0.0800',
    });
    expect(amend('0.05', '111.00')).toMatchObject({ code: 'price_outside_band', field: 'price' });
    s.apply({
      kind: 'setRiskLimits',
      at: 4,
      userId: 'alice',
      limits: { orderNotionalMax: u('4'), positionMaxBySymbol: { 'BTC-USD': u('1') } },
    });
    expect(amend('0.05', '99.00')).toMatchObject({ code: 'order_notional_above_max' });
    s.apply({ kind: 'setRiskLimits', at: 5, userId: 'alice', limits: null });
    // 10 USD less the other order's 0.03 x 90 hold leaves about 7.29 for this one.
    expect(amend('0.08', '99.00')).toMatchObject({
      code: 'insufficient_funds',
      detail: expect.stringMatching(/^the order needs 7\.9\d* USD \(with the fee\); 7\.29\d* USD is available$/),
    });
  });

  it('applies operator-set risk limits to one account only, journals them, and clears them', () => {
    const s = fundedState(['alice', 'bob']);
    const set = (limits: Record<string, unknown> | null) =>
      s.apply({ kind: 'setRiskLimits', at: 1, userId: 'alice', limits: limits as never }).result;
    expect(
      set({ orderQuantityMax: u('0.5'), openOrdersMax: 2, positionMaxBySymbol: { 'BTC-USD': u('0.8') } }),
    ).toMatchObject({
      ok: true,
    });
    expect(s.apply(limit('alice', 'buy', '99.00', '0.6', 'q1')).result).toMatchObject({
      code: 'order_quantity_above_max',
    });
    expect(s.apply(limit('bob', 'buy', '99.00', '0.6', 'q2')).result.ok).toBe(true);
    expect(s.apply(limit('alice', 'buy', '99.00', '0.5', 'q3')).result.ok).toBe(true);
    // 0.5 resting + 0.4 would make a worst-case position of 0.9 > 0.8.
    expect(s.apply(limit('alice', 'buy', '98.00', '0.4', 'q4')).result).toMatchObject({
      code: 'position_limit_exceeded',
    });
    expect(s.apply(limit('alice', 'buy', '98.00', '0.3', 'q5')).result.ok).toBe(true);
    expect(s.apply(limit('alice', 'sell', '101.00', '0.1', 'q6')).result).toMatchObject({
      code: 'open_orders_above_max',
    });

    const withLimits = s.stateHash();
    const restored = restoreExchange(JSON.parse(JSON.stringify(s.snapshot())));
    expect(restored.stateHash()).toBe(withLimits);
    expect(restored.riskOverrides.get('alice')).toEqual(s.riskOverrides.get('alice'));

    for (const [bad, code] of [
      [{ orderQuantityMax: '0' }, 'risk_limit_invalid'],
      [{ orderNotionalMax: '-5' }, 'risk_limit_invalid'],
      [{ openOrdersMax: 0 }, 'risk_limit_invalid'],
      [{ openOrdersMax: 1.5 }, 'risk_limit_invalid'],
      [{ ordersPerWindowMax: 10 ** 9 }, 'risk_limit_invalid'],
      [{ positionMaxBySymbol: { 'ETH-USD': u('1') } }, 'risk_limit_symbol_unknown'],
    ] as const) {
      expect(set(bad), JSON.stringify(bad)).toMatchObject({ ok: false, code });
    }
    expect(s.stateHash()).toBe(withLimits);
    expect(set(null)).toMatchObject({ ok: true });
    expect(s.riskOverrides.has('alice')).toBe(false);
    expect(s.stateHash()).not.toBe(withLimits);
    expect(s.apply(limit('alice', 'sell', '101.00', '0.6', 'q7')).result.ok).toBe(true);
  });

  it('retains closedOrdersRetainedMax closed orders, taken from the account holding most, also across a snapshot', () => {
    const retained = exchangeLimits.closedOrdersRetainedMax;
    const s = fundedState(['alice', 'bob'], '1000000');
    // IOC buys with nothing to sell against close at once, one closed order each.
    const ioc = (userId: string, i: number) =>
      limit(userId, 'buy', '99.00', '0.0001', `i${i}`, i, { timeInForce: 'ioc' });
    // Bob closes three orders (ids 1-3), then alice closes many more than the bound.
    for (let k = 0; k < 3; k++) expect(s.apply(ioc('bob', k)).result.ok).toBe(true);
    let i = 3;
    for (; i < retained + 9_000; i++) expect(s.apply(ioc('alice', i)).result.ok).toBe(true);
    const restored = restoreExchange(JSON.parse(JSON.stringify(s.snapshot())));
    expect(restored.stateHash()).toBe(s.stateHash());
    for (const state of [s, restored]) {
      for (let k = i; k < i + 2_000; k++) expect(state.apply(ioc('alice', k)).result.ok).toBe(true);
      // 11,000 dropped, all alice's own oldest (4..11,003); bob's three stay, though they are the exchange's oldest.
      expect(state.orders.size).toBe(retained);
      expect(state.orders.has(11_003)).toBe(false);
      expect(state.orders.has(11_004)).toBe(true);
      expect(state.closedOrdersOf('bob')).toEqual([1, 2, 3]);
      expect(state.closedOrdersOf('alice')).toHaveLength(retained - 3);
      expect(state.closedOrdersOf('alice')[0]).toBe(11_004);
      expect(state.closedOrderIds()).toHaveLength(retained);
      // Bob's retry is still recognised: it answers with his order instead of placing it again.
      expect(state.apply({ ...ioc('bob', 0), at: 99_998 }).result).toMatchObject({
        ok: true,
        value: { order: { id: 1 } },
      });
      // A dropped order's clientOrderId is free again; a kept one still answers with its order.
      expect(state.apply({ ...ioc('alice', 3), at: 99_999 }).result).toMatchObject({
        ok: true,
        value: { order: { id: i + 2_001 } },
      });
      expect(state.apply(ioc('alice', i + 1_999)).result).toMatchObject({
        ok: true,
        value: { order: { id: i + 2_000 } },
      });
    }
    expect(restored.stateHash()).toBe(s.stateHash());
  });

  it('retains finishedAlgoOrdersRetainedMax finished parents, taken from the account holding most, also across a snapshot', () => {
    const retained = exchangeLimits.finishedAlgoOrdersRetainedMax;
    const s = fundedState(['alice', 'bob'], '100000000');
    let at = 0;
    // A parent whose one child rests below the market, cancelled at once: finished, with its child closed.
    const parent = (state: ExchangeState, userId: string, clientOrderId: string) => {
      at += 5;
      const command = algoBuy(userId, clientOrderId, '0.0001', {
        at,
        durationSeconds: 60,
        slices: 1,
        limitPrice: u('95.00'),
      });
      const created = state.apply(command).result;
      if (!created.ok || created.value.kind !== 'algo') throw new Error(`algo ${clientOrderId} refused`);
      return created.value.algo.id;
    };
    const finished = (userId: string, clientOrderId: string) => {
      const algoId = parent(s, userId, clientOrderId);
      at += 5;
      expect(s.apply({ kind: 'algoControl', at, userId, algoId, action: 'cancel' }).result.ok).toBe(true);
      return algoId;
    };
    const bobs = [0, 1, 2].map((k) => finished('bob', `b${k}`));
    const alices: number[] = [];
    for (let k = 0; k < retained + 50; k++) alices.push(finished('alice', `a${k}`));
    // 53 over the bound: alice holds most, so her 53 oldest go; bob's three stay, though they are the oldest.
    expect(s.algos.size).toBe(retained);
    expect(s.algoIdsOf('bob')).toEqual(bobs);
    expect(s.algoIdsOf('alice')).toEqual(alices.slice(53));
    expect(s.hasRunningAlgos()).toBe(false);
    const restored = restoreExchange(JSON.parse(JSON.stringify(s.snapshot())));
    expect(restored.stateHash()).toBe(s.stateHash());
    expect(restored.finishedAlgoIds()).toEqual(s.finishedAlgoIds());
    const atNow = at;
    for (const state of [s, restored]) {
      at = atNow;
      // Bob's retry answers with his parent; a dropped clientOrderId of alice's is free again and makes a new one.
      expect(
        state.apply({
          ...algoBuy('bob', 'b0', '0.0001', { durationSeconds: 60, slices: 1, limitPrice: u('95.00') }),
          at: 1,
        }).result,
      ).toMatchObject({
        ok: true,
        value: { algo: { id: bobs[0] } },
      });
      const again = parent(state, 'alice', 'a0');
      expect(again).toBeGreaterThan(alices[alices.length - 1] as number);
      // The new parent works; finishing it pushes out alice's oldest retained one, not bob's.
      expect(state.hasRunningAlgos()).toBe(true);
      expect(state.algoIdsOf('alice')).toEqual([...alices.slice(53), again]);
      at += 5;
      expect(state.apply({ kind: 'algoControl', at, userId: 'alice', algoId: again, action: 'cancel' }).result.ok).toBe(
        true,
      );
      expect(state.algoIdsOf('alice')).toEqual([...alices.slice(54), again]);
      expect(state.algoIdsOf('bob')).toEqual(bobs);
    }
    expect(restored.stateHash()).toBe(s.stateHash());
  });

  it("stops a finished parent's interval VWAP at its finish: later trades are not in its interval", () => {
    const s = fundedState(['alice', 'bob', 'carol']);
    const created = s.apply(
      algoBuy('alice', 'v1', '1', { durationSeconds: 600, slices: 2, limitPrice: u('95.00') }),
    ).result;
    if (!created.ok || created.value.kind !== 'algo') throw new Error('algo refused');
    const algoId = created.value.algo.id;
    const intervalVwap = () => s.algos.get(algoId)?.algo.report().intervalVwapTicks;
    s.apply(limit('bob', 'sell', '100.00', '0.1', 's1', 1));
    s.apply(limit('carol', 'buy', '100.00', '0.1', 'c1', 2));
    expect(intervalVwap()).toBe(10_000);
    expect(s.apply({ kind: 'algoControl', at: 3, userId: 'alice', algoId, action: 'cancel' }).result.ok).toBe(true);
    s.apply(limit('bob', 'sell', '102.00', '0.1', 's2', 4));
    s.apply(limit('carol', 'buy', '102.00', '0.1', 'c2', 5));
    expect(intervalVwap()).toBe(10_000);
  });

  it('expires good-till-date orders at their time, earliest first, releasing holds, also after a snapshot', () => {
    const s = fundedState(['alice', 'bob']);
    const gtd = (id: string, price: string, expireAt: number, extra: Partial<PlaceOrderCommand> = {}) =>
      s.apply(limit('alice', 'buy', price, '1', id, 10, { expireAt, ...extra })).result;
    const placed = (r: ReturnType<typeof gtd>) => {
      if (!r.ok || r.value.kind !== 'order') throw new Error(`place refused: ${r.ok ? r.value.kind : r.code}`);
      return r.value.order.id;
    };
    const late = placed(gtd('g1', '99.00', 5_000));
    const early = placed(gtd('g2', '98.00', 2_000));
    const stop = placed(gtd('g3', '106.00', 2_000, { type: 'stop_limit', stopPrice: u('105.00') }));
    const cancelled = placed(gtd('g4', '97.00', 1_000));
    const plain = placed(s.apply(limit('alice', 'buy', '96.00', '1', 'g5', 10)).result);
    expect(s.apply({ kind: 'cancel', at: 20, userId: 'alice', orderId: cancelled }).result.ok).toBe(true);
    // Bob sells 0.4 into the 99.00 bid: a partly filled GTD order expires with the rest.
    expect(s.apply(limit('bob', 'sell', '99.00', '0.4', 'b1', 30)).result.ok).toBe(true);
    const expire = (state: ExchangeState, at: number) => state.apply({ kind: 'expireOrders', at }).result;
    expect(s.nextExpiryAt()).toBe(2_000);
    expect(expire(s, 1_999)).toMatchObject({ ok: true, value: { expiredOrders: 0 } });
    const restored = restoreExchange(JSON.parse(JSON.stringify(s.snapshot())));
    expect(restored.stateHash()).toBe(s.stateHash());
    expect(restored.nextExpiryAt()).toBe(2_000);
    for (const state of [s, restored]) {
      // Both due at 2,000 expire in id order; the 99.00 bid waits for 5,000; the plain order never expires.
      expect(expire(state, 2_000)).toMatchObject({ ok: true, value: { expiredOrders: 2 } });
      for (const id of [early, stop]) {
        expect(state.orders.get(id)).toMatchObject({ status: 'cancelled', cancelReason: 'expired' });
      }
      expect(state.nextExpiryAt()).toBe(5_000);
      expect(expire(state, 9_000)).toMatchObject({ ok: true, value: { expiredOrders: 1 } });
      expect(state.orders.get(late)).toMatchObject({
        status: 'cancelled',
        cancelReason: 'expired',
        filledQuantity: big('0.4'),
      });
      expect(state.orders.get(plain)?.status).toBe('open');
      expect(state.nextExpiryAt()).toBeNull();
      // What stays held is the plain order's: 96.00 plus its fee allowance.
      expect(bal(state, 'alice', 'USD').held).toBe(big('96.20'));
    }
    expect(restored.stateHash()).toBe(s.stateHash());
  });

  it('takes an expiry only on an order that can wait, in the future and at most a year ahead', () => {
    const s = fundedState(['alice']);
    let n = 0;
    const refused = (extra: Partial<PlaceOrderCommand>, at = 1_000) =>
      s.apply(limit('alice', 'buy', '99.00', '1', `r${n++}`, at, extra)).result;
    const { price: _price, ...marketShape } = limit('alice', 'buy', '1', '1', 'm');
    const market = s.apply({ ...marketShape, type: 'market', expireAt: 5_000, at: 1_000 }).result;
    expect(market).toMatchObject({ ok: false, code: 'expire_at_not_allowed', field: 'expireAt' });
    expect(refused({ timeInForce: 'ioc', expireAt: 5_000 })).toMatchObject({ code: 'expire_at_not_allowed' });
    expect(refused({ expireAt: 1_000 })).toMatchObject({ code: 'expire_at_not_in_future', field: 'expireAt' });
    const yearAndTwoDays = 1_000 + 368 * 86_400_000;
    expect(refused({ expireAt: yearAndTwoDays })).toMatchObject({ code: 'expire_at_too_far', field: 'expireAt' });
    expect(refused({ expireAt: 2_000 })).toMatchObject({ ok: true, value: { order: { expireAt: 2_000 } } });
  });

  it('checks an order notional limit in quote units', () => {
    const s = fundedState(['alice']);
    s.apply({ kind: 'setRiskLimits', at: 1, userId: 'alice', limits: { orderNotionalMax: u('100') } });
    // 1 × 100.00 = 100 is allowed; 1 × 100.01 is not.
    expect(s.apply(limit('alice', 'buy', '100.00', '1', 'n1')).result.ok).toBe(true);
    expect(s.apply(limit('alice', 'buy', '100.01', '1', 'n2')).result).toMatchObject({
      code: 'order_notional_above_max',
    });
  });
});

/** A seeded random command stream over three users and one symbol. */
function randomCommands(seed: number, n: number): ExchangeCommand[] {
  const prng = new Prng(seed);
  const users = ['u1', 'u2', 'u3'];
  const out: ExchangeCommand[] = [];
  let at = 1;
  for (let i = 0; i < n; i++) {
    at += prng.int(0, 50);
    const userId = users[prng.int(0, 2)] as string;
    const roll = prng.int(0, 99);
    if (roll < 60) {
      const side = prng.int(0, 1) === 0 ? 'buy' : 'sell';
      const price = (95 + prng.int(0, 100) / 10).toFixed(2);
      const lots = prng.int(1, 50);
      const qty = (lots / 100).toFixed(2);
      const type = roll < 5 ? 'market' : roll < 9 ? 'stop_limit' : 'limit';
      const tif = (['gtc', 'gtc', 'ioc', 'fok'] as const)[prng.int(0, 3)];
      const stp = (['cancel_newest', 'cancel_oldest', 'decrement_both'] as const)[prng.int(0, 2)];
      // Some orders that can wait are good till a date a little ahead, for expireOrders to find.
      const expiry = prng.chance(0.2) ? { expireAt: at + prng.int(1, 2_000) } : {};
      const c = limit(userId, side, price, qty, `c${i}`, at, { timeInForce: tif, selfTradePrevention: stp });
      if (type === 'market') out.push({ ...c, type, price: undefined, timeInForce: undefined });
      else if (type === 'stop_limit') {
        const stop = side === 'buy' ? '104.00' : '96.00';
        out.push({ ...c, type, stopPrice: u(stop), timeInForce: 'gtc', ...expiry });
      } else if (tif === 'gtc' && lots > 1 && prng.chance(0.3)) {
        // An iceberg: snapshots must carry its slice, also when partly taken or larger than what is left.
        out.push({ ...c, displayQuantity: u((prng.int(1, lots - 1) / 100).toFixed(2)) });
      } else out.push(tif === 'gtc' ? { ...c, ...expiry } : c);
    } else if (roll < 80) out.push({ kind: 'cancel', at, userId, orderId: prng.int(1, i + 1) });
    else if (roll < 92) {
      out.push({
        kind: 'amend',
        at,
        userId,
        orderId: prng.int(1, i + 1),
        ...(prng.chance(0.7) ? { price: u((95 + prng.int(0, 100) / 10).toFixed(2)) } : {}),
        ...(prng.chance(0.5) ? { quantity: u((prng.int(1, 80) / 100).toFixed(2)) } : {}),
        ...(prng.chance(0.2) ? { stopPrice: u((95 + prng.int(0, 100) / 10).toFixed(2)) } : {}),
      });
    } else if (roll < 93) {
      out.push({ kind: 'killSwitch', at, scope: 'account', userId, engaged: prng.chance(0.3) });
    } else if (roll < 94) {
      if (prng.chance(0.5))
        out.push({ kind: 'cancelAll', at, userId, ...(prng.chance(0.5) ? { symbol: 'BTC-USD' } : {}) });
      else out.push({ kind: 'updateSymbol', at, symbol: 'BTC-USD', halted: prng.chance(0.5) });
    } else if (roll < 97) {
      out.push({ kind: 'deposit', at, userId, asset: 'USD', amount: u('50'), idempotencyKey: `d${i}` });
    } else if (roll < 98) {
      out.push({ kind: 'withdraw', at, userId, asset: 'BTC', amount: u('0.1'), idempotencyKey: `w${i}` });
    } else if (roll < 99) {
      const side = prng.int(0, 1) === 0 ? 'buy' : 'sell';
      out.push({
        kind: 'algoCreate',
        at,
        userId,
        clientOrderId: `a${i}`,
        symbol: 'BTC-USD',
        side,
        quantity: u('0.2'),
        algo: 'twap',
        durationSeconds: 1,
        slices: 4,
        limitPrice: u(side === 'buy' ? '101.00' : '99.00'),
        randomise: true,
        seed: prng.int(1, 1000),
      });
    } else out.push(prng.chance(0.5) ? { kind: 'algoTick', at } : { kind: 'expireOrders', at });
  }
  return out;
}

/**
 * Each user's live-order index holds exactly that user's live orders, and the open-lots sums equal the book's open
 * lots of those orders per side (the risk check reads both instead of the orders).
 */
function checkLiveIndex(s: ExchangeState, where: string): void {
  const byUser = new Map<string, number[]>();
  for (const id of s.live) {
    const userId = (s.orders.get(id) as OrderRecord).userId;
    byUser.set(userId, [...(byUser.get(userId) ?? []), id]);
  }
  for (const userId of ['u1', 'u2', 'u3', 'nobody']) {
    const own = byUser.get(userId) ?? [];
    expect([...s.liveOrdersOf(userId)].sort(), `${where} live orders of ${userId}`).toEqual(own.sort());
    for (const side of ['buy', 'sell'] as const) {
      const open = own
        .map((id) => s.orders.get(id) as OrderRecord)
        .filter((o) => o.side === side)
        .reduce((sum, o) => sum + s.openLots(o), 0n);
      expect(s.openLotsOf(userId, 'BTC-USD', side), `${where} open ${side} lots of ${userId}`).toBe(open);
    }
  }
}

function checkInvariants(s: ExchangeState, seed: number, step: number): void {
  const where = `SEED=${seed} step ${step}`;
  const audit = verifyExchange(s);
  expect(audit.problems, where).toEqual([]);
  // Money only moves between accounts: users and the fee account hold exactly what came in.
  for (const t of audit.assets) expect(t.users + t.fees, `${where} ${t.asset}`).toBe(t.netDeposits);
  for (const id of s.live) expect(s.openLots(s.orders.get(id) as OrderRecord) > 0n, `${where} live ${id}`).toBe(true);
  checkLiveIndex(s, where);
}

describe('ExchangeState properties', () => {
  it('random command streams: ledger balanced, no negatives, holds match open orders, book never crossed', () => {
    const base = seedFromEnv();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (k) => {
        const seed = base + k;
        const s = fundedState(['u1', 'u2', 'u3'], '2000', '20');
        const net = new Map<string, bigint>([
          ['USD', 3n * big('2000')],
          ['BTC', 3n * big('20')],
        ]);
        const commands = randomCommands(seed, 300);
        // What a market-data client holds: the top of book, kept only from the L2 deltas.
        const client = { bids: new Map<bigint, bigint>(), asks: new Map<bigint, bigint>() };
        commands.forEach((c, i) => {
          const { result: r, events } = s.apply(c);
          for (const e of events) {
            if (e.type !== 'l2') continue;
            for (const [side, changes] of [
              [client.bids, e.bids],
              [client.asks, e.asks],
            ] as const) {
              for (const [price, qty] of changes) {
                if (qty === 0n) side.delete(price);
                else side.set(price, qty);
              }
            }
          }
          if (s.symbols.has('BTC-USD')) {
            const book = s.depthMaps('BTC-USD');
            expect([...client.bids].sort(), `SEED=${seed} step ${i} bids`).toEqual([...book.bids].sort());
            expect([...client.asks].sort(), `SEED=${seed} step ${i} asks`).toEqual([...book.asks].sort());
          }
          if (r.ok && (c.kind === 'deposit' || c.kind === 'withdraw')) {
            const sign = c.kind === 'deposit' ? 1n : -1n;
            net.set(c.asset, (net.get(c.asset) ?? 0n) + sign * BigInt(c.amount));
          }
          if (i % 25 === 0) checkInvariants(s, seed, i);
        });
        checkInvariants(s, seed, commands.length);
        // Only deposits and withdrawals cross the ledger's edge: users plus the fee account hold exactly the net funding.
        for (const [asset, amount] of net) {
          const inside = s.ledger
            .listAccounts()
            .filter((a) => a.asset === asset && !a.id.startsWith('external:'))
            .reduce((sum, a) => sum + a.availableMinor + a.heldMinor, 0n);
          expect(inside, `SEED=${seed} ${asset}`).toBe(amount);
        }
        const restored = restoreExchange(JSON.parse(JSON.stringify(s.snapshot())));
        expect(restored.stateHash(), `SEED=${seed} restore`).toBe(s.stateHash());
        checkLiveIndex(restored, `SEED=${seed} restore`);
      }),
      { numRuns: 15, seed: base },
    );
  });

  it('replaying the same commands gives the same stateHash', () => {
    const seed = seedFromEnv();
    const a = fundedState(['u1', 'u2', 'u3'], '2000', '20');
    const b = fundedState(['u1', 'u2', 'u3'], '2000', '20');
    for (const c of randomCommands(seed, 500)) {
      a.apply(c);
      b.apply(structuredClone(c));
    }
    expect(a.stateHash(), `SEED=${seed}`).toBe(b.stateHash());
    expect(btcUsd().symbol).toBe('BTC-USD');
  });
});
