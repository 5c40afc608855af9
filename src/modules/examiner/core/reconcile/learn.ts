// Learning from confirmed matches: which bank payee keys mean which vendor, and each vendor's typical lag.

import { isoToEpochDay } from '../dates.js';
import type { BankLine, Expense } from '../records.js';
import { normalizeVendor, payeeKey } from './normalize.js';
import type { ReconcileKnowledge } from './options.js';

/** A match a person confirmed: the bank lines and the expenses it pairs. */
export interface ConfirmedMatch {
  bankLines: readonly BankLine[];
  expenses: readonly Expense[];
}

/** Lags beyond this many days are not learned: they are one-off delays, not a vendor's habit. */
const learnedLagDaysMax = 30;

/**
 * Returns new knowledge: for each confirmed one-vendor match, the payee key of every bank line
 * becomes an alias of the vendor (the latest confirmation wins), and the vendor's typical lag
 * becomes the running mean of its confirmed lags (bank date minus expense date), which the scorer
 * takes as the expected lag. The input knowledge is not modified.
 */
export function learnFromConfirmed(
  knowledge: ReconcileKnowledge,
  confirmed: readonly ConfirmedMatch[],
): ReconcileKnowledge {
  const vendorAliases = { ...knowledge.vendorAliases };
  const vendorDateLagDays = { ...knowledge.vendorDateLagDays };
  for (const match of confirmed) {
    const vendors = new Set(match.expenses.map((e) => normalizeVendor(e.vendor)));
    if (vendors.size !== 1) continue; // a payment covering several vendors teaches no alias
    const vendor = [...vendors][0] as string;
    if (vendor === '') continue;
    for (const line of match.bankLines) {
      const key = payeeKey(line.description);
      if (key !== '') vendorAliases[key] = vendor;
    }
    for (const line of match.bankLines) {
      const bankDay = isoToEpochDay(line.date);
      for (const e of match.expenses) {
        const expDay = isoToEpochDay(e.date);
        if (bankDay === null || expDay === null) continue;
        const lag = bankDay - expDay;
        if (Math.abs(lag) > learnedLagDaysMax) continue;
        const prev = vendorDateLagDays[vendor] ?? { days: 0, samples: 0 };
        const samples = prev.samples + 1;
        vendorDateLagDays[vendor] = { days: prev.days + (lag - prev.days) / samples, samples };
      }
    }
  }
  return { vendorAliases, vendorDateLagDays };
}
