// Shapes of the exchange and ledger endpoints and WebSocket messages (mirrors /work/exchange-api-contract.md).

/** A price level: [price, quantity] as decimal strings. */
export type Level = [price: string, quantity: string];

/** Order side. */
export type Side = 'buy' | 'sell';

/** A tradable symbol as GET /exchange/symbols lists it. */
export interface ExchangeSymbol {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  baseScale: number;
  quoteScale: number;
  tickSize: string;
  lotSize: string;
  minQuantity: string;
  maxQuantity: string;
  priceBandPercent?: number;
  referencePrice?: string | null;
  makerFeeBps: number;
  takerFeeBps: number;
  lastPrice: string | null;
  /** Halted by an operator: orders and amends are refused, cancels accepted. */
  halted: boolean;
}

/** Body of POST /exchange/symbols. */
export type NewSymbol = Omit<ExchangeSymbol, 'lastPrice' | 'halted'>;

/** Order types the engine knows. */
export type OrderType = 'limit' | 'market' | 'stop_limit' | 'stop_market';

/** Time in force. */
export type TimeInForce = 'gtc' | 'ioc' | 'fok';

/** An order of the signed-in user. */
export interface Order {
  id: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  status: 'open' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'pending_trigger';
  price: string | null;
  stopPrice: string | null;
  quantity: string;
  filledQuantity: string;
  averageFillPrice: string | null;
  timeInForce: TimeInForce;
  postOnly: boolean;
  /** An iceberg's visible part per refill; null for an order shown in full. */
  displayQuantity: string | null;
  /** Why a cancelled order was cancelled (market_remainder, self_trade_prevention, kill_switch,
   * trading_withdrawn, ...). */
  cancelReason: string | null;
  /** When a good-till-date order expires; null for one that works until filled or cancelled. */
  expireAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One execution of the user's order. */
export interface Fill {
  id: string;
  orderId: string;
  symbol: string;
  side: Side;
  price: string;
  quantity: string;
  fee: string;
  feeAsset: string;
  liquidity: 'maker' | 'taker';
  at: string;
}

/** Body of POST /exchange/orders. */
export interface OrderRequest {
  symbol: string;
  side: Side;
  type: OrderType;
  quantity: string;
  price?: string;
  stopPrice?: string;
  protectionPrice?: string;
  timeInForce?: TimeInForce;
  postOnly?: boolean;
  displayQuantity?: string;
  clientOrderId: string;
  /** Good till date: an ISO 8601 time. */
  expireAt?: string;
}

/** Body of POST /exchange/algo-orders. */
export interface AlgoOrderRequest {
  symbol: string;
  side: Side;
  quantity: string;
  kind: 'twap' | 'vwap';
  durationSeconds: number;
  slices: number;
  limitPrice?: string;
  randomise?: boolean;
  clientOrderId: string;
}

/** Answer of POST /exchange/orders and PATCH /exchange/orders/:id. */
export interface OrderResult {
  order: Order;
  fills: Fill[];
}

/** A TWAP/VWAP parent order. */
export interface AlgoOrder {
  id: string;
  symbol: string;
  side: Side;
  kind: 'twap' | 'vwap';
  status: 'running' | 'paused' | 'completed' | 'cancelled' | 'expired';
  quantity: string;
  filledQuantity: string;
  averagePrice: string | null;
  /** The arrival price. */
  benchmarkPrice: string | null;
  /** Against the arrival price; positive is cost. */
  slippageBps: number | string | null;
  /** The market's VWAP while the parent worked. */
  intervalVwapPrice: string | null;
  /** Against the interval VWAP; positive is cost. */
  intervalSlippageBps: number | string | null;
  slicesDone: number;
  slicesTotal: number;
  startAt: string;
  endAt: string;
}

/** A net position in one symbol. */
export interface Position {
  symbol: string;
  quantity: string;
  averagePrice: string;
  /** Before fees. */
  realisedPnl: string;
  unrealisedPnl: string;
  /** Fees paid on this symbol's fills. */
  fees: string;
  /** Realised PnL less the fees paid. */
  netRealisedPnl: string;
  markPrice: string | null;
}

/** One asset balance of the ledger. */
export interface Balance {
  asset: string;
  available: string;
  held: string;
  total: string;
}

/** A deposit or withdrawal in GET /ledger/transfers (and the orders channel's `transfer` message). */
export interface Transfer {
  id: string;
  kind: 'deposit' | 'withdrawal';
  asset: string;
  amount: string;
  idempotencyKey: string;
  /** Null for transfers booked before the server kept their time. */
  at: string | null;
}

/** Answer of POST /ledger/deposits and /ledger/withdrawals. */
export interface TransferResult {
  transferId: string;
  balance: Balance;
}

/** GET /exchange/book/:symbol. */
export interface BookSnapshot {
  symbol: string;
  seq: number;
  bids: Level[];
  asks: Level[];
}

/** One public trade. */
export interface PublicTrade {
  id: string;
  price: string;
  quantity: string;
  takerSide: Side;
  at: string;
}

/** Candle intervals the server aggregates. */
export type CandleInterval = '1m' | '5m' | '1h' | '1d';

/** One OHLCV candle; `t` is the ISO start of its interval. */
export interface Candle {
  t: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

/** 'market-updates' l2 delta: the changed levels only, quantity "0" removes a level. */
export interface L2Update {
  type: 'l2';
  symbol: string;
  seq: number;
  bids: Level[];
  asks: Level[];
}

/** 'market-updates' trade print; shares the l2 sequence counter. */
export interface TradeUpdate {
  type: 'trade';
  symbol: string;
  seq: number;
  price: string;
  quantity: string;
  takerSide: Side;
  at: string;
}

/** Any message on the 'market-updates' channel. */
export type MarketUpdate = L2Update | TradeUpdate;

/** A symbol's settings as they now stand (halted or resumed, band moved), on 'market-updates' without a seq. */
export type SymbolUpdate = { type: 'symbol' } & ExchangeSymbol;

/** Any message on the private 'orders' channel. */
export type OrdersUpdate = { type: 'order'; order: Order } | { type: 'fill'; fill: Fill };
