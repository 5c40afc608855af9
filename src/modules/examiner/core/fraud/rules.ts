// The business rules of fraud detection: each a pure function of one transaction, the batch context and the config.

import { formatMinor } from '../../../../kernel/index.js';
import type { FraudConfig } from './config.js';
import type { FraudContext } from './context.js';
import type { FactorCode, FraudTransaction } from './types.js';

/** Evidence that one detector fired on one transaction. */
export interface Hit {
  readonly code: FactorCode;
  /** 0..1; 1 for a plain rule hit, graded for statistical evidence. */
  readonly strength: number;
  readonly detail: string;
}

/** A detector: transaction, its index in the batch, the batch context and the config in; a hit or null out. */
export type Detector = (tx: FraudTransaction, i: number, ctx: FraudContext, config: FraudConfig) => Hit | null;

// ISO 4217 minor-unit exponents that differ from 2; enough for readable details (amounts stay bigint).
const scaleByCurrency: Readonly<Record<string, number>> = {
  JPY: 0,
  KRW: 0,
  ISK: 0,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
};

/** Formats minor units for a rule's detail text. */
export function money(minor: bigint, currency: string): string {
  return `${formatMinor(minor, scaleByCurrency[currency] ?? 2)} ${currency}`;
}

/** A single payment at or above the threshold. */
export const amountOverThreshold: Detector = (tx, _i, _ctx, c) =>
  tx.amountMinor >= c.thresholdMinor
    ? {
        code: 'amount_over_threshold',
        strength: 1,
        detail: `${money(tx.amountMinor, tx.currency)} ≥ threshold ${money(c.thresholdMinor, tx.currency)}`,
      }
    : null;

/** A large amount that is an exact multiple of the round unit: invented amounts tend to be round. */
export const roundAmount: Detector = (tx, _i, _ctx, c) =>
  tx.amountMinor >= c.roundAmountMinMinor && tx.amountMinor % c.roundUnitMinor === 0n
    ? {
        code: 'round_amount',
        strength: 1,
        detail: `${money(tx.amountMinor, tx.currency)} is a multiple of ${money(c.roundUnitMinor, tx.currency)}`,
      }
    : null;

/** Posted on a Saturday or Sunday. */
export const weekendPosting: Detector = (tx, i, ctx) =>
  (ctx.weekday[i] as number) >= 6
    ? {
        code: 'weekend_posting',
        strength: 1,
        detail: `posted on a ${ctx.weekday[i] === 6 ? 'Saturday' : 'Sunday'} (${tx.date})`,
      }
    : null;

/** Posted on a configured public holiday. */
export const holidayPosting: Detector = (tx, i, ctx) =>
  ctx.holiday[i] === 1 ? { code: 'holiday_posting', strength: 1, detail: `posted on the holiday ${tx.date}` } : null;

/** Another payment to the same vendor for the same amount within the duplicate window. */
export const duplicatePayment: Detector = (tx, i, ctx, c) => {
  const others = ctx.duplicateCount[i] as number;
  if (others < 1) return null;
  return {
    code: 'duplicate_payment',
    strength: 1,
    detail: `${others} other payment(s) of ${money(tx.amountMinor, tx.currency)} to ${tx.vendor} within ${c.duplicateWindowDays} days`,
  };
};

/** Several under-limit payments to one vendor by one approver, together over the approval limit. */
export const invoiceSplitting: Detector = (tx, i, ctx, c) => {
  const count = ctx.splitCount[i] as number;
  const total = ctx.splitSumMinor[i] as number;
  if (count < 2 || !(total > Number(c.approvalLimitMinor))) return null;
  return {
    code: 'invoice_splitting',
    strength: 1,
    detail: `${count} payments under the approval limit ${money(c.approvalLimitMinor, tx.currency)} to ${tx.vendor} within ±${c.splitWindowDays} days total ${money(BigInt(Math.round(total)), tx.currency)}`,
  };
};

/** A vendor younger than the configured age receiving a high amount. */
export const newVendorHighAmount: Detector = (tx, i, ctx, c) => {
  const age = ctx.vendorAgeDays[i] as number;
  if (age >= c.newVendorDays || tx.amountMinor < c.newVendorAmountMinor) return null;
  return {
    code: 'new_vendor_high_amount',
    strength: 1,
    detail: `vendor ${tx.vendor} is ${age} day(s) old and received ${money(tx.amountMinor, tx.currency)}`,
  };
};

/** A payment shortly after the vendor's bank details changed (a classic business e-mail compromise pattern). */
export const bankDetailsChangedBeforePayment: Detector = (tx, i, ctx, c) => {
  const age = ctx.bankChangeAgeDays[i] as number;
  if (age < 0 || age > c.bankChangeDays) return null;
  return {
    code: 'bank_details_changed_before_payment',
    strength: 1,
    detail: `bank details of ${tx.vendor} changed ${age} day(s) before this payment`,
  };
};

/** The business rules in evaluation order. */
export const ruleDetectors: readonly Detector[] = [
  amountOverThreshold,
  roundAmount,
  weekendPosting,
  holidayPosting,
  duplicatePayment,
  invoiceSplitting,
  newVendorHighAmount,
  bankDetailsChangedBeforePayment,
];
