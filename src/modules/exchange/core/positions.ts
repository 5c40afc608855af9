// Positions per account and symbol: signed quantity, exact cost basis, realised and unrealised PnL in quote minor units.
import { assert, divRound } from '../../../kernel/index.js';

/** One execution from the point of view of one account. */
export interface PositionFill {
  readonly account: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly qtyLots: bigint;
  readonly priceTicks: bigint;
  /** Fee paid on this fill, in quote minor units (kept apart from trading PnL). */
  readonly feeQuoteMinor?: bigint;
}

/** The trade event fields positions need; the matching engine's trade adapts to this. */
export interface PositionTrade {
  readonly symbol: string;
  readonly makerAccount: string;
  readonly takerAccount: string;
  readonly priceTicks: bigint;
  readonly qtyLots: bigint;
  readonly takerSide: 'buy' | 'sell';
}

/**
 * An open position. `costQuoteMinor` is the signed cost of the open quantity (positive long, negative short), kept
 * exactly; the average price is derived from it only for display. Realised PnL excludes fees.
 */
export interface Position {
  readonly account: string;
  readonly symbol: string;
  readonly qtyLots: bigint;
  readonly costQuoteMinor: bigint;
  readonly realisedPnlQuoteMinor: bigint;
  readonly feesQuoteMinor: bigint;
  readonly lastPriceTicks: bigint | null;
}

/** A flat position with no history. */
export function emptyPosition(account: string, symbol: string): Position {
  return {
    account,
    symbol,
    qtyLots: 0n,
    costQuoteMinor: 0n,
    realisedPnlQuoteMinor: 0n,
    feesQuoteMinor: 0n,
    lastPriceTicks: null,
  };
}

/**
 * Applies a fill with average-cost accounting. Adding to a position adds the fill's value to the cost. Reducing it
 * removes the average cost of the closed lots, cost * closed / |qty| rounded half-even, and realises the difference
 * with the fill's value; a flip closes the whole position and opens the remainder at the fill price. Because realised
 * PnL and remaining cost share each rounding, realised + unrealised always equals the cash-flow PnL exactly.
 */
export function applyFill(pos: Position, fill: PositionFill, tickValueQuoteMinor: bigint): Position {
  assert(fill.qtyLots > 0n && fill.priceTicks > 0n, 'fills have positive price and quantity');
  assert(fill.account === pos.account && fill.symbol === pos.symbol, 'fill applied to another position');
  const signed = fill.side === 'buy' ? fill.qtyLots : -fill.qtyLots;
  const unitValue = fill.priceTicks * tickValueQuoteMinor;
  let qty = pos.qtyLots;
  let cost = pos.costQuoteMinor;
  let realised = pos.realisedPnlQuoteMinor;
  if (qty === 0n || qty > 0n === signed > 0n) {
    qty += signed;
    cost += signed * unitValue;
  } else {
    const open = qty < 0n ? -qty : qty;
    const closed = fill.qtyLots < open ? fill.qtyLots : open;
    const removedCost = closed === open ? cost : divRound(cost * closed, open, 'half-even');
    const direction = qty > 0n ? 1n : -1n;
    realised += direction * closed * unitValue - removedCost;
    cost -= removedCost;
    qty -= direction * closed;
    const rest = fill.qtyLots - closed;
    if (rest > 0n) {
      // Flip: the remainder opens a position on the other side at the fill price.
      qty = -direction * rest;
      cost = qty * unitValue;
    }
  }
  return {
    ...pos,
    qtyLots: qty,
    costQuoteMinor: cost,
    realisedPnlQuoteMinor: realised,
    feesQuoteMinor: pos.feesQuoteMinor + (fill.feeQuoteMinor ?? 0n),
    lastPriceTicks: fill.priceTicks,
  };
}

/** Unrealised PnL marked at `markPriceTicks`: qty * mark value - cost (works for long and short). */
export function unrealisedPnl(pos: Position, markPriceTicks: bigint, tickValueQuoteMinor: bigint): bigint {
  return pos.qtyLots * markPriceTicks * tickValueQuoteMinor - pos.costQuoteMinor;
}

/** Unrealised PnL marked to the last trade of this position, or to `referencePriceTicks` when given. */
export function markedPnl(pos: Position, tickValueQuoteMinor: bigint, referencePriceTicks?: bigint): bigint {
  const mark = referencePriceTicks ?? pos.lastPriceTicks;
  return mark === null ? 0n : unrealisedPnl(pos, mark, tickValueQuoteMinor);
}

/** Average entry price in ticks, rounded half-even; null when flat. For display only: PnL uses the exact cost. */
export function averagePriceTicks(pos: Position, tickValueQuoteMinor: bigint): bigint | null {
  if (pos.qtyLots === 0n) return null;
  return divRound(pos.costQuoteMinor, pos.qtyLots * tickValueQuoteMinor, 'half-even');
}

/** The two account-side fills of one trade: the taker on its side, the maker on the other. */
export function fillsOfTrade(trade: PositionTrade): [PositionFill, PositionFill] {
  const makerSide = trade.takerSide === 'buy' ? 'sell' : 'buy';
  const base = { symbol: trade.symbol, qtyLots: trade.qtyLots, priceTicks: trade.priceTicks };
  return [
    { ...base, account: trade.takerAccount, side: trade.takerSide },
    { ...base, account: trade.makerAccount, side: makerSide },
  ];
}

/** All positions, keyed by account and symbol, updated from trades. */
export class PositionBook {
  private readonly positions = new Map<string, Position>();

  constructor(private readonly tickValueOf: (symbol: string) => bigint) {}

  /** Applies one account-side fill. */
  applyFill(fill: PositionFill): Position {
    const key = `${fill.account}\u0000${fill.symbol}`;
    const next = applyFill(
      this.positions.get(key) ?? emptyPosition(fill.account, fill.symbol),
      fill,
      this.tickValueOf(fill.symbol),
    );
    this.positions.set(key, next);
    return next;
  }

  /** Applies both sides of a trade. */
  applyTrade(trade: PositionTrade): void {
    for (const f of fillsOfTrade(trade)) this.applyFill(f);
  }

  /** The position of an account in a symbol (flat when never traded). */
  get(account: string, symbol: string): Position {
    return this.positions.get(`${account}\u0000${symbol}`) ?? emptyPosition(account, symbol);
  }

  /** Every position of one account. */
  ofAccount(account: string): Position[] {
    return [...this.positions.values()].filter((p) => p.account === account);
  }
}
