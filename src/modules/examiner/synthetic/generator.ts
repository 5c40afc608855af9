// Seeded synthetic ledgers with known truth: expenses, the bank lines that pay them, and every kind of noise.
import { assert, type Prng } from '../../../kernel/index.js';
import { daysFromCivil, epochDayToIso } from '../core/dates.js';
import type { BankLine, Expense } from '../core/records.js';
import { bankDescriptor, generateVendors, type SyntheticVendor, typo } from './vendors.js';

/** Rates of each kind of noise, as probabilities per generated event. */
export interface NoiseRates {
  /** Several expenses of one vendor paid by one bank line. */
  batchPayment: number;
  /** One expense paid in two instalments. */
  instalment: number;
  /** Expense never paid in the period (cash, or still open). */
  unpaid: number;
  /** A bank fee added to the payment (1 % of the amount). */
  fee: number;
  /** A digit swap when the expense amount was typed. */
  amountTypo: number;
  /** A payment that differs by 5-15 % (partial payment, disputed invoice): beyond tolerance on purpose. */
  amountMismatch: number;
  /** A slip in the bank descriptor. */
  descriptionTypo: number;
  /** A late booking, 3-7 days beyond the vendor's usual lag. */
  lateBooking: number;
  /** A bank line posted twice. */
  bankDuplicate: number;
  /** An expense entered twice. */
  expenseDuplicate: number;
  /** Bank lines with no expense at all (fees, unrecorded purchases), per expense. */
  bankOnly: number;
}

/** Defaults meant to look like a small company's card and transfer activity. */
export const defaultNoiseRates: NoiseRates = {
  batchPayment: 0.02,
  instalment: 0.01,
  unpaid: 0.015,
  fee: 0.03,
  amountTypo: 0.005,
  amountMismatch: 0.003,
  descriptionTypo: 0.05,
  lateBooking: 0.03,
  bankDuplicate: 0.005,
  expenseDuplicate: 0.005,
  bankOnly: 0.01,
};

/** What to generate. */
export interface LedgerSpec {
  /** About this many expenses (batches may overshoot by two). */
  expenses: number;
  /** Expenses per day; the period lasts expenses / perDay days. */
  perDay?: number;
  /** First day of the period, `yyyy-mm-dd`. */
  startDate?: string;
  rates?: Partial<NoiseRates>;
}

/** A bank line paying an expense, per the generator. */
export interface TruthPair {
  bankId: string;
  expenseId: string;
}

/** A generated ledger and its truth. */
export interface SyntheticLedger {
  bankLines: BankLine[];
  expenses: Expense[];
  truth: TruthPair[];
}

interface Draft {
  bank: Array<{
    day: number;
    seq: number;
    amountMinor: bigint;
    description: string;
    reference?: string;
    pays: number[];
  }>;
  expenses: Array<{ day: number; seq: number; vendor: SyntheticVendor; amountMinor: bigint; reference?: string }>;
}

const account = 'GB00NEXU00000012345678';
const currency = 'EUR';

/** Generates a ledger from the Prng; the same seed and spec always give the same ledger. */
export function generateLedger(prng: Prng, spec: LedgerSpec): SyntheticLedger {
  assert(spec.expenses > 0, 'expenses must be positive');
  const rates = { ...defaultNoiseRates, ...spec.rates };
  const perDay = spec.perDay ?? 140;
  const start = parseStart(spec.startDate ?? '2025-01-01');
  const days = Math.max(1, Math.ceil(spec.expenses / perDay));
  const vendors = generateVendors(prng.fork(), Math.max(40, Math.min(3000, perDay * 4)));
  const draft: Draft = { bank: [], expenses: [] };
  // Subscriptions bill once per 30-day cycle on their own day; everyone else bills at random.
  for (const v of vendors) {
    if (v.fixedMinor === null) continue;
    for (let day = start + prng.int(0, 29); day < start + days; day += 30) addSingle(prng, draft, v, day, rates);
  }
  const occasional = vendors.filter((v) => v.fixedMinor === null);
  while (draft.expenses.length < spec.expenses) {
    const v = prng.pick(occasional);
    const day = start + prng.int(0, days - 1);
    const r = prng.next();
    if (r < rates.batchPayment) addBatch(prng, draft, v, day);
    else if (r < rates.batchPayment + rates.instalment) addInstalment(prng, draft, v, day);
    else addSingle(prng, draft, v, day, rates);
  }
  addBankOnly(prng, draft, start, days, Math.round(spec.expenses * rates.bankOnly));
  addDuplicates(prng, draft, rates);
  return finish(draft, start + days - 1);
}

function parseStart(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return daysFromCivil(y as number, m as number, d as number);
}

function drawAmount(prng: Prng, v: SyntheticVendor): bigint {
  if (v.fixedMinor !== null) return v.fixedMinor;
  return BigInt(Math.max(100, Math.round(Math.exp(prng.normal(v.logMean, 0.6)) * 100)));
}

function invoiceRef(prng: Prng, v: SyntheticVendor): string | undefined {
  return v.invoices ? `INV-${prng.int(100000, 999999)}` : undefined;
}

function addExpense(
  prng: Prng,
  draft: Draft,
  v: SyntheticVendor,
  day: number,
  amountMinor: bigint,
  reference?: string,
): number {
  draft.expenses.push({ day, seq: prng.next(), vendor: v, amountMinor, reference });
  return draft.expenses.length - 1;
}

function addSingle(prng: Prng, draft: Draft, v: SyntheticVendor, day: number, rates: NoiseRates): void {
  const amount = drawAmount(prng, v);
  const ref = invoiceRef(prng, v);
  let keyed = amount;
  if (prng.chance(rates.amountTypo)) keyed = swapCents(amount);
  const e = addExpense(prng, draft, v, day, keyed, ref);
  if (prng.chance(rates.unpaid)) return;
  let paid = amount;
  if (v.foreign) paid += BigInt(Math.round(Number(amount) * prng.normal(0, 0.003)));
  if (prng.chance(rates.fee)) paid += (amount + 99n) / 100n;
  if (prng.chance(rates.amountMismatch)) paid = (paid * BigInt(prng.pick([85, 90, 95, 105, 110, 115]))) / 100n;
  let lag = v.lagDays + prng.int(0, 2);
  if (prng.chance(rates.lateBooking)) lag += prng.int(3, 7);
  let description = bankDescriptor(prng, v);
  if (prng.chance(rates.descriptionTypo)) description = typo(prng, description);
  let reference = ref;
  if (ref !== undefined) {
    // 5 % of references arrive with two digits swapped, 5 % are lost by the bank.
    const draw = prng.next();
    if (draw < 0.05) reference = swapLastDigits(ref);
    else if (draw < 0.1) reference = undefined;
  }
  draft.bank.push({ day: day + lag, seq: prng.next(), amountMinor: -paid, description, reference, pays: [e] });
}

function addBatch(prng: Prng, draft: Draft, v: SyntheticVendor, day: number): void {
  const parts = prng.int(2, 3);
  const pays: number[] = [];
  let total = 0n;
  for (let i = 0; i < parts; i++) {
    const amount = BigInt(Math.max(100, Math.round(Math.exp(prng.normal(v.logMean + 1, 0.6)) * 100)));
    total += amount;
    pays.push(addExpense(prng, draft, v, day - prng.int(0, 3), amount, invoiceRef(prng, v)));
  }
  draft.bank.push({
    day: day + v.lagDays + prng.int(0, 2),
    seq: prng.next(),
    amountMinor: -total,
    description: bankDescriptor(prng, v),
    pays,
  });
}

function addInstalment(prng: Prng, draft: Draft, v: SyntheticVendor, day: number): void {
  const amount = BigInt(Math.max(2000, Math.round(Math.exp(prng.normal(v.logMean + 1.5, 0.5)) * 100)));
  const e = addExpense(prng, draft, v, day, amount, invoiceRef(prng, v));
  const first = (amount * BigInt(prng.int(30, 70))) / 100n;
  const d1 = day + v.lagDays + prng.int(0, 2);
  draft.bank.push({ day: d1, seq: prng.next(), amountMinor: -first, description: bankDescriptor(prng, v), pays: [e] });
  draft.bank.push({
    day: d1 + prng.int(1, 4),
    seq: prng.next(),
    amountMinor: -(amount - first),
    description: bankDescriptor(prng, v),
    pays: [e],
  });
}

function addBankOnly(prng: Prng, draft: Draft, start: number, days: number, count: number): void {
  const kinds = ['MONTHLY ACCOUNT FEE', 'ATM WITHDRAWAL', 'INTEREST CHARGE', 'CARD PURCHASE UNRECORDED SHOP'];
  for (let i = 0; i < count; i++) {
    const amount = BigInt(prng.int(200, 30000));
    draft.bank.push({
      day: start + prng.int(0, days - 1),
      seq: prng.next(),
      amountMinor: -amount,
      description: prng.pick(kinds),
      pays: [],
    });
  }
}

function addDuplicates(prng: Prng, draft: Draft, rates: NoiseRates): void {
  const bankCount = draft.bank.length;
  for (let i = 0; i < bankCount; i++) {
    const b = draft.bank[i] as Draft['bank'][number];
    // The re-posted line is booked with or just after the original, so it sorts after it.
    if (prng.chance(rates.bankDuplicate)) draft.bank.push({ ...b, seq: b.seq + 1e-9, pays: [] });
  }
  const expCount = draft.expenses.length;
  for (let i = 0; i < expCount; i++) {
    const e = draft.expenses[i] as Draft['expenses'][number];
    // A duplicate entry is keyed later than the original: sequence 2 puts it after every first entry.
    if (prng.chance(rates.expenseDuplicate)) draft.expenses.push({ ...e, seq: 2 + prng.next() });
  }
}

/** Drops lines booked after the period, orders by date like a statement, assigns ids and the truth. */
function finish(draft: Draft, lastDay: number): SyntheticLedger {
  const expOrder = draft.expenses.map((_, i) => i).sort((a, b) => bySeq(draft.expenses, a, b));
  const expId = new Array<string>(draft.expenses.length);
  const width = String(draft.expenses.length).length + 1;
  const expenses: Expense[] = expOrder.map((i, k) => {
    const e = draft.expenses[i] as Draft['expenses'][number];
    expId[i] = `e${String(k).padStart(width, '0')}`;
    const out: Expense = {
      id: expId[i] as string,
      date: epochDayToIso(e.day),
      amountMinor: e.amountMinor,
      currency,
      vendor: e.vendor.name,
      description: `${e.vendor.category} from ${e.vendor.name}`,
      category: e.vendor.category,
    };
    if (e.reference !== undefined) out.reference = e.reference;
    return out;
  });
  const kept = draft.bank.map((_, i) => i).filter((i) => (draft.bank[i] as Draft['bank'][number]).day <= lastDay);
  kept.sort((a, b) => bySeq(draft.bank, a, b));
  const bankLines: BankLine[] = [];
  const truth: TruthPair[] = [];
  const bankWidth = String(kept.length).length + 1;
  kept.forEach((i, k) => {
    const b = draft.bank[i] as Draft['bank'][number];
    const id = `b${String(k).padStart(bankWidth, '0')}`;
    const line: BankLine = {
      id,
      account,
      date: epochDayToIso(b.day),
      amountMinor: b.amountMinor,
      currency,
      description: b.description,
    };
    if (b.reference !== undefined) line.reference = b.reference;
    bankLines.push(line);
    for (const e of b.pays) truth.push({ bankId: id, expenseId: expId[e] as string });
  });
  return { bankLines, expenses, truth };
}

function bySeq(rows: ReadonlyArray<{ day: number; seq: number }>, a: number, b: number): number {
  const x = rows[a] as { day: number; seq: number };
  const y = rows[b] as { day: number; seq: number };
  // Expense duplicates carry seq >= 2 and so follow every original regardless of day.
  const xs = x.seq >= 2 ? 1 : 0;
  const ys = y.seq >= 2 ? 1 : 0;
  return xs - ys || x.day - y.day || x.seq - y.seq;
}

function swapCents(amount: bigint): bigint {
  const s = amount.toString();
  if (s.length < 3 || s[s.length - 1] === s[s.length - 2]) return amount;
  return BigInt(s.slice(0, -2) + s[s.length - 1] + s[s.length - 2]);
}

function swapLastDigits(ref: string): string {
  const n = ref.length;
  if (ref[n - 1] === ref[n - 2]) return ref;
  return ref.slice(0, n - 2) + ref[n - 1] + ref[n - 2];
}
