// An audit of an exchange state's books: the ledger balances, no account is overdrawn, holds match the open orders,
// and no book is crossed. The property tests hold every state they reach to it, and operators run it on a recovered
// journal (`nexus exchange verify`) or the live exchange (GET /exchange/verify).
import { divRound } from '../../kernel/index.js';
import { externalAccountId } from '../ledger/index.js';
import { type ExchangeState, feeAccountId, userAccountId } from './state.js';
import { formatAmount } from './state-amounts.js';
import type { OrderRecord, SymbolRecord } from './state-types.js';

/** Where one asset's money is, in internal minor units: with the users, in the fee account, and what came in net. */
export interface AssetTotals {
  asset: string;
  /** Users' balances, available plus held. */
  users: bigint;
  /** Of which held for open orders. */
  held: bigint;
  /** Fees collected. */
  fees: bigint;
  /** Deposits less withdrawals (the external account's balance, negated). */
  netDeposits: bigint;
}

/** The outcome: each asset's totals, and one sentence per broken rule (none when the books are sound). */
export interface ExchangeAudit {
  assets: AssetTotals[];
  problems: string[];
}

/** Checks the whole state; reads only. */
export function verifyExchange(s: ExchangeState): ExchangeAudit {
  const problems: string[] = [];
  const totals = new Map<string, AssetTotals>();
  for (const asset of s.assetScales.keys()) {
    totals.set(asset, { asset, users: 0n, held: 0n, fees: 0n, netDeposits: 0n });
    const sum = s.ledger.assetTotal(asset);
    if (sum !== 0n) problems.push(`${asset}: the ledger's accounts sum to ${sum} minor units, not 0`);
  }
  for (const a of s.ledger.listAccounts()) {
    const t = totals.get(a.asset);
    if (t === undefined) continue;
    if (a.id === externalAccountId(a.asset)) {
      t.netDeposits = -(a.availableMinor + a.heldMinor);
      continue;
    }
    if (a.availableMinor < 0n || a.heldMinor < 0n) {
      problems.push(`${a.id} is overdrawn: available ${a.availableMinor}, held ${a.heldMinor} minor units`);
    }
    if (a.id === feeAccountId(a.asset)) t.fees += a.availableMinor + a.heldMinor;
    else {
      t.users += a.availableMinor + a.heldMinor;
      t.held += a.heldMinor;
    }
  }
  const heldBy = new Map<string, bigint>();
  for (const id of s.live) {
    const o = s.orders.get(id) as OrderRecord;
    const sym = s.symbols.get(o.symbol) as SymbolRecord;
    const hold = s.ledger.hold(`o${id}`)?.remainingMinor ?? 0n;
    const open = s.openLots(o);
    if (open <= 0n) problems.push(`order ${id} is live with nothing open`);
    if (o.side === 'sell') {
      if (hold !== open * sym.lotSize)
        problems.push(`order ${id} holds ${hold}, its open sell needs ${open * sym.lotSize}`);
    } else {
      const notional = ((o.holdPrice as bigint) / sym.tickSize) * open * sym.tickValue;
      const feeBps = BigInt(Math.max(sym.makerFeeBps, sym.takerFeeBps));
      const need = notional + divRound(notional * feeBps, 10_000n, 'up');
      if (hold < need) problems.push(`order ${id} holds ${hold}, its open buy can cost ${need}`);
    }
    const account = userAccountId(o.userId, o.side === 'buy' ? sym.quoteAsset : sym.baseAsset);
    heldBy.set(account, (heldBy.get(account) ?? 0n) + hold);
  }
  for (const a of s.ledger.listAccounts()) {
    const expected = heldBy.get(a.id) ?? 0n;
    if (a.heldMinor !== expected) problems.push(`${a.id} holds ${a.heldMinor}, its open orders ${expected}`);
  }
  for (const symbol of s.symbols.keys()) {
    const book = s.engine.book(symbol);
    const bid = book?.bestBid() ?? null;
    const ask = book?.bestAsk() ?? null;
    if (bid !== null && ask !== null && bid >= ask)
      problems.push(`${symbol}'s book is crossed: bid ${bid} ticks, ask ${ask}`);
  }
  return { assets: [...totals.values()].sort((a, b) => a.asset.localeCompare(b.asset)), problems };
}

/** An asset's totals in its declared units, as the CLI and the API show them. */
export function assetTotalsView(t: AssetTotals, scale: number) {
  const f = (v: bigint) => formatAmount(v, scale);
  return { asset: t.asset, users: f(t.users), held: f(t.held), fees: f(t.fees), netDeposits: f(t.netDeposits) };
}
