// Shapes of the exchange state machine: its journaled commands (plain JSON), its records and the events it emits.
import type { OrderType, Side, StpMode, TimeInForce } from './core/types.js';

/** Amounts inside commands are decimal strings of internal minor units (10^-internalScale), so commands are JSON. */
export type MinorString = string;

/** Lists a symbol (and registers its assets in the ledger); admin only. */
export interface AddSymbolCommand {
  kind: 'addSymbol';
  at: number;
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  baseScale: number;
  quoteScale: number;
  tickSize: MinorString;
  lotSize: MinorString;
  minQuantity: MinorString;
  maxQuantity: MinorString;
  priceBandPercent: number;
  referencePrice?: MinorString;
  makerFeeBps: number;
  takerFeeBps: number;
}

/**
 * Changes what an operator may change of a listed symbol while it trades: halts or resumes it, and moves its price
 * band or reference price. Tick, lot, quantity bounds and fees stay as listed (resting orders and their holds were
 * sized by them).
 */
export interface UpdateSymbolCommand {
  kind: 'updateSymbol';
  at: number;
  symbol: string;
  halted?: boolean;
  priceBandPercent?: number;
  /** A new reference price, or null to remove it (the band then follows the last trade only). */
  referencePrice?: MinorString | null;
}

/** Moves money into (deposit) or out of (withdraw) a user's ledger account. */
export interface FundingCommand {
  kind: 'deposit' | 'withdraw';
  at: number;
  userId: string;
  asset: string;
  amount: MinorString;
  idempotencyKey: string;
}

/** Places an order for a user. */
export interface PlaceOrderCommand {
  kind: 'place';
  at: number;
  userId: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  quantity: MinorString;
  price?: MinorString;
  stopPrice?: MinorString;
  protectionPrice?: MinorString;
  timeInForce?: TimeInForce;
  postOnly?: boolean;
  displayQuantity?: MinorString;
  selfTradePrevention?: StpMode;
  /**
   * Good till date: the time (ms since the epoch) the order expires if still working. For orders that can wait (a GTC
   * limit, a stop-limit, a stop-market); `expireOrders` cancels it then.
   */
  expireAt?: number;
}

/** Cancels one of the user's live orders. */
export interface CancelOrderCommand {
  kind: 'cancel';
  at: number;
  userId: string;
  orderId: number;
}

/**
 * Cancels everything a user has working: their live orders (resting and waiting stops) and their running or paused
 * algo orders, or only those on one symbol.
 */
export interface CancelAllCommand {
  kind: 'cancelAll';
  at: number;
  userId: string;
  symbol?: string;
  /** Set when the platform cancels because the account may no longer trade (disabled, or a role without trading). */
  cause?: 'trading_withdrawn';
}

/** Changes a resting order's price and/or total quantity, or a waiting stop's price, quantity and/or stop price. */
export interface AmendOrderCommand {
  kind: 'amend';
  at: number;
  userId: string;
  orderId: number;
  price?: MinorString;
  quantity?: MinorString;
  stopPrice?: MinorString;
}

/** Engages or releases the global or one account's kill switch. */
export interface KillSwitchCommand {
  kind: 'killSwitch';
  at: number;
  scope: 'global' | 'account';
  userId?: string;
  engaged: boolean;
}

/**
 * Limits an operator sets for one account, each replacing the default of the same name. Quantities are in the base
 * asset and the notional in the quote asset, as internal minor-unit strings like order quantities and prices.
 */
export interface RiskLimitsSpec {
  orderQuantityMax?: MinorString;
  orderNotionalMax?: MinorString;
  openOrdersMax?: number;
  positionMax?: MinorString;
  /** Position limits for single symbols, replacing positionMax there. */
  positionMaxBySymbol?: Record<string, MinorString>;
  ordersPerWindowMax?: number;
}

/** Sets (or, with `limits: null`, clears) an account's risk limits; journaled like every other command. */
export interface SetRiskLimitsCommand {
  kind: 'setRiskLimits';
  at: number;
  userId: string;
  limits: RiskLimitsSpec | null;
}

/** Creates a TWAP or VWAP parent order; `seed` (chosen at submission) drives the optional randomisation. */
export interface AlgoCreateCommand {
  kind: 'algoCreate';
  at: number;
  userId: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  quantity: MinorString;
  algo: 'twap' | 'vwap';
  durationSeconds: number;
  slices: number;
  limitPrice?: MinorString;
  randomise?: boolean;
  seed: number;
}

/** Pauses, resumes or cancels a parent order. */
export interface AlgoControlCommand {
  kind: 'algoControl';
  at: number;
  userId: string;
  algoId: number;
  action: 'pause' | 'resume' | 'cancel';
}

/** Advances every running parent order to `at` (journaled, so replay sends the same children). */
export interface AlgoTickCommand {
  kind: 'algoTick';
  at: number;
}

/** Cancels the good-till-date orders whose time has come (`expireAt` at or before `at`); the service's timer sends it. */
export interface ExpireOrdersCommand {
  kind: 'expireOrders';
  at: number;
}

/** Everything the state machine accepts. */
export type ExchangeCommand =
  | AddSymbolCommand
  | UpdateSymbolCommand
  | FundingCommand
  | PlaceOrderCommand
  | CancelOrderCommand
  | CancelAllCommand
  | AmendOrderCommand
  | KillSwitchCommand
  | SetRiskLimitsCommand
  | AlgoCreateCommand
  | AlgoControlCommand
  | AlgoTickCommand
  | ExpireOrdersCommand;

/** Lifecycle of an order as clients see it. */
export type OrderStatus = 'open' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'pending_trigger';

/** One order as the state machine keeps it (internal minor units). */
export interface OrderRecord {
  id: number;
  userId: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  status: OrderStatus;
  price: bigint | null;
  stopPrice: bigint | null;
  quantity: bigint;
  filledQuantity: bigint;
  /** Sum of price * quantity over fills (internal minor units squared), for the average fill price. */
  filledValue: bigint;
  displayQuantity: bigint | null;
  postOnly: boolean;
  stp: StpMode;
  /** Fingerprint of the placing command, for clientOrderId idempotency. */
  fingerprint: string;
  createdAt: number;
  updatedAt: number;
  /** Set for children of an algo order. */
  algoId: number | null;
  algoChildId: string | null;
  /**
   * Why a cancelled order was cancelled: the book's reason (`cancelled_by_user`, `self_trade_prevention`,
   * `ioc_remainder`, `market_remainder`, `fok_not_fully_fillable`) or the state's (`kill_switch`, `algo_parent`,
   * `trading_withdrawn`, `expired`).
   */
  cancelReason: string | null;
  /** Price the hold is sized at: the limit price, or the protection price of a market order. */
  holdPrice: bigint | null;
  /** When a good-till-date order expires (ms since the epoch); null for one that works until filled or cancelled. */
  expireAt: number | null;
}

/** One side of a trade as its account sees it. */
export interface FillRecord {
  id: string;
  tradeId: number;
  orderId: number;
  userId: string;
  symbol: string;
  side: Side;
  price: bigint;
  quantity: bigint;
  fee: bigint;
  feeAsset: string;
  liquidity: 'maker' | 'taker';
  at: number;
}

/**
 * A deposit or withdrawal as its owner sees it in their transfer history. `at` is null for transfers booked before
 * 2026-11-22, rebuilt from the ledger's idempotency records (which keep the transfer but not its time).
 */
export interface FundingRecord {
  /** The ledger transfer id. */
  id: number;
  userId: string;
  kind: 'deposit' | 'withdraw';
  asset: string;
  /** Internal minor units (10^-internalScale). */
  amount: bigint;
  idempotencyKey: string;
  at: number | null;
}

/** A public trade. */
export interface TradeRecord {
  id: number;
  symbol: string;
  price: bigint;
  quantity: bigint;
  takerSide: Side;
  makerOrderId: number;
  takerOrderId: number;
  at: number;
}

/** A listed symbol with the client-facing values (internal minor units). */
export interface SymbolRecord {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  baseScale: number;
  quoteScale: number;
  tickSize: bigint;
  lotSize: bigint;
  minQuantity: bigint;
  maxQuantity: bigint;
  priceBandPercent: number;
  referencePrice: bigint | null;
  makerFeeBps: number;
  takerFeeBps: number;
  /** Quote minor units of one tick on one lot: tickSize * lotSize / 10^internalScale (whole by construction). */
  tickValue: bigint;
  lastPrice: bigint | null;
  /** Halted by an operator: no new orders or amends, cancels still accepted, algo parents wait. */
  halted: boolean;
}

/** One changed book level; quantity 0 means the level is gone. */
export type LevelChange = [price: bigint, quantity: bigint];

/** What a command changed, for WebSocket fan-out, projection and metrics. */
export type ExchangeEvent =
  | { type: 'order'; order: OrderRecord }
  | { type: 'fill'; fill: FillRecord }
  | { type: 'trade'; trade: TradeRecord; seq: number }
  | { type: 'l2'; symbol: string; seq: number; bids: LevelChange[]; asks: LevelChange[] }
  /** A deposit or withdrawal booked (not its idempotent retry). */
  | { type: 'transfer'; transfer: FundingRecord }
  | { type: 'algo'; algoId: number; userId: string }
  /** A symbol's settings changed (halted or resumed, band or reference price moved). */
  | { type: 'symbol'; symbol: string };
