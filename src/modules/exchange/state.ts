// The exchange state machine: matching engine + ledger + risk + positions + kill switches + algo orders, deterministic.
//
// Pure: no clock, no I/O. Every command carries its own time (`at`), so replaying the journal rebuilds the same state
// and the same stateHash(). Amounts inside are bigint in internal minor units (10^-18 of an asset, see limits.ts).
import { assert, canonicalJson, type Err, err, ok, Prng, type Result } from '../../kernel/index.js';
import {
  fnv1a64,
  Ledger,
  type SymbolSpec as LedgerSymbolSpec,
  settlementAmounts,
  settlementTransfers,
} from '../ledger/index.js';
import { type AlgoOrder, createTwap, createVwap } from './core/algo.js';
import { volumeProfileFromTrades } from './core/algo-plan.js';
import type { BookDepth, DepthLevel } from './core/book.js';
import { MatchingEngine } from './core/matching-engine.js';
import { applyFill, emptyPosition, type Position } from './core/positions.js';
import {
  type AccountRiskLimits,
  buyHoldMinor,
  checkOrder,
  engageKillSwitch,
  type KillSwitchState,
  killSwitchesOff,
  type RiskApproval,
  recordOrderTime,
  releaseKillSwitch,
  shortOfFunds as shortOfFundsDetail,
} from './core/risk.js';
import type { BookEvent, Side, TradeEvent } from './core/types.js';
import { exchangeLimits } from './limits.js';
import { formatters, riskUnits } from './service-views.js';
import { AlgoRecord, type AlgoView, algoView } from './state-algo.js';
import { formatAmount, unitOfDecimals } from './state-amounts.js';
import { ExpiryQueue } from './state-expiry.js';
import { PerUserRetention } from './state-retention.js';
import { type ExchangeSnapshot, restoreExchange, snapshotExchange } from './state-snapshot.js';
import type {
  AddSymbolCommand,
  AlgoControlCommand,
  AlgoCreateCommand,
  AmendOrderCommand,
  CancelAllCommand,
  CancelOrderCommand,
  ExchangeCommand,
  ExchangeEvent,
  FillRecord,
  FundingCommand,
  FundingRecord,
  KillSwitchCommand,
  LevelChange,
  MinorString,
  OrderRecord,
  PlaceOrderCommand,
  RiskLimitsSpec,
  SetRiskLimitsCommand,
  SymbolRecord,
  TradeRecord,
  UpdateSymbolCommand,
} from './state-types.js';

/** What a command returned, by kind. */
export type CommandResult =
  | { kind: 'symbol'; symbol: SymbolRecord }
  | { kind: 'funding'; transferId: number; userId: string; asset: string }
  | { kind: 'order'; order: OrderRecord; fills: FillRecord[] }
  | { kind: 'kill'; cancelledOrders: number }
  | { kind: 'cancelAll'; cancelledOrders: number; cancelledAlgoOrders: number }
  | { kind: 'riskLimits'; userId: string; limits: RiskLimitsSpec | null }
  | { kind: 'algo'; algo: AlgoView }
  | { kind: 'tick'; running: number }
  | { kind: 'expire'; expiredOrders: number };

/** The outcome of one command: its result (or a stable code) and what changed. */
export interface ApplyOutcome {
  result: Result<CommandResult>;
  events: ExchangeEvent[];
}

/** Per-account risk limits for accounts an operator has not configured (see setRiskLimits). */
export const defaultRiskLimits: AccountRiskLimits = {
  orderQtyLotsMax: 1n << 32n,
  orderNotionalQuoteMinorMax: 10n ** 40n,
  openOrdersMax: exchangeLimits.openOrdersPerAccountMax,
  positionLotsMax: exchangeLimits.positionLotsMax,
  priceBandBps: 10_000n,
  ordersPerWindowMax: exchangeLimits.ordersPerRateWindowMax,
  rateWindowMs: exchangeLimits.rateWindowMs,
};

const one = 10n ** BigInt(exchangeLimits.internalScale);

/** Ledger account of a user in an asset. */
export function userAccountId(userId: string, asset: string): string {
  return `u:${userId}:${asset}`;
}

/** The venue's fee account in an asset. */
export function feeAccountId(asset: string): string {
  return `fees:${asset}`;
}

const holdIdOf = (orderId: number): string => `o${orderId}`;

/** Per-command scratch: touched orders, fills, and the book depth before the command for L2 deltas. */
interface Scratch {
  at: number;
  events: ExchangeEvent[];
  touched: Set<number>;
  depthBefore: Map<string, BookDepth>;
  fills: FillRecord[];
  /** Algo parents the command acted on or fed, to retire those it finished. */
  algos: Set<number>;
}

const noOrders: ReadonlySet<number> = new Set();
const openLotsKey = (userId: string, symbol: string, side: Side): string => `${userId}\u0000${symbol}\u0000${side}`;

/** The whole exchange as one deterministic state machine; see the module README for the command list. */
export class ExchangeState {
  engine = new MatchingEngine();
  ledger = new Ledger();
  readonly symbols = new Map<string, SymbolRecord>();
  readonly assetScales = new Map<string, number>();
  readonly orders = new Map<number, OrderRecord>();
  /** Live orders (resting or pending stop), by id; change it only through addLive and removeLive. */
  readonly live = new Set<number>();
  /**
   * The same live orders by user, so a risk check reads the placing user's orders, not every open order of the
   * exchange (which made each order cost grow with the whole book). Derived from `live`; not in snapshots.
   */
  private readonly liveByUser = new Map<string, Set<number>>();
  /**
   * Open lots of live orders as last read from the book, and their sums by user, symbol and side: what a risk check
   * needs without reading every order of the user (up to openOrdersPerAccountMax). Kept current after every book
   * change (processBookEvents) and when an order stops being live; derived, not in snapshots.
   */
  private readonly openLotsSeen = new Map<number, bigint>();
  private readonly openLotsBySide = new Map<string, bigint>();
  readonly clientIds = new Map<string, number>();
  /** Closed orders kept for lookups and idempotency; past the bound the user holding most gives up their oldest. */
  private closed = this.newRetention();
  readonly accountNums = new Map<string, number>();
  readonly accountUsers = new Map<number, string>();
  readonly positions = new Map<string, Position>();
  readonly rateTimes = new Map<string, number[]>();
  readonly recentTrades = new Map<string, TradeRecord[]>();
  readonly recentFills = new Map<string, FillRecord[]>();
  /**
   * Each user's deposits and withdrawals, oldest first. Kept whole, as the ledger keeps every funding idempotency key
   * with its transfer: one record beside each of those.
   */
  readonly fundingHistory = new Map<string, FundingRecord[]>();
  readonly marketSeq = new Map<string, number>();
  /** Algo parents: the working ones (running or paused) and the finished ones retained (see `finishedAlgos`). */
  readonly algos = new Map<number, AlgoRecord>();
  readonly algoClientIds = new Map<string, number>();
  /**
   * The running and paused parents, in id order: what algo ticks, market trades, cancels and caps go through, so
   * their cost follows the (capped) working parents rather than every parent ever created.
   */
  private readonly workingAlgos = new Map<number, AlgoRecord>();
  /** Finished parents kept for lookups and clientOrderId idempotency, bounded per account like closed orders. */
  private finishedAlgos = this.newAlgoRetention();
  /** Good-till-date orders by expiry time (entries of orders closed since are dropped when they come up). */
  private readonly expiries = new ExpiryQueue();
  kill: KillSwitchState = killSwitchesOff();
  /** While set, orders the book cancels are recorded as cancelled for this cause (kill switch, algo parent). */
  private cancelCause: string | null = null;
  /** Operator-set risk limits by user; fields not given fall back to defaultRiskLimits. */
  readonly riskOverrides = new Map<string, RiskLimitsSpec>();
  nextOrderId = 1;
  nextTradeId = 1;
  nextAlgoId = 1;
  commandsApplied = 0;
  private scratch: Scratch | null = null;

  /** Applies one command; the result is ok with its output or a stable code; events list what changed. */
  apply(command: ExchangeCommand): ApplyOutcome {
    assert(this.scratch === null, 'apply is not re-entrant');
    const s: Scratch = {
      at: command.at,
      events: [],
      touched: new Set(),
      depthBefore: new Map(),
      fills: [],
      algos: new Set(),
    };
    this.scratch = s;
    this.commandsApplied++;
    try {
      const result = this.dispatch(command);
      this.finish(s);
      return { result, events: s.events };
    } finally {
      this.scratch = null;
    }
  }

  private dispatch(c: ExchangeCommand): Result<CommandResult> {
    switch (c.kind) {
      case 'addSymbol':
        return this.addSymbol(c);
      case 'updateSymbol':
        return this.updateSymbol(c);
      case 'deposit':
      case 'withdraw':
        return this.funding(c);
      case 'place':
        return this.place(c, null);
      case 'cancel':
        return this.cancel(c);
      case 'amend':
        return this.amend(c);
      case 'cancelAll':
        return this.cancelAll(c);
      case 'killSwitch':
        return this.killSwitch(c);
      case 'setRiskLimits':
        return this.setRiskLimits(c);
      case 'algoCreate':
        return this.algoCreate(c);
      case 'algoControl':
        return this.algoControl(c);
      case 'algoTick':
        return this.algoTick(c.at);
      case 'expireOrders':
        return this.expireOrders(c.at);
    }
  }

  // ---- symbols and funding ----

  private addSymbol(c: AddSymbolCommand): Result<CommandResult> {
    if (this.symbols.has(c.symbol)) return err('symbol_already_listed', c.symbol, 'symbol');
    if (c.baseAsset === c.quoteAsset) {
      return err('assets_must_differ', `the base and the quote are both ${c.baseAsset}`, 'quoteAsset');
    }
    for (const [asset, scale, field] of [
      [c.baseAsset, c.baseScale, 'baseScale'],
      [c.quoteAsset, c.quoteScale, 'quoteScale'],
    ] as const) {
      const known = this.assetScale(asset);
      if (known !== null && known !== scale) return err('asset_scale_conflict', `${asset} has scale ${known}`, field);
    }
    if (c.makerFeeBps > c.takerFeeBps) {
      const detail = `the maker fee (${c.makerFeeBps} bps) is above the taker fee (${c.takerFeeBps} bps)`;
      return err('maker_fee_above_taker_fee', detail, 'makerFeeBps');
    }
    const tick = BigInt(c.tickSize);
    const lot = BigInt(c.lotSize);
    if (tick <= 0n) return err('tick_size_must_be_positive', 'the tick size must be above zero', 'tickSize');
    if (lot <= 0n) return err('lot_size_must_be_positive', 'the lot size must be above zero', 'lotSize');
    // A lot finer than the base asset's decimals would leave balances no withdrawal can take out in full.
    if (lot % unitOfDecimals(c.baseScale) !== 0n) {
      const detail = `the lot size must be a whole number of ${c.baseAsset}'s smallest unit (${c.baseScale} decimals)`;
      return err('lot_size_finer_than_base_scale', detail, 'lotSize');
    }
    if ((tick * lot) % one !== 0n) return err('tick_value_not_exact', 'tickSize * lotSize is too fine', 'lotSize');
    const ref = c.referencePrice === undefined ? undefined : BigInt(c.referencePrice);
    const added = this.engine.addSymbol({
      symbol: c.symbol,
      tickSize: tick,
      lotSize: lot,
      minQty: BigInt(c.minQuantity),
      maxQty: BigInt(c.maxQuantity),
      ...(ref === undefined ? {} : { referencePrice: ref }),
    });
    if (!added.ok) return withApiField(added);
    for (const [asset, scale] of [
      [c.baseAsset, c.baseScale],
      [c.quoteAsset, c.quoteScale],
    ] as const) {
      if (this.assetScale(asset) === null) this.addAsset(asset, scale);
    }
    const record: SymbolRecord = {
      symbol: c.symbol,
      baseAsset: c.baseAsset,
      quoteAsset: c.quoteAsset,
      baseScale: c.baseScale,
      quoteScale: c.quoteScale,
      tickSize: tick,
      lotSize: lot,
      minQuantity: BigInt(c.minQuantity),
      maxQuantity: BigInt(c.maxQuantity),
      priceBandPercent: c.priceBandPercent,
      referencePrice: ref ?? null,
      makerFeeBps: c.makerFeeBps,
      takerFeeBps: c.takerFeeBps,
      tickValue: (tick * lot) / one,
      lastPrice: null,
      halted: false,
    };
    this.symbols.set(c.symbol, record);
    this.marketSeq.set(c.symbol, 0);
    return ok({ kind: 'symbol', symbol: { ...record } });
  }

  private updateSymbol(c: UpdateSymbolCommand): Result<CommandResult> {
    const sym = this.symbols.get(c.symbol);
    if (!sym) return err('unknown_symbol', unlistedSymbol(c.symbol), 'symbol');
    if (c.halted === undefined && c.priceBandPercent === undefined && c.referencePrice === undefined) {
      return err('symbol_update_empty', 'give halted, priceBandPercent, referencePrice or several', 'body');
    }
    const band = c.priceBandPercent;
    if (band !== undefined && !(band > 0 && band <= 100)) {
      return err('price_band_invalid', 'the price band is a percentage above 0 and at most 100', 'priceBandPercent');
    }
    const ref =
      c.referencePrice === undefined || c.referencePrice === null ? c.referencePrice : BigInt(c.referencePrice);
    if (typeof ref === 'bigint') {
      const bad = priceRefusal(sym, ref, 'referencePrice', 'reference price');
      if (bad) return bad;
    }
    if (c.halted !== undefined) sym.halted = c.halted;
    if (band !== undefined) sym.priceBandPercent = band;
    if (ref !== undefined) sym.referencePrice = ref;
    this.scratch?.events.push({ type: 'symbol', symbol: sym.symbol });
    return ok({ kind: 'symbol', symbol: { ...sym } });
  }

  /** The refusal of an order or amend on a halted symbol. */
  private haltedRefusal(sym: SymbolRecord): Err | null {
    if (!sym.halted) return null;
    return err('symbol_halted', `trading in ${sym.symbol} is halted; orders can still be cancelled`, 'symbol');
  }

  /** Declared scale of an asset (decimals clients may use), or null when unknown. */
  assetScale(asset: string): number | null {
    return this.assetScales.get(asset) ?? null;
  }

  /** Registers an asset at the internal scale, remembers its declared scale, and opens its fee account. */
  private addAsset(asset: string, declaredScale: number): void {
    const added = this.ledger.addAsset({ code: asset, scale: exchangeLimits.internalScale });
    assert(added.ok, `asset ${asset} could not be added`);
    this.assetScales.set(asset, declaredScale);
    const fees = this.ledger.openAccount({ id: feeAccountId(asset), owner: 'venue', asset });
    assert(fees.ok, 'fee account');
  }

  private ensureAccount(userId: string, asset: string): string {
    const id = userAccountId(userId, asset);
    if (!this.ledger.account(id)) {
      const opened = this.ledger.openAccount({ id, owner: userId, asset });
      assert(opened.ok, `account ${id}: ${opened.ok ? '' : opened.code}`);
    }
    return id;
  }

  private funding(c: FundingCommand): Result<CommandResult> {
    if (this.assetScale(c.asset) === null) return err('asset_not_found', unlistedAsset(c.asset), 'asset');
    const amount = BigInt(c.amount);
    if (amount <= 0n) return err('amount_must_be_positive', 'the amount must be above zero', 'amount');
    const account = this.ensureAccount(c.userId, c.asset);
    const key = `${c.kind}:${c.userId}:${c.idempotencyKey}`;
    const done =
      c.kind === 'deposit' ? this.ledger.deposit(key, account, amount) : this.ledger.withdraw(key, account, amount);
    if (!done.ok) {
      // The ledger's details name its own account ids and minor units; say it in the client's terms.
      const scale = this.assetScale(c.asset) as number;
      const asText = (minor: bigint) => `${formatAmount(minor, scale)} ${c.asset}`;
      if (done.code === 'insufficient_funds') {
        const available = this.ledger.account(account)?.availableMinor ?? 0n;
        return err(done.code, `${asText(amount)} asked, ${asText(available)} available`, 'amount');
      }
      if (done.code === 'idempotency_key_reused') {
        const detail = `idempotency key "${c.idempotencyKey}" was used for another ${c.kind}`;
        return err(done.code, detail, 'idempotencyKey');
      }
      return done;
    }
    const transferId = (done.value[0] as { id: number }).id;
    this.recordFunding(c, transferId, amount);
    return ok({ kind: 'funding', transferId, userId: c.userId, asset: c.asset });
  }

  /**
   * Adds a funding transfer to its owner's history, once: a retry with the same key answers the first transfer, whose
   * id is not above the newest one recorded (a user's transfer ids rise).
   */
  private recordFunding(c: FundingCommand, transferId: number, amount: bigint): void {
    let history = this.fundingHistory.get(c.userId);
    if (!history) {
      history = [];
      this.fundingHistory.set(c.userId, history);
    }
    if (transferId <= (history[history.length - 1]?.id ?? 0)) return;
    const { userId, kind, asset, idempotencyKey, at } = c;
    const transfer: FundingRecord = { id: transferId, userId, kind, asset, amount, idempotencyKey, at };
    history.push(transfer);
    this.scratch?.events.push({ type: 'transfer', transfer });
  }

  // ---- orders ----

  private accountNum(userId: string): number {
    let n = this.accountNums.get(userId);
    if (n === undefined) {
      n = this.accountNums.size + 1;
      this.accountNums.set(userId, n);
      this.accountUsers.set(n, userId);
    }
    return n;
  }

  /** Ticks of the reference price (last trade, else the listed reference), or undefined. */
  referenceTicks(sym: SymbolRecord): bigint | undefined {
    const p = sym.lastPrice ?? sym.referencePrice;
    return p === null ? undefined : p / sym.tickSize;
  }

  /** Quote minor units a buy of `lots` at `ticks` must hold (see buyHoldMinor), with the worst-case fee. */
  buyHold(sym: SymbolRecord, ticks: bigint, lots: bigint): bigint {
    const feeBps = BigInt(Math.max(sym.makerFeeBps, sym.takerFeeBps));
    return buyHoldMinor(ticks * lots * sym.tickValue, feeBps, lots, quoteUnitOf(sym));
  }

  private place(c: PlaceOrderCommand, algo: { algoId: number; childId: string } | null): Result<CommandResult> {
    const fingerprint = placeFingerprint(c);
    const idKey = `${c.userId}\u0000${c.clientOrderId}`;
    const seen = this.clientIds.get(idKey);
    if (seen !== undefined) {
      const order = this.orders.get(seen);
      if (order) {
        if (order.fingerprint !== fingerprint) {
          const detail = `clientOrderId "${c.clientOrderId}" was used for a different order`;
          return err('idempotency_key_reused', detail, 'clientOrderId');
        }
        const fills = (this.recentFills.get(c.userId) ?? []).filter((f) => f.orderId === order.id);
        return ok({ kind: 'order', order: { ...order }, fills });
      }
    }
    const sym = this.symbols.get(c.symbol);
    if (!sym) return err('unknown_symbol', unlistedSymbol(c.symbol), 'symbol');
    const halted = this.haltedRefusal(sym);
    if (halted) return halted;
    const shape = checkShape(c);
    if (shape) return shape;
    const quantity = BigInt(c.quantity);
    const bounds = quantityRefusal(sym, quantity) ?? this.quantityBounds(sym, quantity);
    if (bounds) return bounds;
    const lots = quantity / sym.lotSize;
    const priced = c.type === 'limit' || c.type === 'stop_limit';
    const price = priced ? BigInt(c.price as string) : null;
    const badPrice = pricesRefusal(sym, price, c.stopPrice === undefined ? undefined : BigInt(c.stopPrice));
    if (badPrice) return badPrice;
    const risk = this.riskCheck(c, sym, lots, price, c.at);
    if (!risk.ok) return risk;
    const holdPriceTicks = risk.value;
    const base = this.ensureAccount(c.userId, sym.baseAsset);
    const quote = this.ensureAccount(c.userId, sym.quoteAsset);
    const holdAmount = c.side === 'buy' ? this.buyHold(sym, holdPriceTicks, lots) : quantity;
    const orderId = this.nextOrderId++;
    const hold = this.ledger.placeHold(holdIdOf(orderId), c.side === 'buy' ? quote : base, holdAmount);
    if (!hold.ok) {
      const available = this.ledger.account(c.side === 'buy' ? quote : base)?.availableMinor ?? 0n;
      return err('insufficient_funds', this.shortOfFunds(sym, c.side, holdAmount, available), 'quantity');
    }
    this.rateTimes.set(
      c.userId,
      recordOrderTime(this.rateTimes.get(c.userId) ?? [], c.at, defaultRiskLimits.rateWindowMs),
    );
    const record = newOrderRecord(c, orderId, price, holdPriceTicks * sym.tickSize, fingerprint, algo);
    this.orders.set(orderId, record);
    this.addLive(orderId);
    this.beforeBookChange(sym.symbol);
    const result = this.engine.place({
      symbol: c.symbol,
      orderId,
      clientOrderId: c.clientOrderId,
      accountId: this.accountNum(c.userId),
      side: c.side,
      type: c.type,
      timeInForce: record.timeInForce,
      ...(priced ? { price: price as bigint } : { price: holdPriceTicks * sym.tickSize }),
      ...(record.stopPrice === null ? {} : { stopPrice: record.stopPrice }),
      quantity,
      postOnly: record.postOnly,
      ...(record.displayQuantity === null ? {} : { displayQuantity: record.displayQuantity }),
      stp: record.stp,
      timestamp: c.at,
    });
    if (result.code !== 'ok') {
      // Nothing happened in the book: undo the hold and forget the order (a retry with the same clientOrderId may work).
      this.ledger.releaseHold(holdIdOf(orderId));
      this.removeLive(orderId);
      this.orders.delete(orderId);
      return bookRefusal(result.code);
    }
    this.clientIds.set(idKey, orderId);
    if (record.expireAt !== null) this.expiries.add(orderId, record.expireAt);
    this.touch(orderId);
    this.processBookEvents(sym, result.events);
    return ok({ kind: 'order', order: record, fills: this.scratch?.fills.filter((f) => f.orderId === orderId) ?? [] });
  }

  /**
   * Runs pre-trade risk; returns the price in ticks the hold is sized at: the limit price, or for a market order the
   * band edge on its side or the client's protection price where that is tighter (or the symbol has no reference yet).
   */
  private riskCheck(
    c: PlaceOrderCommand,
    sym: SymbolRecord,
    lots: bigint,
    price: bigint | null,
    at: number,
  ): Result<bigint> {
    let priced: RiskPrice;
    if (price !== null) priced = { limitTicks: price / sym.tickSize };
    else if (c.protectionPrice === undefined) priced = {};
    else {
      const p = BigInt(c.protectionPrice);
      const bad = priceRefusal(sym, p, 'protectionPrice', 'protection price');
      if (bad) return err('protection_price_invalid', bad.detail, 'protectionPrice');
      priced = { protectionTicks: p / sym.tickSize };
    }
    const asset = c.side === 'buy' ? sym.quoteAsset : sym.baseAsset;
    const available = this.ledger.account(userAccountId(c.userId, asset))?.availableMinor ?? 0n;
    const checked = this.checkRisk(c.userId, sym, c.side, priced, lots, {
      available,
      recentOrderTimesMs: this.rateTimes.get(c.userId) ?? [],
      at,
    });
    return checked.ok ? ok(checked.value.priceTicks) : checked;
  }

  /**
   * Whether an order is still in its book. The live set is brought up to date at the end of each command, so within
   * one command (a kill switch then an algo cancel, say) the book is asked directly.
   */
  private isLive(o: OrderRecord): boolean {
    return this.live.has(o.id) && this.openLots(o) > 0n;
  }

  /** Marks order `id` (already in `orders`) live. */
  addLive(id: number): void {
    const o = this.orders.get(id);
    assert(o !== undefined, 'a live order has a record');
    this.live.add(id);
    let own = this.liveByUser.get(o.userId);
    if (own === undefined) {
      own = new Set();
      this.liveByUser.set(o.userId, own);
    }
    own.add(id);
  }

  private removeLive(id: number): void {
    if (!this.live.delete(id)) return;
    this.syncOpenLots(id);
    const userId = (this.orders.get(id) as OrderRecord).userId;
    const own = this.liveByUser.get(userId) as Set<number>;
    own.delete(id);
    if (own.size === 0) this.liveByUser.delete(userId);
  }

  /** Reads order `id`'s open lots from the book (0 once it is not live) into openLotsSeen and the sums. */
  private syncOpenLots(id: number): void {
    const o = this.orders.get(id);
    if (o === undefined) return;
    const now = this.live.has(id) ? this.openLots(o) : 0n;
    const before = this.openLotsSeen.get(id) ?? 0n;
    if (now === before) return;
    if (now === 0n) this.openLotsSeen.delete(id);
    else this.openLotsSeen.set(id, now);
    const key = openLotsKey(o.userId, o.symbol, o.side);
    const sum = (this.openLotsBySide.get(key) ?? 0n) + now - before;
    if (sum === 0n) this.openLotsBySide.delete(key);
    else this.openLotsBySide.set(key, sum);
  }

  /** Rebuilds the open-lots sums from the books (after a restore, once the books hold their orders). */
  rebuildOpenLots(): void {
    this.openLotsSeen.clear();
    this.openLotsBySide.clear();
    for (const id of this.live) this.syncOpenLots(id);
  }

  /** Open lots of `userId`'s live orders on one side of `symbol`. */
  openLotsOf(userId: string, symbol: string, side: Side): bigint {
    return this.openLotsBySide.get(openLotsKey(userId, symbol, side)) ?? 0n;
  }

  /** The live order ids of `userId`. */
  liveOrdersOf(userId: string): ReadonlySet<number> {
    return this.liveByUser.get(userId) ?? noOrders;
  }

  /** Open (unfilled, not cancelled) lots of a live order as the book sees it. */
  openLots(o: OrderRecord): bigint {
    const book = this.engine.book(o.symbol);
    return BigInt(book?.openQtyLots(o.id) ?? 0);
  }

  /** An account's position in a symbol. */
  position(userId: string, symbol: string): Position {
    return this.positions.get(`${userId}\u0000${symbol}`) ?? emptyPosition(userId, symbol);
  }

  private cancel(c: CancelOrderCommand): Result<CommandResult> {
    const o = this.orders.get(c.orderId);
    if (!o || o.userId !== c.userId) return err('unknown_order', noOrderOfYours(c.orderId), 'id');
    if (!this.isLive(o)) return err('order_not_open', o.status, 'id');
    this.cancelLive(o, c.at);
    return ok({ kind: 'order', order: o, fills: [] });
  }

  /** Takes a live order off its book (or its stop off the trigger list), releasing what it held. */
  private cancelLive(o: OrderRecord, at: number): void {
    const sym = this.symbols.get(o.symbol) as SymbolRecord;
    this.beforeBookChange(o.symbol);
    const r = this.engine.cancel({
      symbol: o.symbol,
      orderId: o.id,
      accountId: this.accountNum(o.userId),
      timestamp: at,
    });
    assert(r.code === 'ok', `cancel of live order ${o.id} failed: ${r.code}`);
    this.touch(o.id);
    this.processBookEvents(sym, r.events);
  }

  private cancelAll(c: CancelAllCommand): Result<CommandResult> {
    if (c.symbol !== undefined && !this.symbols.has(c.symbol)) {
      return err('unknown_symbol', unlistedSymbol(c.symbol), 'symbol');
    }
    return c.cause === undefined ? this.cancelAllOf(c) : this.withCancelCause(c.cause, () => this.cancelAllOf(c));
  }

  private cancelAllOf(c: CancelAllCommand): Result<CommandResult> {
    const inScope = (symbol: string) => c.symbol === undefined || symbol === c.symbol;
    // Parents first: cancelling one takes its working child with it, and a parent left running would send the next.
    let cancelledAlgoOrders = 0;
    for (const a of this.workingAlgos.values()) {
      if (a.userId !== c.userId || !a.algo.working || !inScope(a.symbol)) continue;
      this.runAlgoActions(a, a.algo.cancel(), c.at);
      cancelledAlgoOrders++;
    }
    // Ids ascending, so the events come out in the order the orders were placed whatever the set's history.
    const ids = [...this.liveOrdersOf(c.userId)].sort((x, y) => x - y);
    let cancelledOrders = 0;
    for (const id of ids) {
      const o = this.orders.get(id) as OrderRecord;
      if (!this.isLive(o) || !inScope(o.symbol)) continue;
      this.cancelLive(o, c.at);
      cancelledOrders++;
    }
    return ok({ kind: 'cancelAll', cancelledOrders, cancelledAlgoOrders });
  }

  private amend(c: AmendOrderCommand): Result<CommandResult> {
    const o = this.orders.get(c.orderId);
    if (!o || o.userId !== c.userId) return err('unknown_order', noOrderOfYours(c.orderId), 'id');
    if (!this.isLive(o)) return err('order_not_open', o.status, 'id');
    // Its parent sized the child; amend the parent's schedule instead (pause, cancel, new parent).
    if (o.algoId !== null) return err('algo_child_not_amendable', `child of algo order ${o.algoId}`, 'id');
    const sym = this.symbols.get(o.symbol) as SymbolRecord;
    const halted = this.haltedRefusal(sym);
    if (halted) return halted;
    const waiting = o.status === 'pending_trigger';
    if (c.stopPrice !== undefined && !waiting) {
      const detail = 'only a stop order waiting for its trigger has a stop price to amend';
      return err('stop_price_not_allowed', detail, 'stopPrice');
    }
    // A stop-market order has no limit price: it keeps the price its hold was sized at (its protection price, or the
    // band edge when it was placed).
    const stopMarket = o.price === null;
    if (stopMarket && c.price !== undefined) {
      return err(
        'price_not_allowed',
        'a stop-market order has no limit price; amend its stop price or quantity',
        'price',
      );
    }
    const price = c.price === undefined ? (o.price ?? (o.holdPrice as bigint)) : BigInt(c.price);
    const quantity = c.quantity === undefined ? o.quantity : BigInt(c.quantity);
    const stopPrice = c.stopPrice === undefined ? undefined : BigInt(c.stopPrice);
    const badPrice = pricesRefusal(sym, price, stopPrice);
    if (badPrice) return badPrice;
    if (quantity <= o.filledQuantity) {
      const detail = `the new quantity must be above the ${formatters(sym).qty(o.filledQuantity)} already filled`;
      return err('amend_quantity_not_above_filled', detail, 'quantity');
    }
    const openQty = quantity - o.filledQuantity;
    const bounds = quantityRefusal(sym, quantity) ?? this.quantityBounds(sym, openQty);
    if (bounds) return bounds;
    const lots = openQty / sym.lotSize;
    const holdId = holdIdOf(o.id);
    const before = this.ledger.hold(holdId)?.remainingMinor ?? 0n;
    // The amended order passes the same pre-trade checks as a new one (kill switches, band, size, notional, position,
    // funds with its own hold counted as available); amends do not count towards the order rate.
    const account = userAccountId(o.userId, o.side === 'buy' ? sym.quoteAsset : sym.baseAsset);
    const available = (this.ledger.account(account)?.availableMinor ?? 0n) + before;
    const now = { available, recentOrderTimesMs: [], at: c.at };
    const ticks = price / sym.tickSize;
    const priced = stopMarket ? { protectionTicks: ticks } : { limitTicks: ticks };
    const risk = this.checkRisk(o.userId, sym, o.side, priced, lots, now, o);
    if (!risk.ok) return risk;
    const target = o.side === 'buy' ? this.buyHold(sym, ticks, lots) : openQty;
    const grown = target > before ? this.regrowHold(o, sym, before, target) : true;
    if (!grown) return err('insufficient_funds', this.shortOfFunds(sym, o.side, target, available), 'quantity');
    this.beforeBookChange(o.symbol);
    const r = this.engine.amend({
      symbol: o.symbol,
      orderId: o.id,
      accountId: this.accountNum(o.userId),
      price,
      quantity: openQty,
      ...(stopPrice === undefined ? {} : { stopPrice }),
      timestamp: c.at,
    });
    if (r.code !== 'ok') {
      if (target > before) this.regrowHold(o, sym, target, before);
      return bookRefusal(r.code);
    }
    if (!stopMarket) o.price = price;
    o.holdPrice = price;
    o.quantity = quantity;
    if (stopPrice !== undefined) o.stopPrice = stopPrice;
    this.touch(o.id);
    this.processBookEvents(sym, r.events);
    return ok({ kind: 'order', order: o, fills: this.scratch?.fills.filter((f) => f.orderId === o.id) ?? [] });
  }

  /**
   * Pre-trade risk for an order of `userId` on `sym` (a limit price, or a market order's protection price if any),
   * with the account's limits, open orders, position and open lots as they stand. `replacing` is an order being amended: its own open
   * lots and open-order slot are left out, as its hold is of `available`, so the amended order is checked as if new.
   */
  private checkRisk(
    userId: string,
    sym: SymbolRecord,
    side: Side,
    price: RiskPrice,
    lots: bigint,
    now: { available: bigint; recentOrderTimesMs: readonly number[]; at: number },
    replacing?: OrderRecord,
  ): Result<RiskApproval> {
    const ref = this.referenceTicks(sym);
    const bandBps = BigInt(Math.round(sym.priceBandPercent * 100));
    const ownLots = replacing === undefined ? 0n : (replacing.quantity - replacing.filledQuantity) / sym.lotSize;
    const checked = checkOrder({
      order: {
        account: userId,
        symbol: sym.symbol,
        side,
        type: price.limitTicks === undefined ? 'market' : 'limit',
        qtyLots: lots,
        ...(price.limitTicks === undefined ? {} : { priceTicks: price.limitTicks }),
        ...(price.protectionTicks === undefined ? {} : { protectionPriceTicks: price.protectionTicks }),
      },
      limits: { ...this.accountLimits(userId, sym), priceBandBps: bandBps },
      state: {
        openOrders: this.liveOrdersOf(userId).size - (replacing === undefined ? 0 : 1),
        positionLots: this.position(userId, sym.symbol).qtyLots,
        openBuyLots: this.openLotsOf(userId, sym.symbol, 'buy') - (side === 'buy' ? ownLots : 0n),
        openSellLots: this.openLotsOf(userId, sym.symbol, 'sell') - (side === 'sell' ? ownLots : 0n),
        availableMinor: now.available,
        recentOrderTimesMs: now.recentOrderTimesMs,
      },
      market: {
        lotBaseMinor: sym.lotSize,
        tickValueQuoteMinor: sym.tickValue,
        takerFeeBps: BigInt(Math.max(sym.makerFeeBps, sym.takerFeeBps)),
        ...(ref === undefined ? {} : { referencePriceTicks: ref }),
        units: riskUnits(sym),
        quoteUnitMinor: quoteUnitOf(sym),
      },
      kill: this.kill,
      nowMs: now.at,
    });
    return checked.ok ? checked : withApiField(checked);
  }

  /**
   * The symbol's quantity bounds, checked before the account's (the engine checks them too, after risk): an order too
   * large for the symbol is not a funding problem.
   */
  private quantityBounds(sym: SymbolRecord, quantity: bigint): Err | null {
    if (quantity >= sym.minQuantity && quantity <= sym.maxQuantity) return null;
    const f = formatters(sym);
    return quantity < sym.minQuantity
      ? err('quantity_below_min', `the smallest order is ${f.qty(sym.minQuantity)}`, 'quantity')
      : err('quantity_above_max', `the largest order is ${f.qty(sym.maxQuantity)}`, 'quantity');
  }

  /** The detail of an insufficient_funds refusal: what an order on `side` must hold and what is available. */
  private shortOfFunds(sym: SymbolRecord, side: Side, needed: bigint, available: bigint): string {
    return shortOfFundsDetail(riskUnits(sym), side === 'buy' ? 'quote' : 'base', needed, available);
  }

  /** Replaces an order's hold by one of `target` (a hold cannot grow in place); false when funds are short. */
  private regrowHold(o: OrderRecord, sym: SymbolRecord, current: bigint, target: bigint): boolean {
    const holdId = holdIdOf(o.id);
    const account = userAccountId(o.userId, o.side === 'buy' ? sym.quoteAsset : sym.baseAsset);
    if (current > 0n || this.ledger.hold(holdId)) this.ledger.releaseHold(holdId);
    const placed = this.ledger.placeHold(holdId, account, target);
    if (placed.ok) return true;
    const back = this.ledger.placeHold(holdId, account, current);
    assert(current === 0n || back.ok, 'restoring a hold just released must succeed');
    return false;
  }

  private setRiskLimits(c: SetRiskLimitsCommand): Result<CommandResult> {
    if (c.limits === null) {
      this.riskOverrides.delete(c.userId);
      return ok({ kind: 'riskLimits', userId: c.userId, limits: null });
    }
    const checked = checkRiskLimitsSpec(c.limits, this.symbols);
    if (!checked.ok) return checked;
    this.riskOverrides.set(c.userId, checked.value);
    return ok({ kind: 'riskLimits', userId: c.userId, limits: checked.value });
  }

  /** The limits pre-trade risk applies to `userId` on `sym`: the defaults with the account's overrides in lots. */
  accountLimits(userId: string, sym: SymbolRecord): AccountRiskLimits {
    const o = this.riskOverrides.get(userId);
    if (o === undefined) return defaultRiskLimits;
    const lots = (q: MinorString | undefined, fallback: bigint) =>
      q === undefined ? fallback : BigInt(q) / sym.lotSize;
    const bySymbol = o.positionMaxBySymbol?.[sym.symbol];
    return {
      ...defaultRiskLimits,
      orderQtyLotsMax: lots(o.orderQuantityMax, defaultRiskLimits.orderQtyLotsMax),
      orderNotionalQuoteMinorMax:
        o.orderNotionalMax === undefined ? defaultRiskLimits.orderNotionalQuoteMinorMax : BigInt(o.orderNotionalMax),
      openOrdersMax: o.openOrdersMax ?? defaultRiskLimits.openOrdersMax,
      positionLotsMax: lots(bySymbol ?? o.positionMax, defaultRiskLimits.positionLotsMax),
      ordersPerWindowMax: o.ordersPerWindowMax ?? defaultRiskLimits.ordersPerWindowMax,
    };
  }

  private killSwitch(c: KillSwitchCommand): Result<CommandResult> {
    const account = c.scope === 'global' ? null : (c.userId ?? null);
    if (c.scope === 'account' && account === null) return err('user_id_required', undefined, 'userId');
    if (!c.engaged) {
      this.kill = releaseKillSwitch(this.kill, account);
      return ok({ kind: 'kill', cancelledOrders: 0 });
    }
    // An account's switch reads that account's orders only; ids ascending, the order `live` holds them in.
    const scope = account === null ? [...this.live] : [...this.liveOrdersOf(account)].sort((x, y) => x - y);
    const resting = scope
      .filter((id) => this.isLive(this.orders.get(id) as OrderRecord))
      .map((id) => ({
        orderId: String(id),
        account: (this.orders.get(id) as OrderRecord).userId,
      }));
    const engaged = engageKillSwitch(this.kill, account, resting);
    this.kill = engaged.state;
    return this.withCancelCause('kill_switch', () => this.cancelForKillSwitch(c, account, engaged.cancelOrderIds));
  }

  /** Runs `work` with the orders it cancels recorded as cancelled for `cause` rather than the book's reason. */
  private withCancelCause<T>(cause: string, work: () => T): T {
    const outer = this.cancelCause;
    this.cancelCause = cause;
    try {
      return work();
    } finally {
      this.cancelCause = outer;
    }
  }

  private cancelForKillSwitch(
    c: KillSwitchCommand,
    account: string | null,
    cancelOrderIds: readonly string[],
  ): Result<CommandResult> {
    for (const idText of cancelOrderIds) this.cancelLive(this.orders.get(Number(idText)) as OrderRecord, c.at);
    for (const a of this.workingAlgos.values()) {
      if (a.algo.working && (account === null || a.userId === account)) this.runAlgoActions(a, a.algo.cancel(), c.at);
    }
    return ok({ kind: 'kill', cancelledOrders: cancelOrderIds.length });
  }

  // ---- book events: settlement, fills, positions ----

  private processBookEvents(sym: SymbolRecord, events: readonly BookEvent[]): void {
    for (const e of events) {
      if (e.type === 'trade') {
        this.syncOpenLots(e.makerOrderId);
        this.syncOpenLots(e.takerOrderId);
      } else this.syncOpenLots(e.orderId);
    }
    for (const e of events) {
      if (e.type === 'trade') this.settle(sym, e);
      else if (e.type === 'triggered') {
        const o = this.orders.get(e.orderId) as OrderRecord;
        o.status = 'open';
        this.touch(o.id);
      } else if (e.type === 'cancelled' || e.type === 'reduced' || e.type === 'amended' || e.type === 'accepted') {
        if (e.type === 'cancelled') {
          const o = this.orders.get(e.orderId);
          if (o && o.cancelReason == null) o.cancelReason = this.cancelCause ?? e.reason;
        }
        this.touch(e.orderId);
      }
    }
  }

  private settle(sym: SymbolRecord, t: TradeEvent): void {
    const s = this.scratch as Scratch;
    const maker = this.orders.get(t.makerOrderId) as OrderRecord;
    const taker = this.orders.get(t.takerOrderId) as OrderRecord;
    const fill = {
      symbol: sym.symbol,
      makerOrderId: String(maker.id),
      takerOrderId: String(taker.id),
      makerAccount: maker.userId,
      takerAccount: taker.userId,
      priceTicks: BigInt(t.priceTicks),
      qtyLots: BigInt(t.qtyLots),
      takerSide: t.takerSide,
    };
    const spec: LedgerSymbolSpec = {
      symbol: sym.symbol,
      baseAsset: sym.baseAsset,
      quoteAsset: sym.quoteAsset,
      lotBaseMinor: sym.lotSize,
      tickValueQuoteMinor: sym.tickValue,
    };
    const fees = { makerBps: BigInt(sym.makerFeeBps), takerBps: BigInt(sym.takerFeeBps) };
    // The journal applies each command exactly once, so settlement needs no idempotency key (which would grow forever).
    const posted = this.ledger.submit(
      null,
      settlementTransfers(fill, spec, fees, {
        accountOf: (owner, asset) => userAccountId(owner, asset),
        holdOf: (orderId) => holdIdOf(Number(orderId)),
        feeAccountId: feeAccountId(sym.quoteAsset),
      }),
    );
    assert(posted.ok, `settlement failed: ${posted.ok ? '' : `${posted.code} ${posted.detail}`}`);
    const amounts = settlementAmounts(fill, spec, fees);
    const price = fill.priceTicks * sym.tickSize;
    const quantity = amounts.baseMinor;
    const tradeId = this.nextTradeId++;
    sym.lastPrice = price;
    const trade: TradeRecord = {
      id: tradeId,
      symbol: sym.symbol,
      price,
      quantity,
      takerSide: t.takerSide,
      makerOrderId: maker.id,
      takerOrderId: taker.id,
      at: s.at,
    };
    pushBounded(this.recentTrades, sym.symbol, trade, exchangeLimits.recentTradesPerSymbolMax);
    s.events.push({ type: 'trade', trade, seq: this.bumpSeq(sym.symbol) });
    this.recordFill(sym, maker, trade, 'maker', amounts.makerFeeMinor);
    this.recordFill(sym, taker, trade, 'taker', amounts.takerFeeMinor);
    // Working parents only: a finished parent's interval VWAP covers its own interval.
    for (const a of this.workingAlgos.values()) {
      if (a.symbol === sym.symbol && a.algo.working) a.algo.onMarketTrade(fill.priceTicks, fill.qtyLots);
    }
  }

  /** One side of a trade: the order's fill totals, the fill record and event, the position, the algo parent. */
  private recordFill(
    sym: SymbolRecord,
    o: OrderRecord,
    trade: TradeRecord,
    liquidity: 'maker' | 'taker',
    fee: bigint,
  ): void {
    const s = this.scratch as Scratch;
    o.filledQuantity += trade.quantity;
    o.filledValue += trade.price * trade.quantity;
    o.updatedAt = s.at;
    this.touch(o.id);
    const f: FillRecord = {
      id: `${trade.id}-${liquidity === 'maker' ? 'm' : 't'}`,
      tradeId: trade.id,
      orderId: o.id,
      userId: o.userId,
      symbol: sym.symbol,
      side: o.side,
      price: trade.price,
      quantity: trade.quantity,
      fee,
      feeAsset: sym.quoteAsset,
      liquidity,
      at: s.at,
    };
    s.fills.push(f);
    pushBounded(this.recentFills, o.userId, f, exchangeLimits.recentFillsPerUserMax);
    s.events.push({ type: 'fill', fill: f });
    const lots = trade.quantity / sym.lotSize;
    const ticks = trade.price / sym.tickSize;
    const key = `${o.userId}\u0000${sym.symbol}`;
    const before = this.positions.get(key) ?? emptyPosition(o.userId, sym.symbol);
    const fillOfAccount = {
      account: o.userId,
      symbol: sym.symbol,
      side: o.side,
      qtyLots: lots,
      priceTicks: ticks,
      feeQuoteMinor: fee,
    };
    this.positions.set(key, applyFill(before, fillOfAccount, sym.tickValue));
    if (o.algoId !== null) this.algoOf(o.algoId)?.algo.onFill(o.algoChildId as string, lots, ticks);
  }

  private bumpSeq(symbol: string): number {
    const next = (this.marketSeq.get(symbol) ?? 0) + 1;
    this.marketSeq.set(symbol, next);
    return next;
  }

  private touch(orderId: number): void {
    this.scratch?.touched.add(orderId);
  }

  private beforeBookChange(symbol: string): void {
    const s = this.scratch as Scratch;
    if (!s.depthBefore.has(symbol)) s.depthBefore.set(symbol, this.depthTicks(symbol));
  }

  /**
   * The top levels of each side in ticks and lots, as the book reports them: the before and after of a command's L2
   * delta are compared in these numbers, and only changed levels become internal units (converting every level to
   * bigint in maps, twice per command, was a third of the state machine's time).
   */
  private depthTicks(symbol: string): BookDepth {
    return this.engine.book(symbol)?.depth(exchangeLimits.bookLevelsMax) ?? { bids: [], asks: [] };
  }

  /** Visible quantity per price (internal minor units) of the top levels of each side. */
  depthMaps(symbol: string): { bids: Map<bigint, bigint>; asks: Map<bigint, bigint> } {
    const sym = this.symbols.get(symbol) as SymbolRecord;
    const d = this.depthTicks(symbol);
    const toMap = (levels: { priceTicks: number; qtyLots: number }[]) =>
      new Map(levels.map((l) => [BigInt(l.priceTicks) * sym.tickSize, BigInt(l.qtyLots) * sym.lotSize]));
    return { bids: toMap(d.bids), asks: toMap(d.asks) };
  }

  /** Closes finished orders, releases their holds, trims over-sized holds, and emits order and L2 events. */
  private finish(s: Scratch): void {
    for (const id of s.touched) {
      const o = this.orders.get(id);
      if (!o) continue;
      this.refreshOrder(o, s.at);
      s.events.push({ type: 'order', order: { ...o } });
    }
    // After the orders: a child's close above may be what finished its parent.
    if (s.algos.size > 0) this.retireFinishedAlgos(s.algos);
    for (const [symbol, before] of s.depthBefore) {
      const sym = this.symbols.get(symbol) as SymbolRecord;
      const after = this.depthTicks(symbol);
      const bids = diffLevels(before.bids, after.bids, -1, sym);
      const asks = diffLevels(before.asks, after.asks, 1, sym);
      if (bids.length + asks.length > 0) s.events.push({ type: 'l2', symbol, seq: this.bumpSeq(symbol), bids, asks });
    }
    // The first trade of a command may have triggered trades of others' algo parents: nothing else to do here.
  }

  private refreshOrder(o: OrderRecord, at: number): void {
    const sym = this.symbols.get(o.symbol) as SymbolRecord;
    const holdId = holdIdOf(o.id);
    const openLots = this.live.has(o.id) ? this.openLots(o) : 0n;
    o.updatedAt = at;
    if (this.live.has(o.id) && openLots === 0n) {
      this.removeLive(o.id);
      if (this.ledger.hold(holdId)) this.ledger.releaseHold(holdId);
      o.status = o.filledQuantity === o.quantity ? 'filled' : 'cancelled';
      if (o.algoId !== null && o.status !== 'filled')
        this.algoOf(o.algoId)?.algo.onChildClosed(o.algoChildId as string);
      this.retire(o);
      return;
    }
    if (!this.live.has(o.id)) return;
    if (o.status !== 'pending_trigger') o.status = o.filledQuantity > 0n ? 'partially_filled' : 'open';
    // Keep holds no larger than what the open part can still cost (after better-priced fills or an STP reduction).
    const hold = this.ledger.hold(holdId);
    if (!hold) return;
    const target =
      o.side === 'buy' ? this.buyHold(sym, (o.holdPrice as bigint) / sym.tickSize, openLots) : openLots * sym.lotSize;
    if (hold.remainingMinor > target) this.ledger.releaseHold(holdId, hold.remainingMinor - target);
  }

  private retire(o: OrderRecord): void {
    this.closed.add(o.userId, o.id);
  }

  private newRetention(): PerUserRetention {
    return retentionOf(exchangeLimits.closedOrdersRetainedMax, this.orders, this.clientIds);
  }

  /** Retained closed order ids, user by user, each user's oldest closed first (snapshots carry them). */
  closedOrderIds(): number[] {
    return this.closed.allIds();
  }

  /** The user's retained closed order ids, oldest closed first. */
  closedOrdersOf(userId: string): readonly number[] {
    return this.closed.idsOf(userId);
  }

  /** Replaces the retained closed order ids (restoring a snapshot; the orders are already in `orders`). */
  restoreClosedOrderIds(ids: readonly number[]): void {
    this.closed = this.newRetention();
    for (const id of ids) {
      const o = this.orders.get(id);
      assert(o !== undefined, `retained closed order ${id} is not among the snapshot's orders`);
      this.closed.add(o.userId, id);
    }
  }

  // ---- algo orders ----

  private algoCreate(c: AlgoCreateCommand): Result<CommandResult> {
    const idKey = `${c.userId}\u0000${c.clientOrderId}`;
    const fingerprint = JSON.stringify({ ...c, at: 0, seed: 0 });
    const seen = this.algoClientIds.get(idKey);
    if (seen !== undefined) {
      const a = this.algos.get(seen) as AlgoRecord;
      if (a.fingerprint !== fingerprint) {
        const detail = `clientOrderId "${c.clientOrderId}" was used for a different algo order`;
        return err('idempotency_key_reused', detail, 'clientOrderId');
      }
      return ok({ kind: 'algo', algo: algoView(a, this.symbols.get(a.symbol) as SymbolRecord) });
    }
    const sym = this.symbols.get(c.symbol);
    if (!sym) return err('unknown_symbol', unlistedSymbol(c.symbol), 'symbol');
    const halted = this.haltedRefusal(sym);
    if (halted) return halted;
    const quantity = BigInt(c.quantity);
    const badQuantity = quantityRefusal(sym, quantity);
    if (badQuantity) return badQuantity;
    const lots = quantity / sym.lotSize;
    if (BigInt(c.slices) > lots) return err('slices_above_lots', 'each slice needs at least one lot', 'slices');
    const limit = c.limitPrice === undefined ? undefined : BigInt(c.limitPrice);
    const badLimit = limit === undefined ? null : priceRefusal(sym, limit, 'limitPrice', 'limit price');
    if (badLimit) return badLimit;
    if (limit === undefined && this.referenceTicks(sym) === undefined) return err('reference_price_missing');
    let running = 0;
    let own = 0;
    for (const a of this.workingAlgos.values()) {
      if (!a.algo.working) continue;
      running++;
      if (a.userId === c.userId) own++;
    }
    if (own >= exchangeLimits.algoOrdersRunningPerUserMax) {
      const detail = `you have ${own} running or paused algo orders, the most one account may have`;
      return err('algo_orders_running_max_reached', detail);
    }
    if (running >= exchangeLimits.algoOrdersRunningMax) {
      const detail = `the exchange runs ${running} algo orders, the most it takes; try again when some finish`;
      return err('algo_orders_running_max_reached', detail);
    }
    const id = this.nextAlgoId++;
    const durationMs = c.durationSeconds * 1000;
    const arrival = this.referenceTicks(sym);
    const common = {
      parentId: `a${id}`,
      side: c.side,
      totalLots: lots,
      startMs: c.at,
      durationMs,
      ...(limit === undefined ? {} : { limitPriceTicks: limit / sym.tickSize }),
      ...(arrival === undefined ? {} : { arrivalPriceTicks: arrival }),
    };
    const algo =
      c.algo === 'twap'
        ? createTwap({
            ...common,
            slices: c.slices,
            ...(c.randomise ? { jitter: { prng: new Prng(c.seed), sizePct: 20, timePct: 20 } } : {}),
          })
        : createVwap({
            ...common,
            slices: c.slices,
            profile: volumeProfileFromTrades(
              (this.recentTrades.get(c.symbol) ?? []).map((t) => ({ tsMs: t.at, qtyLots: t.quantity / sym.lotSize })),
              3_600_000,
            ),
          });
    const record = new AlgoRecord(id, c.userId, c.clientOrderId, c.symbol, c.algo, fingerprint, c.at, algo);
    this.algos.set(id, record);
    this.workingAlgos.set(id, record);
    this.algoClientIds.set(idKey, id);
    this.runAlgoActions(record, algo.tick(c.at), c.at);
    return ok({ kind: 'algo', algo: algoView(record, sym) });
  }

  private algoControl(c: AlgoControlCommand): Result<CommandResult> {
    const a = this.algos.get(c.algoId);
    if (!a || a.userId !== c.userId) return err('unknown_algo_order', noAlgoOrderOfYours(c.algoId), 'id');
    // Only a running parent pauses, only a paused one resumes, and a finished one cannot be cancelled: saying so beats
    // answering with the unchanged order as if the action had been taken.
    const status = a.algo.state;
    const finished = !a.algo.working;
    if (c.action === 'pause' && status !== 'running')
      return err('algo_not_running', `the algo order is ${status}`, 'id');
    if (c.action === 'resume' && status !== 'paused')
      return err('algo_not_paused', `the algo order is ${status}`, 'id');
    if (c.action === 'cancel' && finished) return err('algo_finished', `the algo order is ${status}`, 'id');
    const actions =
      c.action === 'pause' ? a.algo.pause(c.at) : c.action === 'resume' ? a.algo.resume(c.at) : a.algo.cancel();
    this.runAlgoActions(a, actions, c.at);
    return ok({ kind: 'algo', algo: algoView(a, this.symbols.get(a.symbol) as SymbolRecord) });
  }

  private algoTick(at: number): Result<CommandResult> {
    let running = 0;
    for (const a of this.workingAlgos.values()) {
      if (a.algo.state !== 'running') continue;
      running++;
      // A parent on a halted symbol waits: its children would only be refused. What is due goes out on resumption.
      if ((this.symbols.get(a.symbol) as SymbolRecord).halted) continue;
      this.runAlgoActions(a, a.algo.tick(at), at);
    }
    return ok({ kind: 'tick', running });
  }

  /** Cancels the good-till-date orders due at `at`, earliest first (ties in id order), with the cause `expired`. */
  private expireOrders(at: number): Result<CommandResult> {
    let expiredOrders = 0;
    this.withCancelCause('expired', () => {
      for (let next = this.nextExpiry(); next !== undefined && next.at <= at; next = this.nextExpiry()) {
        this.expiries.pop();
        this.cancelLive(this.orders.get(next.id) as OrderRecord, at);
        expiredOrders++;
      }
    });
    return ok({ kind: 'expire', expiredOrders });
  }

  /** The earliest expiry of a live order, dropping entries of orders that closed since they were scheduled. */
  private nextExpiry(): { at: number; id: number } | undefined {
    for (let top = this.expiries.peek(); top !== undefined; top = this.expiries.peek()) {
      const o = this.orders.get(top.id);
      if (o !== undefined && this.isLive(o) && o.expireAt === top.at) return top;
      this.expiries.pop();
    }
    return undefined;
  }

  /** When the next good-till-date order expires (ms), or null when none waits: the service's timer asks. */
  nextExpiryAt(): number | null {
    return this.nextExpiry()?.at ?? null;
  }

  /** Schedules the expiries of the live good-till-date orders (after a restore put them in `orders` and `live`). */
  restoreExpiries(): void {
    for (const id of this.live) {
      const o = this.orders.get(id) as OrderRecord;
      if (o.expireAt !== null) this.expiries.add(id, o.expireAt);
    }
  }

  /** Whether the user has anything working: a live order, or a running or paused algo order. */
  hasWorkingOrders(userId: string): boolean {
    if (this.liveOrdersOf(userId).size > 0) return true;
    for (const a of this.workingAlgos.values()) if (a.userId === userId && a.algo.working) return true;
    return false;
  }

  /** Whether any parent order is running (the service ticks only then). */
  hasRunningAlgos(): boolean {
    for (const a of this.workingAlgos.values()) if (a.algo.state === 'running') return true;
    return false;
  }

  /** Moves the parents among `ids` that are no longer working from the working index to the retained finished ones. */
  private retireFinishedAlgos(ids: ReadonlySet<number>): void {
    for (const id of [...ids].sort((x, y) => x - y)) {
      const a = this.workingAlgos.get(id);
      if (a && !a.algo.working) {
        this.workingAlgos.delete(id);
        this.finishedAlgos.add(a.userId, id);
      }
    }
  }

  /** A parent the command is about to act on or feed, noted so `finish` retires it if that finishes it. */
  private algoOf(id: number): AlgoRecord | undefined {
    const a = this.algos.get(id);
    if (a) this.scratch?.algos.add(id);
    return a;
  }

  private newAlgoRetention(): PerUserRetention {
    return retentionOf(exchangeLimits.finishedAlgoOrdersRetainedMax, this.algos, this.algoClientIds);
  }

  /** The user's parents: working ones and retained finished ones, in id order. */
  algoIdsOf(userId: string): number[] {
    const ids = [...this.finishedAlgos.idsOf(userId)];
    for (const a of this.workingAlgos.values()) if (a.userId === userId) ids.push(a.id);
    return ids.sort((x, y) => x - y);
  }

  /** Retained finished parent ids, user by user, each user's first finished first (snapshots carry them). */
  finishedAlgoIds(): number[] {
    return this.finishedAlgos.allIds();
  }

  /**
   * Rebuilds the working index and the retention of finished parents after a restore put the parents in `algos`;
   * `finishedIds` is the snapshot's retention order (absent before rules version 5: finished parents in id order).
   */
  restoreAlgoIndexes(finishedIds?: readonly number[]): void {
    this.workingAlgos.clear();
    this.finishedAlgos = this.newAlgoRetention();
    const ids = [...this.algos.keys()].sort((x, y) => x - y);
    for (const id of ids) {
      const a = this.algos.get(id) as AlgoRecord;
      if (a.algo.working) this.workingAlgos.set(id, a);
    }
    for (const id of finishedIds ?? ids.filter((x) => !this.workingAlgos.has(x))) {
      const a = this.algos.get(id);
      assert(a !== undefined && !a.algo.working, `retained finished algo order ${id} is not a finished parent`);
      this.finishedAlgos.add(a.userId, id);
    }
  }

  private runAlgoActions(a: AlgoRecord, actions: ReturnType<AlgoOrder['tick']>, at: number): void {
    this.scratch?.algos.add(a.id);
    const sym = this.symbols.get(a.symbol) as SymbolRecord;
    for (const childId of actions.cancelChildIds) {
      const orderId = a.children.get(childId);
      const child = orderId === undefined ? undefined : this.orders.get(orderId);
      if (child === undefined || !this.isLive(child)) {
        a.algo.onChildClosed(childId);
        continue;
      }
      this.withCancelCause(this.cancelCause ?? 'algo_parent', () =>
        this.cancel({ kind: 'cancel', at, userId: a.userId, orderId: child.id }),
      );
    }
    for (const intent of actions.place) {
      const placed = this.place(
        {
          kind: 'place',
          at,
          userId: a.userId,
          clientOrderId: `algo-${intent.childId}`,
          symbol: a.symbol,
          side: intent.side,
          type: intent.type,
          quantity: String(intent.qtyLots * sym.lotSize),
          ...(intent.limitPriceTicks === undefined ? {} : { price: String(intent.limitPriceTicks * sym.tickSize) }),
          timeInForce: intent.type === 'market' ? 'ioc' : 'gtc',
        },
        { algoId: a.id, childId: intent.childId },
      );
      if (placed.ok && placed.value.kind === 'order') {
        a.children.set(intent.childId, placed.value.order.id);
        a.childrenSent++;
      } else a.algo.onChildClosed(intent.childId);
    }
    a.lastTickAt = at;
    this.scratch?.events.push({ type: 'algo', algoId: a.id, userId: a.userId });
  }

  // ---- queries, snapshots and hashing ----

  /** A JSON-safe image of the whole state (see state-snapshot.ts). */
  snapshot(): ExchangeSnapshot {
    return snapshotExchange(this);
  }

  /** Rebuilds a state from `snapshot()` output; the stateHash is the same. */
  static restore(snap: ExchangeSnapshot): ExchangeState {
    return restoreExchange(snap);
  }

  /** A 64-bit hash of the books, ledger, order table, positions and counters: equal states hash equal. */
  stateHash(): string {
    const parts: string[] = [`n${this.nextOrderId}|${this.nextTradeId}|${this.nextAlgoId}`];
    for (const [s, sym] of this.symbols) {
      const settings = `${sym.halted}|${sym.priceBandPercent}|${sym.referencePrice}`;
      parts.push(`s|${s}|${sym.lastPrice}|${settings}|${this.marketSeq.get(s)}|${this.engine.book(s)?.stateHash()}`);
    }
    parts.push(`l|${this.ledger.stateHash()}`);
    for (const id of [...this.orders.keys()].sort((a, b) => a - b)) {
      const o = this.orders.get(id) as OrderRecord;
      parts.push(
        `o|${id}|${o.status}|${o.price}|${o.quantity}|${o.filledQuantity}|${o.filledValue}|${this.live.has(id)}|${o.expireAt}`,
      );
    }
    for (const k of [...this.positions.keys()].sort()) {
      const p = this.positions.get(k) as Position;
      parts.push(`p|${k}|${p.qtyLots}|${p.costQuoteMinor}|${p.realisedPnlQuoteMinor}`);
    }
    parts.push(`k|${this.kill.globalHalted}|${[...this.kill.killedAccounts].sort().join(',')}`);
    for (const u of [...this.riskOverrides.keys()].sort())
      parts.push(`r|${u}|${canonicalJson(this.riskOverrides.get(u))}`);
    for (const [id, a] of this.algos) parts.push(`a|${id}|${a.algo.state}|${a.algo.report().filledLots}`);
    return fnv1a64(parts.join('\n'));
  }
}

/** The record of a newly accepted order. */
function newOrderRecord(
  c: PlaceOrderCommand,
  orderId: number,
  price: bigint | null,
  holdPrice: bigint,
  fingerprint: string,
  algo: { algoId: number; childId: string } | null,
): OrderRecord {
  return {
    id: orderId,
    userId: c.userId,
    clientOrderId: c.clientOrderId,
    symbol: c.symbol,
    side: c.side,
    type: c.type,
    timeInForce: c.timeInForce ?? (c.type === 'market' || c.type === 'stop_market' ? 'ioc' : 'gtc'),
    status: c.type === 'stop_limit' || c.type === 'stop_market' ? 'pending_trigger' : 'open',
    price,
    stopPrice: c.stopPrice === undefined ? null : BigInt(c.stopPrice),
    quantity: BigInt(c.quantity),
    filledQuantity: 0n,
    filledValue: 0n,
    displayQuantity: c.displayQuantity === undefined ? null : BigInt(c.displayQuantity),
    postOnly: c.postOnly ?? false,
    stp: c.selfTradePrevention ?? 'cancel_newest',
    fingerprint,
    createdAt: c.at,
    updatedAt: c.at,
    algoId: algo?.algoId ?? null,
    algoChildId: algo?.childId ?? null,
    cancelReason: null,
    holdPrice,
    expireAt: c.expireAt ?? null,
  };
}

/**
 * The levels that changed from `before` to `after` (gone ones with quantity 0), in internal units of `sym`: changed
 * levels in `after`'s order, then gone ones in `before`'s. Both lists are sorted best first, prices times `dir` (bids
 * -1, asks +1) ascending, so one merge walk compares them.
 */
function diffLevels(
  before: readonly DepthLevel[],
  after: readonly DepthLevel[],
  dir: number,
  sym: SymbolRecord,
): LevelChange[] {
  const changed: LevelChange[] = [];
  const gone: LevelChange[] = [];
  let i = 0;
  for (const a of after) {
    while (i < before.length && (before[i] as DepthLevel).priceTicks * dir < a.priceTicks * dir) {
      gone.push([BigInt((before[i] as DepthLevel).priceTicks) * sym.tickSize, 0n]);
      i++;
    }
    const b = before[i];
    if (b !== undefined && b.priceTicks === a.priceTicks) {
      i++;
      if (b.qtyLots === a.qtyLots) continue;
    }
    changed.push([BigInt(a.priceTicks) * sym.tickSize, BigInt(a.qtyLots) * sym.lotSize]);
  }
  for (; i < before.length; i++) gone.push([BigInt((before[i] as DepthLevel).priceTicks) * sym.tickSize, 0n]);
  return changed.concat(gone);
}

/**
 * Retention of finished records (closed orders, finished algo parents) up to `max`: a record that drops out leaves
 * `records` and, with it, its owner's clientOrderId in `clientIds`.
 */
function retentionOf(
  max: number,
  records: Map<number, { userId: string; clientOrderId: string }>,
  clientIds: Map<string, number>,
): PerUserRetention {
  return new PerUserRetention(max, (id) => {
    const old = records.get(id);
    if (!old) return;
    records.delete(id);
    clientIds.delete(`${old.userId}\u0000${old.clientOrderId}`);
  });
}

function pushBounded<T>(map: Map<string, T[]>, key: string, item: T, max: number): void {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  list.push(item);
  // shift, not splice: V8 drops an array's first element by moving the array's start (left-trimming), where
  // splice(0, n) moves every element; on a full list of 1,000 that was a noticeable share of each trade's cost.
  while (list.length > max) list.shift();
}

/** The fields that make two place commands "the same order" for clientOrderId idempotency. */
function placeFingerprint(c: PlaceOrderCommand): string {
  return JSON.stringify([
    c.symbol,
    c.side,
    c.type,
    c.quantity,
    c.price ?? null,
    c.stopPrice ?? null,
    c.protectionPrice ?? null,
    c.timeInForce ?? null,
    c.postOnly ?? false,
    c.displayQuantity ?? null,
    c.selfTradePrevention ?? null,
    c.expireAt ?? null,
  ]);
}

/** Field presence rules of each order type. */
function checkShape(c: PlaceOrderCommand): Result<never> | null {
  const priced = c.type === 'limit' || c.type === 'stop_limit';
  const stop = c.type === 'stop_limit' || c.type === 'stop_market';
  if (priced && c.price === undefined) return err('price_required', `${c.type} orders need a price`, 'price');
  if (!priced && c.price !== undefined) return err('price_not_allowed', 'use protectionPrice', 'price');
  if (stop && c.stopPrice === undefined) return err('stop_price_required', undefined, 'stopPrice');
  if (!stop && c.stopPrice !== undefined) return err('stop_price_not_allowed', undefined, 'stopPrice');
  if (c.type !== 'market' && c.type !== 'stop_market' && c.protectionPrice !== undefined) {
    return err('protection_price_not_allowed', undefined, 'protectionPrice');
  }
  if (c.expireAt !== undefined) {
    // Only an order that can wait can expire: a resting limit, or a stop waiting for its trigger.
    const waits = stop || (c.type === 'limit' && (c.timeInForce ?? 'gtc') === 'gtc');
    if (!waits) return err('expire_at_not_allowed', 'only a GTC limit or a stop order can have an expiry', 'expireAt');
    if (!Number.isSafeInteger(c.expireAt) || c.expireAt <= c.at) {
      return err('expire_at_not_in_future', 'the expiry must be later than now', 'expireAt');
    }
    if (c.expireAt - c.at > exchangeLimits.orderExpiryDaysMax * 86_400_000) {
      const detail = `the expiry may be at most ${exchangeLimits.orderExpiryDaysMax} days ahead`;
      return err('expire_at_too_far', detail, 'expireAt');
    }
  }
  return null;
}

/** A symbol's quote asset's smallest declared unit, in internal minor units. */
function quoteUnitOf(sym: SymbolRecord): bigint {
  return unitOfDecimals(sym.quoteScale);
}

/** Refuses a price not above zero or not a whole number of the symbol's ticks, saying so in the symbol's terms. */
export function priceRefusal(sym: SymbolRecord, price: bigint, field = 'price', what = 'price'): Err | null {
  if (price <= 0n) return err('price_must_be_positive', `the ${what} must be above zero`, field);
  if (price % sym.tickSize === 0n) return null;
  const tick = `${formatters(sym).price(sym.tickSize)} ${sym.quoteAsset}`;
  return err('price_not_multiple_of_tick', `the ${what} must be a whole number of ticks of ${tick}`, field);
}

/** An order's price (a limit, or the price a stop-market's hold is sized at) and, for a stop, its trigger: the first
 * refusal of either. */
function pricesRefusal(sym: SymbolRecord, price: bigint | null, stopPrice: bigint | undefined): Err | null {
  return (
    (price === null ? null : priceRefusal(sym, price)) ??
    (stopPrice === undefined ? null : priceRefusal(sym, stopPrice, 'stopPrice', 'stop price'))
  );
}

/** Refuses a quantity not above zero or not a whole number of the symbol's lots, likewise. */
export function quantityRefusal(sym: SymbolRecord, quantity: bigint, field = 'quantity'): Err | null {
  if (quantity <= 0n) return err('quantity_must_be_positive', 'the quantity must be above zero', field);
  if (quantity % sym.lotSize === 0n) return null;
  const lot = `${formatters(sym).qty(sym.lotSize)} ${sym.baseAsset}`;
  return err('quantity_not_multiple_of_lot', `the quantity must be a whole number of lots of ${lot}`, field);
}

/** The detail of unknown_order: the same for an order that does not exist and one of another user. */
export const noOrderOfYours = (id: string | number): string => `you have no order ${id}`;
/** The detail of unknown_algo_order, likewise. */
export const noAlgoOrderOfYours = (id: string | number): string => `you have no algo order ${id}`;
/** The detail of unknown_symbol. */
export const unlistedSymbol = (symbol: string): string => `no symbol ${symbol} is listed`;

/** The detail of asset_not_found: assets exist only as the base or quote of a listed symbol. */
export function unlistedAsset(asset: string): string {
  return `no listed symbol trades ${asset}`;
}

/** A limit order's price, or a market order's protection price (if the client gave one), in ticks. */
type RiskPrice = { limitTicks?: bigint; protectionTicks?: bigint };

/** The API's names for fields the core's refusals name by their own (risk's priceTicks, a symbol spec's minQty). */
const apiFieldNames: Readonly<Record<string, string>> = {
  priceTicks: 'price',
  protectionPriceTicks: 'protectionPrice',
  qtyLots: 'quantity',
  minQty: 'minQuantity',
  maxQty: 'maxQuantity',
};

/** A core refusal with its field renamed to the API's. */
function withApiField<C extends string>(e: Err<C>): Err<C> {
  const field = e.field === undefined ? undefined : apiFieldNames[e.field];
  return field === undefined ? e : { ...e, field };
}

/**
 * What the book's refusals mean to a client. The state checks shapes, bounds and risk before the book, so these are
 * the refusals that depend on the book itself (or its limits).
 */
const bookRefusalDetails: Partial<Record<string, string>> = {
  post_only_would_cross: 'a post-only order at this price would trade at once instead of resting',
  fok_not_fully_fillable: 'the book cannot fill the whole fill-or-kill quantity now, so nothing was traded',
  stop_would_trigger_immediately: 'the last trade is already at or through the stop price',
  stop_price_not_allowed: 'only a stop order waiting for its trigger has a stop price',
  book_capacity_exceeded: "the symbol's book is full; try again after orders leave it",
  amend_changes_nothing: 'give a new price, quantity or (for a waiting stop) stop price',
  post_only_requires_gtc_limit: 'post-only applies to good-till-cancelled limit orders',
  iceberg_requires_gtc_limit: 'an iceberg (display quantity) must be a good-till-cancelled limit order',
  display_quantity_invalid: 'the display quantity must be a whole number of lots, above zero and below the quantity',
  price_ticks_above_max: 'the price is above the highest the book accepts',
  quantity_above_book_max: 'the quantity is above the largest the book accepts',
};

/** A refusal by the book, with its sentence and the API field it concerns. */
export function bookRefusal<C extends string>(code: C): Err<C> {
  return err(code, bookRefusalDetails[code], fieldOfCode(code));
}

function fieldOfCode(code: string): string | undefined {
  if (code.startsWith('price') || code === 'post_only_would_cross') return 'price';
  if (code.startsWith('quantity') || code === 'display_quantity_invalid') return 'quantity';
  if (code.startsWith('stop_price')) return 'stopPrice';
  return undefined;
}

/**
 * Checks an operator's limits: quantities and notional positive integers of internal minor units, counts within the
 * platform's ceilings, symbols listed. Returns a copy holding only the known fields.
 */
function checkRiskLimitsSpec(spec: RiskLimitsSpec, symbols: ReadonlyMap<string, SymbolRecord>): Result<RiskLimitsSpec> {
  const out: RiskLimitsSpec = {};
  const amount = (v: unknown, field: string): Result<MinorString> =>
    typeof v === 'string' && /^[1-9][0-9]{0,38}$/.test(v)
      ? ok(v as MinorString)
      : err('risk_limit_invalid', 'a positive whole number of minor units', field);
  const count = (v: unknown, max: number, field: string): Result<number> =>
    Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= max
      ? ok(v as number)
      : err('risk_limit_invalid', `an integer from 1 to ${max}`, field);
  for (const field of ['orderQuantityMax', 'orderNotionalMax', 'positionMax'] as const) {
    if (spec[field] === undefined) continue;
    const r = amount(spec[field], field);
    if (!r.ok) return r;
    out[field] = r.value;
  }
  if (spec.openOrdersMax !== undefined) {
    const r = count(spec.openOrdersMax, exchangeLimits.openOrdersPerAccountMax, 'openOrdersMax');
    if (!r.ok) return r;
    out.openOrdersMax = r.value;
  }
  if (spec.ordersPerWindowMax !== undefined) {
    const r = count(spec.ordersPerWindowMax, exchangeLimits.ordersPerRateWindowMax, 'ordersPerWindowMax');
    if (!r.ok) return r;
    out.ordersPerWindowMax = r.value;
  }
  if (spec.positionMaxBySymbol !== undefined) {
    const bySymbol: Record<string, MinorString> = {};
    for (const [symbol, v] of Object.entries(spec.positionMaxBySymbol)) {
      if (!symbols.has(symbol)) return err('risk_limit_symbol_unknown', symbol, `positionMaxBySymbol.${symbol}`);
      const r = amount(v, `positionMaxBySymbol.${symbol}`);
      if (!r.ok) return r;
      bySymbol[symbol] = r.value;
    }
    out.positionMaxBySymbol = bySymbol;
  }
  return ok(out);
}
