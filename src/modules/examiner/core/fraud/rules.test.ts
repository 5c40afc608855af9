import { describe, expect, it } from 'vitest';
import { defaultFraudConfig, type FraudConfig } from './config.js';
import { buildFraudContext } from './context.js';
import {
  amountOverThreshold,
  bankDetailsChangedBeforePayment,
  type Detector,
  duplicatePayment,
  holidayPosting,
  invoiceSplitting,
  newVendorHighAmount,
  roundAmount,
  weekendPosting,
} from './rules.js';
import { tx } from './test-helpers.js';
import type { FraudTransaction } from './types.js';

function fired(detector: Detector, batch: FraudTransaction[], config: FraudConfig = defaultFraudConfig): boolean[] {
  const ctx = buildFraudContext(batch, config);
  return batch.map((t, i) => detector(t, i, ctx, config) !== null);
}

describe('fraud rules', () => {
  it('flags amounts at or over the threshold only', () => {
    const c = defaultFraudConfig;
    expect(
      fired(amountOverThreshold, [tx({ amountMinor: c.thresholdMinor - 1n }), tx({ amountMinor: c.thresholdMinor })]),
    ).toEqual([false, true]);
  });

  it('flags large round amounts but not small or uneven ones', () => {
    expect(
      fired(roundAmount, [tx({ amountMinor: 300_000n }), tx({ amountMinor: 300_001n }), tx({ amountMinor: 50_000n })]),
    ).toEqual([true, false, false]);
  });

  it('flags Saturday and Sunday postings', () => {
    expect(
      fired(weekendPosting, [tx({ date: '2025-03-07' }), tx({ date: '2025-03-08' }), tx({ date: '2025-03-09' })]),
    ).toEqual([false, true, true]);
  });

  it('flags postings on configured holidays', () => {
    const config = { ...defaultFraudConfig, holidays: ['2025-12-25'] };
    expect(fired(holidayPosting, [tx({ date: '2025-12-25' }), tx({ date: '2025-12-24' })], config)).toEqual([
      true,
      false,
    ]);
  });

  it('flags the same vendor and amount within the window, not outside it or for another vendor', () => {
    const batch = [
      tx({ amountMinor: 77_700n, date: '2025-03-03' }),
      tx({ amountMinor: 77_700n, date: '2025-03-08' }),
      tx({ amountMinor: 77_700n, date: '2025-05-01' }),
      tx({ amountMinor: 77_700n, date: '2025-03-04', vendor: 'Other' }),
    ];
    expect(fired(duplicatePayment, batch)).toEqual([true, true, false, false]);
  });

  it('flags under-limit payments by one approver that together exceed the approval limit', () => {
    const limit = defaultFraudConfig.approvalLimitMinor;
    const part = (limit * 6n) / 10n;
    const batch = [
      tx({ amountMinor: part, date: '2025-03-03' }),
      tx({ amountMinor: part + 1n, date: '2025-03-04' }),
      tx({ amountMinor: part + 2n, date: '2025-03-04', approver: 'someone.else' }),
      tx({ amountMinor: (limit * 3n) / 10n, date: '2025-06-02' }),
      tx({ amountMinor: (limit * 3n) / 10n, date: '2025-06-03' }),
    ];
    expect(fired(invoiceSplitting, batch)).toEqual([true, true, false, false, false]);
  });

  it('flags a high payment to a vendor younger than the configured age', () => {
    const c = defaultFraudConfig;
    const batch = [
      tx({ vendor: 'Fresh', vendorCreatedAt: '2025-03-01', amountMinor: c.newVendorAmountMinor }),
      tx({ vendor: 'Fresh2', vendorCreatedAt: '2025-03-01', amountMinor: c.newVendorAmountMinor - 1n }),
      tx({ vendor: 'Old', vendorCreatedAt: '2020-01-01', amountMinor: c.newVendorAmountMinor * 2n }),
    ];
    expect(fired(newVendorHighAmount, batch)).toEqual([true, false, false]);
  });

  it('flags payments shortly after a bank-detail change, not long after or before it', () => {
    const batch = [
      tx({ vendorBankChangedAt: '2025-03-01' }),
      tx({ vendorBankChangedAt: '2025-01-01' }),
      tx({ vendorBankChangedAt: '2025-03-20' }),
      tx({}),
    ];
    expect(fired(bankDetailsChangedBeforePayment, batch)).toEqual([true, false, false, false]);
  });
});
