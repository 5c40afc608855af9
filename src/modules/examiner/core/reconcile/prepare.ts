// Turns bank lines and expenses into column arrays the matcher works on, in a canonical order.
import { absBig, err, ok, type Result } from '../../../../kernel/index.js';
import { isoToEpochDay } from '../dates.js';
import type { BankLine, Expense } from '../records.js';
import { reconcileLimits } from './limits.js';
import { nameTokens, normalizeVendor, payeeKey, referenceDigits } from './normalize.js';

/**
 * One side of the problem as columns. `value` is the amount oriented so both sides agree:
 * an expense's own amount, and the negated amount of a bank line (a payment of 12.00 is -1200 on
 * the statement and +1200 as an expense).
 */
export interface PreparedSide {
  ids: string[];
  day: Int32Array;
  value: Float64Array;
  currency: string[];
  /** Name tokens: the bank description's, or the expense vendor's. */
  tokens: string[][];
  /** Tokens joined by spaces. */
  text: string[];
  /** A small integer per distinct `text` (bank) or `name` (expense), for cheap memo keys. */
  textId: Int32Array;
  /** Bank: payee key of the description. Expense: normalised vendor. */
  name: string[];
  refDigits: string[];
  /** Absolute amount as a digit string, for transposed-digit detection. */
  amountDigits: string[];
}

/** Both sides prepared, each sorted by id so that results never depend on input order. */
export interface Prepared {
  bank: PreparedSide;
  expense: PreparedSide;
  /**
   * Inverse document frequency of each vendor token over the distinct vendors of this run,
   * ln(1 + vendors / vendorsWithToken) (Sparck Jones 1972): a word many vendors share says little.
   */
  vendorTokenIdf: Map<string, number>;
}

type PrepareError = 'duplicate_id' | 'bad_date' | 'amount_out_of_range' | 'too_many_items';

/** Validates and prepares both sides; ids must be unique per side, dates `yyyy-mm-dd`. */
export function prepare(bankLines: readonly BankLine[], expenses: readonly Expense[]): Result<Prepared, PrepareError> {
  const max = reconcileLimits.itemsPerRunMax;
  if (bankLines.length > max || expenses.length > max) return err('too_many_items', `at most ${max} per side`);
  const bank = prepareSide(sortedById(bankLines), (b) => ({
    value: -b.amountMinor,
    tokens: nameTokens(b.description),
    name: payeeKey(b.description),
  }));
  if (!bank.ok) return bank;
  const expense = prepareSide(sortedById(expenses), (e) => {
    const vendorTokens = nameTokens(e.vendor);
    return { value: e.amountMinor, tokens: vendorTokens, name: normalizeVendor(e.vendor) };
  });
  if (!expense.ok) return expense;
  intern(bank.value, bank.value.text);
  intern(expense.value, expense.value.name);
  return ok({ bank: bank.value, expense: expense.value, vendorTokenIdf: tokenIdf(expense.value) });
}

function intern(side: PreparedSide, keys: readonly string[]): void {
  const ids = new Map<string, number>();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    let id = ids.get(k);
    if (id === undefined) {
      id = ids.size;
      ids.set(k, id);
    }
    side.textId[i] = id;
  }
}

function tokenIdf(side: PreparedSide): Map<string, number> {
  const vendors = new Map<string, string[]>();
  for (let i = 0; i < side.ids.length; i++) vendors.set(side.name[i] as string, side.tokens[i] as string[]);
  const df = new Map<string, number>();
  for (const tokens of vendors.values()) for (const t of new Set(tokens)) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [t, n] of df) idf.set(t, Math.log(1 + vendors.size / n));
  return idf;
}

/** The rows in id order; rows that already come sorted (as from a database) are not copied. */
function sortedById<T extends { id: string }>(rows: readonly T[]): readonly T[] {
  for (let i = 1; i < rows.length; i++) {
    if (compareIds((rows[i - 1] as T).id, (rows[i] as T).id) > 0)
      return [...rows].sort((x, y) => compareIds(x.id, y.id));
  }
  return rows;
}

/** Plain code-unit order, the same on every machine (localeCompare is not). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Derived {
  value: bigint;
  tokens: string[];
  name: string;
}

function prepareSide<T extends BankLine | Expense>(
  rows: readonly T[],
  derive: (row: T) => Derived,
): Result<PreparedSide, PrepareError> {
  const n = rows.length;
  const side: PreparedSide = {
    ids: new Array(n),
    day: new Int32Array(n),
    value: new Float64Array(n),
    currency: new Array(n),
    tokens: new Array(n),
    text: new Array(n),
    textId: new Int32Array(n),
    name: new Array(n),
    refDigits: new Array(n),
    amountDigits: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const row = rows[i] as T;
    if (i > 0 && rows[i - 1]?.id === row.id) return err('duplicate_id', row.id, 'id');
    const day = isoToEpochDay(row.date);
    if (day === null) return err('bad_date', `${row.id}: ${row.date}`, 'date');
    const d = derive(row);
    const abs = absBig(d.value);
    if (abs > reconcileLimits.amountMinorMax) return err('amount_out_of_range', row.id, 'amountMinor');
    side.ids[i] = row.id;
    side.day[i] = day;
    side.value[i] = Number(d.value);
    side.currency[i] = row.currency;
    side.tokens[i] = d.tokens;
    side.text[i] = d.tokens.join(' ');
    side.name[i] = d.name;
    side.refDigits[i] = referenceDigits(row.reference);
    side.amountDigits[i] = abs.toString();
  }
  return ok(side);
}
