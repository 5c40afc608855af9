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

function enumCode(cmd: PlaceCommand): RejectCode | null {
  if (cmd.side !== 'buy' && cmd.side !== 'sell') return 'side_invalid';
  const t = cmd.type;
  if (t !== 'limit' && t !== 'market' && t !== 'stop_limit' && t !== 'stop_market') return 'order_type_invalid';
  const f = cmd.timeInForce;
  if (f !== 'gtc' && f !== 'ioc' && f !== 'fok') return 'time_in_force_invalid';
  const s = cmd.stp;
  if (s !== 'cancel_newest' && s !== 'cancel_oldest' && s !== 'decrement_both') return 'stp_mode_invalid';
  return null;
}

function pricesCode(cmd: PlaceCommand): RejectCode | null {
  const hasLimit = cmd.type === 'limit' || cmd.type === 'stop_limit';
  // A market order's price is an optional protection price: 0 means none.
  if (hasLimit || cmd.priceTicks !== 0) {
    const code = priceCode(cmd.priceTicks);
    if (code !== null) return code;
  }
  const isStop = cmd.type === 'stop_limit' || cmd.type === 'stop_market';
  if (isStop) {
    if (!isPositiveSafeInteger(cmd.stopPriceTicks) || cmd.stopPriceTicks > matchingLimits.priceTicksMax) {
      return 'stop_price_ticks_must_be_positive';
    }
  } else if (cmd.stopPriceTicks !== 0) {
    return 'stop_price_not_allowed';
  }
  return null;
}

/** Why a place command is malformed, or null when its fields are acceptable (book state is checked elsewhere). */
export function placeCommandCode(cmd: PlaceCommand): RejectCode | null {
  if (!isPositiveSafeInteger(cmd.orderId)) return 'order_id_invalid';
  if (!isPositiveSafeInteger(cmd.accountId)) return 'account_id_invalid';
  const enumProblem = enumCode(cmd);
  if (enumProblem !== null) return enumProblem;
  const qtyProblem = quantityCode(cmd.qtyLots);
  if (qtyProblem !== null) return qtyProblem;
  const priceProblem = pricesCode(cmd);
  if (priceProblem !== null) return priceProblem;
  const gtcLimit = cmd.type === 'limit' && cmd.timeInForce === 'gtc';
  if (cmd.postOnly && !gtcLimit) return 'post_only_requires_gtc_limit';
  if (cmd.displayQtyLots !== 0) {
    if (!gtcLimit) return 'iceberg_requires_gtc_limit';
    const d = cmd.displayQtyLots;
    if (!isPositiveSafeInteger(d) || d >= cmd.qtyLots) return 'display_quantity_invalid';
  }
  return null;
}

/** Why an amend command is malformed, or null. */
export function amendCommandCode(cmd: AmendCommand): RejectCode | null {
  if (!isPositiveSafeInteger(cmd.orderId)) return 'order_id_invalid';
  if (!isPositiveSafeInteger(cmd.accountId)) return 'account_id_invalid';
  return quantityCode(cmd.qtyLots) ?? priceCode(cmd.priceTicks);
}
