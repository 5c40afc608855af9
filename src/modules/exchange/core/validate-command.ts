// Stateless checks of a command's fields, shared by both books so they refuse bad input identically.
import { matchingLimits } from './matching-limits.js';
import { type AmendCommand, type PlaceCommand, type RejectCode, rejectCodes, sides } from './types.js';

/**
 * A valid place command's enumerations and flags packed into one non-negative int: bit 0 the side (0 buy, 1 sell),
 * then the order type, time-in-force and STP codes of `hashCodes`, post-only and iceberg. The fast book keeps this
 * word as its order record's attributes, so it never compares those strings again.
 */
export enum Attr {
  SIDE = 0,
  /** Three bits: 1 limit, 2 market, 3 stop-limit, 4 stop-market. */
  TYPE = 1,
  /** Two bits: 1 gtc, 2 ioc, 3 fok. */
  TIF = 4,
  /** Two bits: 1 cancel-newest, 2 cancel-oldest, 3 decrement-both. */
  STP = 6,
  POST = 8,
  ICEBERG = 9,
}

/** A refusal as a negative number: the bitwise complement of the code's index in `rejectCodes`. */
const refuse = (code: RejectCode): number => ~rejectCodes.indexOf(code);

/** True for an integer id in 1..2^53-1. */
export function isPositiveSafeInteger(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0;
}

function priceCode(price: number): RejectCode | null {
  if (!isPositiveSafeInteger(price)) return 'price_ticks_must_be_positive';
  if (price > matchingLimits.priceTicksMax) return 'price_ticks_above_max';
  return null;
}

function quantityCode(qty: number): RejectCode | null {
  if (!isPositiveSafeInteger(qty)) return 'quantity_must_be_positive';
  if (qty > matchingLimits.quantityLotsMax) return 'quantity_above_book_max';
  return null;
}

/**
 * Why a place command is malformed, or null when its fields are acceptable (book state is checked elsewhere).
 * Checks run in a fixed order (ids, enumerations, quantity, prices, post-only, iceberg) and the first failure is the
 * answer.
 */
export function placeCommandCode(cmd: PlaceCommand): RejectCode | null {
  const attrs = placeCommandAttrs(cmd);
  return attrs >= 0 ? null : (rejectCodes[~attrs] as RejectCode);
}

/**
 * The same checks as `placeCommandCode`, answering with the command's packed attributes (see Attr) when it is
 * acceptable and with a negative refusal (`~index` in `rejectCodes`) when not. Every field is read once, because
 * this runs for every order.
 */
export function placeCommandAttrs(cmd: PlaceCommand): number {
  if (!isPositiveSafeInteger(cmd.orderId)) return refuse('order_id_invalid');
  if (!isPositiveSafeInteger(cmd.accountId)) return refuse('account_id_invalid');
  // The side by its name's length ('buy' 3, 'sell' 4) and one comparison that holds for every valid command: the
  // side is random in a real flow, and comparing with 'buy' first would mispredict half the time.
  const side = cmd.side;
  const sell = typeof side === 'string' ? side.length - 3 : -1;
  // `sides` lists buy then sell, in the order of the attribute bit.
  if (sell >>> 0 > 1 || side !== sides[sell]) return refuse('side_invalid');
  const t = cmd.type;
  const limit = t === 'limit';
  const market = !limit && t === 'market';
  const stopLimit = !limit && !market && t === 'stop_limit';
  const stop = stopLimit || (!limit && !market && t === 'stop_market');
  if (!limit && !market && !stop) return refuse('order_type_invalid');
  const f = cmd.timeInForce;
  const tif = f === 'gtc' ? 1 : f === 'ioc' ? 2 : f === 'fok' ? 3 : 0;
  if (tif === 0) return refuse('time_in_force_invalid');
  const mode = cmd.stp;
  const stp = mode === 'cancel_newest' ? 1 : mode === 'cancel_oldest' ? 2 : mode === 'decrement_both' ? 3 : 0;
  if (stp === 0) return refuse('stp_mode_invalid');
  const qty = cmd.qtyLots;
  const qtyProblem = quantityCode(qty);
  if (qtyProblem !== null) return refuse(qtyProblem);
  // A market order's price is an optional protection price: 0 means none.
  const price = cmd.priceTicks;
  if (limit || stopLimit || price !== 0) {
    const priceProblem = priceCode(price);
    if (priceProblem !== null) return refuse(priceProblem);
  }
  const stopPrice = cmd.stopPriceTicks;
  if (stop) {
    if (!isPositiveSafeInteger(stopPrice) || stopPrice > matchingLimits.priceTicksMax) {
      return refuse('stop_price_ticks_must_be_positive');
    }
  } else if (stopPrice !== 0) {
    return refuse('stop_price_not_allowed');
  }
  const gtcLimit = limit && tif === 1;
  const post = cmd.postOnly;
  if (post && !gtcLimit) return refuse('post_only_requires_gtc_limit');
  const display = cmd.displayQtyLots;
  if (display !== 0) {
    if (!gtcLimit) return refuse('iceberg_requires_gtc_limit');
    if (!isPositiveSafeInteger(display) || display >= qty) return refuse('display_quantity_invalid');
  }
  const type = limit ? 1 : market ? 2 : stopLimit ? 3 : 4;
  return (
    sell |
    (type << Attr.TYPE) |
    (tif << Attr.TIF) |
    (stp << Attr.STP) |
    (post ? 1 << Attr.POST : 0) |
    (display !== 0 ? 1 << Attr.ICEBERG : 0)
  );
}

/** Why an amend command is malformed, or null. */
export function amendCommandCode(cmd: AmendCommand): RejectCode | null {
  if (!isPositiveSafeInteger(cmd.orderId)) return 'order_id_invalid';
  if (!isPositiveSafeInteger(cmd.accountId)) return 'account_id_invalid';
  const qtyProblem = quantityCode(cmd.qtyLots);
  if (qtyProblem !== null) return qtyProblem;
  // 0 is "no protection", which only a waiting stop-market order may have: the book checks that (amendTargetCode)
  // once it knows the order.
  if (cmd.priceTicks !== 0) {
    const priceProblem = priceCode(cmd.priceTicks);
    if (priceProblem !== null) return priceProblem;
  }
  const stop = cmd.stopPriceTicks;
  if (stop !== undefined && (!isPositiveSafeInteger(stop) || stop > matchingLimits.priceTicksMax)) {
    return 'stop_price_ticks_must_be_positive';
  }
  return null;
}

/**
 * What an amend may not do to the order it found: give a stop price to an order that is not a waiting stop, or a
 * zero price to anything but a waiting stop-market order.
 */
export function amendTargetCode(cmd: AmendCommand, waiting: boolean, stopMarket: boolean): RejectCode | null {
  if (!waiting && cmd.stopPriceTicks !== undefined) return 'stop_price_not_allowed';
  if (cmd.priceTicks === 0 && !(waiting && stopMarket)) return 'price_ticks_must_be_positive';
  return null;
}
