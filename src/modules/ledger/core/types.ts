// Shapes of the ledger state machine: assets, accounts, holds, transfers and their stable rejection codes.

/** An asset with its number of decimals; amounts of it are bigint minor units (value = minor / 10^scale). */
export interface AssetSpec {
  readonly code: string;
  readonly scale: number;
}

/** Options that decide how far an account may go below zero. */
export interface AccountFlags {
  /** When true the available balance may go arbitrarily negative (used by the per-asset external account). */
  readonly allowNegative?: boolean;
  /** Minor units the available balance may go below zero; 0n when absent. Ignored when allowNegative. */
  readonly creditLimitMinor?: bigint;
}

/** A read-only view of one account. Balance = available + held. */
export interface AccountView {
  readonly id: string;
  readonly owner: string;
  readonly asset: string;
  readonly flags: AccountFlags;
  readonly availableMinor: bigint;
  readonly heldMinor: bigint;
}

/** Why money moved; deposits and withdrawals are the only kinds that cross the ledger's edge. */
export type TransferKind =
  | 'deposit'
  | 'withdrawal'
  | 'transfer'
  | 'trade_base'
  | 'trade_quote'
  | 'fee_maker'
  | 'fee_taker';

/** One balanced movement: `amountMinor` leaves the debit account and enters the credit account, same asset. */
export interface Transfer {
  readonly id: number;
  readonly debitAccountId: string;
  readonly creditAccountId: string;
  readonly asset: string;
  readonly amountMinor: bigint;
  readonly kind: TransferKind;
  /** Set when the debit came out of a hold rather than the available balance. */
  readonly fromHoldId?: string;
}

/** A reservation of part of an account's balance, e.g. for an open order. */
export interface HoldView {
  readonly id: string;
  readonly accountId: string;
  readonly remainingMinor: bigint;
}

/** Every code the ledger returns for a refused command. */
export type LedgerErrorCode =
  | 'amount_must_be_positive'
  | 'amount_above_max'
  | 'account_not_found'
  | 'account_exists'
  | 'asset_not_found'
  | 'asset_exists'
  | 'asset_scale_invalid'
  | 'asset_mismatch'
  | 'accounts_must_be_different'
  | 'id_invalid'
  | 'insufficient_funds'
  | 'hold_not_found'
  | 'hold_exists'
  | 'hold_insufficient'
  | 'idempotency_key_reused'
  | 'fee_bps_invalid'
  | 'fill_invalid';
