// The ledger state machine: double-entry bigint accounts, holds and idempotent commands, in the TigerBeetle style.
import { assert, type Err, err, ok, type Result } from '../../../kernel/index.js';
import { ledgerLimits } from './limits.js';
import { fnv1a64 } from './state-hash.js';
import type {
  AccountFlags,
  AccountView,
  AssetSpec,
  HoldView,
  LedgerErrorCode,
  Transfer,
  TransferKind,
} from './types.js';

/** A refused ledger command. */
export type LedgerErr = Err<LedgerErrorCode>;
/** The outcome of a ledger command. */
export type LedgerResult<T> = Result<T, LedgerErrorCode>;

/** A transfer the caller asks for; the ledger assigns the id. */
export interface TransferRequest {
  readonly debitAccountId: string;
  readonly creditAccountId: string;
  readonly amountMinor: bigint;
  readonly kind: TransferKind;
  /** Debit this hold (on the debit account) instead of the available balance. */
  readonly fromHoldId?: string;
}

interface AccountState {
  readonly id: string;
  readonly owner: string;
  readonly asset: string;
  readonly flags: AccountFlags;
  available: bigint;
  held: bigint;
}

interface HoldState {
  readonly id: string;
  readonly accountId: string;
  remaining: bigint;
}

interface IdempotencyEntry {
  readonly fingerprint: string;
  readonly transfers: readonly Transfer[];
}

/** JSON-safe image of a ledger (bigints as decimal strings). */
export interface LedgerSnapshot {
  readonly version: 1;
  readonly nextTransferId: number;
  readonly assets: readonly AssetSpec[];
  readonly accounts: readonly {
    id: string;
    owner: string;
    asset: string;
    allowNegative: boolean;
    creditLimitMinor: string;
    available: string;
    held: string;
  }[];
  readonly holds: readonly { id: string; accountId: string; remaining: string }[];
  readonly idempotency: readonly {
    key: string;
    fingerprint: string;
    transfers: readonly (Omit<Transfer, 'amountMinor'> & { amountMinor: string })[];
  }[];
}

/** The id of the per-asset account that stands for the world outside the ledger; deposits debit it, withdrawals credit it. */
export function externalAccountId(asset: string): string {
  return `external:${asset}`;
}

/** Checks an identifier's shape; returns null when acceptable. */
function checkId(id: string, field: string): LedgerErr | null {
  if (typeof id !== 'string' || id.length === 0 || id.length > ledgerLimits.idLengthMax) {
    return err('id_invalid', `${field} must be 1..${ledgerLimits.idLengthMax} characters`, field);
  }
  return null;
}

function checkAmount(amount: bigint, field = 'amountMinor'): LedgerErr | null {
  if (amount <= 0n) return err('amount_must_be_positive', `${field} must be > 0`, field);
  if (amount > ledgerLimits.amountMinorMax) return err('amount_above_max', `${field} above the ledger maximum`, field);
  return null;
}

/** The lowest available balance an account may reach, or null for no floor. */
function floorOf(flags: AccountFlags): bigint | null {
  if (flags.allowNegative) return null;
  return -(flags.creditLimitMinor ?? 0n);
}

/**
 * Double-entry ledger. Every mutation is a list of transfers that each debit one account and credit another by the
 * same amount, so per asset the sum over all accounts (including the external one) is always zero. Commands are
 * all-or-nothing: they validate everything before they change anything.
 */
export class Ledger {
  private readonly assets = new Map<string, AssetSpec>();
  private readonly accounts = new Map<string, AccountState>();
  private readonly holds = new Map<string, HoldState>();
  private readonly idempotency = new Map<string, IdempotencyEntry>();
  private nextTransferId = 1;

  /** Registers an asset and opens its external account (which may go negative: it mirrors money held outside). */
  addAsset(spec: AssetSpec): LedgerResult<AssetSpec> {
    const bad = checkId(spec.code, 'code');
    if (bad) return bad;
    if (!Number.isInteger(spec.scale) || spec.scale < 0 || spec.scale > ledgerLimits.assetScaleMax) {
      return err('asset_scale_invalid', `scale must be an integer 0..${ledgerLimits.assetScaleMax}`, 'scale');
    }
    if (this.assets.has(spec.code)) return err('asset_exists', spec.code, 'code');
    const frozen = { code: spec.code, scale: spec.scale };
    this.assets.set(spec.code, frozen);
    this.accounts.set(externalAccountId(spec.code), {
      id: externalAccountId(spec.code),
      owner: 'external',
      asset: spec.code,
      flags: { allowNegative: true },
      available: 0n,
      held: 0n,
    });
    return ok(frozen);
  }

  /** Looks up an asset. */
  asset(code: string): AssetSpec | undefined {
    return this.assets.get(code);
  }

  /** Opens an account for `owner` in `asset`. */
  openAccount(input: { id: string; owner: string; asset: string; flags?: AccountFlags }): LedgerResult<AccountView> {
    const bad = checkId(input.id, 'id') ?? checkId(input.owner, 'owner');
    if (bad) return bad;
    if (!this.assets.has(input.asset)) return err('asset_not_found', input.asset, 'asset');
    if (this.accounts.has(input.id)) return err('account_exists', input.id, 'id');
    const credit = input.flags?.creditLimitMinor;
    if (credit !== undefined && credit < 0n) return err('amount_must_be_positive', 'creditLimitMinor < 0', 'flags');
    const state: AccountState = {
      id: input.id,
      owner: input.owner,
      asset: input.asset,
      flags: { ...input.flags },
      available: 0n,
      held: 0n,
    };
    this.accounts.set(input.id, state);
    return ok(view(state));
  }

  /** A read-only copy of an account, or undefined. */
  account(id: string): AccountView | undefined {
    const a = this.accounts.get(id);
    return a ? view(a) : undefined;
  }

  /** All accounts in id order (deterministic). */
  listAccounts(): AccountView[] {
    return [...this.accounts.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(view);
  }

  /** A read-only copy of a hold, or undefined once it is fully used or released. */
  hold(id: string): HoldView | undefined {
    const h = this.holds.get(id);
    return h ? { id: h.id, accountId: h.accountId, remainingMinor: h.remaining } : undefined;
  }

  /** Moves money in from outside. Idempotent by `key`: a retry with the same body returns the first result. */
  deposit(key: string, accountId: string, amountMinor: bigint): LedgerResult<readonly Transfer[]> {
    const a = this.accounts.get(accountId);
    if (!a) return err('account_not_found', accountId, 'accountId');
    return this.submit(key, [
      { debitAccountId: externalAccountId(a.asset), creditAccountId: accountId, amountMinor, kind: 'deposit' },
    ]);
  }

  /** Moves money out to the world. Idempotent by `key` like deposit. */
  withdraw(key: string, accountId: string, amountMinor: bigint): LedgerResult<readonly Transfer[]> {
    const a = this.accounts.get(accountId);
    if (!a) return err('account_not_found', accountId, 'accountId');
    return this.submit(key, [
      { debitAccountId: accountId, creditAccountId: externalAccountId(a.asset), amountMinor, kind: 'withdrawal' },
    ]);
  }

  /**
   * Applies a list of transfers atomically, optionally under an idempotency key. Same key and same body returns the
   * stored result; same key with another body is `idempotency_key_reused`. Refused commands are not stored, so a
   * client may retry them with the same key once the cause is fixed (as Stripe does for requests that never ran).
   */
  submit(key: string | null, requests: readonly TransferRequest[]): LedgerResult<readonly Transfer[]> {
    let fingerprint = '';
    if (key !== null) {
      const bad = checkId(key, 'key');
      if (bad) return bad;
      fingerprint = fingerprintOf(requests);
      const seen = this.idempotency.get(key);
      if (seen) {
        if (seen.fingerprint !== fingerprint) return err('idempotency_key_reused', key, 'key');
        return ok(seen.transfers);
      }
    }
    const invalid = this.validate(requests);
    if (invalid) return invalid;
    const transfers = requests.map((r) => this.post(r));
    if (key !== null) this.idempotency.set(key, { fingerprint, transfers });
    return ok(transfers);
  }

  /** Reserves `amountMinor` of an account's available balance under `holdId` (e.g. for an open order). */
  placeHold(holdId: string, accountId: string, amountMinor: bigint): LedgerResult<HoldView> {
    const bad = checkId(holdId, 'holdId') ?? checkAmount(amountMinor);
    if (bad) return bad;
    if (this.holds.has(holdId)) return err('hold_exists', holdId, 'holdId');
    const a = this.accounts.get(accountId);
    if (!a) return err('account_not_found', accountId, 'accountId');
    // A hold may not dip into credit: it reserves money the owner actually has.
    if (a.available < amountMinor)
      return err('insufficient_funds', `${accountId} available ${a.available}`, 'amountMinor');
    a.available -= amountMinor;
    a.held += amountMinor;
    const h: HoldState = { id: holdId, accountId, remaining: amountMinor };
    this.holds.set(holdId, h);
    return ok({ id: holdId, accountId, remainingMinor: amountMinor });
  }

  /**
   * Returns part of a hold to the available balance, or with no amount all of it and closes the hold. A hold used up
   * by settlements stays open at zero until released, so its lifetime matches the order it backs.
   */
  releaseHold(holdId: string, amountMinor?: bigint): LedgerResult<HoldView> {
    const h = this.holds.get(holdId);
    if (!h) return err('hold_not_found', holdId, 'holdId');
    const amount = amountMinor ?? h.remaining;
    if (amountMinor !== undefined) {
      const bad = checkAmount(amount);
      if (bad) return bad;
      if (amount > h.remaining) return err('hold_insufficient', `${holdId} has ${h.remaining}`, 'amountMinor');
    }
    const a = this.accounts.get(h.accountId);
    assert(a !== undefined, 'hold on a missing account');
    a.held -= amount;
    a.available += amount;
    h.remaining -= amount;
    if (amountMinor === undefined) this.holds.delete(holdId);
    return ok({ id: holdId, accountId: h.accountId, remainingMinor: h.remaining });
  }

  /** Total balance (available + held) per account summed over the accounts of one asset; always 0n by construction. */
  assetTotal(asset: string): bigint {
    let total = 0n;
    for (const a of this.accounts.values()) if (a.asset === asset) total += a.available + a.held;
    return total;
  }

  /** A 64-bit hash of every account, hold and idempotency key, in a canonical order, to compare ledgers after replay. */
  stateHash(): string {
    const parts: string[] = [`t${this.nextTransferId}`];
    for (const a of this.listAccounts()) parts.push(`a|${a.id}|${a.asset}|${a.availableMinor}|${a.heldMinor}`);
    for (const id of [...this.holds.keys()].sort()) parts.push(`h|${id}|${this.holds.get(id)?.remaining}`);
    for (const k of [...this.idempotency.keys()].sort()) parts.push(`k|${k}|${this.idempotency.get(k)?.fingerprint}`);
    return fnv1a64(parts.join('\n'));
  }

  /**
   * The whole state as plain JSON-safe data (bigints as decimal strings), for journal snapshots. Restoring it with
   * `Ledger.restore` gives a ledger with the same stateHash.
   */
  snapshot(): LedgerSnapshot {
    const big = (x: bigint): string => x.toString();
    return {
      version: 1,
      nextTransferId: this.nextTransferId,
      assets: [...this.assets.values()],
      accounts: [...this.accounts.values()].map((a) => ({
        id: a.id,
        owner: a.owner,
        asset: a.asset,
        allowNegative: a.flags.allowNegative === true,
        creditLimitMinor: big(a.flags.creditLimitMinor ?? 0n),
        available: big(a.available),
        held: big(a.held),
      })),
      holds: [...this.holds.values()].map((h) => ({ id: h.id, accountId: h.accountId, remaining: big(h.remaining) })),
      idempotency: [...this.idempotency].map(([key, e]) => ({
        key,
        fingerprint: e.fingerprint,
        transfers: e.transfers.map((t) => ({ ...t, amountMinor: big(t.amountMinor) })),
      })),
    };
  }

  /** Rebuilds a ledger from `snapshot()` output. */
  static restore(s: LedgerSnapshot): Ledger {
    assert(s.version === 1, 'unknown ledger snapshot version');
    const l = new Ledger();
    l.nextTransferId = s.nextTransferId;
    for (const a of s.assets) l.assets.set(a.code, { code: a.code, scale: a.scale });
    for (const a of s.accounts) {
      const flags: AccountFlags = a.allowNegative
        ? { allowNegative: true }
        : { creditLimitMinor: BigInt(a.creditLimitMinor) };
      l.accounts.set(a.id, {
        id: a.id,
        owner: a.owner,
        asset: a.asset,
        flags,
        available: BigInt(a.available),
        held: BigInt(a.held),
      });
    }
    for (const h of s.holds) l.holds.set(h.id, { id: h.id, accountId: h.accountId, remaining: BigInt(h.remaining) });
    for (const e of s.idempotency) {
      const transfers = e.transfers.map((t) => ({ ...t, amountMinor: BigInt(t.amountMinor) }));
      l.idempotency.set(e.key, { fingerprint: e.fingerprint, transfers });
    }
    return l;
  }

  /** Checks every request against the current balances as if they were applied in order; null when all pass. */
  private validate(requests: readonly TransferRequest[]): LedgerErr | null {
    // Simulate balance changes so that later requests in the same command see earlier ones.
    const availableDelta = new Map<string, bigint>();
    const holdDelta = new Map<string, bigint>();
    for (const [i, r] of requests.entries()) {
      const bad = checkAmount(r.amountMinor, `requests[${i}].amountMinor`);
      if (bad) return bad;
      const debit = this.accounts.get(r.debitAccountId);
      const credit = this.accounts.get(r.creditAccountId);
      if (!debit) return err('account_not_found', r.debitAccountId, `requests[${i}].debitAccountId`);
      if (!credit) return err('account_not_found', r.creditAccountId, `requests[${i}].creditAccountId`);
      if (debit.id === credit.id) return err('accounts_must_be_different', debit.id, `requests[${i}]`);
      if (debit.asset !== credit.asset) {
        return err('asset_mismatch', `${debit.asset} vs ${credit.asset}`, `requests[${i}].creditAccountId`);
      }
      if (r.fromHoldId !== undefined) {
        const h = this.holds.get(r.fromHoldId);
        if (!h || h.accountId !== debit.id) return err('hold_not_found', r.fromHoldId, `requests[${i}].fromHoldId`);
        const left = h.remaining + (holdDelta.get(h.id) ?? 0n) - r.amountMinor;
        if (left < 0n) return err('hold_insufficient', `${h.id} has ${h.remaining}`, `requests[${i}].amountMinor`);
        holdDelta.set(h.id, left - h.remaining);
      } else {
        const after = debit.available + (availableDelta.get(debit.id) ?? 0n) - r.amountMinor;
        const floor = floorOf(debit.flags);
        if (floor !== null && after < floor) {
          return err('insufficient_funds', `${debit.id} available ${debit.available}`, `requests[${i}].amountMinor`);
        }
        availableDelta.set(debit.id, after - debit.available);
      }
      availableDelta.set(credit.id, (availableDelta.get(credit.id) ?? 0n) + r.amountMinor);
    }
    return null;
  }

  /** Applies one already-validated transfer. */
  private post(r: TransferRequest): Transfer {
    const debit = this.accounts.get(r.debitAccountId);
    const credit = this.accounts.get(r.creditAccountId);
    assert(debit !== undefined && credit !== undefined, 'post after validate: accounts exist');
    if (r.fromHoldId !== undefined) {
      const h = this.holds.get(r.fromHoldId);
      assert(h !== undefined && h.remaining >= r.amountMinor, 'post after validate: hold covers amount');
      h.remaining -= r.amountMinor;
      debit.held -= r.amountMinor;
    } else {
      debit.available -= r.amountMinor;
    }
    credit.available += r.amountMinor;
    const t: Transfer = {
      id: this.nextTransferId++,
      debitAccountId: r.debitAccountId,
      creditAccountId: r.creditAccountId,
      asset: debit.asset,
      amountMinor: r.amountMinor,
      kind: r.kind,
      ...(r.fromHoldId !== undefined ? { fromHoldId: r.fromHoldId } : {}),
    };
    return t;
  }
}

function view(a: AccountState): AccountView {
  return { id: a.id, owner: a.owner, asset: a.asset, flags: a.flags, availableMinor: a.available, heldMinor: a.held };
}

/** A canonical text of a command body, so a reused idempotency key can be told apart from a retry. */
function fingerprintOf(requests: readonly TransferRequest[]): string {
  return requests
    .map((r) => `${r.debitAccountId}>${r.creditAccountId}:${r.amountMinor}:${r.kind}:${r.fromHoldId ?? ''}`)
    .join(';');
}

/** Rejections a caller can pattern-match on without importing the union. */
export type { LedgerErrorCode } from './types.js';
