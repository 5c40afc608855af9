// Pre-trade risk: pure checks of one order against its account's limits, state, market reference and kill switches.
import { divRound, err, minBig, ok, type Result } from '../../../kernel/index.js';
import { riskLimits } from './risk-limits.js';

/** Every code a refused order can carry; stable, because clients and dashboards match on them. */
export type RiskRejectCode =
  | 'trading_halted'
  | 'account_killed'
  | 'order_quantity_must_be_positive'
  | 'price_ticks_must_be_positive'
  | 'reference_price_missing'
  | 'order_rate_exceeded'
  | 'order_quantity_above_max'
  | 'price_outside_band'
  | 'order_notional_above_max'
  | 'open_orders_above_max'
  | 'position_limit_exceeded'
  | 'insufficient_funds';

/** The order as risk sees it; the matching engine's own order type adapts to this. */
export interface RiskOrder {
  readonly account: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'limit' | 'market';
  readonly qtyLots: bigint;
  /** Required for limit orders. */
  readonly priceTicks?: bigint;
  /**
   * A market order's protection price: the worst price the client accepts. It narrows the band edge the order is
   * valued at, and stands in for it while the symbol has no reference price yet.
   */
  readonly protectionPriceTicks?: bigint;
}

/** Per-account limits, configured by operators. */
export interface AccountRiskLimits {
  readonly orderQtyLotsMax: bigint;
  /** Largest order notional in quote minor units. */
  readonly orderNotionalQuoteMinorMax: bigint;
  readonly openOrdersMax: number;
  /** Largest absolute position per symbol, counting resting orders on the same side as if filled. */
  readonly positionLotsMax: bigint;
  /** Overrides of positionLotsMax by symbol. */
  readonly positionLotsMaxBySymbol?: Readonly<Record<string, bigint>>;
  /** Orders may not be priced further than this from the reference price, in basis points. */
  readonly priceBandBps: bigint;
  readonly ordersPerWindowMax: number;
  readonly rateWindowMs: number;
}

/** What the caller knows about the account right now, for this order's symbol. */
export interface AccountRiskState {
  readonly openOrders: number;
  /** Signed position in lots (long > 0). */
  readonly positionLots: bigint;
  readonly openBuyLots: bigint;
  readonly openSellLots: bigint;
  /** Available ledger balance of the asset this order must hold: quote for a buy, base for a sell. */
  readonly availableMinor: bigint;
  /** Times of this account's recent orders, oldest first (see recordOrderTime). */
  readonly recentOrderTimesMs: readonly number[];
}

/** The symbol's conversion to minor units, its taker fee (the worst case a buyer's hold must cover) and reference price. */
export interface RiskMarket {
  readonly lotBaseMinor: bigint;
  readonly tickValueQuoteMinor: bigint;
  readonly takerFeeBps: bigint;
  /** Last trade or a supplied reference; needed for the price band and for market orders. */
  readonly referencePriceTicks?: bigint;
  /** Renders numbers in refusal details as the client wrote them; without it they read as ticks, lots, minor units. */
  readonly units?: RiskUnits;
  /** The quote asset's smallest declared unit in minor units: a buy's hold is rounded up to it (1 without it). */
  readonly quoteUnitMinor?: bigint;
}

/**
 * What a buy must hold, in quote minor units: the notional, the fee at `feeBps` rounded up, one minor unit per lot
 * (settlement rounds each fill's fee up, so n fills can cost up to n - 1 units more than one rounded fee), all rounded
 * up to `unitMinor`, the quote's smallest declared unit (so a balance never shows 5101.020000000000001 held).
 */
export function buyHoldMinor(notionalMinor: bigint, feeBps: bigint, lots: bigint, unitMinor = 1n): bigint {
  const exact = notionalMinor + divRound(notionalMinor * feeBps, 10_000n, 'up') + (feeBps > 0n ? lots : 0n);
  return divRound(exact, unitMinor, 'up') * unitMinor;
}

/** How refusal details show prices, quantities and amounts (the caller knows the symbol's tick, lot and assets). */
export interface RiskUnits {
  price(ticks: bigint): string;
  quantity(lots: bigint): string;
  amount(asset: 'base' | 'quote', minor: bigint): string;
}

/** Internal units, for callers that pass none (tests, tools). */
const rawUnits: RiskUnits = {
  price: (ticks) => `${ticks} ticks`,
  quantity: (lots) => `${lots} lots`,
  amount: (asset, minor) => `${minor} ${asset} minor units`,
};

/** Basis points as a percentage ("10%", "2.5%"). */
const percentOf = (bps: bigint): string => `${Number(bps) / 100}%`;

/** Kill switches: a global halt and a set of killed accounts. */
export interface KillSwitchState {
  readonly globalHalted: boolean;
  readonly killedAccounts: ReadonlySet<string>;
}

/** An accepted order's funding: hold `holdMinor` of the base (sell) or quote (buy) asset until cancel or fill. */
export interface RiskApproval {
  readonly holdAsset: 'base' | 'quote';
  readonly holdMinor: bigint;
  /** Notional at the price used for the checks (`priceTicks`). */
  readonly notionalQuoteMinor: bigint;
  /**
   * The price the checks valued the order at: a limit order's price; for a market order the band edge on its side,
   * or the client's protection price where that is tighter or there is no reference yet.
   */
  readonly priceTicks: bigint;
}

/** Everything one check needs; `nowMs` comes from the caller's Clock. */
export interface RiskCheckInput {
  readonly order: RiskOrder;
  readonly limits: AccountRiskLimits;
  readonly state: AccountRiskState;
  readonly market: RiskMarket;
  readonly kill: KillSwitchState;
  readonly nowMs: number;
}

/**
 * Checks an order in a fixed order (switches, shape, rate, size, band, notional, open orders, position, funds) and
 * returns the first failure, or the hold the order needs. Pure: it changes nothing.
 */
export function checkOrder(input: RiskCheckInput): Result<RiskApproval, RiskRejectCode> {
  const { order, limits, state, market, kill, nowMs } = input;
  const u = market.units ?? rawUnits;
  if (kill.globalHalted) return err('trading_halted', 'the global kill switch is engaged');
  if (kill.killedAccounts.has(order.account)) return err('account_killed', order.account, 'account');
  if (order.qtyLots <= 0n) return err('order_quantity_must_be_positive', String(order.qtyLots), 'qtyLots');
  const price = checkPrice(order, limits, market, u);
  if (!price.ok) return price;
  // recordOrderTime keeps at most rateWindowOrdersMax times, so a larger configured limit is capped to it.
  const rateMax = Math.min(limits.ordersPerWindowMax, riskLimits.rateWindowOrdersMax);
  if (ordersInWindow(state.recentOrderTimesMs, nowMs, limits.rateWindowMs) >= rateMax) {
    return err('order_rate_exceeded', `at most ${limits.ordersPerWindowMax} orders per ${limits.rateWindowMs} ms`);
  }
  if (order.qtyLots > limits.orderQtyLotsMax) {
    const detail = `${u.quantity(order.qtyLots)} is above this account's largest order, ${u.quantity(limits.orderQtyLotsMax)}`;
    return err('order_quantity_above_max', detail, 'qtyLots');
  }
  const notional = price.value * order.qtyLots * market.tickValueQuoteMinor;
  if (notional > limits.orderNotionalQuoteMinorMax) {
    const most = u.amount('quote', limits.orderNotionalQuoteMinorMax);
    return err(
      'order_notional_above_max',
      `the order is worth ${u.amount('quote', notional)}, above ${most}`,
      'qtyLots',
    );
  }
  if (state.openOrders >= limits.openOrdersMax) {
    return err('open_orders_above_max', `this account already has ${state.openOrders} open orders, its limit`);
  }
  const positionMax = limits.positionLotsMaxBySymbol?.[order.symbol] ?? limits.positionLotsMax;
  // Worst case: every resting order on this side fills, then this one.
  const worst =
    order.side === 'buy'
      ? state.positionLots + state.openBuyLots + order.qtyLots
      : -(state.positionLots - state.openSellLots - order.qtyLots);
  if (worst > positionMax) {
    const detail = `with its open orders filled the position would reach ${u.quantity(worst)}, above ${u.quantity(positionMax)}`;
    return err('position_limit_exceeded', detail, 'qtyLots');
  }
  const approval: RiskApproval =
    order.side === 'buy'
      ? {
          holdAsset: 'quote',
          holdMinor: buyHoldMinor(notional, market.takerFeeBps, order.qtyLots, market.quoteUnitMinor),
          notionalQuoteMinor: notional,
          priceTicks: price.value,
        }
      : {
          holdAsset: 'base',
          holdMinor: order.qtyLots * market.lotBaseMinor,
          notionalQuoteMinor: notional,
          priceTicks: price.value,
        };
  if (state.availableMinor < approval.holdMinor) {
    return err('insufficient_funds', shortOfFunds(u, approval.holdAsset, approval.holdMinor, state.availableMinor));
  }
  return ok(approval);
}

/** The detail of an insufficient_funds refusal: what the order must hold (a buy: with its fee) and what is free. */
export function shortOfFunds(u: RiskUnits, asset: 'base' | 'quote', needed: bigint, available: bigint): string {
  const fee = asset === 'quote' ? ' (with the fee)' : '';
  return `the order needs ${u.amount(asset, needed)}${fee}; ${u.amount(asset, available)} is available`;
}

/**
 * The price the checks use: a limit order's own price, which must lie inside the band around the reference; a market
 * order is valued at the worst price it may trade at: the band edge on its side, or its protection price where that
 * is tighter. Before a symbol's first trade (and with no listed reference) there is no band: a limit order is taken
 * as priced, a market order needs a protection price.
 */
function checkPrice(
  order: RiskOrder,
  limits: AccountRiskLimits,
  market: RiskMarket,
  u: RiskUnits,
): Result<bigint, RiskRejectCode> {
  const ref = market.referencePriceTicks;
  const band = minBig(limits.priceBandBps, riskLimits.priceBandBpsMax);
  if (order.type === 'market') {
    const protection = order.protectionPriceTicks;
    if (protection !== undefined && protection <= 0n) {
      return err('price_ticks_must_be_positive', String(protection), 'protectionPriceTicks');
    }
    if (ref === undefined || ref <= 0n) {
      if (protection !== undefined) return ok(protection);
      const detail = `${order.symbol} has not traded yet and lists no reference price; give the market order a protection price, or place a limit order`;
      return err('reference_price_missing', detail, 'protectionPriceTicks');
    }
    const width = divRound(ref * band, 10_000n, 'down');
    const edge = order.side === 'buy' ? ref + width : ref - width > 0n ? ref - width : 1n;
    if (protection === undefined) return ok(edge);
    return ok(order.side === 'buy' ? minBig(protection, edge) : protection > edge ? protection : edge);
  }
  const price = order.priceTicks;
  if (price === undefined || price <= 0n) return err('price_ticks_must_be_positive', String(price), 'priceTicks');
  // No reference yet (first trade of a new symbol): nothing to band against.
  if (ref !== undefined && ref > 0n) {
    const distance = price > ref ? price - ref : ref - price;
    if (distance * 10_000n > ref * band) {
      const detail = `${u.price(price)} is more than ${percentOf(band)} from the reference price ${u.price(ref)}`;
      return err('price_outside_band', detail, 'priceTicks');
    }
  }
  return ok(price);
}

/** Number of timestamps inside the sliding window (nowMs - windowMs, nowMs]. */
export function ordersInWindow(timesMs: readonly number[], nowMs: number, windowMs: number): number {
  let n = 0;
  for (let i = timesMs.length - 1; i >= 0 && (timesMs[i] as number) > nowMs - windowMs; i--) n++;
  return n;
}

/**
 * Adds `nowMs` to an account's recent order times (oldest first) in place and returns the same array. Times outside
 * the window (at or before nowMs - windowMs) are dropped only once they may be half the array (its middle entry has
 * expired), so an order costs amortised O(1) here rather than a copy of the whole window; ordersInWindow counts from
 * the newest and stops at the first expired time, so it never reads them. At most rateWindowOrdersMax times are kept.
 */
export function recordOrderTime(timesMs: number[], nowMs: number, windowMs: number): number[] {
  timesMs.push(nowMs);
  const cutoff = nowMs - windowMs;
  const max = riskLimits.rateWindowOrdersMax;
  if ((timesMs[timesMs.length >> 1] as number) <= cutoff || timesMs.length > max) {
    let kept = 0;
    for (const t of timesMs) if (t > cutoff) timesMs[kept++] = t;
    timesMs.length = kept;
    if (kept > max) timesMs.splice(0, kept - max);
  }
  return timesMs;
}

/** The times of `timesMs` (as recordOrderTime keeps them) inside the window that ends at the newest one. */
export function timesInWindow(timesMs: readonly number[], windowMs: number): number[] {
  const newest = timesMs[timesMs.length - 1];
  return newest === undefined ? [] : timesMs.filter((t) => t > newest - windowMs);
}

/** An empty kill-switch state: trading on, nobody killed. */
export function killSwitchesOff(): KillSwitchState {
  return { globalHalted: false, killedAccounts: new Set() };
}

/** A resting order the kill switch may need to cancel. */
export interface RestingOrderRef {
  readonly orderId: string;
  readonly account: string;
}

/** The result of engaging a kill switch: the new state and the resting orders the engine must cancel now. */
export interface KillResult {
  readonly state: KillSwitchState;
  readonly cancelOrderIds: string[];
}

/** Kills one account (or, with account null, halts all trading) and lists the resting orders to cancel. */
export function engageKillSwitch(
  state: KillSwitchState,
  account: string | null,
  resting: readonly RestingOrderRef[],
): KillResult {
  if (account === null) {
    return { state: { ...state, globalHalted: true }, cancelOrderIds: resting.map((o) => o.orderId) };
  }
  const killedAccounts = new Set(state.killedAccounts).add(account);
  return {
    state: { ...state, killedAccounts },
    cancelOrderIds: resting.filter((o) => o.account === account).map((o) => o.orderId),
  };
}

/** Lifts the global halt (account null) or one account's kill switch. Cancelled orders stay cancelled. */
export function releaseKillSwitch(state: KillSwitchState, account: string | null): KillSwitchState {
  if (account === null) return { ...state, globalHalted: false };
  const killedAccounts = new Set(state.killedAccounts);
  killedAccounts.delete(account);
  return { ...state, killedAccounts };
}
