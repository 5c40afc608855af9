// Stateless checks of a command's fields, shared by both books so they refuse bad input identically.
import { matchingLimits } from './matching-limits.js';
import type { AmendCommand, PlaceCommand, RejectCode } from './types.js';

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
 * answer; every field is read once, because this runs for every order.
 */
export function placeCommandCode(cmd: PlaceCommand): RejectCode | null {
  if (!isPositiveSafeInteger(cmd.orderId)) return 'order_id_invalid';
  if (!isPositiveSafeInteger(cmd.accountId)) return 'account_id_invalid';
  const side = cmd.side;
  if (side !== 'buy' && side !== 'sell') return 'side_invalid';
  const t = cmd.type;
  const limit = t === 'limit';
  const market = !limit && t === 'market';
  const stopLimit = !limit && !market && t === 'stop_limit';
  const stop = stopLimit || (!limit && !market && t === 'stop_market');
  if (!limit && !market && !stop) return 'order_type_invalid';
  const f = cmd.timeInForce;
  const gtc = f === 'gtc';
  if (!gtc && f !== 'ioc' && f !== 'fok') return 'time_in_force_invalid';
  const stp = cmd.stp;
  if (stp !== 'cancel_newest' && stp !== 'cancel_oldest' && stp !== 'decrement_both') return 'stp_mode_invalid';
  const qty = cmd.qtyLots;
  const qtyProblem = quantityCode(qty);
  if (qtyProblem !== null) return qtyProblem;
  // A market order's price is an optional protection price: 0 means none.
  const price = cmd.priceTicks;
  if (limit || stopLimit || price !== 0) {
    const priceProblem = priceCode(price);
    if (priceProblem !== null) return priceProblem;
  }
  const stopPrice = cmd.stopPriceTicks;
  if (stop) {
    if (!isPositiveSafeInteger(stopPrice) || stopPrice > matchingLimits.priceTicksMax) {
      return 'stop_price_ticks_must_be_positive';
    }
  } else if (stopPrice !== 0) {
    return 'stop_price_not_allowed';
  }
  const gtcLimit = limit && gtc;
  if (cmd.postOnly && !gtcLimit) return 'post_only_requires_gtc_limit';
  const display = cmd.displayQtyLots;
  if (display !== 0) {
    if (!gtcLimit) return 'iceberg_requires_gtc_limit';
    if (!isPositiveSafeInteger(display) || display >= qty) return 'display_quantity_invalid';
  }
  return null;
}

/** Why an amend command is malformed, or null. */
export function amendCommandCode(cmd: AmendCommand): RejectCode | null {
  if (!isPositiveSafeInteger(cmd.orderId)) return 'order_id_invalid';
  if (!isPositiveSafeInteger(cmd.accountId)) return 'account_id_invalid';
  return quantityCode(cmd.qtyLots) ?? priceCode(cmd.priceTicks);
}
