// A symbol's trading rules (tick, lot, quantity bounds, price band) and the exact conversions they define.
import { err, ok, type Result } from '../../../kernel/index.js';
import { matchingLimits } from './matching-limits.js';

/**
 * Trading rules of one symbol. Prices and quantities outside the core are bigint minor units (quote currency minor
 * units for prices, base asset minor units for quantities); the book works in ticks (price / tickSize) and lots
 * (quantity / lotSize).
 */
export interface SymbolSpec {
  /** Upper-case name such as "BTC-USD". */
  symbol: string;
  /** Quote minor units per tick; every price must be a multiple. */
  tickSize: bigint;
  /** Base minor units per lot; every quantity must be a multiple. */
  lotSize: bigint;
  /** Smallest order quantity in base minor units. */
  minQty: bigint;
  /** Largest order quantity in base minor units. */
  maxQty: bigint;
  /** Limit prices must lie within this many ticks of the reference price; absent means no band. */
  priceBandTicks?: number;
  /** Reference price used for the band until the first trade, in quote minor units. */
  referencePrice?: bigint;
}

const symbolPattern = /^[A-Z0-9][A-Z0-9._-]*$/;

/** Checks a symbol specification; the codes name the offending field. */
export function validateSymbolSpec(spec: SymbolSpec): Result<SymbolSpec> {
  if (!symbolPattern.test(spec.symbol) || spec.symbol.length > matchingLimits.symbolLengthMax) {
    return err('symbol_name_invalid', 'upper-case letters, digits, ".", "_" or "-"', 'symbol');
  }
  if (spec.tickSize <= 0n) return err('tick_size_must_be_positive', 'the tick size must be above zero', 'tickSize');
  if (spec.lotSize <= 0n) return err('lot_size_must_be_positive', 'the lot size must be above zero', 'lotSize');
  if (spec.minQty <= 0n || spec.minQty % spec.lotSize !== 0n) {
    return err(
      'min_qty_must_be_positive_multiple_of_lot',
      'the minimum quantity must be a whole number of lots, at least one',
      'minQty',
    );
  }
  if (spec.maxQty < spec.minQty || spec.maxQty % spec.lotSize !== 0n) {
    return err(
      'max_qty_must_be_multiple_of_lot_at_least_min',
      'the maximum quantity must be a whole number of lots, at least the minimum',
      'maxQty',
    );
  }
  if (spec.maxQty / spec.lotSize > BigInt(matchingLimits.quantityLotsMax)) {
    return err(
      'max_qty_above_book_max',
      `the maximum quantity may be at most ${matchingLimits.quantityLotsMax} lots`,
      'maxQty',
    );
  }
  const band = spec.priceBandTicks;
  if (band !== undefined && (!Number.isSafeInteger(band) || band <= 0 || band > matchingLimits.priceBandTicksMax)) {
    return err(
      'price_band_ticks_invalid',
      `the band must be 1 to ${matchingLimits.priceBandTicksMax} ticks`,
      'priceBandTicks',
    );
  }
  const ref = spec.referencePrice;
  if (ref !== undefined && (ref <= 0n || ref % spec.tickSize !== 0n)) {
    return err(
      'reference_price_must_be_positive_multiple_of_tick',
      'the reference price must be a whole number of ticks, above zero',
      'referencePrice',
    );
  }
  return ok(spec);
}

/** Price in quote minor units of a price in ticks (exact). */
export function priceFromTicks(spec: SymbolSpec, ticks: number): bigint {
  return BigInt(ticks) * spec.tickSize;
}

/** Quantity in base minor units of a quantity in lots (exact). */
export function quantityFromLots(spec: SymbolSpec, lots: number): bigint {
  return BigInt(lots) * spec.lotSize;
}
