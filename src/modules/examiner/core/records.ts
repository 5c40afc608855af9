// Shared record types of the Examiner: bank lines, expenses and the rejections an import reports.

/**
 * One line of a bank statement. Amounts are signed from the account's point of view:
 * money leaving the account (a payment) is negative, money arriving (a refund) is positive.
 */
export interface BankLine {
  /** Stable id; importers set it to the row fingerprint so a re-import upserts to the same row. */
  id: string;
  /** The bank account the statement belongs to (IBAN or the bank's account number). */
  account: string;
  /** Booking date as an ISO calendar date, `yyyy-mm-dd`. */
  date: string;
  /** Exact amount in minor units of `currency`; negative for money out. */
  amountMinor: bigint;
  /** ISO 4217 code, upper case. */
  currency: string;
  description: string;
  /** A payment reference when the bank gives one (end-to-end id, invoice number). */
  reference?: string;
}

/** One recorded expense. Amounts are positive for a cost and negative for a credit note or refund. */
export interface Expense {
  /** Stable id; importers set it to the row fingerprint. */
  id: string;
  /** Expense (invoice or receipt) date as an ISO calendar date, `yyyy-mm-dd`. */
  date: string;
  /** Exact amount in minor units of `currency`; positive for a cost. */
  amountMinor: bigint;
  /** ISO 4217 code, upper case. */
  currency: string;
  vendor: string;
  description: string;
  category?: string;
  /** Invoice or receipt number when known. */
  reference?: string;
}

/** Stable codes for rows an importer refuses. */
export type RejectionReason = 'missing_field' | 'bad_date' | 'bad_amount' | 'bad_currency' | 'malformed_row';

/** A row an import refused, with the 1-based line (or spreadsheet row) where it starts. */
export interface RowRejection {
  line: number;
  reason: RejectionReason;
  detail: string;
}
