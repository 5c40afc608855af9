// Builders shared by the fraud tests.

import type { FraudTransaction } from './types.js';

let next = 0;

/** A plain weekday payment with overridable fields. */
export function tx(fields: Partial<FraudTransaction> = {}): FraudTransaction {
  next++;
  return {
    id: `t${next}`,
    date: '2025-03-05', // a Wednesday
    amountMinor: 12_345n,
    currency: 'EUR',
    vendor: 'Acme',
    category: 'office',
    approver: 'a.khan',
    ...fields,
  };
}
