// Vocabulary of the matching core: sides, order types, commands, result codes and the events a book emits.
//
// Number representation: inside a book, prices are integer ticks and quantities integer lots held as JS numbers.
// Every number entering a book is checked with Number.isSafeInteger and the bounds in matching-limits.ts, so every
// value an event carries is a safe integer and `BigInt(value)` converts it exactly for the ledger.

/** Which side of the book an order rests on. */
export type Side = 'buy' | 'sell';

/** Order types; stops wait for the last trade price to reach their stop price. */
export type OrderType = 'limit' | 'market' | 'stop_limit' | 'stop_market';

/** Time in force: good till cancelled, immediate or cancel, fill or kill. Market orders always behave as IOC. */
export type TimeInForce = 'gtc' | 'ioc' | 'fok';

/**
 * Self-trade prevention, chosen by the incoming (taker) order when it meets a resting order of its own account:
 * cancel the taker's remainder, cancel the resting order, or reduce both by the overlap without a trade.
 */
export type StpMode = 'cancel_newest' | 'cancel_oldest' | 'decrement_both';

/** Every side, for validation and generators. */
export const sides: readonly Side[] = ['buy', 'sell'];
/** Every order type. */
export const orderTypes: readonly OrderType[] = ['limit', 'market', 'stop_limit', 'stop_market'];
/** Every time in force. */
export const timesInForce: readonly TimeInForce[] = ['gtc', 'ioc', 'fok'];
/** Every self-trade prevention mode. */
export const stpModes: readonly StpMode[] = ['cancel_newest', 'cancel_oldest', 'decrement_both'];

/**
 * Places a new order. All fields are required so that every command object has one shape (fast property access);
 * use `placeCommand()` to fill defaults. A book never keeps a reference to a command, so callers may reuse one.
 */
export interface PlaceCommand {
  /** Unique among the book's live orders; a positive safe integer assigned by the caller. */
  orderId: number;
  /** The client's own reference, echoed in the accepted event. */
  clientOrderId: string;
  /** Positive safe integer; self-trade prevention compares these. */
  accountId: number;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  /** Limit price for limit and stop_limit; for market and stop_market the protection price (0 = none). */
  priceTicks: number;
  /** Trigger price for stop orders; 0 for other types. */
  stopPriceTicks: number;
  qtyLots: number;
  /** Reject instead of trading on arrival (GTC limits only). */
  postOnly: boolean;
  /** Iceberg visible size; 0 when the whole order is visible (GTC limits only). */
  displayQtyLots: number;
  stp: StpMode;
  /** Caller-supplied time (the core reads no clock); echoed in events. */
  timestamp: number;
}

/** Cancels a live order (resting or pending stop) of the given account. */
export interface CancelCommand {
  orderId: number;
  accountId: number;
  timestamp: number;
}

/**
 * Changes a resting order's price and open quantity. Reducing the quantity at the same price keeps queue priority;
 * a price change or a quantity increase removes the order and re-enters it, so it may trade and then rests last.
 */
export interface AmendCommand {
  orderId: number;
  accountId: number;
  /** The new limit price; for a waiting stop-market order its protection price (0: none). */
  priceTicks: number;
  /** The new open (remaining) quantity. */
  qtyLots: number;
  /** A waiting stop order's new trigger price (absent: unchanged); not allowed for other orders. */
  stopPriceTicks?: number;
  timestamp: number;
}

/** Stable reasons a command is refused; each describes itself. */
export const rejectCodes = [
  'order_id_invalid',
  'account_id_invalid',
  'side_invalid',
  'order_type_invalid',
  'time_in_force_invalid',
  'stp_mode_invalid',
  'price_ticks_must_be_positive',
  'price_ticks_above_max',
  'stop_price_ticks_must_be_positive',
  'stop_price_not_allowed',
  'quantity_must_be_positive',
  'quantity_above_book_max',
  'post_only_requires_gtc_limit',
  'iceberg_requires_gtc_limit',
  'display_quantity_invalid',
  'duplicate_order_id',
  'book_capacity_exceeded',
  'stop_would_trigger_immediately',
  'post_only_would_cross',
  'fok_not_fully_fillable',
  'unknown_order',
  'amend_changes_nothing',
  // Raised by the matching engine from the symbol's specification.
  'unknown_symbol',
  'price_not_multiple_of_tick',
  'quantity_not_multiple_of_lot',
  'quantity_below_min',
  'quantity_above_max',
  'price_outside_band',
] as const;

/** A stable rejection code. */
export type RejectCode = (typeof rejectCodes)[number];

/** What a command returns: 'ok' when it was applied, otherwise why it was refused. */
export type CommandCode = 'ok' | RejectCode;

/** Why an order (or its remainder) left the book without trading. */
export const cancelReasons = [
  'cancelled_by_user',
  'self_trade_prevention',
  'ioc_remainder',
  'market_remainder',
  'fok_not_fully_fillable',
] as const;

/** A stable cancellation reason. */
export type CancelReason = (typeof cancelReasons)[number];

/** An order entered the book (or, for a stop, the pending-stop list). */
export interface AcceptedEvent {
  type: 'accepted';
  orderId: number;
  clientOrderId: string;
  accountId: number;
  side: Side;
  orderType: OrderType;
  priceTicks: number;
  stopPriceTicks: number;
  qtyLots: number;
  timestamp: number;
}

/** A command was refused; nothing changed. */
export interface RejectedEvent {
  type: 'rejected';
  orderId: number;
  code: RejectCode;
  timestamp: number;
}

/** A trade at the maker's price. */
export interface TradeEvent {
  type: 'trade';
  makerOrderId: number;
  takerOrderId: number;
  makerAccount: number;
  takerAccount: number;
  priceTicks: number;
  qtyLots: number;
  takerSide: Side;
  timestamp: number;
}

/** Self-trade prevention (decrement_both) took quantity off an order without a trade. */
export interface ReducedEvent {
  type: 'reduced';
  orderId: number;
  accountId: number;
  qtyLots: number;
  remainingLots: number;
  timestamp: number;
}

/** An order's remaining quantity left the book without trading. */
export interface CancelledEvent {
  type: 'cancelled';
  orderId: number;
  accountId: number;
  qtyLots: number;
  reason: CancelReason;
  timestamp: number;
}

/** A pending stop order's trigger condition held; it now executes as a limit or market order. */
export interface TriggeredEvent {
  type: 'triggered';
  orderId: number;
  accountId: number;
  lastTradeTicks: number;
  timestamp: number;
}

/** A resting order's price or open quantity changed. */
export interface AmendedEvent {
  type: 'amended';
  orderId: number;
  accountId: number;
  priceTicks: number;
  qtyLots: number;
  previousQtyLots: number;
  priorityKept: boolean;
  timestamp: number;
}

/** Everything a book reports. */
export type BookEvent =
  | AcceptedEvent
  | RejectedEvent
  | TradeEvent
  | ReducedEvent
  | CancelledEvent
  | TriggeredEvent
  | AmendedEvent;

/**
 * Receives a book's events as positional arguments, so a book allocates nothing per event; a sink decides whether
 * to build objects (EventCollector) or write numbers into a reusable buffer (EventTape).
 */
export interface EventSink {
  accepted(
    orderId: number,
    clientOrderId: string,
    accountId: number,
    side: Side,
    orderType: OrderType,
    priceTicks: number,
    stopPriceTicks: number,
    qtyLots: number,
    timestamp: number,
  ): void;
  rejected(orderId: number, code: RejectCode, timestamp: number): void;
  trade(
    makerOrderId: number,
    takerOrderId: number,
    makerAccount: number,
    takerAccount: number,
    priceTicks: number,
    qtyLots: number,
    takerSide: Side,
    timestamp: number,
  ): void;
  reduced(orderId: number, accountId: number, qtyLots: number, remainingLots: number, timestamp: number): void;
  cancelled(orderId: number, accountId: number, qtyLots: number, reason: CancelReason, timestamp: number): void;
  triggered(orderId: number, accountId: number, lastTradeTicks: number, timestamp: number): void;
  amended(
    orderId: number,
    accountId: number,
    priceTicks: number,
    qtyLots: number,
    previousQtyLots: number,
    priorityKept: boolean,
    timestamp: number,
  ): void;
}

/** Builds a PlaceCommand from the fields that matter, defaulting to a visible GTC limit with cancel_newest STP. */
export function placeCommand(
  fields: Pick<PlaceCommand, 'orderId' | 'accountId' | 'side' | 'qtyLots'> & Partial<PlaceCommand>,
): PlaceCommand {
  return {
    clientOrderId: '',
    type: 'limit',
    timeInForce: 'gtc',
    priceTicks: 0,
    stopPriceTicks: 0,
    postOnly: false,
    displayQtyLots: 0,
    stp: 'cancel_newest',
    timestamp: 0,
    ...fields,
  };
}
