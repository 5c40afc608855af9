// Seeded synthetic payments with injected fraud, for tests and the benchmark.

import { type Prng, roundHalfEvenToMinor } from '../../../../kernel/index.js';
import { dayNumber, epochDayToIso, isoWeekday } from '../dates.js';
import { defaultFraudConfig, type FraudConfig } from './config.js';
import type { FraudTransaction } from './types.js';

/** What was planted in a synthetic transaction. */
export type InjectedFraud =
  | 'duplicate'
  | 'split'
  | 'round_over_threshold'
  | 'outlier'
  | 'new_vendor'
  | 'bank_change'
  | 'weekend';

/** Shape of a synthetic set. */
export interface SyntheticOptions {
  readonly count: number;
  readonly vendors: number;
  /** Share of transactions that are injected fraud, 0..1. */
  readonly fraudRate: number;
  readonly startDate: string;
  readonly days: number;
  readonly currency: string;
  /** Amount rules the injected fraud must trip. */
  readonly config: FraudConfig;
}

/** Defaults: 10,000 payments to 200 vendors over a year, 2% fraud. */
export const defaultSyntheticOptions: SyntheticOptions = {
  count: 10_000,
  vendors: 200,
  fraudRate: 0.02,
  startDate: '2025-01-01',
  days: 365,
  currency: 'EUR',
  config: defaultFraudConfig,
};

/** A synthetic set: transactions plus which ids were injected and how. */
export interface SyntheticSet {
  readonly transactions: FraudTransaction[];
  readonly injected: ReadonlyMap<string, InjectedFraud>;
}

const categories = ['travel', 'office', 'it', 'consulting', 'marketing', 'facilities', 'logistics', 'training'];
const approvers = ['a.khan', 'b.moreau', 'c.silva', 'd.novak', 'e.sato', 'f.okafor'];
const kinds: readonly InjectedFraud[] = [
  'duplicate',
  'split',
  'round_over_threshold',
  'outlier',
  'new_vendor',
  'bank_change',
  'weekend',
];

interface VendorProfile {
  readonly name: string;
  readonly category: string;
  /** log10 of the typical amount in minor units, and its spread in decades. */
  readonly mu: number;
  readonly sigma: number;
}

/**
 * Generates the set. Normal amounts are log-normal per vendor with a spread of 0.5–0.7 decades, wide enough
 * that leading digits follow Benford's law closely (a log-normal's deviation from Benford decays like
 * exp(−2π²σ²) with σ in decades), and are posted on weekdays only.
 */
export function generateSyntheticTransactions(prng: Prng, options: Partial<SyntheticOptions> = {}): SyntheticSet {
  const o = { ...defaultSyntheticOptions, ...options };
  const vendors: VendorProfile[] = Array.from({ length: o.vendors }, (_, v) => ({
    name: `Vendor ${String(v + 1).padStart(4, '0')}`,
    category: prng.pick(categories),
    mu: 3.6 + prng.next() * 1.4,
    sigma: 0.5 + prng.next() * 0.2,
  }));
  const start = dayNumber(o.startDate);
  const txs: FraudTransaction[] = [];
  const injected = new Map<string, InjectedFraud>();
  const normalDay = (): number => {
    const d = start + prng.int(0, o.days - 1);
    const w = isoWeekday(d);
    return w >= 6 ? d - (w - 5) : d;
  };
  const normal = (id: string): FraudTransaction => {
    const v = prng.pick(vendors);
    const minor = roundHalfEvenToMinor(10 ** prng.normal(v.mu, v.sigma), 0);
    return {
      id,
      date: epochDayToIso(normalDay()),
      amountMinor: minor < 1n ? 1n : minor,
      currency: o.currency,
      vendor: v.name,
      category: v.category,
      approver: prng.pick(approvers),
    };
  };
  while (txs.length < o.count) {
    const id = `T${String(txs.length + 1).padStart(8, '0')}`;
    if (txs.length < 10 || !prng.chance(o.fraudRate)) {
      txs.push(normal(id));
      continue;
    }
    const kind = prng.pick(kinds);
    for (const t of plant(kind, id, txs, vendors, o, prng, normal)) {
      if (txs.length >= o.count) break;
      txs.push(t);
      injected.set(t.id, kind);
    }
  }
  return { transactions: txs, injected };
}

function plant(
  kind: InjectedFraud,
  id: string,
  txs: readonly FraudTransaction[],
  vendors: readonly VendorProfile[],
  o: SyntheticOptions,
  prng: Prng,
  normal: (id: string) => FraudTransaction,
): FraudTransaction[] {
  const base = normal(id);
  const c = o.config;
  const day = dayNumber(base.date);
  switch (kind) {
    case 'duplicate': {
      const original = txs[prng.int(0, txs.length - 1)] as FraudTransaction;
      const d = dayNumber(original.date) + prng.int(0, Math.max(0, c.duplicateWindowDays - 1));
      return [{ ...original, id, date: epochDayToIso(d) }];
    }
    case 'split': {
      const parts = prng.int(2, 4);
      const each = (c.approvalLimitMinor * BigInt(prng.int(80, 99))) / 100n;
      return Array.from({ length: parts }, (_, k) => ({
        ...base,
        id: k === 0 ? id : `${id}-${k}`,
        amountMinor: each - BigInt(k * 7),
        date: epochDayToIso(day + k),
      }));
    }
    case 'round_over_threshold':
      return [{ ...base, amountMinor: c.thresholdMinor * BigInt(prng.int(1, 5)) }];
    case 'outlier': {
      const v = vendors.find((x) => x.name === base.vendor) as VendorProfile;
      return [{ ...base, amountMinor: roundHalfEvenToMinor(10 ** (v.mu + 3 + prng.next()), 0) + 1n }];
    }
    case 'new_vendor':
      return [
        {
          ...base,
          vendor: `New Vendor ${id}`,
          vendorCreatedAt: epochDayToIso(day - prng.int(0, 5)),
          amountMinor: c.newVendorAmountMinor * BigInt(prng.int(2, 6)) + BigInt(prng.int(1, 99_999)),
        },
      ];
    case 'bank_change':
      return [{ ...base, vendorBankChangedAt: epochDayToIso(day - prng.int(0, c.bankChangeDays)) }];
    case 'weekend':
      return [{ ...base, date: epochDayToIso(day + (6 - isoWeekday(day)) + prng.int(0, 1)) }];
  }
}
