// Settlement of one trade as balanced ledger transfers out of the traders' order holds, with maker and taker fees.
import { divRound, err, type Rounding } from '../../../kernel/index.js';
import type { Ledger, LedgerResult, TransferRequest } from './ledger.js';
import { ledgerLimits } from './limits.js';
import type { Transfer } from './types.js';

/** The part of a matching-engine trade event that settlement needs; the engine's own type adapts to this. */
export interface TradeFill {
  readonly symbol: string;
  readonly makerOrderId: string;
  readonly takerOrderId: string;
  readonly makerAccount: string;
  readonly takerAccount: string;
  readonly priceTicks: bigint;
  readonly qtyLots: bigint;
  readonly takerSide: 'buy' | 'sell';
}

/**
 * How ticks and lots become minor units. One lot is `lotBaseMinor` base minor units; one tick of price on one lot is
 * worth `tickValueQuoteMinor` quote minor units, so notional = priceTicks * qtyLots * tickValueQuoteMinor exactly.
 * Example: BTC (8 decimals) / USD (2 decimals) with a lot of 0.01 BTC (lotBaseMinor = 1_000_000n sats) and a tick of
 * 1.00 USD per BTC: one tick on one lot is 0.01 USD, so tickValueQuoteMinor = 1n. Choose lot and tick so this value is
 * a whole number of quote minor units; then no settlement ever rounds a notional.
 */
export interface SymbolSpec {
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly lotBaseMinor: bigint;
  readonly tickValueQuoteMinor: bigint;
}

/** Fee rates in basis points of the quote notional, and how fractional minor units are rounded. */
export interface FeeSchedule {
  readonly makerBps: bigint;
  readonly takerBps: bigint;
  /** Default 'up': the venue never under-charges, and any non-zero rate costs at least one minor unit. */
  readonly rounding?: Rounding;
}

/** Where each party's money sits: accounts per asset, the holds backing both orders, and the fee account per asset. */
export interface SettlementAccounts {
  /** Account id of `owner` in `asset`. */
  accountOf(owner: string, asset: string): string;
  /** Hold id backing an order, or undefined to debit the available balance (e.g. a market order funded on the fly). */
  holdOf(orderId: string): string | undefined;
  /** The venue's fee account in the quote asset. */
  readonly feeAccountId: string;
}

/** Amounts of one settled fill, for reporting. */
export interface SettlementAmounts {
  readonly baseMinor: bigint;
  readonly quoteMinor: bigint;
  readonly makerFeeMinor: bigint;
  readonly takerFeeMinor: bigint;
}

/** Fee on a notional: notional * bps / 10_000 with the schedule's rounding (default up). */
export function feeMinor(notionalMinor: bigint, bps: bigint, rounding: Rounding = 'up'): bigint {
  return divRound(notionalMinor * bps, 10_000n, rounding);
}

/** Base and quote amounts and both fees of a fill. */
export function settlementAmounts(fill: TradeFill, spec: SymbolSpec, fees: FeeSchedule): SettlementAmounts {
  const quoteMinor = fill.priceTicks * fill.qtyLots * spec.tickValueQuoteMinor;
  return {
    baseMinor: fill.qtyLots * spec.lotBaseMinor,
    quoteMinor,
    makerFeeMinor: feeMinor(quoteMinor, fees.makerBps, fees.rounding),
    takerFeeMinor: feeMinor(quoteMinor, fees.takerBps, fees.rounding),
  };
}

/**
 * Builds the transfers that settle one fill: base from the seller's hold to the buyer, quote from the buyer's hold to
 * the seller, the buyer's fee from the buyer's hold, the seller's fee out of the quote just received. Fees go to the
 * quote fee account. The buyer's hold must cover notional plus fee (risk sizes it that way).
 */
export function settlementTransfers(
  fill: TradeFill,
  spec: SymbolSpec,
  fees: FeeSchedule,
  where: SettlementAccounts,
): TransferRequest[] {
  const amounts = settlementAmounts(fill, spec, fees);
  const takerBuys = fill.takerSide === 'buy';
  const buyer = takerBuys ? fill.takerAccount : fill.makerAccount;
  const seller = takerBuys ? fill.makerAccount : fill.takerAccount;
  const buyOrder = takerBuys ? fill.takerOrderId : fill.makerOrderId;
  const sellOrder = takerBuys ? fill.makerOrderId : fill.takerOrderId;
  const buyerFee = takerBuys ? amounts.takerFeeMinor : amounts.makerFeeMinor;
  const sellerFee = takerBuys ? amounts.makerFeeMinor : amounts.takerFeeMinor;
  const buyerKind = takerBuys ? 'fee_taker' : 'fee_maker';
  const sellerKind = takerBuys ? 'fee_maker' : 'fee_taker';
  const buyHold = where.holdOf(buyOrder);
  const sellHold = where.holdOf(sellOrder);
  const sellerQuote = where.accountOf(seller, spec.quoteAsset);
  const out: TransferRequest[] = [
    withHold(
      where.accountOf(seller, spec.baseAsset),
      where.accountOf(buyer, spec.baseAsset),
      amounts.baseMinor,
      'trade_base',
      sellHold,
    ),
    withHold(where.accountOf(buyer, spec.quoteAsset), sellerQuote, amounts.quoteMinor, 'trade_quote', buyHold),
  ];
  if (buyerFee > 0n)
    out.push(withHold(where.accountOf(buyer, spec.quoteAsset), where.feeAccountId, buyerFee, buyerKind, buyHold));
  if (sellerFee > 0n) out.push(withHold(sellerQuote, where.feeAccountId, sellerFee, sellerKind, undefined));
  return out;
}

function withHold(
  debitAccountId: string,
  creditAccountId: string,
  amountMinor: bigint,
  kind: TransferRequest['kind'],
  holdId: string | undefined,
): TransferRequest {
  return holdId === undefined
    ? { debitAccountId, creditAccountId, amountMinor, kind }
    : { debitAccountId, creditAccountId, amountMinor, kind, fromHoldId: holdId };
}

/**
 * Settles a fill on the ledger atomically. The idempotency key is derived from both order ids and the fill, so the
 * same fill replayed (e.g. after a crash) settles once; pass `fillId` when one pair of orders can trade twice at the
 * same price and size.
 */
export function settleTrade(
  ledger: Ledger,
  fill: TradeFill,
  spec: SymbolSpec,
  fees: FeeSchedule,
  where: SettlementAccounts,
  fillId?: string,
): LedgerResult<readonly Transfer[]> {
  if (fill.qtyLots <= 0n || fill.priceTicks <= 0n) return err('fill_invalid', 'price and quantity must be > 0', 'fill');
  if (fill.symbol !== spec.symbol) return err('fill_invalid', `fill for ${fill.symbol}, spec ${spec.symbol}`, 'symbol');
  if (fill.makerAccount === fill.takerAccount) return err('fill_invalid', 'self-trade reached settlement', 'fill');
  for (const bps of [fees.makerBps, fees.takerBps]) {
    if (bps < 0n || bps > BigInt(ledgerLimits.feeBpsMax)) return err('fee_bps_invalid', `fee ${bps} bps`, 'fees');
  }
  const key = `fill:${fillId ?? `${fill.makerOrderId}/${fill.takerOrderId}/${fill.priceTicks}/${fill.qtyLots}`}`;
  return ledger.submit(key, settlementTransfers(fill, spec, fees, where));
}
